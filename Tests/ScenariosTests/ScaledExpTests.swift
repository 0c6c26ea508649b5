import XCTest
@testable import Scenarios

/// The vector exp of mortality improvement against libm's.
final class ScaledExpTests: XCTestCase {
    struct Rand {
        var state: UInt64
        mutating func next() -> Double {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return Double((state &* 2_685_821_657_736_338_717) >> 11) / Double(1 << 53)
        }
    }

    func fill(_ x: [Double], scale: Double) -> [Double] {
        var out = [Double](repeating: .nan, count: x.count)
        x.withUnsafeBufferPointer { xb in out.withUnsafeMutableBufferPointer { ScaledExp.fill(xb, scale: scale, into: $0) } }
        return out
    }

    /// Within 1 ulp over the range mortality improvement uses and well beyond it; libm's own value beyond +-700 and
    /// for NaN and infinities.
    func testWithinOneUlpOfLibm() {
        var g = Rand(state: 107)
        // log r of improvement ratios r in (0.05, 3), scales in (0, 3), and a sweep of wide arguments.
        var logs = (0..<4001).map { _ in log(0.05 + g.next() * 2.95) }
        logs += stride(from: -745.0, through: 710, by: 0.37).map { $0 }
        logs += [0, -0.0, 1e-300, -1e-300, 700, -700, 700.5, -700.5, 709.7, 1000, -1000, .infinity, -.infinity, .nan]
        for scale in [1.0, 0.37, 1.9, 3.0] {
            let got = fill(logs, scale: scale)
            for (i, l) in logs.enumerated() {
                let x = l * scale, want = exp(x)
                if want.isNaN { XCTAssertTrue(got[i].isNaN, "exp(\(x))"); continue }
                if !(abs(x) <= 700) { XCTAssertEqual(got[i], want, "beyond +-700 libm's exp is used: exp(\(x))"); continue }
                XCTAssertLessThanOrEqual(abs(got[i] - want) / want.ulp, 1, "exp(\(x)) = \(got[i]), libm \(want), scale \(scale)")
            }
        }
    }

    /// A value gives the same bits in a block of four (next to out-of-range values or not) as alone in the tail.
    func testSameBitsWhereverTheValueFalls() {
        var g = Rand(state: 109)
        var x = (0..<103).map { _ in (g.next() - 0.5) * 20 }
        x[5] = 1000; x[42] = .nan
        let together = fill(x, scale: 0.8)
        for (i, v) in x.enumerated() {
            XCTAssertEqual(fill([v], scale: 0.8)[0].bitPattern, together[i].bitPattern, "exp(0.8 x \(v)) at position \(i)")
        }
    }
}
