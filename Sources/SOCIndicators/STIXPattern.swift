/// STIX patterns comparing one observable's value with a string constant.
enum STIXPattern {
    /// "[url:value = '…']" with the value as a STIX string literal: '\' and '\'' escaped, so a quote in
    /// the value cannot end the constant (STIX 2.1 §9.2).
    static func equals(_ objectPath: String, _ value: String) -> String {
        "[\(objectPath) = '\(literal(value))']"
    }

    static func literal(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }

    static func objectPath(_ kind: Indicator.Kind) -> String {
        switch kind {
        case .domain: "domain-name:value"
        case .url: "url:value"
        case .ipv4: "ipv4-addr:value"
        case .ipv6: "ipv6-addr:value"
        }
    }
}
