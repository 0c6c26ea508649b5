import Foundation
import XCTest
import Demography
@testable import Scenarios

/// The fixture's housing figures by hand (tiny.toml, population.csv, dwellings.csv):
/// A: base 121030, communal 1% = 1210.3, dwellings 50000 + 500 a year -> ppd = (121030 - 1210.3) / 50000 = 2.396394.
/// B: base 64610, communal 646.1, dwellings 26000 + 100 a year -> ppd = 63963.9 / 26000 = 2.46015.
final class ModelBuilderTests: XCTestCase {
    var fx: TinyFixture!
    override func setUpWithError() throws { fx = try TinyFixture() }
    override func tearDown() { fx.remove() }

    func builder() throws -> ModelBuilder {
        let (s, i) = try fx.load()
        return ModelBuilder(scenario: s, inputs: i)
    }

    func testHousingTargetByHand() throws {
        let b = try builder()
        let a = Assumptions(b.scenario)
        let h = b.housingTargets("A", a)[2023 - 2020]
        assertClose(h.dwellings, 51_500, tol: 1e-9, "A dwellings 2023")
        assertClose(h.communal, 1_210.3, tol: 1e-9, "A communal")
        assertClose(h.personsPerDwelling, 2.396_394, tol: 1e-12, "A persons per dwelling")
        // 51500 x 2.396394 + 1210.3 = 123414.291 + 1210.3 = 124624.591
        assertClose(h.population, 124_624.591, tol: 1e-6, "A target 2023")
        // The base-year target reproduces the base population.
        assertClose(b.housingTargets("B", a)[2020 - 2020].population, 64_610, tol: 1e-6, "B target 2020 = base")
    }

    func testPersonsPerDwellingChangeAndNetAdditions() throws {
        try fx.replace("tiny.toml", "persons_per_dwelling_change = 0.0", with: "persons_per_dwelling_change = 0.01")
        try fx.write("tiny.toml", try fx.read("tiny.toml") + "\n[housing.net_additions]\nA = 1000\nB = 0\n")
        let b = try builder()
        let a = Assumptions(b.scenario)
        XCTAssertEqual(b.scenario.housing.netAdditions, ["A": 1000, "B": 0])
        // Net additions replace the stock file's trajectory: A 50000 + 3 x 1000; B stays 26000.
        assertClose(b.dwellingStock("A", a)[2023 - 2020], 53_000, tol: 1e-9, "A dwellings")
        assertClose(b.dwellingStock("B", a)[2025 - 2020], 26_000, tol: 1e-9, "B dwellings")
        // ppd grows 1% a year from 2.396394: 2.396394 x 1.01^3 = 2.46900...
        assertClose(b.housingTargets("A", a)[2023 - 2020].personsPerDwelling, 2.396_394 * 1.030_301, tol: 1e-12, "A ppd 2023")
    }

    func testNetAdditionsMustNameEveryPlace() throws {
        try fx.write("tiny.toml", try fx.read("tiny.toml") + "\n[housing.net_additions]\nA = 1000\n")
        try fx.assertKeyError(lineOf: "[housing.net_additions]", key: "housing.net_additions.B",
                            contains: ["missing", "every Place (A, B)"])
    }

    func testRulesAndFertilityPerStep() throws {
        let b = try builder()
        let inputs = b.placeInputs(Assumptions(b.scenario))
        XCTAssertEqual(inputs.map(\.name), ["A", "B"])
        let a = inputs[0]
        XCTAssertEqual(a.migrationRules.count, 5, "steps 2020->21 ... 2024->25")
        // housing_led_from = 2022: the step into 2021 uses the 2021 residual cells, later steps the dwellings.
        guard case .cells(let first) = a.migrationRules[0] else { return XCTFail("first rule \(a.migrationRules[0])") }
        XCTAssertEqual(first.reduce(0, +), 53, "A 2021: 13 x 3 + 13 x 2 - 12 x 1")
        for (i, r) in a.migrationRules.dropFirst().enumerated() {
            guard case .housingLed(let h) = r else { XCTFail("rule \(i + 1): \(r)"); continue }
            assertClose(h.dwellings, 51_000 + 500 * Double(i), tol: 1e-9, "A dwellings mid-\(2022 + i)")
        }
        // TFR 1.6 (2020), 1.55 (2021), 1.5 (2022), then the last year repeats.
        for (i, t) in [1.6, 1.55, 1.5, 1.5, 1.5].enumerated() {
            assertClose(a.fertility[i].tfr, t, tol: 1e-12, "A TFR step \(2020 + i)")
        }
        assertClose(inputs[1].fertility[4].tfr, 1.8, tol: 1e-12, "B TFR 2024 (last given year 2021)")
        XCTAssertEqual(a.sexRatioAtBirth, 1.05)
        XCTAssertEqual(a.registration, Registration(uniform: 1.05))
    }

    func testTrendMigrationIsTheMeanOfTrendYears() throws {
        let b = try builder()
        let t = b.trendMigration("A")
        // A female 18-30: (3 + 5) / 2 = 4; male 18-30: (2 + 4) / 2 = 3; 65-70: (-1 - 2) / 2 = -1.5.
        XCTAssertEqual(t[Ages.index(.female, 25)], 4)
        XCTAssertEqual(t[Ages.index(.male, 18)], 3)
        XCTAssertEqual(t[Ages.index(.male, 67)], -1.5)
        XCTAssertEqual(t[Ages.index(.female, 40)], 0)
        XCTAssertEqual(b.trendMigration("B")[Ages.index(.male, 29)], 1.5)
    }

    func testImprovementRatiosFromProjectedQx() throws {
        let b = try builder()
        // Fixture file, female age 60: qx 2020 = 0.0055531225, 2021 = 0.0051399011, 2022 = 0.0050582469;
        // centre year 2021. Step 2020->21 straddles 2020 and 2021, so ratio = mean(2020, 2021) / 2021.
        assertClose(b.improvement[0][Sex.female.rawValue][60], 0.5 * (0.0055531225 + 0.0051399011) / 0.0051399011, tol: 1e-12, "2020")
        assertClose(b.improvement[1][Sex.female.rawValue][60], 0.5 * (0.0051399011 + 0.0050582469) / 0.0051399011, tol: 1e-12, "2021")
        assertClose(b.improvement[0][Sex.female.rawValue][0], 0.5 * (0.0034343669 + 0.0030015088) / 0.0030015088, tol: 1e-12, "2020 age 0")
    }

    func testImprovementOffUsesTheBaseTable() throws {
        try fx.replace("tiny.toml", "improvement = true", with: "improvement = false")
        let b = try builder()
        let m = b.mortality(Assumptions(b.scenario))
        let ax = LifeTable.separationFactors(qx: b.inputs.baseQx[1], mx: b.inputs.baseMx[1])
        let base = SurvivalRatios(table: LifeTable(qx: b.inputs.baseQx[1], mx: b.inputs.baseMx[1], ax: ax))
        for y in 2020...2024 {
            let s = m.survival(step: y, sex: .male)
            for a in Ages.all { assertClose(s.cohort[a], base.cohort[a], tol: 1e-12, "male \(a) step \(y)") }
        }
    }
}

final class ProjectionRunTests: XCTestCase {
    var fx: TinyFixture!
    override func setUpWithError() throws { fx = try TinyFixture() }
    override func tearDown() { fx.remove() }

    func project() throws -> ProjectionRun {
        let (s, i) = try fx.load()
        let b = ModelBuilder(scenario: s, inputs: i)
        return try ProjectionRun.run(b, Assumptions(s))
    }

    func testHousingLedYearsHitTheHandComputedTargets() throws {
        let r = try project()
        // A 2022: 51000 x 2.396394 + 1210.3 = 123426.394; 2023: 124624.591.
        // B 2022: 26200 x 2.46015 + 646.1 = 65102.03; 2023: 26300 x 2.46015 + 646.1 = 65348.045.
        assertClose(r.resident(2022, place: "A"), 123_426.394, tol: 1e-6, "A 2022")
        assertClose(r.resident(2023, place: "A"), 124_624.591, tol: 1e-6, "A 2023")
        assertClose(r.resident(2022, place: "B"), 65_102.03, tol: 1e-6, "B 2022")
        assertClose(r.resident(2023, place: "B"), 65_348.045, tol: 1e-6, "B 2023")
        assertClose(r.resident(2020), 121_030 + 64_610, tol: 1e-9, "base year, all Places")
        // 2021 is not housing-led: its net migration is the 2021 residual file (A 53, B 20).
        XCTAssertEqual(r.places[0].components[0].migrationBasis, "given")
        assertClose(r.places[0].components[0].totalNetMigration, 53, tol: 1e-9, "A net migration 2021")
        assertClose(r.places[1].components[0].totalNetMigration, 20, tol: 1e-9, "B net migration 2021")
    }

    func testRegisteredMarchWeightsTheMidYears() throws {
        let r = try project()
        // 31 March 2023 = 1.05 x (0.25 x mid-2022 + 0.75 x mid-2023)
        // = 1.05 x (0.25 x (123426.394 + 65102.03) + 0.75 x (124624.591 + 65348.045)) = 199092.16215.
        assertClose(r.registeredMarch(2023), 199_092.162_15, tol: 1e-6, "all Places")
        // B alone: 1.05 x (0.25 x 65102.03 + 0.75 x 65348.045) = 68550.8683125.
        assertClose(r.registeredMarch(2023, place: "B"), 68_550.868_312_5, tol: 1e-6, "B")
        let p = r.places[0]
        let want = 1.05 * (0.25 * p.resident(2024).total(ages: 65...90) + 0.75 * p.resident(2025).total(ages: 65...90))
        assertClose(r.registeredMarch(2025, ages: 65...90, place: "A"), want, tol: 1e-6, "A 65+")
    }

    func testListInflationPerPlace() throws {
        try fx.replace("tiny.toml", "list_inflation = 1.05", with: "list_inflation = { A = 1.1, B = 1.2 }")
        let r = try project()
        assertClose(r.places[0].registered(2025).total, 1.1 * r.resident(2025, place: "A"), tol: 1e-6, "A")
        assertClose(r.places[1].registered(2025).total, 1.2 * r.resident(2025, place: "B"), tol: 1e-6, "B")
    }

    func testListInflationTableMustNameEveryPlace() throws {
        try fx.replace("tiny.toml", "list_inflation = 1.05", with: "list_inflation = { A = 1.1 }")
        try fx.assertKeyError(lineOf: "list_inflation", key: "registration.list_inflation.B",
                            contains: ["missing", "every Place (A, B)"])
    }

    func testEveryYearKeepsTheAccountingIdentity() throws {
        let r = try project()
        for p in r.places {
            for c in p.components {
                let (i, res) = c.worstResidual(tolerance: 0)  // the largest |residual|
                XCTAssertLessThanOrEqual(abs(res), 1e-6, "\(p.name) mid-\(c.year) cell \(i)")
                XCTAssertFalse(c.end.contains { $0 < 0 }, "\(p.name) mid-\(c.year)")
            }
        }
    }
}
