import SOCStore
import Testing

/// Session ids, CSRF tokens and API keys: made, hashed and compared in one place.
@Suite struct SecretTokenTests {
    @Test func tokensAre256RandomBitsInLowercaseHex() {
        let tokens = (0..<1000).map { _ in SecretToken.generate() }
        #expect(
            tokens.allSatisfy { $0.utf8.count == 64 && $0.utf8.allSatisfy { "0123456789abcdef".utf8.contains($0) } })
        #expect(Set(tokens).count == tokens.count)
        // Every hex digit turns up in every position: no bits are fixed (a short or padded number would fix the first ones).
        for position in 0..<64 {
            let digits = Set(tokens.map { Array($0.utf8)[position] })
            #expect(digits.count == 16, "position \(position)")
        }
    }

    @Test func theStoreKeepsTheSHA256InLowercaseHex() {
        // FIPS 180-2's example "abc".
        #expect(SecretToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let token = SecretToken.generate()
        #expect(SecretToken.hash(token) == SecretToken.hash(token) && SecretToken.hash(token) != token)
    }

    @Test func tokensMatchOnlyWhenEqual() {
        let token = SecretToken.generate()
        #expect(SecretToken.matches(token, token))
        #expect(!SecretToken.matches(token.uppercased(), token))
        #expect(!SecretToken.matches(String(token.dropLast()) + (token.hasSuffix("0") ? "1" : "0"), token))
        #expect(!SecretToken.matches(String(token.dropLast()), token))
        #expect(!SecretToken.matches(token + "0", token))
        #expect(!SecretToken.matches(nil, token))
        #expect(!SecretToken.matches("", ""), "an empty token matches nothing")
    }
}
