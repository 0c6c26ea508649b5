import XCTest
import Foundation
@testable import Scenarios
import Demography
import Demand

/// Options of issue 15 on the tiny fixture: gross-flow migration, the derivation record, the registration profile.
final class MethodOptionsTests: XCTestCase {
    var fx: TinyFixture!
    override func setUpWithError() throws { fx = try TinyFixture() }
    override func tearDown() { fx.remove() }

    func project() throws -> ProjectionRun {
        let (s, i) = try fx.load()
        return try ProjectionRun.run(ModelBuilder(scenario: s, inputs: i), Assumptions(s))
    }

    func testGrossFlowsReachTheSameHousingTargetsWithAnotherAgeProfile() throws {
        try fx.replace("tiny.toml", "adjustment_profile = \"Western standard\"",
                       with: "adjustment_profile = \"Western standard\"\nadjustment = \"net-profile\"")
        let net = try project()
        XCTAssertEqual(try fx.load().0.migration.adjustment, .netProfile)
        for profile in InMigrantProfile.allCases {
            let fresh = try TinyFixture()
            defer { fresh.remove() }
            try fresh.replace("tiny.toml", "adjustment_profile = \"Western standard\"",
                              with: "adjustment_profile = \"Western standard\"\nadjustment = \"gross-flows\"\nin_migrant_profile = \"\(profile.rawValue)\"")
            let (s, i) = try fresh.load()
            XCTAssertEqual(s.migration.adjustment, .grossFlows)
            let gross = try ProjectionRun.run(ModelBuilder(scenario: s, inputs: i), Assumptions(s))
            var moved = 0.0
            for (a, b) in zip(net.places, gross.places) {
                for y in 2022...2025 { assertClose(b.resident(y).total, a.resident(y).total, tol: 1e-6, "\(profile) \(a.name) \(y): housing target") }
                for c in b.components {
                    for j in 0..<Ages.cells {
                        assertClose(c.end[j], c.start[j] + c.births[j] - c.deaths[j] + c.netMigration[j], tol: 1e-6, "\(profile) \(a.name) \(c.year) cell \(j)")
                        XCTAssertGreaterThanOrEqual(c.end[j], 0, "\(profile) \(a.name) \(c.year) cell \(j)")
                    }
                }
                moved += zip(a.resident(2025).values, b.resident(2025).values).reduce(0) { $0 + abs($1.0 - $1.1) }
            }
            XCTAssertGreaterThan(moved, 1, "\(profile): gross flows should place migrants at other ages than the net profile")
        }
    }

    func testAnUnknownAdjustmentIsRefused() throws {
        try fx.replace("tiny.toml", "adjustment_profile = \"Western standard\"", with: "adjustment_profile = \"Western standard\"\nadjustment = \"gross\"")
        try fx.assertKeyError(lineOf: "adjustment = \"gross\"", key: "migration.adjustment", contains: ["\"gross\"", "\"net-profile\", \"gross-flows\""])
    }

    /// The header line `cohort derive` writes, for the tiny fixture's mortality.
    func addRecord(level: String = "1.0", table: String = "life_table.csv", year: Int = 2021) throws {
        let text = try fx.read("migration.csv")
        try fx.write("migration.csv", "# derived-with: mortality.level = \(level), life_table = \(table), life_table_centre_year = \(year)\n" + text)
    }

    func testAScenarioWithTheRecordedMortalityLoads() throws {
        try addRecord()
        XCTAssertNoThrow(try fx.load())
    }

    func testAMortalityLevelOtherThanTheDerivationsIsRefused() throws {
        try addRecord()
        try fx.replace("tiny.toml", "improvement = true\nlevel = 1.0", with: "improvement = true\nlevel = 0.9")
        assertInputError(expectInputError(fx.scenario), file: "migration.csv", location: nil,
                         contains: ["mortality.level = 0.9 (derived with 1.0)", "re-run `cohort derive`", "twice"])
    }

    func testALifeTableOtherThanTheDerivationsIsRefused() throws {
        try addRecord(table: "life_table_2017_19.csv", year: 2018)
        assertInputError(expectInputError(fx.scenario), file: "migration.csv", location: nil,
                         contains: ["inputs.life_table = life_table.csv (derived with life_table_2017_19.csv)",
                                    "mortality.life_table_centre_year = 2021 (derived with 2018)"])
    }

    func testDerivedFilesWithoutARecordStillLoadAtAnyLevel() throws {
        try fx.replace("tiny.toml", "improvement = true\nlevel = 1.0", with: "improvement = true\nlevel = 0.9")
        let (s, _) = try fx.load()
        XCTAssertEqual(s.mortality.level, 0.9)
    }

    func testAMalformedRecordIsReported() throws {
        try addRecord(level: "one")
        assertInputError(expectInputError(fx.scenario), file: "migration.csv", location: nil,
                         contains: ["is not a derivation record", "mortality.level = <number>"])
    }

    func testTheRecordRoundTripsThroughTheHeader() throws {
        let (s, _) = try fx.load()
        let r = DerivationRecord(s)
        XCTAssertEqual(try DerivationRecord.parse([String(r.comment.dropFirst())], file: "x"), r)
        XCTAssertEqual(r, DerivationRecord(mortalityLevel: 1, lifeTable: "life_table.csv", lifeTableCentreYear: 2021))
    }

    func testCalibrationYearOutsideTheDeathsTableIsRefused() throws {
        try fx.replace("tiny.toml", "improvement = true\nlevel = 1.0", with: "improvement = true\nlevel = 1.0\n\n[mortality.calibration]\ndeaths = 100\nfy = 2025")
        try fx.assertKeyError(lineOf: "fy = 2025", key: "mortality.calibration.fy", contains: ["= 2025", "2020 to 2024"])
    }

    func writeProfile(_ rows: String) throws {
        try fx.write("profile.csv", "sex,age_from,age_to,relative\n" + rows)
        try fx.replace("tiny.toml", "dwellings = \"dwellings.csv\"", with: "dwellings = \"dwellings.csv\"\nregistration_profile = \"profile.csv\"")
        try fx.replace("tiny.toml", "list_inflation = 1.05", with: "list_inflation = 1.05\nprofile = \"age-sex\"")
    }

    func testAgeSexListInflationKeepsEachPlacesBaseTotalAndShapesTheAges() throws {
        try writeProfile("female,0,29,1.2\nfemale,30,90,1.0\nmale,0,29,1.3\nmale,30,90,1.0\n")
        let r = try project()
        for p in r.places {
            let base = p.resident(2020)
            assertClose(p.registered(2020).total, 1.05 * base.total, tol: 1e-6, "\(p.name): base-year registered total")
            // Factors keep the profile's ratios: female 20 / female 40 = 1.2, male 20 / female 20 = 1.3 / 1.2.
            let f = (0..<Ages.cells).map { p.registered(2020).values[$0] / base.values[$0] }
            assertClose(f[Ages.index(.female, 20)] / f[Ages.index(.female, 40)], 1.2, tol: 1e-12, "\(p.name) female 20 / 40")
            assertClose(f[Ages.index(.male, 20)] / f[Ages.index(.female, 20)], 1.3 / 1.2, tol: 1e-12, "\(p.name) male / female 20")
        }
    }

    func testARegistrationProfileWithAGapIsRefused() throws {
        try writeProfile("female,0,29,1.2\nfemale,31,90,1.0\nmale,0,90,1.0\n")
        assertInputError(expectInputError(fx.scenario), file: "profile.csv", location: nil, contains: ["no band for female age 30"])
    }

    func testAgeSexProfileNeedsItsInput() throws {
        try fx.replace("tiny.toml", "list_inflation = 1.05", with: "list_inflation = 1.05\nprofile = \"age-sex\"")
        try fx.assertKeyError(lineOf: "profile = \"age-sex\"", key: "registration.profile", contains: ["inputs.registration_profile"])
    }
}

/// The same options on the shipped BLMK scenario (deaths need its demand section).
final class BLMKMethodOptionsTests: XCTestCase {
    func load() throws -> (Scenario, ModelBuilder, DemandInputs) {
        let s = try ScenarioLoader.load(AcceptanceTests.scenarios.appendingPathComponent("blmk-baseline.toml"))
        return (s, ModelBuilder(scenario: s, inputs: try InputSet.load(s)), try DemandInputs.load(s.demand!, of: s))
    }

    func testResidentDeathsAreRegisteredDeathsWithoutTheListInflation() throws {
        let (s, b, d) = try load()
        let run = try ProjectionRun.run(b, Assumptions(s))
        var c = try XCTUnwrap(s.demand)
        c.deathsBasis = .registered
        let registered = try DemandRun.run(run, config: c, inputs: d)
        c.deathsBasis = .resident
        let resident = try DemandRun.run(run, config: c, inputs: d)
        XCTAssertEqual(resident.deathsBasis, .resident)
        for (pi, p) in s.places.enumerated() {
            let f = try XCTUnwrap(s.registration.listInflation[p])
            for i in registered.deathFYs.indices {
                assertClose(resident.deaths[pi][i] * f, registered.deaths[pi][i], tol: 1e-9 * registered.deaths[pi][i], "\(p) \(registered.deathFYs[i])")
            }
        }
    }

    func testShippedDerivedMigrationRecordsItsMortality() throws {
        let (s, _, _) = try load()
        let t = try CSVTable(url: s.inputs.migration)
        XCTAssertEqual(try DerivationRecord.parse(t.comments, file: t.file), DerivationRecord(s))
    }

    func testMortalityLevelFitMeetsTheObservedDeaths() throws {
        let (s, b, d) = try load()
        let target = Scenario.DeathsCalibration(deaths: 7652, fy: 2024, source: nil)
        let fit = try MortalityCalibration.fit(b, target: target, config: s.demand!, inputs: d)
        assertClose(fit.deaths, 7652, tol: 1e-4, "deaths at the fitted level")
        let again = try MortalityCalibration.deaths(b, level: fit.level, fy: 2024, config: s.demand!, inputs: d,
                                                    plan: DemandPlan(d, places: s.places))
        assertClose(again, 7652, tol: 1e-4, "deaths of a fresh run at the fitted level")
        XCTAssertGreaterThan(fit.deathsBefore, 7652, "the scenario's own level predicts more deaths than observed")
        XCTAssertLessThan(fit.level, s.mortality.level)
    }
}
