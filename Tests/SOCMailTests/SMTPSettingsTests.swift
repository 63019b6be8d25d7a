import SOCMail
import Testing

@Suite struct SMTPSettingsTests {
    @Test func relayAddressesWithPercentEncodedCredentials() throws {
        let plain = try SMTPSettings(url: "smtp://relay.example")
        #expect(plain.host == "relay.example" && plain.port == 587 && plain.security == .startTLS && plain.user == nil)
        let tls = try SMTPSettings(url: "smtps://soc%40acme:p%3Ass%2Fw%20rd@[::1]")
        #expect(tls.host == "::1" && tls.port == 465 && tls.security == .implicitTLS)
        #expect(tls.user == "soc@acme" && tls.password == "p:ss/w rd")
        #expect(!tls.description.contains("p:ss"), "the password never shows")
        #expect(plain.clearTextWarning == nil && tls.clearTextWarning == nil)
        for (query, security) in [
            ("required", SMTPSettings.Security.startTLS), ("opportunistic", .opportunisticStartTLS), ("none", .plain),
        ] {
            let settings = try SMTPSettings(url: "smtp://relay.example:25?tls=\(query)")
            #expect(settings.security == security && settings.port == 25)
            #expect((settings.clearTextWarning != nil) == (security != .startTLS), "\(query)")
        }
    }

    @Test(arguments: [
        "http://relay.example", "smtp://", "smtp://user@relay.example", "smtp://relay.example/path", "relay.example:25",
        "smtp://relay.example?tls=maybe", "smtp://relay.example?tls=none&x=1", "smtps://relay.example?tls=none",
        "smtp://relay.example?tls=implicit",
    ])
    func badRelayAddressesAreRefusedWithoutShowingThePassword(_ url: String) {
        #expect(throws: SMTPError.self) { try SMTPSettings(url: url) }
        let error = #expect(throws: SMTPError.self) { try SMTPSettings(url: "ftp://u:secret@relay.example") }
        #expect(error?.description.contains("secret") == false)
    }

    @Test func dotStuffingDoublesLeadingDotsAndEndsTheData() {
        let message = Array("Subject: x\r\n\r\n.hidden\r\n..two\r\nlast".utf8)
        #expect(
            String(decoding: SMTPSession.dotStuffed(message), as: UTF8.self)
                == "Subject: x\r\n\r\n..hidden\r\n...two\r\nlast\r\n.\r\n")
    }
}
