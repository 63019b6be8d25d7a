import NIOCore

/// A relay's reply: its code and text lines (a multi-line reply has several).
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var lines: [String]

    public var isPositive: Bool { (200..<400).contains(code) }
    public var description: String { "\(code) " + lines.joined(separator: " / ") }
}

/// Reads replies line by line: `250-…` continues, `250 …` ends (RFC 5321 §4.2).
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    /// RFC 5321 allows 512 bytes a reply line; more than this is not a relay.
    static let maximumLine = 4096
    private var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLine { throw SMTPError.unusableRelay("a reply line longer than \(Self.maximumLine) bytes") }
            return .needMoreData
        }
        let bytes = buffer.readBytes(length: newline - buffer.readerIndex + 1)!
        let line = String(decoding: bytes, as: UTF8.self).trimmingSuffix { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }
        let characters = Array(line.utf8)
        guard characters.count >= 3, let code = Int(String(decoding: characters[0..<3], as: UTF8.self)), (200...599).contains(code),
              characters.count == 3 || characters[3] == UInt8(ascii: " ") || characters[3] == UInt8(ascii: "-")
        else { throw SMTPError.unusableRelay("not an SMTP reply: \"\(line.prefix(80))\"") }
        lines.append(characters.count > 4 ? String(decoding: characters[4...], as: UTF8.self) : "")
        if characters.count > 3 && characters[3] == UInt8(ascii: "-") { return .continue }
        let reply = SMTPReply(code: code, lines: lines)
        lines = []
        context.fireChannelRead(wrapInboundOut(reply))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue, buffer.readableBytes > 0 {}
        return .needMoreData
    }
}

private extension String {
    func trimmingSuffix(_ isEnd: (Character) -> Bool) -> String {
        var s = Substring(self)
        while let last = s.last, isEnd(last) { s = s.dropLast() }
        return String(s)
    }
}
