import Foundation
import SOCIndicators
import SOCModel
import SOCReports
import SOCTemplates
import Testing

@Suite struct FormattingTests {
    @Test(arguments: [
        ("2025-10-05T04:08:39Z", "Asia/Tokyo", "2025-10-05 13:08:39", "+09:00"),
        ("2026-03-31T14:30:00Z", "Asia/Tokyo", "2026-03-31 23:30:00", "+09:00"),
        ("2026-03-08T07:30:00Z", "America/New_York", "2026-03-08 03:30:00", "-04:00"), // just after the DST switch
        ("2024-02-29T23:59:59Z", "UTC", "2024-02-29 23:59:59", "+00:00"),
        ("1969-12-31T23:00:00Z", "Asia/Kolkata", "1970-01-01 04:30:00", "+05:30"),
    ])
    func timesInTheTenantsZone(_ utc: String, _ zone: String, _ local: String, _ offset: String) throws {
        let date = try #require(Timestamp(rfc3339: utc)).date
        let clock = TimeFormatter(zone: try #require(TimeZone(identifier: zone)))
        #expect(clock.dateTime(date) == local)
        #expect(clock.offset(at: date) == offset)
        #expect(clock.iso(date) == local.replacingOccurrences(of: " ", with: "T") + offset)
    }

    @Test func indicatorsAreDefanged() {
        #expect(Defang.host("files.static-45.example") == "files[.]static-45[.]example")
        #expect(Defang.url("HTTPS://evil.example/a.php?x=1") == "hxxps://evil[.]example/a[.]php?x=1")
        #expect(Defang.url("http://1.2.3.4/") == "hxxp://1[.]2[.]3[.]4/")
        #expect(
            Defang.url("https://a.test/r?to=HTTP://b.test") == "hxxps://a[.]test/r?to=hxxp://b[.]test",
            "a URL inside a URL")
        #expect(
            Defang.url("FtP://a.b/hftp://c.d/HtTp:/e") == "fxp://a[.]b/hfxp://c[.]d/HtTp:/e",
            "a scheme needs its \"://\"")
        #expect(Defang.url("ｈｔｔｐ://例え.テスト/パス") == "ｈｔｔｐ://例え[.]テスト/パス")
        #expect(Defang.ip("194.135.223.0/24") == "194[.]135[.]223[.]0/24")
        #expect(Defang.ip("2001:db8::1") == "2001[:]db8[:][:]1")
    }

    @Test func indicatorsInProseAreDefangedAsWholeTokens() {
        let prose = ProseDefanger(
            domains: ["evil.example", "mail.evil.example"], urls: ["evil.example/gate.php"],
            ips: ["203.0.113.7", "2001:db8::7"])
        #expect(
            prose("端末がmail.evil.example（C2）とevil.example/gate.phpへ通信。")
                == "端末がmail[.]evil[.]example（C2）とevil[.]example/gate[.]phpへ通信。")
        #expect(
            prose("Beacon to EVIL.example. Then 203.0.113.7 and 2001:db8::7.")
                == "Beacon to EVIL[.]example. Then 203[.]0[.]113[.]7 and 2001[:]db8[:][:]7.")
        // Other tokens that merely contain an indicator stay as written.
        #expect(
            prose("devil.example, evil.example.org, 203.0.113.70") == "devil.example, evil.example.org, 203.0.113.70")
        // Any URL with a scheme, listed or not, stops being a link; defanged text is left alone.
        #expect(
            prose("See https://other.test/a?b=1、then hxxp://x[.]test")
                == "See hxxps://other[.]test/a?b=1、then hxxp://x[.]test")
        // A sentence's full stop stays one; a URL glued to a word is still a URL.
        #expect(
            prose("Fetched from http://x.test/a. Then (see https://y.test/b).")
                == "Fetched from hxxp://x[.]test/a. Then (see hxxps://y[.]test/b).")
        #expect(prose("URLhttps://z.test/c") == "URLhxxps://z[.]test/c")
    }

    /// Found by FuzzProse (Fuzz/): every URL with a scheme is defanged, whatever surrounds it.
    @Test func noLiveURLSurvivesTheFuzzersInput() throws {
        let bytes = try #require(
            Data(
                base64Encoded:
                    "MjAyNi0wOC0xNSAxNjoxOOmgg+OAgeerr+acqyBQQy01MjIz77yIMTAuMTYxLjIzLjE377yJ44GL44KJIGNkbi01MC5pbnZhbGlkIOOBuOOBruS4jeWvqeOBqiBIVFRQIOmAmuS/oeNo44GM6Kix5Y+v44GV44KM44Gm42h0dHA6Ly+B6L+95Yqg44Gu44Oe44Or44Km44Kn44Ki44GM44OA44Km44Oz44Ot44O844OJ44GV44KM44Gf5Y+v6IO9vozjgavoqo3oqLzmg4XloLHjga7nqoPlj5bjgmh0dHA6Ly+E5Yil44Gu44Oe43R0cHM6Ly+BjOeZuueUn+OBl+OCiuOBvuOBMjAyNi0wNi0yOCAxNjoyOemgg+OAgeerr+acq4Km44Oz44Ot44MgUEMtNzgxNO+8iDEwLjc3LjIzMy4xNTHvvInjgYvjgg=="
            ))
        let defanged = ProseDefanger(domains: [], urls: [], ips: [])(String(decoding: bytes, as: UTF8.self))
        #expect(defanged.firstMatch(of: /(?i)(?:https?|ftp):\/\//) == nil, "\(defanged)")
    }

    @Test func groupedNumbers() {
        #expect(grouped(300_000_000) == "300,000,000")
        #expect(grouped(999) == "999")
        #expect(grouped(-1234) == "-1,234")
    }
}
