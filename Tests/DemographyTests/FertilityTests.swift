import XCTest
@testable import Demography

final class FertilityScheduleTests: XCTestCase {
    func testFiveYearGroupsAreSpreadEvenlyAndSumToTFR() {
        // Groups 15-19: 0.010, 20-24: 0.050, 25-29: 0.100 per woman per year. Spread evenly: the single-year
        // rates sum to 5 x (0.01 + 0.05 + 0.1) = 0.8; rescaled to TFR 1.5 by x 1.875:
        // 15-19: 0.01875, 20-24: 0.09375, 25-29: 0.1875.
        let f = FertilitySchedule.from(groups: [(15, 19, 0.010), (20, 24, 0.050), (25, 29, 0.100)], tfr: 1.5)
        for a in 15...19 { assertClose(f.rates[a], 0.018_75, tol: 1e-12, "age \(a)") }
        for a in 20...24 { assertClose(f.rates[a], 0.093_75, tol: 1e-12, "age \(a)") }
        for a in 25...29 { assertClose(f.rates[a], 0.187_5, tol: 1e-12, "age \(a)") }
        for a in Ages.all where !(15...29).contains(a) { XCTAssertEqual(f.rates[a], 0, "age \(a)") }
        assertClose(f.tfr, 1.5, tol: 1e-12, "TFR")
    }

    func testUnevenGroupWidthsKeepTheirPerYearRate() {
        // A 1-year group at 0.2 and a 4-year group at 0.1: raw sum 0.2 + 0.4 = 0.6; scaled to TFR 3 (x5):
        // age 14 -> 1.0, ages 30-33 -> 0.5 each.
        let f = FertilitySchedule.from(groups: [(30, 33, 0.1), (14, 14, 0.2)], tfr: 3)
        assertClose(f.rates[14], 1.0, tol: 1e-12, "age 14")
        for a in 30...33 { assertClose(f.rates[a], 0.5, tol: 1e-12, "age \(a)") }
        assertClose(f.tfr, 3, tol: 1e-12, "TFR")
    }

    /// A fertility level given to the engine projects exactly (to the bit) what schedules already multiplied by it
    /// project: Monte Carlo draws share one set of schedules and pass their level.
    func testFertilityLevelEqualsScaledSchedules() throws {
        var p = PopulationTable.zero
        for i in p.values.indices { p.values[i] = 100 + Double(i % 37) }
        let shape = FertilitySchedule.from(groups: [(15, 19, 0.01), (20, 29, 0.09), (30, 44, 0.05)], tfr: 1.6)
        let steps = [shape, FertilitySchedule(rates: shape.rates.map { $0 * 1.1 })]
        let m = Make.mortality(Make.survival(cohort: 0.99, open: 0.8, birth: 0.995), firstYear: 2020)
        let plain = try Projector.project(Make.inputs(base: p, mortality: m, fertility: steps), baseYear: 2020, horizon: 2024)
        for level in [1.0, 0.87, 1.13] {
            var withLevel = Make.inputs(base: p, mortality: m, fertility: steps)
            withLevel.fertilityLevel = level
            let scaled = Make.inputs(base: p, mortality: m, fertility: steps.map { FertilitySchedule(rates: $0.rates.map { $0 * level }) })
            let a = try Projector.project(withLevel, baseYear: 2020, horizon: 2024)
            let b = try Projector.project(scaled, baseYear: 2020, horizon: 2024)
            XCTAssertEqual(a.residentCells, b.residentCells, "level \(level)")
            XCTAssertEqual(a.populations[4][.female, 0] == plain.populations[4][.female, 0], level == 1, "level \(level) and births")
        }
    }

    func testAllZeroGroupsGiveZeroSchedule() {
        let f = FertilitySchedule.from(groups: [(15, 19, 0), (20, 24, 0)], tfr: 1.7)
        XCTAssertEqual(f.tfr, 0, "nothing to rescale: no births rather than NaN")
        XCTAssertFalse(f.rates.contains { $0.isNaN })
    }
}
