import Testing

@testable import SOCIndicators

/// The pieces that turn a recorded value into the one machines load.
struct EncodingTests {
    @Test(
        "Punycode: RFC 3492 §7.1 samples and common labels",
        arguments: [
            ("ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"),
            ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"),
            ("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"),
            ("安室奈美恵-with-SUPER-MONKEYS", "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"),
            ("bücher", "bcher-kva"),
            ("例え", "r8jz45g"),
            ("テスト", "zckzah"),
        ])
    func punycode(_ label: String, _ encoded: String) {
        #expect(Punycode.encode(label) == encoded)
    }

    @Test(
        "domains become A-labels",
        arguments: [
            ("例え.テスト", "xn--r8jz45g.xn--zckzah"),
            ("例え。テスト", "xn--r8jz45g.xn--zckzah"),
            ("Bücher.Example.", "xn--bcher-kva.example"),
            ("ev\u{200B}il.example", "evil.example"),
            ("ＡＢＣ.example", "abc.example"),
            ("mail_relay.static-98.example", "mail_relay.static-98.example"),
        ])
    func domain(_ recorded: String, _ ascii: String) throws {
        #expect(try DomainName.asciiForm(recorded).get() == ascii)
    }

    @Test(
        "values that are no domain name are refused",
        arguments: ["evil example", "a..b", "evil.example/path", "line\nbreak.example", ""])
    func notADomain(_ recorded: String) {
        #expect(throws: IndicatorProblem.self) { try DomainName.asciiForm(recorded).get() }
    }

    @Test(
        "URLs in their wire form",
        arguments: [
            ("https://evil.example/it's", "https://evil.example/it's"),
            ("http://evil.example/a b\\c", "http://evil.example/a%20b%5Cc"),
            ("http://evil.example/%41%zz%", "http://evil.example/%41%25zz%25"),
            (
                "https://user@bücher.example:8443/パス?q=値#frag",
                "https://user@xn--bcher-kva.example:8443/%E3%83%91%E3%82%B9?q=%E5%80%A4#frag"
            ),
            ("http://[2001:db8::1]:8080/x\u{202E}y", "http://[2001:db8::1]:8080/x%E2%80%AEy"),
            ("evil.example/no scheme", "evil.example/no%20scheme"),
        ])
    func url(_ recorded: String, _ wire: String) {
        #expect(URLText.wireForm(recorded) == wire)
    }

    @Test("a quote or backslash cannot end a STIX string constant")
    func patternEscaping() {
        #expect(
            STIXPattern.equals("url:value", #"http://x.example/a'b\c"#) == #"[url:value = 'http://x.example/a\'b\\c']"#)
    }

    @Test("UUIDv5: RFC 9562 appendix A.4 (www.example.com in the DNS namespace)")
    func uuid5() {
        let dns: [UInt8] = [
            0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
        ]
        #expect(
            STIXIdentifier.format(STIXIdentifier.uuid5(namespace: dns, name: "www.example.com"))
                == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
    }

    @Test("CSV fields are quoted only when they must be")
    func csvField() {
        #expect(IndicatorList.csvField("plain") == "plain")
        #expect(IndicatorList.csvField(#"a,"b""#) == #""a,""b""""#)
        #expect(IndicatorList.csvField("line\nbreak") == "\"line\nbreak\"")
    }
}
