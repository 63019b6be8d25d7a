/// The PDF Cairo 1.16 writes, read just far enough to append an incremental update to it: the trailer,
/// the classic cross-reference table (one section, 20 bytes per object), and objects' dictionaries and
/// streams. Anything else (a later Cairo writing cross-reference streams, an encrypted file, a file
/// already updated) is not recognised, and `init` says why.
struct CairoPDF {
    let bytes: [UInt8]
    let size: Int, root: Int, info: Int?, startxref: Int
    private let table: Int

    /// Why a file is not in the shape an update needs.
    struct Unrecognised: Error, CustomStringConvertible {
        var description: String
    }

    init(_ pdf: [UInt8]) throws {
        bytes = pdf
        // The trailer dictionary and startxref sit in the last few hundred bytes.
        let tail = String(decoding: pdf.suffix(1024), as: UTF8.self)
        guard let trailerStart = tail.range(of: "trailer", options: .backwards) else {
            throw Unrecognised(description: "no trailer dictionary")
        }
        let dictionary = tail[trailerStart.upperBound...]
        guard let size = Self.number(after: "/Size ", in: dictionary),
            let root = Self.number(after: "/Root ", in: dictionary),
            let startxref = Self.number(after: "startxref\n", in: dictionary)
        else { throw Unrecognised(description: "a trailer without /Size, /Root or startxref") }
        guard !dictionary.contains("/Encrypt") else { throw Unrecognised(description: "an encrypted file") }
        self.size = size; self.root = root; self.startxref = startxref
        info = Self.number(after: "/Info ", in: dictionary)
        let header = Array("xref\n0 \(size)\n".utf8)
        table = startxref + header.count
        guard root > 0, root < size, table + 20 * size <= pdf.count, Array(pdf[startxref..<table]) == header else {
            throw Unrecognised(description: "not one classic cross-reference table for all objects")
        }
    }

    static func number<S: StringProtocol>(after key: String, in text: S) -> Int? {
        guard let range = text.range(of: key) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// The object number a dictionary entry refers to, e.g. `/Pages 3 0 R`.
    static func reference(_ key: String, in dictionary: String) -> Int? {
        number(after: key + " ", in: dictionary)
    }

    /// Where object `number` starts (`N 0 obj`).
    func offset(of number: Int) -> Int? {
        guard number > 0, number < size else { return nil }
        let entry = table + 20 * number
        guard bytes[entry + 17] == UInt8(ascii: "n"),
            let offset = Int(String(decoding: bytes[entry..<entry + 10], as: UTF8.self)),
            offset < bytes.count
        else { return nil }
        return offset
    }

    /// The dictionary of object `number` (`<< … >>`, nested dictionaries included).
    func dictionary(_ number: Int) throws -> String {
        guard let start = offset(of: number) else {
            throw Unrecognised(description: "object \(number) is not in the table")
        }
        let prefix = Array("\(number) 0 obj\n<<".utf8)
        guard start + prefix.count <= bytes.count, Array(bytes[start..<start + prefix.count]) == prefix else {
            throw Unrecognised(description: "object \(number) is not a dictionary where the table says")
        }
        var depth = 0, i = start + prefix.count - 2
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "<") { depth += 1; i += 2; continue }
            if bytes[i] == UInt8(ascii: ">"), bytes[i + 1] == UInt8(ascii: ">") {
                depth -= 1; i += 2
                if depth == 0 { return String(decoding: bytes[(start + prefix.count - 2)..<i], as: UTF8.self) }
                continue
            }
            i += 1
        }
        throw Unrecognised(description: "object \(number) does not end")
    }

    /// The value of an object that holds just a non-negative integer.
    private func integerObject(_ number: Int) -> Int? {
        guard let at = offset(of: number) else { return nil }
        let text = String(decoding: bytes[at..<min(bytes.count, at + 40)], as: UTF8.self)
        guard text.hasPrefix("\(number) 0 obj\n") else { return nil }
        return Int(text.dropFirst("\(number) 0 obj\n".count).drop { $0 == " " }.prefix { $0.isNumber })
    }

    /// The raw (still encoded) data of stream object `number`, its `/Length` direct or indirect.
    func streamData(_ number: Int) throws -> (dictionary: String, data: ArraySlice<UInt8>) {
        let dictionary = try dictionary(number)
        guard let start = offset(of: number) else {
            throw Unrecognised(description: "object \(number) is not in the table")
        }
        // Cairo writes the length as an object of its own after the stream: "8 0 obj\n   169\nendobj".
        let length = Self.reference("/Length", in: dictionary).flatMap {
            dictionary.contains("/Length \($0) 0 R") ? integerObject($0) : $0
        }
        let keyword = Array("stream\n".utf8)
        let dataStart = start + "\(number) 0 obj\n".utf8.count + dictionary.utf8.count + 1 + keyword.count
        guard let length, dataStart + length <= bytes.count,
            Array(bytes[(dataStart - keyword.count)..<dataStart]) == keyword
        else {
            throw Unrecognised(description: "stream \(number) is not where its dictionary ends")
        }
        return (dictionary, bytes[dataStart..<dataStart + length])
    }
}
