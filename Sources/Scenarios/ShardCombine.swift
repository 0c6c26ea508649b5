import Foundation

/// Totals over the shards of a batch (the whole set, each region, chosen sets of shards) with the intervals a single
/// run would give: per draw, every shard's Place terms are added in shard then Place order, starting from zero, as a
/// single run adds its Places; the sums are rounded to the run's 4-byte store and summarised by the same type-7
/// percentiles. So a total over shards equals the "All Places" row of one run of all their Places, to the byte,
/// whatever order the shard files are found in or how many workers made them.
public enum ShardCombine {
    /// A set of shards whose Places are added up (indices into the shards, in shard order).
    public struct Group: Sendable {
        public var name: String
        public var code: String
        public var members: [Int]
        public init(name: String, code: String, members: [Int]) { self.name = name; self.code = code; self.members = members }
    }
    public struct Row: Sendable {
        public var table: SeriesCatalog.Table
        /// Period first, then the table's other key fields (the Place left out).
        public var key: [String]
        public var group: Int
        public var central: Double
        public var mean: Double
        public var percentiles: [Double]
    }
    public struct Result: Sendable {
        public var rows: [Row]
        /// Per group, rows some member shards lack (a service one ICB does not have): left out, counted here.
        public var omitted: [Int]
    }
    public struct CombineError: Error, CustomStringConvertible { public let description: String }

    /// Checks that the shards belong to one batch: shard numbers 0..<count each once, same draws, seed, percentiles.
    /// - Returns: the shards in shard order.
    public static func ordered(_ shards: [(path: String, draws: ShardDraws)]) throws(CombineError) -> [ShardDraws] {
        guard let first = shards.first?.draws.header else { throw CombineError(description: "no shard files (\(ShardDraws.fileName)) found") }
        var byIndex: [Int: (String, ShardDraws)] = [:]
        for (path, s) in shards {
            let h = s.header
            guard h.shards == first.shards else {
                throw CombineError(description: "\(path): shard \(h.shard) of \(h.shards); other shards are of \(first.shards): expected the shards of one batch")
            }
            guard h.draws == first.draws, h.seed == first.seed, h.percentiles == first.percentiles, h.intervalYears == first.intervalYears else {
                func years(_ y: [Int]?) -> String { y.map { "\($0)" } ?? "every year" }
                throw CombineError(description: "\(path): \(h.draws) draws, seed \(h.seed), percentiles \(h.percentiles), interval years \(years(h.intervalYears)); other shards have \(first.draws) draws, seed \(first.seed), percentiles \(first.percentiles), interval years \(years(first.intervalYears)): expected one batch's settings (re-run the shard with the batch's --draws, --seed and --interval-years)")
            }
            if let (other, _) = byIndex[h.shard] {
                throw CombineError(description: "\(path) and \(other) are both shard \(h.shard): expected each shard once")
            }
            byIndex[h.shard] = (path, s)
        }
        let missing = (0..<first.shards).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw CombineError(description: "shards \(missing.map(String.init).joined(separator: ", ")) of \(first.shards) have no \(ShardDraws.fileName) (not run yet, or failed): run them (cohort batch ... --shard I) before combining")
        }
        return (0..<first.shards).map { byIndex[$0]!.1 }
    }

    public static func combine(_ shards: [ShardDraws], groups: [Group], threads: Int) throws(ShardDraws.FormatError) -> Result {
        // Per shard: (table, key) -> its terms (index, Place), in Place order. Tables were checked when the files were read.
        struct Name: Hashable { let table: String; let key: [String] }
        let index: [[Name: [(term: Int, place: Int)]]] = shards.map { s in
            var m: [Name: [(Int, Int)]] = [:]
            for (j, t) in s.header.terms.enumerated() { m[Name(table: t.table, key: t.key), default: []].append((j, t.place)) }
            return m.mapValues { $0.sorted { $0.1 < $1.1 } }
        }
        var found: [(group: Int, name: Name)] = []
        var omitted = [Int](repeating: 0, count: groups.count)
        for (g, group) in groups.enumerated() {
            guard let lead = group.members.first else { continue }
            var seen = Set<Name>()
            for t in shards[lead].header.terms {
                let name = Name(table: t.table, key: t.key)
                guard seen.insert(name).inserted else { continue }
                // Every member must have the row for every one of its Places, or the total would be partial.
                if group.members.allSatisfy({ index[$0][name]?.count == shards[$0].header.places.count }) {
                    found.append((g, name))
                } else { omitted[g] += 1 }
            }
            for m in group.members.dropFirst() {
                for n in Set(index[m].keys) where !seen.contains(n) { seen.insert(n); omitted[g] += 1 }
            }
        }
        let jobs = found
        let draws = shards[0].header.draws, ps = shards[0].header.percentiles
        var rows = [Row?](repeating: nil, count: jobs.count)
        var failures = [ShardDraws.FormatError?](repeating: nil, count: max(1, min(threads, jobs.count)))
        let workers = max(1, min(threads, jobs.count))
        rows.withUnsafeMutableBufferPointer { out in failures.withUnsafeMutableBufferPointer { fail in
            let sink = UnsafeSink(out), failed = UnsafeSink(fail)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var acc = [Double](repeating: 0, count: draws + 1)
                var buffer = [UInt64](repeating: 0, count: draws + 1)
                var store = [Float](repeating: 0, count: draws)
                var r = w
                while r < jobs.count {
                    let (g, name) = jobs[r]
                    for i in acc.indices { acc[i] = 0 }
                    do {
                        for m in groups[g].members { for (j, _) in index[m][name]! { try shards[m].add(term: j, into: &acc, buffer: &buffer) } }
                    } catch let e as ShardDraws.FormatError { failed.set(w, e); return } catch { failed.set(w, ShardDraws.FormatError(description: "\(error)")); return }
                    for d in 0..<draws { store[d] = Float(acc[d + 1]) }
                    let (mean, p) = store.withUnsafeBufferPointer { Percentiles.summary($0, ps) }
                    sink.set(r, Row(table: SeriesCatalog.Table(rawValue: name.table)!, key: name.key, group: g,
                                    central: acc[0], mean: mean, percentiles: p))
                    r += workers
                }
            }
        } }
        if let f = failures.compactMap({ $0 }).first { throw f }
        return Result(rows: rows.map { $0! }, omitted: omitted)
    }
}
