import XCTest
@testable import Demography

/// Deaths and ageing on a hand-made population with hand-set survival ratios (0.9 for every single-year cohort,
/// 0.5 for the open group 90+), no births and no migration.
final class SurvivalTests: XCTestCase {
    /// Female P(a) = 10 (a + 1), male P(a) = 20 (a + 1), a = 0...90.
    private func base() -> PopulationTable {
        var p = PopulationTable.zero
        for a in Ages.all {
            p[.female, a] = 10 * Double(a + 1)
            p[.male, a] = 20 * Double(a + 1)
        }
        return p
    }

    private func projectOneYear() throws -> PlaceProjection {
        let m = Make.mortality(Make.survival(cohort: 0.9, open: 0.5, birth: 0.99), firstYear: 2020)
        return try Projector.project(Make.inputs(base: base(), mortality: m), baseYear: 2020, horizon: 2021)
    }

    func testSurvivorsMoveUpOneYearOfAge() throws {
        let r = try projectOneYear()
        let end = r.populations[1]
        // Female aged 49 (P = 500) survive at 0.9 into age 50: 450. Male aged 49 (P = 1000): 900.
        assertClose(end[.female, 50], 450, tol: 1e-9, "female 50")
        assertClose(end[.male, 50], 900, tol: 1e-9, "male 50")
        // Age 1 is fed by age 0: female 10 x 0.9 = 9, male 20 x 0.9 = 18.
        assertClose(end[.female, 1], 9, tol: 1e-9, "female 1")
        assertClose(end[.male, 1], 18, tol: 1e-9, "male 1")
        // Every cohort cell 1...89: 0.9 x P(a - 1) = 0.9 x 10 a (female), 0.9 x 20 a (male).
        for a in 1..<Ages.open {
            assertClose(end[.female, a], 9 * Double(a), tol: 1e-9, "female \(a)")
            assertClose(end[.male, a], 18 * Double(a), tol: 1e-9, "male \(a)")
        }
        // No fertility: nobody enters age 0.
        XCTAssertEqual(end[.female, 0], 0)
        XCTAssertEqual(end[.male, 0], 0)
    }

    func testAge89AndOpenGroupBothFeedOpenGroup() throws {
        let r = try projectOneYear()
        let c = r.components[0]
        let f90 = Ages.index(.female, 90), m90 = Ages.index(.male, 90)
        // Female: P(89) = 900, P(90+) = 910. start = 1810; deaths = 900 x 0.1 + 910 x 0.5 = 90 + 455 = 545;
        // end = 810 + 455 = 1265.
        assertClose(c.start[f90], 1810, tol: 1e-9, "female 90+ start")
        assertClose(c.deaths[f90], 545, tol: 1e-9, "female 90+ deaths")
        assertClose(c.end[f90], 1265, tol: 1e-9, "female 90+ end")
        // Male: P(89) = 1800, P(90+) = 1820. start 3620; deaths 180 + 910 = 1090; end 2530.
        assertClose(c.start[m90], 3620, tol: 1e-9, "male 90+ start")
        assertClose(c.deaths[m90], 1090, tol: 1e-9, "male 90+ deaths")
        assertClose(c.end[m90], 2530, tol: 1e-9, "male 90+ end")
        assertClose(r.populations[1][.female, 90], 1265, tol: 1e-9, "female 90+ population")
    }

    func testDeathsAndStartArePerEndCell() throws {
        let r = try projectOneYear()
        let c = r.components[0]
        XCTAssertEqual(c.year, 2021, "components are labelled by the end mid-year")
        // Cell (sex, a) for a = 1...89: start = P(a - 1), deaths = P(a - 1) x (1 - 0.9).
        for a in 1..<Ages.open {
            let f = Ages.index(.female, a), m = Ages.index(.male, a)
            assertClose(c.start[f], 10 * Double(a), tol: 1e-9, "female \(a) start")
            assertClose(c.deaths[f], Double(a), tol: 1e-9, "female \(a) deaths")
            assertClose(c.start[m], 20 * Double(a), tol: 1e-9, "male \(a) start")
            assertClose(c.deaths[m], 2 * Double(a), tol: 1e-9, "male \(a) deaths")
        }
        // Age 0 has no start cohort.
        XCTAssertEqual(c.start[Ages.index(.female, 0)], 0)
        XCTAssertEqual(c.start[Ages.index(.male, 0)], 0)
        // Totals: the start column holds the whole base population.
        // Female base = 10 x (1 + ... + 91) = 10 x 4186 = 41860; male = 83720; all = 125580.
        assertClose(c.totalStart, 125_580, tol: 1e-6, "total start")
        // Deaths: 0.1 x (all but the 90+ cells) + 0.5 x 90+ cells
        // = 0.1 x (125580 - 910 - 1820) + 0.5 x 2730 = 12285 + 1365 = 13650.
        assertClose(c.totalDeaths, 13_650, tol: 1e-6, "total deaths")
        assertClose(c.totalEnd, 125_580 - 13_650, tol: 1e-6, "total end")
        XCTAssertEqual(c.migrationBasis, "trend")
    }

    /// The survival ratios of the step out of `year` are used (mortality schedules are indexed by the start year).
    func testEachStepUsesItsOwnYearsSurvival() throws {
        let s1 = Make.survival(cohort: 0.9, open: 0.5, birth: 1)
        let s2 = Make.survival(cohort: 0.8, open: 0.5, birth: 1)
        let m = MortalitySchedule(firstYear: 2020, ratios: [[s1, s1], [s2, s2]])
        var p = PopulationTable.zero
        p[.female, 10] = 1000
        let r = try Projector.project(Make.inputs(base: p, mortality: m), baseYear: 2020, horizon: 2023)
        // 1000 -> x0.9 (2020->21) = 900 at 11 -> x0.8 (2021->22) = 720 at 12 -> x0.8 (last repeats) = 576 at 13.
        assertClose(r.populations[1][.female, 11], 900, tol: 1e-9, "mid-2021")
        assertClose(r.populations[2][.female, 12], 720, tol: 1e-9, "mid-2022")
        assertClose(r.populations[3][.female, 13], 576, tol: 1e-9, "mid-2023")
        XCTAssertEqual(r.years, 2020...2023)
    }
}

/// Births: women at the start mid-year times their rates, split by the sex ratio, less infant deaths.
final class BirthsTests: XCTestCase {
    /// 1000 women and 500 men at each age 20-29; rates 0.05 at ages 20-29 and at 45 (where there are no women).
    private func fixture() -> (PopulationTable, FertilitySchedule) {
        var p = PopulationTable.zero
        var r = [Double](repeating: 0, count: Ages.count)
        for a in 20...29 { p[.female, a] = 1000; p[.male, a] = 500; r[a] = 0.05 }
        r[45] = 0.05
        return (p, FertilitySchedule(rates: r))
    }

    func testBirthsAreWomenTimesRatesSplitBySexRatio() {
        let (p, f) = fixture()
        let b = Births.compute(population: p, fertility: f, sexRatio: 1.05)
        // B = 10 ages x 1000 women x 0.05 = 500; male = 500 x 1.05 / 2.05 = 256.0975609756...; female = 500 / 2.05.
        assertClose(b.female + b.male, 500, tol: 1e-9, "all births")
        assertClose(b.male, 500 * 1.05 / 2.05, tol: 1e-9, "male births")
        assertClose(b.female, 500 / 2.05, tol: 1e-9, "female births")
        assertClose(b.male / b.female, 1.05, tol: 1e-12, "sex ratio")
        let even = Births.compute(population: p, fertility: f, sexRatio: 1)
        assertClose(even.female, 250, tol: 1e-9, "female births, sex ratio 1")
        assertClose(even.male, 250, tol: 1e-9, "male births, sex ratio 1")
    }

    func testInfantSurvivalAndStartOfYearWomen() throws {
        let (p, f) = fixture()
        // Cohort survival 0.9: if births used the survivors they would be 450, not 500.
        let m = Make.mortality(Make.survival(cohort: 0.9, open: 0.5, birth: 0.99), firstYear: 2020)
        let r = try Projector.project(Make.inputs(base: p, mortality: m, fertility: [f], sexRatio: 1.05),
                                      baseYear: 2020, horizon: 2021)
        let c = r.components[0]
        let f0 = Ages.index(.female, 0), m0 = Ages.index(.male, 0)
        // Female births 500 / 2.05 = 243.90243902...; infant deaths 1% = 2.43902439...; age 0 = 241.46341463...
        assertClose(c.births[f0], 243.902_439_024_390_24, tol: 1e-9, "female births")
        assertClose(c.deaths[f0], 2.439_024_390_243_902, tol: 1e-9, "female infant deaths")
        assertClose(r.populations[1][.female, 0], 241.463_414_634_146_35, tol: 1e-9, "female age 0")
        // Male births 256.09756097...; x 0.99 = 253.53658536...
        assertClose(c.births[m0], 256.097_560_975_609_75, tol: 1e-9, "male births")
        assertClose(r.populations[1][.male, 0], 253.536_585_365_853_65, tol: 1e-9, "male age 0")
        // Births appear only in the age-0 cells.
        for a in 1...Ages.open {
            XCTAssertEqual(c.births[Ages.index(.female, a)], 0, "female \(a)")
            XCTAssertEqual(c.births[Ages.index(.male, a)], 0, "male \(a)")
        }
        assertClose(c.totalBirths, 500, tol: 1e-9, "total births")
    }
}
