import Crypto
import Foundation
import SOCModel

/// An RFC 5322 message: a UTF-8 text/plain part and an attached file, as MIME multipart/mixed, ready
/// for an outbox a mail relay picks up. Header values are RFC 2047 encoded when they are not ASCII.
public struct MailMessage: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var date: Date
    /// The zone the Date header is written in.
    public var timeZone: TimeZone
    /// Without angle brackets, e.g. "INC-1-r2.1a2b@example.com".
    public var messageID: String
    public var body: String
    public var attachment: Attachment?

    public struct Attachment: Sendable {
        public let fileName: String
        public let contentType: String
        public let bytes: [UInt8]

        /// Nil unless `fileName` is a plain name (letters, digits, '-', '_', '.'), as the portal's file names
        /// are, which the headers can carry as it is.
        public init?(fileName: String, contentType: String, bytes: [UInt8]) {
            guard Identifier.isSafeName(fileName, maxLength: 255) else { return nil }
            self.fileName = fileName
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    public init(
        from: MailAddress, to: [MailAddress], subject: String, date: Date, timeZone: TimeZone, messageID: String,
        body: String, attachment: Attachment?
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.timeZone = timeZone
        self.messageID = messageID
        self.body = body
        self.attachment = attachment
    }

    /// `message`, as `encoded()` wrote it, with `text` in its body (the text part) replaced by `value`; nil when
    /// the body does not hold `text`.
    public static func replacingInText(_ text: String, with value: String, in message: [UInt8]) -> [UInt8]? {
        let whole = String(decoding: message, as: UTF8.self)
        guard let start = whole.range(of: textPartHeader)?.upperBound,
            let end = whole.range(of: "--", range: start..<whole.endIndex)?.lowerBound,
            let decoded = Data(base64Encoded: whole[start..<end].replacingOccurrences(of: "\r\n", with: ""))
        else { return nil }
        let body = String(decoding: decoded, as: UTF8.self)
        guard body.contains(text) else { return nil }
        return Array(
            (whole[..<start] + MIME.base64Lines(Array(body.replacingOccurrences(of: text, with: value).utf8))
                + whole[end...]).utf8)
    }

    private static let textPartHeader =
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"

    /// The message with CRLF line ends.
    public func encoded() -> [UInt8] {
        let boundary =
            "=_socreport_"
            + SHA256.hash(data: Array(messageID.utf8)).map { String(format: "%02x", $0) }.joined().prefix(24)
        var headers = [
            "From: " + from.header(),
            "To: " + to.map { $0.header() }.joined(separator: ",\r\n "),
            "Subject: " + MIME.unstructured(subject, nameLength: "Subject".count),
            "Date: " + MIME.date(date, in: timeZone),
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
        ]
        headers.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
        var text = headers.joined(separator: "\r\n") + "\r\n\r\n"
        text += "This is a MIME message.\r\n"
        text += "--\(boundary)\r\n"
        text += Self.textPartHeader
        let canonicalBody = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
            of: "\n", with: "\r\n")
        text += MIME.base64Lines(Array(canonicalBody.utf8))
        if let attachment {
            text += "--\(boundary)\r\n"
            text += "Content-Type: \(attachment.contentType); name=\"\(attachment.fileName)\"\r\n"
            text += "Content-Disposition: attachment; filename=\"\(attachment.fileName)\"\r\n"
            text += "Content-Transfer-Encoding: base64\r\n\r\n"
            text += MIME.base64Lines(attachment.bytes)
        }
        text += "--\(boundary)--\r\n"
        return Array(text.utf8)
    }
}
