import XCTest
@testable import Reports

/// Ranks behind the rank correlations: ties get their average rank, order follows value for negatives, zeros and
/// wide ranges, and the radix sort agrees with counting on seeded random data with many ties.
final class SensitivityTests: XCTestCase {
    func testTiesGetTheirAverageRank() {
        XCTAssertEqual(Sensitivity.ranks([3, 1, 2, 1]), [4, 1.5, 3, 1.5])
        XCTAssertEqual(Sensitivity.ranks([-0.0, 0.0, -1, 2]), [2.5, 2.5, 1, 4], "-0 and +0 are equal")
        XCTAssertEqual(Sensitivity.ranks([1e300, -1e-300, -1e300, 1e-300, 5]), [5, 2, 1, 3, 4])
        XCTAssertEqual(Sensitivity.ranks([]), [])
    }

    func testRanksMatchCountingOnRandomData() {
        for seed: UInt64 in [1, 42, 2025] {
            var state = seed
            func next() -> Double {  // splitmix64, values from a small set so ties are common, both signs
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return Double(Int((z ^ (z >> 31)) % 200) - 100) * 0.37
            }
            let x = (0..<3000).map { _ in next() }
            let r = Sensitivity.ranks(x)
            for i in stride(from: 0, to: x.count, by: 7) {
                let below = x.filter { $0 < x[i] }.count, equal = x.filter { $0 == x[i] }.count
                XCTAssertEqual(r[i], Double(below) + Double(equal + 1) / 2, "seed \(seed), draw \(i)")
            }
        }
    }

    func testSpearmanOfAMonotoneTransformIsOne() {
        let a = (0..<50).map { Double($0 * 7 % 50) }
        XCTAssertEqual(Sensitivity.spearman(a, a.map { exp($0 / 10) })!, 1, accuracy: 1e-12)
        XCTAssertEqual(Sensitivity.spearman(a, a.map { -$0 })!, -1, accuracy: 1e-12)
    }

    /// The bucket sort orders like a full sort with ties in index order, on continuous values, point masses,
    /// heavy ties and ranges it must leave to the radix sort (infinities, NaN, wider than the largest double).
    func testSortedOrderIsAStableSort() {
        var state: UInt64 = 99
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        let cases: [[Double]] = [
            (0..<10_000).map { _ in next() },
            (0..<10_000).map { _ in next() < 0.3 ? 1 : 0 },
            (0..<5_000).map { _ in (next() * 7).rounded(.down) * 0.25 },
            (0..<3_000).map { _ in next() < 0.5 ? 1e-3 * next() : 5 + next() },
            (0..<1_000).map { _ in exp(20 * next()) - 1 },
            [1e300, -1e300, 3, 3, -0.0, 0.0, 2],
            [.infinity, 1, -.infinity, 1, 0],
            [5, 5, 5],
            [],
        ]
        for (c, x) in cases.enumerated() {
            let o = Sensitivity.sortedOrder(x)
            XCTAssertEqual(o.sorted(), Array(x.indices), "case \(c): a permutation")
            for k in o.indices.dropFirst() {
                let a = x[o[k - 1]], b = x[o[k]]
                XCTAssertTrue(a < b || (a == b && o[k - 1] < o[k]) || (a == b && a == 0), "case \(c) at \(k): \(a) then \(b)")
            }
            XCTAssertEqual(Sensitivity.ranks(x), Self.naiveRanks(x), "case \(c)")
        }
        let nan = Sensitivity.sortedOrder([2, .nan, 1])
        XCTAssertEqual(nan.count, 3)
        XCTAssertEqual(Array(nan.prefix(2)), [2, 0], "finite values in order (NaN goes to one end)")
    }

    /// Average ranks from a library sort: (values below + values at or below + 1) / 2, by binary search.
    static func naiveRanks(_ x: [Double]) -> [Double] {
        let sorted = x.sorted()
        func count(_ inside: (Double) -> Bool) -> Int {
            var lo = 0, hi = sorted.count
            while lo < hi { let mid = (lo + hi) / 2; if inside(sorted[mid]) { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        return x.map { v in Double(count { $0 < v } + count { $0 <= v } + 1) / 2 }
    }
}
