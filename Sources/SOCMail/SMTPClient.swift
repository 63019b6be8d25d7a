import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// An SMTP submission client (RFC 5321, RFC 6409) over SwiftNIO: EHLO, STARTTLS or implicit TLS with
/// swift-nio-ssl, AUTH PLAIN or LOGIN, the SIZE extension, dot-stuffed DATA. One connection sends any
/// number of messages; each message's outcome is its own.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings
    let group: any EventLoopGroup
    let tls: NIOSSLContext

    public init(settings: SMTPSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.settings = settings
        self.group = group
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = settings.caFile {
            do { configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile)) } catch {
                throw SMTPError.settings("cannot read the CA file \(caFile): \(error)")
            }
        }
        do { tls = try NIOSSLContext(configuration: configuration) } catch {
            throw SMTPError.settings("TLS: \(error)")
        }
    }

    /// Connects, greets and authenticates, runs `body` with the session, then says QUIT.
    public func withSession<T: Sendable>(_ body: (inout SMTPSession) async throws -> T) async throws -> T {
        let settings = settings, tls = tls, startTLS = StartTLSPhase()
        let channel: NIOAsyncChannel<SMTPReply, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.milliseconds(Int64(settings.timeout * 1000)))
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if settings.security == .implicitTLS {
                            try pipeline.addHandler(
                                try NIOSSLClientHandler(context: tls, serverHostname: settings.tlsServerName))
                        }
                        try pipeline.addHandler(ByteToMessageHandler(SMTPReplyDecoder(startTLS: startTLS)))
                        return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError.connection("\(settings.host):\(settings.port): \(error)")
        }
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var session = SMTPSession(
                    channel: channel.channel, replies: inbound.makeAsyncIterator(), outbound: outbound,
                    settings: settings, tls: tls, startTLS: startTLS)
                try await session.open()
                let result = try await body(&session)
                try? await session.quit()
                return result
            }
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError.connection("\(settings.host):\(settings.port): \(error)")
        }
    }
}

extension SMTPSettings {
    /// SNI and certificate name: a host name, never an IP address (which TLS checks without SNI).
    var tlsServerName: String? {
        host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
    }
}

/// A connection to the relay, greeted and authenticated.
public struct SMTPSession {
    let channel: any Channel
    var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let settings: SMTPSettings
    let tls: NIOSSLContext
    let startTLS: StartTLSPhase
    /// What EHLO announced: keywords upper-cased, with their parameters.
    private(set) var extensions: [String: [String]] = [:]
    private var encrypted: Bool

    init(
        channel: any Channel, replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, settings: SMTPSettings, tls: NIOSSLContext,
        startTLS: StartTLSPhase
    ) {
        self.channel = channel
        self.replies = replies
        self.outbound = outbound
        self.settings = settings
        self.tls = tls
        self.startTLS = startTLS
        encrypted = settings.security == .implicitTLS
    }

    /// Greeting, EHLO, STARTTLS (unless the settings opt out; always before credentials), AUTH.
    mutating func open() async throws {
        try expect(try await reply(), 220, "greeting")
        try await hello()
        if !encrypted, extensions["STARTTLS"] == nil, settings.security == .startTLS {
            throw SMTPError.unusableRelay(
                "\(settings.host) offers no STARTTLS, which smtp:// requires; nothing was sent "
                    + "(?tls=opportunistic or ?tls=none for a relay on this host)")
        }
        if !encrypted, extensions["STARTTLS"] != nil, settings.security != .plain {
            startTLS.set(.requested)
            try expect(try await command("STARTTLS"), 220, "STARTTLS")
            // The relay says nothing more until the handshake (the decoder drops the connection if it does):
            // the TLS handler goes nearest the socket, on the event loop, before it reads anything more.
            let channel = channel, tls = tls, name = settings.tlsServerName, startTLS = startTLS
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(
                    try NIOSSLClientHandler(context: tls, serverHostname: name), position: .first)
                startTLS.set(.none)
            }.get()
            encrypted = true
            try await hello()
        }
        guard let user = settings.user, let password = settings.password else { return }
        guard encrypted else {
            throw SMTPError.unusableRelay(
                "\(settings.host) offers no STARTTLS; credentials are never sent in the clear")
        }
        let mechanisms = Set(extensions["AUTH"] ?? [])
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(user.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try expect(try await command("AUTH PLAIN \(token)"), 235, "AUTH PLAIN")
        } else if mechanisms.contains("LOGIN") {
            try expect(try await command("AUTH LOGIN"), 334, "AUTH LOGIN")
            try expect(try await command(Data(user.utf8).base64EncodedString()), 334, "AUTH LOGIN")
            try expect(try await command(Data(password.utf8).base64EncodedString()), 235, "AUTH LOGIN")
        } else {
            throw SMTPError.unusableRelay(
                "\(settings.host) offers neither AUTH PLAIN nor AUTH LOGIN (offers: \(mechanisms.sorted()))")
        }
    }

    private mutating func hello() async throws {
        let answer = try await command("EHLO \(settings.clientName)")
        try expect(answer, 250, "EHLO")
        extensions = [:]
        for line in answer.lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            if let keyword = words.first { extensions[keyword] = Array(words.dropFirst()) }
        }
    }

    /// Submits `message` (CRLF line ends) from `sender` to `recipients`; returns the relay's answer to
    /// the end of DATA, which is when it has taken responsibility for the message.
    public mutating func send(from sender: String, to recipients: [String], message: [UInt8]) async throws -> SMTPReply
    {
        if let limit = extensions["SIZE"]?.first.flatMap(Int.init), limit > 0, message.count > limit {
            throw SMTPError.tooLarge(size: message.count, limit: limit)
        }
        do {
            let size = extensions["SIZE"] != nil ? " SIZE=\(message.count)" : ""
            try expect(try await command("MAIL FROM:<\(sender)>\(size)"), 250, "MAIL FROM")
            for recipient in recipients {
                try expect(try await command("RCPT TO:<\(recipient)>"), 250, "RCPT TO <\(recipient)>")
            }
            try expect(try await command("DATA"), 354, "DATA")
            try await outbound.write(ByteBuffer(bytes: Self.dotStuffed(message)))
            let accepted = try await reply()
            try expect(accepted, 250, "end of DATA")
            return accepted
        } catch SMTPError.rejected(let command, let reply) {
            // The connection stays usable for the next message.
            _ = try? await self.command("RSET")
            throw SMTPError.rejected(command: command, reply: reply)
        }
    }

    mutating func quit() async throws {
        _ = try await command("QUIT")
    }

    /// Lines starting with "." get another (RFC 5321 §4.5.2); the message ends with CRLF "." CRLF.
    package static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 64 + 5)
        var lineStart = true
        for byte in message {
            if lineStart && byte == UInt8(ascii: ".") { out.append(byte) }
            out.append(byte)
            lineStart = byte == UInt8(ascii: "\n")
        }
        if !out.isEmpty && !lineStart { out += Array("\r\n".utf8) }
        return out + Array(".\r\n".utf8)
    }

    private mutating func command(_ line: String) async throws -> SMTPReply {
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
        return try await reply()
    }

    /// The relay's next reply. Only the relay's silence counts against the timeout: the clock starts when
    /// we wait for it, not when it was sent, so a slow caller never takes a prompt relay for a silent one.
    private mutating func reply() async throws -> SMTPReply {
        let channel = channel
        let silent = NIOLockedValueBox(false)
        let timer = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(settings.timeout * 1000))) {
            silent.withLockedValue { $0 = true }
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        let reply: SMTPReply?
        do { reply = try await replies.next() } catch  where silent.withLockedValue({ $0 }) {
            throw SMTPError.connection("\(settings.host): no answer within \(Int(settings.timeout)) s")
        }
        guard let reply else {
            if silent.withLockedValue({ $0 }) {
                throw SMTPError.connection("\(settings.host): no answer within \(Int(settings.timeout)) s")
            }
            throw SMTPError.connection("\(settings.host) closed the connection")
        }
        return reply
    }

    private func expect(_ reply: SMTPReply, _ code: Int, _ command: String) throws {
        guard reply.code == code else { throw SMTPError.rejected(command: command, reply: reply) }
    }
}
