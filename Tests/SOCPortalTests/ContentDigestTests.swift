import Foundation
import SOCPortal
import Testing

@Suite struct ContentDigestTests {
    // FIPS 180-4 example vectors.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func knownDigests(_ input: String, _ digest: String) {
        #expect(ContentDigest.sha256Hex(Array(input.utf8)) == digest)
    }

    @Test func digestDoesNotDependOnHowTheBytesAreHeld() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = ContentDigest.sha256Hex(bytes)
        #expect(whole.count == 64)
        #expect(ContentDigest.sha256Hex(Data(bytes)) == whole)
        #expect(ContentDigest.sha256Hex(([0] + bytes)[1...]) == whole)
    }

    @Test func hexIsLowercaseTwoDigitsAByte() {
        #expect(ContentDigest.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(ContentDigest.hex([]) == "")
    }
}
