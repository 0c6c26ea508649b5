import XCTest
@testable import Demography

final class MigrationScheduleTests: XCTestCase {
    /// Trend +10 at female 20 and -4 at male 30 (trend total 6); adjustment shares 0.25 at female 20, 0.75 at male 25.
    private func schedule() -> MigrationSchedule {
        var trend = Make.zeros(), shares = Make.zeros()
        trend[Ages.index(.female, 20)] = 10
        trend[Ages.index(.male, 30)] = -4
        shares[Ages.index(.female, 20)] = 0.25
        shares[Ages.index(.male, 25)] = 0.75
        return MigrationSchedule(trend: trend, adjustmentShares: shares)
    }

    func testDistributeAddsTheDifferenceByShares() {
        let s = schedule()
        XCTAssertEqual(s.trendTotal, 6)
        // Total 26: extra 20 -> female 20: 10 + 5 = 15; male 25: 0 + 15 = 15; male 30 stays -4.
        let v = s.distribute(total: 26)
        assertClose(v[Ages.index(.female, 20)], 15, tol: 1e-12, "female 20")
        assertClose(v[Ages.index(.male, 25)], 15, tol: 1e-12, "male 25")
        assertClose(v[Ages.index(.male, 30)], -4, tol: 1e-12, "male 30")
        assertClose(v.reduce(0, +), 26, tol: 1e-12, "total")
        XCTAssertEqual(v.filter { $0 != 0 }.count, 3, "no other cell changes")
    }

    func testDistributeBelowTrendAndAtTrend() {
        let s = schedule()
        // Total -94: extra -100 -> female 20: 10 - 25 = -15; male 25: -75; male 30: -4.
        let v = s.distribute(total: -94)
        assertClose(v[Ages.index(.female, 20)], -15, tol: 1e-12, "female 20")
        assertClose(v[Ages.index(.male, 25)], -75, tol: 1e-12, "male 25")
        assertClose(v.reduce(0, +), -94, tol: 1e-12, "total")
        XCTAssertEqual(s.distribute(total: 6), s.trend, "the trend total gives the trend itself")
    }

    func testNetTotalAndGivenCellsRules() throws {
        var p = PopulationTable.zero
        for i in p.values.indices { p.values[i] = 100 }
        var given = Make.zeros()
        given[Ages.index(.male, 40)] = 7
        let inputs = Make.inputs(base: p, mortality: Make.mortality(Make.survival(cohort: 1, open: 1, birth: 1), firstYear: 2020),
                                 trend: schedule().trend, shares: schedule().adjustmentShares,
                                 rules: [.netTotal(26), .cells(given), .trend])
        let r = try Projector.project(inputs, baseYear: 2020, horizon: 2023)
        XCTAssertEqual(r.components.map(\.migrationBasis), ["net-total", "given", "trend"])
        XCTAssertEqual(r.components[0].netMigration, schedule().distribute(total: 26))
        XCTAssertEqual(r.components[1].netMigration, given)
        XCTAssertEqual(r.components[2].netMigration, schedule().trend)
        // No deaths, no births: only migration changes the total. 18200 + 26 + 7 + 6.
        assertClose(r.populations[3].total, 18_200 + 26 + 7 + 6, tol: 1e-9, "total after three years")
    }
}

final class HousingLedTests: XCTestCase {
    /// Every cell 100 (total 18200); cohort survival 0.98, open group 0.7, infant 0.995; fertility 0.06 at 20-34.
    /// Natural change 2020->21: deaths 0.02 x 18000 + 0.3 x 200 = 420; births 15 x 100 x 0.06 = 90, infant deaths 0.45.
    /// Natural end = 18200 - 420 + 90 - 0.45 = 17869.55.
    private func inputs(rules: [MigrationRule]) -> PlaceInputs {
        var p = PopulationTable.zero
        for i in p.values.indices { p.values[i] = 100 }
        var rates = [Double](repeating: 0, count: Ages.count)
        for a in 20...34 { rates[a] = 0.06 }
        var trend = Make.zeros()
        trend[Ages.index(.female, 25)] = 10
        trend[Ages.index(.male, 70)] = -4
        return Make.inputs(base: p, mortality: Make.mortality(Make.survival(cohort: 0.98, open: 0.7, birth: 0.995), firstYear: 2020),
                           fertility: [FertilitySchedule(rates: rates)], trend: trend, rules: rules)
    }

    func testPopulationMeetsHousingTarget() throws {
        // Target = 7500 x 2.4 + 250 = 18250.
        let h = HousingTarget(dwellings: 7500, personsPerDwelling: 2.4, communal: 250)
        assertClose(h.population, 18_250, tol: 1e-9, "target")
        let r = try Projector.project(inputs(rules: [.housingLed(h)]), baseYear: 2020, horizon: 2021)
        let c = r.components[0]
        assertClose(r.populations[1].total, 18_250, tol: 1e-6, "population = dwellings x ppd + communal")
        let natural = c.totalStart + c.totalBirths - c.totalDeaths
        assertClose(natural, 17_869.55, tol: 1e-6, "natural end (hand-computed)")
        assertClose(c.totalNetMigration, 18_250 - 17_869.55, tol: 1e-6, "migration = target - natural")
        // Trend total 6; extra 374.45 spread evenly (uniform shares 1/182).
        let extra = (18_250 - 17_869.55 - 6) / Double(Ages.cells)
        assertClose(c.netMigration[Ages.index(.female, 25)], 10 + extra, tol: 1e-9, "female 25")
        assertClose(c.netMigration[Ages.index(.male, 70)], -4 + extra, tol: 1e-9, "male 70")
        assertClose(c.netMigration[Ages.index(.male, 3)], extra, tol: 1e-9, "male 3")
        XCTAssertEqual(c.migrationBasis, "housing-led")
        XCTAssertEqual(c.housing, h)
    }

    func testEachYearMeetsItsOwnTarget() throws {
        let targets = [HousingTarget(dwellings: 7500, personsPerDwelling: 2.4, communal: 250),
                       HousingTarget(dwellings: 7400, personsPerDwelling: 2.3, communal: 250),
                       HousingTarget(dwellings: 8000, personsPerDwelling: 2.4, communal: 0)]
        let r = try Projector.project(inputs(rules: targets.map { .housingLed($0) }), baseYear: 2020, horizon: 2024)
        // 18250, 7400 x 2.3 + 250 = 17270, 19200, then the last target repeats.
        for (i, want) in [18_250.0, 17_270, 19_200, 19_200].enumerated() {
            assertClose(r.populations[i + 1].total, want, tol: 1e-6, "mid-\(2021 + i)")
            let c = r.components[i]
            assertClose(c.totalNetMigration, want - (c.totalStart + c.totalBirths - c.totalDeaths), tol: 1e-6,
                        "migration = target - natural, mid-\(2021 + i)")
        }
    }
}
