/// Type-7 (R default) percentiles, exact, in O(n) per series.
///
/// Why a histogram rather than quickselect: a 10,000-draw run summarises ~10,000 series, and quickselect's
/// data-dependent branches and repeated passes cost ~200 µs a series. Here one pass finds the range, one counts
/// values into 2,048 equal-width buckets, and one gathers only the buckets holding the wanted order statistics,
/// which are then sorted (a few dozen values). The bucket of a value is a monotone function of it (subtraction and
/// multiplication by a positive constant round monotonically), so the order statistics are exactly those of a
/// full sort, whatever the distribution; ties and point masses only make a gathered bucket larger.
public enum Percentiles {
    static let buckets = 2048

    /// Percentiles (0-100, any order) of `x`, interpolated as R's type 7; NaN for an empty input.
    public static func type7<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, _ ps: [Double]) -> [Double] {
        summary(x, ps).percentiles
    }

    /// The mean (summed in order) and the type-7 percentiles, the mean taken in the same pass as the range.
    public static func summary<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, _ ps: [Double]) -> (mean: Double, percentiles: [Double]) {
        let n = x.count
        guard n > 0 else { return (.nan, ps.map { _ in .nan }) }
        var lo = Double(x[0]), hi = lo, sum = 0.0
        for v in x { let d = Double(v); sum += d; lo = d < lo ? d : lo; hi = d > hi ? d : hi }
        let mean = sum / Double(n)
        guard lo.isFinite, hi.isFinite else { return (mean, ps.map { _ in .nan }) }
        // Ranks needed: floor(h) and floor(h) + 1 for each percentile.
        let hs = ps.map { Double(n - 1) * $0 / 100 }
        var ranks: [Int] = []
        for h in hs { let k = Int(h.rounded(.down)); ranks.append(k); if k + 1 < n { ranks.append(k + 1) } }
        let stats = orderStatistics(x, ranks: ranks, lo: lo, hi: hi)
        return (mean, hs.map { h in
            let k = Int(h.rounded(.down))
            let a = stats[k]!
            guard k + 1 < n, h > Double(k) else { return a }
            return a + (h - Double(k)) * (stats[k + 1]! - a)
        })
    }

    public static func type7(_ x: [Double], _ ps: [Double]) -> [Double] {
        x.withUnsafeBufferPointer { type7($0, ps) }
    }

    /// The k-th smallest values (0-based) for every k in `ranks`; lo and hi are the finite minimum and maximum.
    static func orderStatistics<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, ranks: [Int], lo: Double, hi: Double) -> [Int: Double] {
        var out: [Int: Double] = [:]
        guard hi > lo else { for k in ranks { out[k] = lo }; return out }
        let nb = buckets
        let scale = Double(nb) / (hi - lo)
        @inline(__always) func bucket(_ v: T) -> Int { min(Int((Double(v) - lo) * scale), nb - 1) }
        var counts = [Int](repeating: 0, count: nb)
        counts.withUnsafeMutableBufferPointer { c in for v in x { c[bucket(v)] += 1 } }
        // Bucket holding each wanted rank, and how many values lie in lower buckets.
        var below = [Int](repeating: 0, count: nb)
        var run = 0
        for b in 0..<nb { below[b] = run; run += counts[b] }
        // Bucket of each rank, found by binary search on the running counts (ranks are few, buckets many).
        func bucketOf(rank k: Int) -> Int {
            var lo = 0, hi = nb - 1  // the first bucket whose end passes k
            while lo < hi {
                let mid = (lo + hi) / 2
                if below[mid] + counts[mid] <= k { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        let rankBucket = ranks.map { bucketOf(rank: $0) }
        var slot = [Int](repeating: -1, count: nb)
        var wanted: [Int] = []
        for b in rankBucket where slot[b] < 0 { slot[b] = wanted.count; wanted.append(b) }
        var gathered = wanted.map { b -> [Double] in var a: [Double] = []; a.reserveCapacity(counts[b]); return a }
        slot.withUnsafeBufferPointer { sl in
            for v in x { let s = sl[bucket(v)]; if s >= 0 { gathered[s].append(Double(v)) } }
        }
        for i in gathered.indices { gathered[i].sort() }
        for (k, b) in zip(ranks, rankBucket) { out[k] = gathered[slot[b]][k - below[b]] }
        return out
    }
}
