import SOCStore
import Testing

@Suite struct ShardTests {
    @Test func shardsCoverEveryTenantExactlyOnce() {
        let tenants = (1...500).map { "tenant-\($0)" }
        for count in [1, 2, 3, 7] {
            let shards = (1...count).map { Shard(index: $0, count: count)! }
            for tenant in tenants {
                #expect(shards.filter { $0.contains(tenant) }.count == 1)
            }
            // Roughly even: no shard empty on 500 tenants.
            #expect(shards.allSatisfy { shard in tenants.contains(where: shard.contains) })
        }
    }

    @Test func aTenantsShardDependsOnlyOnItsId() {
        let shard = Shard("2/3")!
        #expect(shard.contains("acme") == Shard(index: 2, count: 3)!.contains("acme"))
        #expect(Shard("1/3")!.contains("acme") || Shard("2/3")!.contains("acme") || Shard("3/3")!.contains("acme"))
    }

    @Test(arguments: ["0/3", "4/3", "1/0", "1", "a/b", "1/2/3", "-1/2", ""])
    func malformedShardsAreRefused(_ text: String) {
        #expect(Shard(text) == nil)
    }
}
