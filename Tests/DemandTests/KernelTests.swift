import XCTest
@testable import Demand
import Demography
import CKernels

/// The AVX2 kernels against the portable Swift loops they replace: the same bits for every output, on seeded random
/// inputs (the seed is in every message), around the kernels' 4-, 8- and 16-lane blocks and scalar tails.
/// On a CPU without AVX2 the tests check instead that the matrices chose the portable loops.
final class KernelTests: XCTestCase {
    typealias Rand = AggregationTests.Rand
    let avx2 = ck_avx2_available() != 0

    func testServiceKernelMatchesPortableToTheBit() {
        let bandSets = [AgeBand.fiveYear(from: 18), AgeBand.fiveYear(from: 0),
                        [AgeBand(from: 0, to: 64), AgeBand(from: 65, to: 89), AgeBand(from: 90, to: 90)], [AgeBand(from: 0, to: 90)]]
        for (seed, count) in [(UInt64(61), 1), (67, 4), (71, 5), (73, 8), (79, 9), (83, 12), (89, 13), (97, 27), (101, 43)] {
            for bands in bandSets {
                var g = Rand(state: seed)
                var m = ServiceMatrix(bands: bands, services: AggregationTests.services(count, bands, &g))
                XCTAssertEqual(m.usesAVX2, avx2, "the matrix takes the AVX2 kernel exactly when the CPU has AVX2")
                guard avx2 else { return }
                // Signed, wide-ranging totals so that any change in the order of additions shows in the bits.
                let t = (0..<m.width).map { _ in (g.next() - 0.3) * pow(10, g.next() * 8) }
                var fast = [Double](repeating: .nan, count: count), slow = fast
                t.withUnsafeBufferPointer { tb in fast.withUnsafeMutableBufferPointer { m.apply(bandTotals: tb, into: $0) } }
                m.usesAVX2 = false
                t.withUnsafeBufferPointer { tb in slow.withUnsafeMutableBufferPointer { m.apply(bandTotals: tb, into: $0) } }
                XCTAssertEqual(fast.map(\.bitPattern), slow.map(\.bitPattern), "seed \(seed), \(count) services, \(bands.count) bands")
            }
        }
    }

    func testPrevalenceKernelMatchesPortableToTheBit() {
        for (seed, count, oneShape) in [(UInt64(3), 1, false), (5, 15, false), (11, 16, false), (13, 17, false), (17, 33, false),
                                        (19, 15, true), (23, 17, true), (29, 32, true)] {
            var g = Rand(state: seed)
            let conditions = (0..<count).map { k -> ConditionPrevalence in
                let minAge = Int(g.next() * 60), maxAge = Int(70 + g.next() * 30)
                let female = (0..<Ages.count).map { a in a < minAge || a > maxAge ? 0 : g.next() * 0.3 }
                let shape = [female, oneShape ? female : (0..<Ages.count).map { a in a < minAge ? 0 : g.next() * 0.3 }]
                return ConditionPrevalence(condition: "c\(k)", prevalence: shape)
            }
            var matrix = PrevalenceMatrix(conditions)
            XCTAssertEqual(matrix.usesAVX2, avx2, "the matrix takes the AVX2 kernel exactly when the CPU has AVX2")
            guard avx2 else { return }
            // 1, 2 and 5 populations (pairs and an odd one out), held with a gap between them.
            for vectors in [1, 2, 5] {
                let stride = Ages.cells + 3
                let cells = (0..<(vectors * stride)).map { _ in (g.next() * 5000).rounded() + g.next() }
                var fast = [Double](repeating: .nan, count: vectors * count), slow = fast
                matrix.usesAVX2 = true
                cells.withUnsafeBufferPointer { c in fast.withUnsafeMutableBufferPointer { matrix.people(cells: c, stride: stride, vectors: vectors, into: $0) } }
                matrix.usesAVX2 = false
                cells.withUnsafeBufferPointer { c in slow.withUnsafeMutableBufferPointer { matrix.people(cells: c, stride: stride, vectors: vectors, into: $0) } }
                XCTAssertEqual(fast.map(\.bitPattern), slow.map(\.bitPattern), "seed \(seed), \(count) registers, \(vectors) populations")
            }
        }
    }

    /// The vector exp against libm's: within 1 ulp over the range mortality improvement uses and well beyond it,
    /// libm's own value beyond +-700 and for NaN, and the same bits from the AVX2 and portable versions.
    func testScaledExpIsAccurateAndTheSameOnBothPaths() {
        var g = Rand(state: 107)
        // log r of improvement ratios r in (0.05, 3), scales in (0, 3), and a sweep of wide arguments.
        var logs = (0..<4001).map { _ in log(0.05 + g.next() * 2.95) }
        logs += stride(from: -745.0, through: 710, by: 0.37).map { $0 }
        logs += [0, -0.0, 1e-300, -1e-300, 700, -700, 700.5, -700.5, 709.7, 1000, -1000, .infinity, -.infinity, .nan]
        for scale in [1.0, 0.37, 1.9, 3.0] {
            var portable = [Double](repeating: .nan, count: logs.count), fast = portable
            ck_exp_scaled(logs, scale, &portable, logs.count)
            if avx2 { ck_exp_scaled_avx2(logs, scale, &fast, logs.count) }
            for (i, l) in logs.enumerated() {
                let x = scale * l, want = exp(x), got = portable[i]
                if want.isNaN { XCTAssertTrue(got.isNaN, "exp(\(x))"); continue }
                if !(abs(x) <= 700) { XCTAssertEqual(got, want, "beyond +-700 libm's exp is used: exp(\(x))"); continue }
                let ulps = abs(got - want) / want.ulp
                XCTAssertLessThanOrEqual(ulps, 1, "exp(\(x)) = \(got), libm \(want), scale \(scale)")
            }
            if avx2 {
                XCTAssertEqual(fast.map(\.bitPattern), portable.map(\.bitPattern), "AVX2 and portable exp differ, scale \(scale)")
            }
        }
    }
}
