import Demography

/// Services that share one set of age bands, their rates side by side, so one pass over a Place-year's band totals
/// gives every service's expected events.
///
/// Why: a Monte Carlo draw needs 43 services x 4 Places x 24 financial years of events; as separate short dot
/// products the calls and loads cost more than the arithmetic. Each service's sum is still formed exactly as `dot`
/// forms it (four interleaved partial sums over the entries, added in lane order, then the tail), so the result is
/// the same to the bit as `ServiceRates.apply`.
public struct ServiceMatrix: Sendable {
    public let bands: [AgeBand]
    /// Services, in the order given.
    public let count: Int
    /// Entries per band-total vector: female bands, then male bands.
    public var width: Int { 2 * bands.count }
    /// Services padded to a multiple of 4 (the vector width of `apply`).
    let lanes: Int
    /// rates[entry * lanes + service]; padding lanes are 0.
    var rates: [Double]
    /// Band-total entry e is sums[upper[e]] - sums[lower[e]] in `AgeSums` layout (equal indices for a band clipped
    /// away, which gives 0).
    let lower: [Int]
    let upper: [Int]

    /// - Precondition: every service has exactly `bands`.
    public init(bands: [AgeBand], services: [ServiceRates]) {
        precondition(services.allSatisfy { $0.bands == bands })
        self.init(bands: bands, count: services.count)
        for (s, svc) in services.enumerated() { for e in 0..<width { rates[e * lanes + s] = svc.flat[e] } }
    }

    /// `count` services on `bands` with every rate 0, for `deriveRates` (Monte Carlo derives rates in every draw into
    /// a copy of one such matrix).
    public init(bands: [AgeBand], count: Int) {
        self.bands = bands
        self.count = count
        let lanes = max((count + 3) / 4, 1) * 4
        self.lanes = lanes
        rates = [Double](repeating: 0, count: 2 * bands.count * lanes)
        var lo: [Int] = [], hi: [Int] = []
        for sex in 0..<2 {
            for b in bands {
                let a = max(b.from, 0), z = min(b.to, Ages.open)
                let base = sex * AgeSums.stride
                if a <= z { lo.append(base + a); hi.append(base + z + 1) } else { lo.append(base); hi.append(base) }
            }
        }
        lower = lo; upper = hi
    }

    /// Every rate as base-year count / base-year people of the entry (`counts[e * count + s]`, `people` in
    /// `bandTotals` layout); an entry without people gets rate 0.
    /// - Returns: the first (entry, service) with events but no people, which has no rate; nil when there is none.
    public mutating func deriveRates(counts: [Double], people: UnsafeBufferPointer<Double>) -> (entry: Int, service: Int)? {
        let n = count, lanes = lanes, width = width
        precondition(counts.count == width * n && people.count >= width)
        return counts.withUnsafeBufferPointer { c in rates.withUnsafeMutableBufferPointer { r in
            for e in 0..<width {
                let pop = people[e]
                for j in 0..<n {
                    let k = c[e * n + j]
                    if pop <= 0 {
                        if k > 0 { return (e, j) }
                        r[e * lanes + j] = 0   // the matrix may hold an earlier run's rates
                    } else {
                        r[e * lanes + j] = k / pop
                    }
                }
            }
            return nil
        } }
    }

    /// Band totals (`width` entries) from running age totals in `AgeSums` layout.
    @inline(__always)
    public func bandTotals(_ sums: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        lower.withUnsafeBufferPointer { lo in upper.withUnsafeBufferPointer { hi in
            for e in 0..<lo.count { out[e] = sums[hi[e]] - sums[lo[e]] }
        } }
    }

    /// Expected events of every service (`out` has `count` entries) given band totals `t` (`width` entries), in
    /// Swift SIMD.
    @inline(__always)
    public func apply(bandTotals t: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(t.count >= width && out.count >= count)
        let n = width, lanes = lanes
        let n4 = n - n % 4
        rates.withUnsafeBufferPointer { r in
            var s = 0
            while s < count {
                // Four services at once; a0...a3 are dot's four partial sums, one per entry position mod 4. Pointer
                // steps rather than index products: no overflow checks in the loop.
                var a0 = SIMD4<Double>(repeating: 0), a1 = a0, a2 = a0, a3 = a0
                var p = r.baseAddress! + s
                var e = 0
                while e < n4 {
                    a0 += Self.row(p) * SIMD4(repeating: t[e])
                    a1 += Self.row(p + lanes) * SIMD4(repeating: t[e &+ 1])
                    a2 += Self.row(p + 2 &* lanes) * SIMD4(repeating: t[e &+ 2])
                    a3 += Self.row(p + 3 &* lanes) * SIMD4(repeating: t[e &+ 3])
                    p += 4 &* lanes
                    e &+= 4
                }
                // dot adds its partial sums to -0 in lane order, then the tail entries one by one.
                var total = SIMD4<Double>(repeating: -0.0) + a0 + a1 + a2 + a3
                while e < n {
                    total += Self.row(p) * SIMD4(repeating: t[e])
                    p += lanes
                    e &+= 1
                }
                for k in 0..<min(4, count - s) { out[s + k] = total[k] }
                s += 4
            }
        }
    }

    @inline(__always)
    static func row(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
        SIMD4(p[0], p[1], p[2], p[3])
    }
}
