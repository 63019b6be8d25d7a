import Foundation

/// The encodings an RFC 5322 message with MIME parts needs.
enum MIME {
    /// `text` as RFC 2047 "B" encoded words, split between characters, joined by folding whitespace.
    /// 36 bytes make a 60-character word, which fits after "Subject: " in 78 columns; 45 bytes make the
    /// longest word allowed (72 characters), for display names written on their own line, since some
    /// parsers wrongly keep the space between two encoded words of a name.
    static func encodedWords(_ text: String, bytesPerWord: Int = 36) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > bytesPerWord, !chunk.isEmpty {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// An unstructured header value (a subject): printable ASCII folded at spaces, anything else encoded.
    static func unstructured(_ text: String, nameLength: Int) -> String {
        let flat = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard flat.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) else {
            return encodedWords(flat)
        }
        // Folding turns a space into CRLF + space; continuation lines start with that space.
        var lines: [String] = []
        var line = ""
        var room = 78 - (nameLength + 2)
        for word in flat.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if !line.isEmpty, candidate.count > room {
                lines.append(line)
                line = String(word)
                room = 77
            } else {
                line = candidate
            }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n ")
    }

    /// Base64 in lines of 76 characters, each ended by CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Array(Data(bytes).base64EncodedString().utf8)
        var text = ""
        text.reserveCapacity(encoded.count + encoded.count / 76 * 2 + 2)
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            text += String(decoding: encoded[start..<end], as: UTF8.self) + "\r\n"
            start = end
        }
        return text
    }

    /// "Thu, 26 Nov 2026 16:32:00 +0900".
    static func date(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
