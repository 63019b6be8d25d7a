/// One of N disjoint parts of the tenants, so that N machines running `--shard 1/N` … `--shard N/N`
/// together cover every tenant exactly once.
///
/// A tenant's part depends only on its id (FNV-1a, which is fixed, unlike Swift's seeded `Hasher`), so
/// adding a tenant never moves the others to another machine.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1 to `count`.
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Reads "K/N".
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// The shard of a Kubernetes Indexed Job's pod: its `JOB_COMPLETION_INDEX` counts from 0.
    public init?(completionIndex text: String, count: Int) {
        guard let index = Int(text) else { return nil }
        self.init(index: index + 1, count: count)
    }

    public func contains(_ tenantID: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in tenantID.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(count)) == index - 1
    }

    public var description: String { "\(index)/\(count)" }
}
