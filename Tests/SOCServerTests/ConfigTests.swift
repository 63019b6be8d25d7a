import Foundation
import SOCServer
import SOCStore
import Testing

@Suite struct ConfigTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("socreport-config-\(UUID().uuidString)")

    func write(_ object: Any) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("serve.json")
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        return file.path
    }

    @Test func fileThenEnvironmentThenFlags() throws {
        let file = try write([
            "db": "data/store.sqlite", "listen": "0.0.0.0:9000", "workers": 3,
            "mail": [
                "smtp": "smtps://soc%40x:p%3Ass@relay.example.com", "from": "SOC <soc@example.com>",
                "publicURL": "https://portal.example.com", "delivery": "link",
            ],
        ])
        let config = try ServerConfig.load(
            file: file, environment: ["SOCREPORT_LISTEN": "127.0.0.1:9001", "SOCREPORT_WORKERS": "2"],
            flags: ["workers": "4"])
        #expect(config.db == folder.appendingPathComponent("data/store.sqlite").path, "relative to the file's folder")
        #expect(config.portal == "portal")
        #expect(config.listen == .init(host: "127.0.0.1", port: 9001))
        #expect(config.workers == 4)
        let smtp = try #require(config.mail.smtp)
        #expect(smtp.security == .implicitTLS && smtp.host == "relay.example.com" && smtp.port == 465)
        #expect(smtp.user == "soc@x" && smtp.password == "p:ss")
        #expect(smtp.description == "smtps://soc@x@relay.example.com:465", "the password is never shown")
        #expect(config.mail.from.address == "soc@example.com" && config.mail.from.name == "SOC")
        #expect(config.mail.publicURL?.absoluteString == "https://portal.example.com")
        #expect(config.mail.delivery == .link)
    }

    @Test func trustedProxiesAreAListOfNetworks() throws {
        let file = try write(["trustedProxies": ["10.0.0.0/8", "fd00::1"]])
        #expect(
            try ServerConfig.load(file: file, environment: [:]).trustedProxies.map(\.description) == [
                "10.0.0.0/8", "fd00::1",
            ])
        let flags = try ServerConfig.load(
            file: file, environment: ["SOCREPORT_TRUSTED_PROXIES": "192.0.2.0/24"],
            flags: ["trusted-proxy": "127.0.0.1,::1"])
        #expect(flags.trustedProxies.map(\.description) == ["127.0.0.1", "::1"])
        let error = try #require(throws: ConfigProblems.self) {
            try ServerConfig.load(file: nil, environment: ["SOCREPORT_TRUSTED_PROXIES": "10.0.0.0/8, proxy.example"])
        }
        #expect(
            error.lines == [
                "$SOCREPORT_TRUSTED_PROXIES: \"proxy.example\" is not an address or CIDR network, e.g. 10.0.0.0/8"
            ])
    }

    @Test func aPostgreSQLStoreInTheFileIsAURLNotAPath() throws {
        let url = "postgres://socreport:secret@db.example.com:5432/soc?sslmode=verify-full"
        #expect(try ServerConfig.load(file: try write(["db": url]), environment: [:]).db == url)
    }

    @Test func defaults() throws {
        let config = try ServerConfig.load(file: nil, environment: [:])
        #expect(
            config.listen.description == "127.0.0.1:8080" && config.mail.smtp == nil && config.mail.delivery == .attach)
        #expect(
            try ServerConfig.load(file: nil, environment: [:], flags: ["smtp": "smtp://relay"]).mail.smtp?.port == 587)
    }

    @Test func everyProblemIsOneLineNamingItsSource() throws {
        let file = try write(["lisen": ":80", "mail": ["smtp": "http://relay.example.com"], "workers": "many"])
        let error = try #require(throws: ConfigProblems.self) {
            try ServerConfig.load(
                file: file, environment: ["SOCREPORT_PUBLIC_URL": "ftp://x"],
                flags: ["listen": "nowhere", "mail-delivery": "fax"])
        }
        #expect(
            Set(error.lines) == [
                "\(file): $.lisen: unknown setting (known: db, portal, listen, adminListen, workers, queueLimit, maxBodyBytes, logLevel, idleTimeout, trustedProxies, mail.smtp, mail.smtpCA, mail.from, mail.publicURL, mail.leaseSeconds, mail.delivery, escalation.after, escalation.webhook, escalation.webhookSecret)",
                "\(file): $.workers: \"many\" is not a number of workers from 1 to 256",
                "\(file): $.mail.smtp: the mail relay must be an smtp:// or smtps:// URL, not http://",
                "$SOCREPORT_PUBLIC_URL: \"ftp://x\" is not an http:// or https:// URL",
                "--listen: \"nowhere\" is not HOST:PORT, e.g. 127.0.0.1:8080",
                "--mail-delivery: \"fax\" is not \"attach\" (the PDF attached) or \"link\" (the portal link only)",
            ])
    }

    @Test func apiKeysStoreOnlyTheTokensDigest() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try Store(location: folder.appendingPathComponent("store.sqlite").path)
        let token = try await APIKeys.create(in: store, name: "siem", scopes: [.ingest, .read])
        #expect(token.hasPrefix(APIKeys.tokenPrefix) && token.count == APIKeys.tokenPrefix.count + 64)
        let stored = try await store.apiKeys()
        #expect(stored.map(\.name) == ["siem"] && stored[0].scopes == [.ingest, .read])
        #expect(!stored[0].sha256.contains(token.dropFirst(APIKeys.tokenPrefix.count)))
        #expect(stored[0].sha256 == SecretToken.hash(token))
        let database =
            try Data(contentsOf: folder.appendingPathComponent("store.sqlite"))
            + ((try? Data(contentsOf: folder.appendingPathComponent("store.sqlite-wal"))) ?? Data())
        #expect(database.range(of: Data(token.utf8)) == nil, "the token itself is never written")
        #expect(try await APIKeys.authenticate(token, in: store)?.name == "siem")
        #expect(try await APIKeys.authenticate(token.uppercased(), in: store) == nil)
        await #expect(throws: StoreError.self) { try await APIKeys.create(in: store, name: "siem", scopes: [.read]) }
        #expect(try await store.revokeAPIKey(name: "siem"))
        #expect(try await APIKeys.authenticate(token, in: store) == nil)
        #expect(try await !store.revokeAPIKey(name: "siem"))
        let second = try await APIKeys.create(in: store, name: "siem", scopes: [.publish])
        #expect(second != token)
        #expect(try await APIKeys.authenticate(second, in: store)?.scopes == [.publish])
        await #expect(throws: APIKeyError.self) {
            try await APIKeys.create(in: store, name: "bad name", scopes: [.read])
        }
    }
}
