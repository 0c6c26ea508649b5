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

    func testAllZeroGroupsGiveZeroSchedule() {
        let f = FertilitySchedule.from(groups: [(15, 19, 0), (20, 24, 0)], tfr: 1.7)
        XCTAssertEqual(f.tfr, 0, "nothing to rescale: no births rather than NaN")
        XCTAssertFalse(f.rates.contains { $0.isNaN })
    }
}
