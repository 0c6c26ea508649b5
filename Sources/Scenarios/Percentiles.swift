/// Type-7 (R default) percentiles, exact, in O(n) per series.
///
/// Why a histogram rather than quickselect: a 10,000-draw run summarises ~10,000 series, and quickselect's
/// data-dependent branches and repeated passes cost ~200 µs a series. Here, given the range (found in a first pass,
/// or taken while Monte Carlo stored the draws), one pass sums the values and counts them into 2,048 equal-width
/// buckets, and one gathers only the buckets holding the wanted order statistics,
/// which are then sorted (a few dozen values). The bucket of a value is a monotone function of it (subtraction and
/// multiplication by a positive constant round monotonically), so the order statistics are exactly those of a
/// full sort, whatever the distribution; ties and point masses only make a gathered bucket larger.
public enum Percentiles {
    /// At most 65,536 (bucket numbers are kept as UInt16).
    static let buckets = 2048

    /// Percentiles (0-100, any order) of `x`, interpolated as R's type 7; NaN for an empty input.
    public static func type7<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, _ ps: [Double]) -> [Double] {
        summary(x, ps).percentiles
    }

    /// The mean (summed in order) and the type-7 percentiles.
    public static func summary<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, _ ps: [Double]) -> (mean: Double, percentiles: [Double]) {
        guard !x.isEmpty else { return (.nan, ps.map { _ in .nan }) }
        // Two values a step with separate extremes, so the pass is not one long chain of dependent comparisons.
        var lanesLo = SIMD2<Double>(repeating: .infinity), lanesHi = -lanesLo
        var i = 0
        while i + 2 <= x.count {
            let d = SIMD2(Double(x[i]), Double(x[i + 1]))
            lanesLo = lanesLo.replacing(with: d, where: d .< lanesLo)
            lanesHi = lanesHi.replacing(with: d, where: d .> lanesHi)
            i += 2
        }
        var lo = min(lanesLo[0], lanesLo[1]), hi = max(lanesHi[0], lanesHi[1])
        if i < x.count { let d = Double(x[i]); if d < lo { lo = d }; if d > hi { hi = d } }
        return summary(x, ps, lo: lo, hi: hi)
    }

    /// The same when the smallest and largest values (NaN aside) are already known: Monte Carlo takes them while
    /// it stores the draws, which saves this a pass over every series. The mean is summed in the counting pass.
    public static func summary<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, _ ps: [Double], lo: Double, hi: Double) -> (mean: Double, percentiles: [Double]) {
        let n = x.count
        guard n > 0 else { return (.nan, ps.map { _ in .nan }) }
        // Ranks needed: floor(h) and (where it exists) floor(h) + 1 for each percentile, two slots per percentile.
        let hs = ps.map { Double(n - 1) * $0 / 100 }
        var ranks: [Int] = []
        ranks.reserveCapacity(2 * hs.count)
        for h in hs { let k = Int(h.rounded(.down)); ranks.append(k); ranks.append(min(k + 1, n - 1)) }
        let (total, stats) = orderStatistics(x, ranks: ranks, lo: lo, hi: hi)
        let mean = total / Double(n)
        // NaN among the values, or no finite range: no percentiles.
        guard let stats, !total.isNaN else { return (mean, ps.map { _ in .nan }) }
        return (mean, hs.indices.map { i in
            let h = hs[i], k = Int(h.rounded(.down))
            let a = stats[2 * i]
            guard k + 1 < n, h > Double(k) else { return a }
            return a + (h - Double(k)) * (stats[2 * i + 1] - a)
        })
    }

    public static func type7(_ x: [Double], _ ps: [Double]) -> [Double] {
        x.withUnsafeBufferPointer { type7($0, ps) }
    }

    /// The sum of `x` (two values a step with separate accumulators, added at the end: a fixed order, so the same on
    /// every run) and the k-th smallest values (0-based) for every k in `ranks`, in `ranks` order, given the finite
    /// minimum and maximum (nil when they are not finite). Counts live on the stack and the wanted buckets are
    /// gathered into one buffer.
    static func orderStatistics<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, ranks: [Int], lo: Double, hi: Double) -> (sum: Double, values: [Double]?) {
        let n = x.count
        guard lo.isFinite, hi.isFinite, hi > lo else {
            var acc = SIMD2<Double>.zero
            var i = 0
            while i + 2 <= n { acc += SIMD2(Double(x[i]), Double(x[i + 1])); i += 2 }
            var total = acc[0] + acc[1]
            if i < n { total += Double(x[i]) }
            return (total, lo.isFinite && hi.isFinite ? ranks.map { _ in lo } : nil)
        }
        let nb = buckets
        let scale = Double(nb) / (hi - lo)
        // Monotone in v, whatever lo and hi are: (v - lo) x scale clamped to [0, nb - 1], then rounded to an integer
        // by adding 1.5 x 2^52 (its low bits are the integer), without branches or conversion checks. A NaN lands
        // in some bucket, and makes the sum NaN, which discards the statistics.
        precondition(nb & (nb - 1) == 0, "bucket count must be a power of two")
        @inline(__always) func bucketsOf(_ d: SIMD2<Double>) -> SIMD2<UInt64> {
            var u = (d - lo) * scale
            u.replace(with: 0, where: u .< 0)
            u.replace(with: Double(nb - 1), where: u .> Double(nb - 1))
            return unsafeBitCast(u + 0x1.8p52, to: SIMD2<UInt64>.self) & UInt64(nb - 1)
        }
        // Each value's bucket is kept (2 bytes a value) so the gathering pass does not compute it again.
        let ofValue = UnsafeMutableBufferPointer<UInt16>.allocate(capacity: n)
        defer { ofValue.deallocate() }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * nb) { tmp in
            let counts = UnsafeMutableBufferPointer(rebasing: tmp[0..<nb])
            let below = UnsafeMutableBufferPointer(rebasing: tmp[nb..<(2 * nb)])
            let slot = UnsafeMutableBufferPointer(rebasing: tmp[(2 * nb)..<(3 * nb)])
            counts.update(repeating: 0)
            var acc = SIMD2<Double>.zero
            var i = 0
            while i + 2 <= n {
                let d = SIMD2(Double(x[i]), Double(x[i + 1]))
                acc += d
                let b = bucketsOf(d)
                let b0 = Int(truncatingIfNeeded: b[0]), b1 = Int(truncatingIfNeeded: b[1])
                ofValue[i] = UInt16(truncatingIfNeeded: b0); counts[b0] &+= 1
                ofValue[i + 1] = UInt16(truncatingIfNeeded: b1); counts[b1] &+= 1
                i += 2
            }
            var total = acc[0] + acc[1]
            if i < n {
                let d = Double(x[i])
                total += d
                let b = Int(truncatingIfNeeded: bucketsOf(SIMD2(repeating: d))[0])
                ofValue[i] = UInt16(truncatingIfNeeded: b); counts[b] &+= 1
            }
            guard !total.isNaN else { return (total, nil) }
            // How many values lie in lower buckets.
            var run = 0
            for b in 0..<nb { below[b] = run; run += counts[b] }
            // Bucket of each rank, by binary search on the running counts (ranks are few, buckets many).
            let rankBucket = ranks.map { k -> Int in
                var l = 0, h = nb - 1  // the first bucket whose end passes k
                while l < h {
                    let mid = (l + h) / 2
                    if below[mid] + counts[mid] <= k { l = mid + 1 } else { h = mid }
                }
                return l
            }
            // Wanted buckets gathered side by side: bucket `slot[b]` starts at `start[slot[b]]`.
            slot.update(repeating: -1)
            var start: [Int] = [], gatheredCount = 0
            for b in rankBucket where slot[b] < 0 { slot[b] = start.count; start.append(gatheredCount); gatheredCount += counts[b] }
            var fill = start
            var gathered = [Double](repeating: 0, count: gatheredCount)
            for i in 0..<n { let s = slot[Int(ofValue[i])]; if s >= 0 { gathered[fill[s]] = Double(x[i]); fill[s] += 1 } }
            for (s, b0) in start.enumerated() { gathered[b0..<fill[s]].sort() }
            return (total, zip(ranks, rankBucket).map { k, b in gathered[start[slot[b]] + k - below[b]] })
        }
    }
}
