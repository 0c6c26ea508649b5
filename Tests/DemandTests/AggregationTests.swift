import XCTest
@testable import Demand
import Demography

/// The fast aggregations Monte Carlo relies on (running age totals, four-lane sums, the prevalence matrix) against
/// plain loops over the same cells, on seeded random populations (the seed is in every message).
final class AggregationTests: XCTestCase {
    /// xorshift64*: a few lines, so the test needs no generator from elsewhere.
    struct Rand {
        var state: UInt64
        mutating func next() -> Double {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return Double((state &* 2_685_821_657_736_338_717) >> 11) / Double(1 << 53)
        }
    }

    /// `count` services on `bands` with random rates (0-0.2) for both sexes.
    static func services(_ count: Int, _ bands: [AgeBand], _ g: inout Rand) -> [ServiceRates] {
        (0..<count).map { k in
            ServiceRates(group: "g", service: "s\(k)", minAge: bands[0].from, bands: bands,
                         rates: (0..<2).map { _ in bands.map { _ in g.next() * 0.2 } })
        }
    }

    func population(_ g: inout Rand) -> PopulationTable {
        PopulationTable(values: (0..<Ages.cells).map { _ in (g.next() * 5000).rounded() + g.next() })
    }

    func naive(_ p: PopulationTable, _ lo: Int, _ hi: Int, sex: Int) -> Double {
        var s = 0.0
        for a in lo...hi { s += p.values[sex * Ages.count + a] }
        return s
    }

    func testRunningAgeTotalsMatchDirectSums() {
        for seed: UInt64 in [1, 7, 2024] {
            var g = Rand(state: seed)
            let p = population(&g)
            let sums = AgeSums(p)
            for lo in stride(from: 0, through: Ages.open, by: 7) {
                for hi in lo...Ages.open {
                    for sex in Sex.allCases {
                        let want = naive(p, lo, hi, sex: sex.rawValue)
                        XCTAssertEqual(sums.total(ages: lo...hi, sex: sex), want, accuracy: 1e-9 * max(want, 1), "seed \(seed) \(sex) \(lo)-\(hi)")
                        XCTAssertEqual(p.total(ages: lo...hi, sex: sex), want, accuracy: 1e-9 * max(want, 1), "seed \(seed) \(sex) \(lo)-\(hi)")
                    }
                }
            }
            XCTAssertEqual(sums.total(ages: 95...99), 0, "seed \(seed): a range above 90+ is empty")
        }
    }

    /// Lengths around the four-lane block size, including 0 and the scalar tail; integers sum exactly.
    func testFourLaneSumOfEveryLength() {
        for n in 0...13 {
            let x = (0..<n).map { Double($0 * $0 + 1) }
            XCTAssertEqual(x.withUnsafeBufferPointer { sum($0) }, Double((0..<n).reduce(0) { $0 + $1 * $1 + 1 }), "n = \(n)")
        }
    }

    func testBandTotalsFromRunningTotals() {
        var g = Rand(state: 99)
        let p = population(&g)
        let bands = AgeBand.fiveYear(from: 18)
        let t = ServiceRates.bandTotals(p, bands: bands)
        XCTAssertEqual(t.count, 2 * bands.count)
        for sex in 0..<2 {
            for (i, b) in bands.enumerated() {
                let want = naive(p, b.from, b.to, sex: sex)
                XCTAssertEqual(t[sex * bands.count + i], want, accuracy: 1e-9 * want, "seed 99 sex \(sex) band \(b)")
            }
        }
    }

    /// The service matrix gives every service exactly (to the bit) what its own dot product gives, for service counts
    /// around its four-service blocks, with and without a scalar tail of entries (2 x bands = 0 or 2 mod 4).
    func testServiceMatrixEqualsOneServiceAtATime() {
        let bandSets = [AgeBand.fiveYear(from: 18), AgeBand.fiveYear(from: 0),
                        [AgeBand(from: 0, to: 64), AgeBand(from: 65, to: 89), AgeBand(from: 90, to: 90)]]
        for (seed, count) in [(UInt64(31), 1), (37, 3), (41, 4), (43, 5), (47, 9)] {
            for bands in bandSets {
                var g = Rand(state: seed)
                let services = Self.services(count, bands, &g)
                let m = ServiceMatrix(bands: bands, services: services)
                let p = population(&g)
                let sums = AgeSums(p)
                var t = [Double](repeating: .nan, count: m.width), out = [Double](repeating: .nan, count: count)
                sums.values.withUnsafeBufferPointer { sb in t.withUnsafeMutableBufferPointer { m.bandTotals(sb, into: $0) } }
                XCTAssertEqual(t, ServiceRates.bandTotals(p, bands: bands), "seed \(seed), \(bands.count) bands")
                t.withUnsafeBufferPointer { tb in out.withUnsafeMutableBufferPointer { m.apply(bandTotals: tb, into: $0) } }
                for (k, r) in services.enumerated() {
                    XCTAssertEqual(out[k], r.apply(bandTotals: t), "seed \(seed), \(count) services, \(bands.count) bands, service \(k)")
                }
            }
        }
    }

    /// Rates derived in the matrix equal `ServiceRates.derive` to the bit, and events in a band without people are
    /// reported (entry and service), as `derive` reports them.
    func testServiceMatrixDerivesTheSameRates() {
        let bands = AgeBand.fiveYear(from: 18)
        var g = Rand(state: 53)
        let counts = (0..<5).map { _ in (0..<2).map { _ in bands.map { _ in (g.next() * 400).rounded() } } }
        let p = population(&g)
        let sums = AgeSums(p)
        let derived = counts.enumerated().map { k, c in
            ServiceRates.derive(group: "g", service: "s\(k)", minAge: 18, bands: bands, counts: c, population: sums).0!
        }
        var m = ServiceMatrix(bands: bands, count: counts.count)
        var t = [Double](repeating: .nan, count: m.width)
        sums.values.withUnsafeBufferPointer { sb in t.withUnsafeMutableBufferPointer { m.bandTotals(sb, into: $0) } }
        let flat = (0..<m.width).flatMap { e in counts.map { $0[e / bands.count][e % bands.count] } }
        XCTAssertNil(t.withUnsafeBufferPointer { m.deriveRates(counts: flat, people: $0) })
        var out = [Double](repeating: .nan, count: counts.count)
        t.withUnsafeBufferPointer { tb in out.withUnsafeMutableBufferPointer { m.apply(bandTotals: tb, into: $0) } }
        XCTAssertEqual(out, ServiceMatrix(bands: bands, services: derived).applied(t), "derived in the matrix vs by ServiceRates")
        // No men aged 30-34, yet service 3 has events there: reported as (male entry of band 30-34, service 3).
        var people = t
        let e = bands.count + bands.firstIndex(of: AgeBand(from: 30, to: 34))!
        people[e] = 0
        var flat2 = flat
        for j in 0..<counts.count { flat2[e * counts.count + j] = j == 3 ? 2 : 0 }
        var m2 = ServiceMatrix(bands: bands, count: counts.count)
        let bad = people.withUnsafeBufferPointer { m2.deriveRates(counts: flat2, people: $0) }
        XCTAssertEqual(bad?.entry, e)
        XCTAssertEqual(bad?.service, 3)
        flat2[e * counts.count + 3] = 0
        XCTAssertNil(people.withUnsafeBufferPointer { m2.deriveRates(counts: flat2, people: $0) }, "no events, no people: rate 0")
    }

    /// Every register from one pass equals its own dot product, across the 16-register blocks and with registers
    /// that are zero below a minimum age (cells the matrix skips).
    func testPrevalenceMatrixMatchesOneRegisterAtATime() {
        // The last two cases give every register one shape for both sexes (the matrix then adds the sexes first).
        for (seed, count, oneShape) in [(UInt64(3), 1, false), (5, 15, false), (11, 16, false), (13, 17, false), (17, 33, false),
                                        (19, 15, true), (23, 17, true)] {
            var g = Rand(state: seed)
            let conditions = (0..<count).map { k -> ConditionPrevalence in
                let minAge = Int(g.next() * 60)
                let female = (0..<Ages.count).map { a in a < minAge ? 0 : g.next() * 0.3 }
                let shape = [female, oneShape ? female : (0..<Ages.count).map { a in a < minAge ? 0 : g.next() * 0.3 }]
                return ConditionPrevalence(condition: "c\(k)", prevalence: shape)
            }
            let matrix = PrevalenceMatrix(conditions)
            XCTAssertEqual(matrix.rows, oneShape ? Ages.count : Ages.cells, "seed \(seed)")
            var out = [Double](repeating: .nan, count: count)
            for _ in 0..<3 {
                let p = population(&g)
                matrix.people(p, into: &out)
                for (k, c) in conditions.enumerated() {
                    let want = c.people(p)
                    XCTAssertEqual(out[k], want, accuracy: 1e-9 * max(want, 1), "seed \(seed), \(count) registers, register \(k)")
                }
            }
        }
    }

    /// Calibrated registers equal the capped one-register-at-a-time calibration, both when no cap binds (the scaled
    /// shape path) and when a high all-age prevalence pushes old ages to the cap of 1 (the capped-weights path).
    func testCalibratedRegistersMatchCappedCalibration() {
        var g = Rand(state: 21)
        let base = population(&g)
        let shape = (0..<2).map { _ in AgeShape.doubling(minAge: 30, doublingYears: 8, plateauAge: 85) }
        for allAge in [0.02, 0.6] {
            let specs = [ConditionRegisters.Spec(condition: "a", shape: shape, allAgePrevalence: allAge),
                         ConditionRegisters.Spec(condition: "b", shape: shape.map { $0.map { $0 * 0.5 } }, allAgePrevalence: 0.01)]
            let calibrated = ConditionRegisters(specs).calibrated(base: base)
            let oneByOne = specs.map { ConditionPrevalence.calibrated(condition: $0.condition, shape: $0.shape, allAgePrevalence: $0.allAgePrevalence, base: base) }
            XCTAssertEqual(calibrated.scale == nil, allAge == 0.6, "the cap binds only for the high prevalence")
            var out = [Double](repeating: .nan, count: 2)
            for _ in 0..<3 {
                let p = population(&g)
                calibrated.people(p, into: &out)
                for (k, c) in oneByOne.enumerated() {
                    let want = c.people(p)
                    XCTAssertEqual(out[k], want, accuracy: 1e-9 * want, "all-age prevalence \(allAge), register \(k)")
                }
            }
        }
    }
}

private extension ServiceMatrix {
    /// Every service's events for band totals `t`.
    func applied(_ t: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: count)
        t.withUnsafeBufferPointer { tb in out.withUnsafeMutableBufferPointer { apply(bandTotals: tb, into: $0) } }
        return out
    }
}
