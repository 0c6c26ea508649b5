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
}
