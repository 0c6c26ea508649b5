import XCTest
@testable import Demand
import Demography

final class AgeBandTests: XCTestCase {
    func testFiveYearBandsFromAMinimumAge() {
        let b = AgeBand.fiveYear(from: 18)
        XCTAssertEqual(b.first, AgeBand(from: 18, to: 19))
        XCTAssertEqual(b[1], AgeBand(from: 20, to: 24))
        XCTAssertEqual(b.last, AgeBand(from: 90, to: 90))
        XCTAssertNil(AgeBand.coverageProblem(b, minAge: 18))
    }

    func testCoverageProblemsAreNamed() {
        XCTAssertEqual(AgeBand.coverageProblem([AgeBand(from: 0, to: 10), AgeBand(from: 10, to: 90)], minAge: 0), "bands 0-10 and 10+ overlap")
        XCTAssertEqual(AgeBand.coverageProblem([AgeBand(from: 0, to: 9), AgeBand(from: 12, to: 90)], minAge: 0), "gap between bands 0-9 and 12+ (ages 10-11 not covered)")
        XCTAssertNotNil(AgeBand.coverageProblem([AgeBand(from: 0, to: 80)], minAge: 0))
        XCTAssertNotNil(AgeBand.coverageProblem([AgeBand(from: 5, to: 90)], minAge: 0))
    }
}

final class RateTests: XCTestCase {
    /// Two bands, hand computed: females 0-49 = 100 people, 50+ = 50; males 0-49 = 200, 50+ = 25.
    func population() -> PopulationTable {
        var p = PopulationTable.zero
        p[.female, 10] = 100; p[.female, 60] = 30; p[.female, 90] = 20
        p[.male, 20] = 200; p[.male, 70] = 25
        return p
    }

    func testRatesAreCountsOverPopulationOfTheSameBand() {
        let bands = [AgeBand(from: 0, to: 49), AgeBand(from: 50, to: 90)]
        // counts: female 10 and 25, male 40 and 5 -> rates 0.1, 0.5, 0.2, 0.2
        let (r, problem) = ServiceRates.derive(group: "g", service: "s", minAge: 0, bands: bands,
                                               counts: [[10, 25], [40, 5]], population: population())
        XCTAssertNil(problem)
        let rates = try! XCTUnwrap(r)
        XCTAssertEqual(rates.rates[0], [0.1, 0.5])
        XCTAssertEqual(rates.rates[1], [0.2, 0.2])
        // Applying to the base population gives the base counts back (10 + 25 + 40 + 5 = 80).
        XCTAssertEqual(rates.apply(population()), 80, accuracy: 1e-12)
        // Doubling the 50+ women doubles only their events: 80 + 25.
        var older = population(); older[.female, 60] *= 2; older[.female, 90] *= 2
        XCTAssertEqual(rates.apply(older), 105, accuracy: 1e-12)
    }

    func testEventsWithoutPopulationAreAnError() {
        let bands = [AgeBand(from: 0, to: 49), AgeBand(from: 50, to: 90)]
        var p = population(); p[.male, 70] = 0
        let (r, problem) = ServiceRates.derive(group: "g", service: "s", minAge: 0, bands: bands, counts: [[1, 1], [1, 5]], population: p)
        XCTAssertNil(r)
        XCTAssertEqual(problem, "s: 5.0 events for male 50+ but no population in the base year")
    }

    /// The matrix used in every draw finds the same problem, and `DemandError` words it as `ServiceRates` does.
    func testMatrixReportsEventsWithoutPopulationInTheSameWords() {
        let bands = [AgeBand(from: 0, to: 49), AgeBand(from: 50, to: 90)]
        var p = population(); p[.male, 70] = 0
        let (_, problem) = ServiceRates.derive(group: "g", service: "s", minAge: 0, bands: bands, counts: [[1, 1], [1, 5]], population: p)
        var m = ServiceMatrix(bands: bands, count: 1)
        var t = [Double](repeating: .nan, count: m.width)
        AgeSums(p).values.withUnsafeBufferPointer { s in t.withUnsafeMutableBufferPointer { m.bandTotals(s, into: $0) } }
        // Entries: female 0-49, female 50+, male 0-49, male 50+.
        let found = t.withUnsafeBufferPointer { m.deriveRates(counts: [1, 1, 1, 5], people: $0) }
        XCTAssertEqual(found?.entry, 3); XCTAssertEqual(found?.service, 0)
        XCTAssertEqual(DemandError.eventsWithoutPopulation(service: "s", events: 5, sex: .male, band: bands[1]).description, problem)
    }

    /// A matrix reused for another draw keeps no rate of the last one: an entry that has lost its people (and has
    /// no events) gets rate 0, as in a fresh matrix.
    func testReusedMatrixRewritesEveryRate() {
        let bands = [AgeBand(from: 0, to: 49), AgeBand(from: 50, to: 90)]
        let full = population()
        var empty = population(); empty[.male, 70] = 0
        func totals(_ p: PopulationTable, _ m: ServiceMatrix) -> [Double] {
            var t = [Double](repeating: .nan, count: m.width)
            AgeSums(p).values.withUnsafeBufferPointer { s in t.withUnsafeMutableBufferPointer { m.bandTotals(s, into: $0) } }
            return t
        }
        let counts: [Double] = [1, 1, 1, 0]
        var reused = ServiceMatrix(bands: bands, count: 1), fresh = reused
        XCTAssertNil(totals(full, reused).withUnsafeBufferPointer { reused.deriveRates(counts: [1, 1, 1, 3], people: $0) })
        XCTAssertNil(totals(empty, reused).withUnsafeBufferPointer { reused.deriveRates(counts: counts, people: $0) })
        XCTAssertNil(totals(empty, fresh).withUnsafeBufferPointer { fresh.deriveRates(counts: counts, people: $0) })
        let t = totals(full, fresh)
        var a = [Double](repeating: .nan, count: 1), b = a
        t.withUnsafeBufferPointer { tb in a.withUnsafeMutableBufferPointer { reused.apply(bandTotals: tb, into: $0) } }
        t.withUnsafeBufferPointer { tb in b.withUnsafeMutableBufferPointer { fresh.apply(bandTotals: tb, into: $0) } }
        XCTAssertEqual(a[0].bitPattern, b[0].bitPattern, "reused \(a[0]), fresh \(b[0])")
    }

    func testFinancialYearPopulationWeights() {
        var a = PopulationTable.zero, b = PopulationTable.zero
        a[.female, 3] = 100; b[.female, 3] = 200
        XCTAssertEqual(FinancialYear.population(mid: a, next: b)[.female, 3], 125, accuracy: 1e-12)  // 0.75*100 + 0.25*200
    }

    func testConditionCalibrationHitsAllAgePrevalence() {
        let p = population()  // total 375
        let shape = AgeShape.doubling(minAge: 50, doublingYears: 10, plateauAge: 80)
        XCTAssertEqual(shape[49], 0); XCTAssertEqual(shape[50], 1); XCTAssertEqual(shape[60], 2); XCTAssertEqual(shape[90], 8)
        let c = ConditionPrevalence.calibrated(condition: "x", shape: [shape, shape], allAgePrevalence: 0.04, base: p)
        XCTAssertEqual(c.people(p) / p.total, 0.04, accuracy: 1e-12)
        // Hand check: shape is 2 at 60, 4 at 70, 8 at 90 (plateau 80).
        // weighted = 30*2 + 20*8 + 25*4 = 320; k = 0.04*375/320 = 0.046875; prevalence at 90 = 8k = 0.375.
        XCTAssertEqual(c.prevalence[0][90], 0.375, accuracy: 1e-12)
    }

    func testDeathsAreRatesTimesPeople() {
        var p = PopulationTable.zero
        p[.female, 80] = 1000; p[.male, 90] = 10
        var mf = [Double](repeating: 0, count: Ages.count); mf[80] = 0.05
        var mm = [Double](repeating: 0, count: Ages.count); mm[90] = 0.2
        let s = [SurvivalRatios(cohort: Array(repeating: 1, count: Ages.count), birth: 1, mx: mf),
                 SurvivalRatios(cohort: Array(repeating: 1, count: Ages.count), birth: 1, mx: mm)]
        XCTAssertEqual(Deaths.expected(p, survival: s), 52, accuracy: 1e-12)  // 1000*0.05 + 10*0.2
    }
}

final class WorkforceModelTests: XCTestCase {
    /// turnover 10% with a fifth over 55 retiring over 10 years: 2% retire, 8% leave otherwise, 90% stay; joiners at
    /// half the base year's volume (0.5 x 10% x 100 = 5 a year); productivity 1% a year.
    let p = Workforce.Parameters(turnover: 0.1, over55Share: 0.2, retirementYears: 10, recruitmentFactor: 0.5, productivity: 0.01)

    func testHandComputedYears() {
        let (required, supply) = Workforce.project(establishment: 110, inPost: 100, drivers: [200, 220, 0, 250], p)
        let wantRequired = [110, 110 * 1.1 * 0.99, 0, 110 * 1.25 * 0.99 * 0.99 * 0.99]
        let wantSupply = [100, 95, 90.5, 86.45]
        for t in 0..<4 {
            XCTAssertEqual(required[t], wantRequired[t], accuracy: 1e-9, "required, year \(t)")
            XCTAssertEqual(supply[t], wantSupply[t], accuracy: 1e-9, "supply, year \(t)")
        }
    }

    func testNoBaseDemandCarriesTheBaseYearForward() {
        let (required, supply) = Workforce.project(establishment: 110, inPost: 100, drivers: [0, 5, 9], p)
        XCTAssertEqual(required, [110, 110, 110])
        XCTAssertEqual(supply, [100, 100, 100])
    }

    /// Supply never goes below zero, even when everyone leaves and nobody joins.
    func testSupplyFloorsAtZero() {
        let q = Workforce.Parameters(turnover: 1.5, over55Share: 0, retirementYears: 10, recruitmentFactor: 0, productivity: 0)
        let (_, supply) = Workforce.project(establishment: 10, inPost: 10, drivers: [1, 1, 1], q)
        XCTAssertEqual(supply, [10, 0, 0])
    }
}
