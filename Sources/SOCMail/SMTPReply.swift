import NIOConcurrencyHelpers
import NIOCore

/// A relay's reply: its code and text lines (a multi-line reply has several).
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var lines: [String]

    public var isPositive: Bool { (200..<400).contains(code) }
    public var description: String { "\(code) " + lines.joined(separator: " / ") }
}

/// Where a connection is in its upgrade to TLS, shared by the session (which sends STARTTLS and adds the
/// TLS handler, on the event loop) and the decoder (which sees every byte in the order it came).
final class StartTLSPhase: Sendable {
    enum Phase { case none, requested, accepted }
    private let phase = NIOLockedValueBox(Phase.none)

    func set(_ new: Phase) { phase.withLockedValue { $0 = new } }

    /// A reply decoded: when it is the 220 to STARTTLS, nothing more may follow in clear text.
    fileprivate func decoded(code: Int) -> Bool {
        phase.withLockedValue { phase in
            guard phase == .requested else { return false }
            phase = code == 220 ? .accepted : .none
            return code == 220
        }
    }

    fileprivate var isAccepted: Bool { phase.withLockedValue { $0 == .accepted } }
}

/// Reads replies line by line: `250-…` continues, `250 …` ends (RFC 5321 §4.2). Anything that comes in
/// clear text after the 220 to STARTTLS, before the TLS handler takes over, is an injection (the
/// CVE-2011-0411 class: it would be taken for the answers given over TLS): the connection is dropped.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    /// RFC 5321 allows 512 bytes a reply line; more than this is not a relay.
    static let maximumLine = 4096
    let startTLS: StartTLSPhase
    private var lines: [String] = []

    init(startTLS: StartTLSPhase) { self.startTLS = startTLS }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if buffer.readableBytes > 0, startTLS.isAccepted { throw Self.injection(buffer.readableBytes) }
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLine {
                throw SMTPError.unusableRelay("a reply line longer than \(Self.maximumLine) bytes")
            }
            return .needMoreData
        }
        let bytes = buffer.readBytes(length: newline - buffer.readerIndex + 1)!
        let line = String(decoding: bytes, as: UTF8.self).trimmingSuffix { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }
        let characters = Array(line.utf8)
        guard characters.count >= 3, let code = Int(String(decoding: characters[0..<3], as: UTF8.self)),
            (200...599).contains(code),
            characters.count == 3 || characters[3] == UInt8(ascii: " ") || characters[3] == UInt8(ascii: "-")
        else { throw SMTPError.unusableRelay("not an SMTP reply: \"\(line.prefix(80))\"") }
        lines.append(characters.count > 4 ? String(decoding: characters[4...], as: UTF8.self) : "")
        if characters.count > 3 && characters[3] == UInt8(ascii: "-") { return .continue }
        let reply = SMTPReply(code: code, lines: lines)
        lines = []
        if startTLS.decoded(code: code), buffer.readableBytes > 0 { throw Self.injection(buffer.readableBytes) }
        context.fireChannelRead(wrapInboundOut(reply))
        return .continue
    }

    private static func injection(_ count: Int) -> SMTPError {
        .unusableRelay(
            "\(count) bytes came in clear text after the 220 to STARTTLS, before the TLS handshake: "
                + "taken for an injection (CVE-2011-0411) and the connection dropped")
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue, buffer.readableBytes > 0 {}
        return .needMoreData
    }
}

extension String {
    fileprivate func trimmingSuffix(_ isEnd: (Character) -> Bool) -> String {
        var s = Substring(self)
        while let last = s.last, isEnd(last) { s = s.dropLast() }
        return String(s)
    }
}
