import Foundation
import SOCMail
import Testing

@Suite struct MailMessageTests {
    let message = MailMessage(
        from: MailAddress(name: "SOC 報告", address: "soc@example.com")!,
        to: [
            MailAddress(name: "情報システム部 セキュリティ担当", address: "sec@acme.example")!,
            MailAddress(name: "Dana \"D\" O'Neil", address: "dana@acme.example")!,
        ],
        subject: "【緊急】INC-1 第2報: C2 サーバーとの不審な通信が複数の端末で確認されました",
        date: Date(timeIntervalSince1970: 1_774_000_000), timeZone: TimeZone(identifier: "Asia/Tokyo")!,
        messageID: "INC-1-r2.abc@example.com", body: "本文です。\n二行目。",
        attachment: MailMessage.Attachment(
            fileName: "INC-1-r2.pdf", contentType: "application/pdf", bytes: Array(0...255)))

    var text: String { String(decoding: message.encoded(), as: UTF8.self) }

    var headers: [String] {
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        // Unfold: a line starting with whitespace continues the previous header.
        return head.replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n")
    }

    func header(_ name: String) -> String? {
        headers.first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) }
    }

    /// Decodes RFC 2047 "B" words (joined by folding whitespace) back to text.
    func decodeWords(_ value: String) -> String {
        value.split(separator: " ").map { word -> String in
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else { return String(word) }
            let payload = word.dropFirst(10).dropLast(2)
            return String(decoding: Data(base64Encoded: String(payload))!, as: UTF8.self)
        }.joined()
    }

    /// A word in the body is replaced in place (the text part encoded again); the headers (the subject holds the word
    /// too) and the attachment stay byte for byte.
    @Test func aWordInTheBodyIsReplacedAndNothingElse() throws {
        var linked = message
        linked.subject = "INC-1 PLACEHOLDER"
        linked.body = "本文です。\n受領確認: https://portal.example/ack/PLACEHOLDER\n" + String(repeating: "長い行。", count: 40)
        let original = linked.encoded()
        #expect(MailMessage.replacingInText("NOT-THERE", with: "x", in: original) == nil)
        let token = String(repeating: "0123456789abcdef", count: 4)
        let replaced = String(
            decoding: try #require(MailMessage.replacingInText("PLACEHOLDER", with: token, in: original)), as: UTF8.self
        )
        linked.body = linked.body.replacingOccurrences(of: "PLACEHOLDER", with: token)
        #expect(replaced == String(decoding: linked.encoded(), as: UTF8.self), "as if made with the token")
    }

    @Test func linesEndInCRLFAndStayShort() {
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 78, "\(line)")
        }
    }

    @Test func nonASCIIHeadersAreEncodedWords() throws {
        let subject = try #require(header("Subject"))
        #expect(subject.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(decodeWords(subject) == message.subject)
        let to = try #require(header("To"))
        #expect(to.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(to.contains("<sec@acme.example>"))
        #expect(decodeWords(to).hasPrefix("情報システム部 セキュリティ担当<sec@acme.example>"), "the name is decoded whole")
        #expect(to.contains(#""Dana \"D\" O'Neil" <dana@acme.example>"#))
        #expect(header("MIME-Version") == "1.0")
        #expect(header("Message-ID") == "<INC-1-r2.abc@example.com>")
        #expect(header("Date") == "Fri, 20 Mar 2026 18:46:40 +0900")
    }

    @Test func partsDecodeToTheBodyAndTheAttachment() throws {
        let boundary = try #require(header("Content-Type")?.components(separatedBy: "boundary=\"").last?.dropLast())
        let parts = text.components(separatedBy: "--\(boundary)")
        #expect(parts.count == 4, "preamble, text, attachment, closing")
        func payload(_ part: String) -> Data {
            let body = part.components(separatedBy: "\r\n\r\n").dropFirst().joined()
            return Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: ""))!
        }
        #expect(parts[1].contains("Content-Type: text/plain; charset=UTF-8"))
        #expect(String(decoding: payload(parts[1]), as: UTF8.self) == "本文です。\r\n二行目。")
        #expect(parts[2].contains("Content-Disposition: attachment; filename=\"INC-1-r2.pdf\""))
        #expect(Array(payload(parts[2])) == Array(0...255))
        #expect(parts[3] == "--\r\n")
    }

    @Test(arguments: [
        "sec@acme.example\r\nBcc: x@evil.example", "no-at-sign", "<a@b.example>", "a@b.example, c@d.example",
        "a b@c.example", "担当@acme.example", "a@", "@b.example", "a..b@c.example",
    ])
    func addressesAHeaderCannotCarryAreRefused(_ address: String) {
        #expect(MailAddress(name: "x", address: address) == nil)
    }

    @Test func attachmentNamesMustBePlain() {
        #expect(MailMessage.Attachment(fileName: "a\"\r\nX: y.pdf", contentType: "application/pdf", bytes: []) == nil)
    }
}
