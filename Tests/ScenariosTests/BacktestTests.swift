import Foundation
import XCTest
import Demography
@testable import Scenarios

/// `cohort backtest`: nothing after the base year reaches a back-tested run, and the measures are what they say.
final class BacktestTests: XCTestCase {
    static let blmk = ["E06000032", "E06000042", "E06000055", "E06000056"]

    static func run(_ data: EnglandData, base: Int = 2018, targets: [Int] = [2020, 2022], methods: [Backtest.Method] = Backtest.Method.allCases) throws -> Backtest.Result {
        let e = EnglandDataTests.scenarios.appendingPathComponent("data/england"), n = EnglandDataTests.scenarios.appendingPathComponent("data/blmk")
        let tables = try Backtest.readLifeTables(e.appendingPathComponent("national_life_tables_1980_2022.csv"))
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-backtest-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        return try Backtest.run(Backtest.Config(base: base, targets: targets, lads: blmk, methods: methods), data: data, lifeTables: tables,
                                fertilityShape: n.appendingPathComponent("fertility_asfr_uk_unwpp2022.csv"),
                                profiles: n.appendingPathComponent("rogers_castro_parameters.csv"), workFolder: work)
    }

    /// Every input year after the base scaled by `f` (net additions after `lastFY`).
    static func corrupted(_ d: EnglandData, after base: Int, lastFY: Int, by f: Double) -> EnglandData {
        var c = d
        for (y, byLad) in d.estimates where y > base { c.estimates[y] = byLad.mapValues { PopulationTable(values: $0.values.map { $0 * f }) } }
        for (y, byLad) in d.components where y > base {
            c.components[y] = byLad.mapValues { var x = $0; x.births *= f; x.deaths *= f; x.internalNet *= f; x.internationalNet *= f; return x }
        }
        for (y, byLad) in d.netAdditions where y > lastFY { c.netAdditions[y] = byLad.mapValues { $0 * f + 100 } }
        for (y, byLad) in d.stock where y > base { c.stock[y] = byLad.mapValues { $0 * f } }
        for (y, byLad) in d.totals where y > base { c.totals[y] = byLad.mapValues { ($0.population * f, $0.series) } }
        return c
    }

    func testNothingAfterTheBaseReachesABacktestedRun() throws {
        let d = try EnglandDataTests.data()
        let clean = try Self.run(d)
        // Trend runs and benchmarks: every year after 2018 corrupted, completions from FY 2018 too.
        let dirty = try Self.run(Self.corrupted(d, after: 2018, lastFY: 2017, by: 1.37), methods: [.cohortTrend, .noChange, .hamiltonPerry])
        for m in [Backtest.Method.cohortTrend, .noChange, .hamiltonPerry] {
            for lad in Self.blmk { for t in [2020, 2022] {
                XCTAssertEqual(clean.projected[m]![lad]![t]!, dirty.projected[m]![lad]![t]!, "\(m.rawValue) \(lad) \(t)")
            } }
        }
        // The perfect-foresight run reads completions up to its last target (FY 2022) and nothing later.
        let foresight = try Self.run(Self.corrupted(d, after: 2018, lastFY: 2022, by: 1.37), methods: [.cohortHousingLed])
        for lad in Self.blmk { for t in [2020, 2022] {
            XCTAssertEqual(clean.projected[.cohortHousingLed]![lad]![t]!, foresight.projected[.cohortHousingLed]![lad]![t]!, "\(lad) \(t)")
        } }
        XCTAssertTrue(clean.setup.estimatesRead.allSatisfy { $0 <= 2018 }, "\(clean.setup.estimatesRead)")
        XCTAssertTrue(clean.setup.componentsRead.allSatisfy { $0 <= 2018 }, "\(clean.setup.componentsRead)")
        XCTAssertEqual(clean.setup.netAdditionsRead["cohort-housing-led"]?.max(), 2022)
        XCTAssertEqual(clean.setup.lifeTable.prefix(34), "England national life table 2014-2")
        // And the check can fail: corrupting the base year itself changes every method's projection.
        let base = try Self.run(Self.corrupted(d, after: 2017, lastFY: 2017, by: 1.37), targets: [2020])
        for m in Backtest.Method.allCases {
            XCTAssertNotEqual(clean.projected[m]!["E06000042"]![2020]!, base.projected[m]!["E06000042"]![2020]!, m.rawValue)
        }
    }

    /// No change projects the base; Hamilton-Perry's ratios reproduce the last step when fitted on it alone.
    func testBenchmarks() throws {
        let d = try EnglandDataTests.data()
        let r = try Self.run(d, targets: [2019], methods: [.noChange, .hamiltonPerry])
        XCTAssertEqual(r.projected[.noChange]!["E06000055"]![2019]!, d.estimates[2018]!["E06000055"]!)
        // Ratios fitted on the one step 2017 -> 2018 and applied to 2017 give 2018 exactly (ages 1..90+; age 0 from
        // the child-woman ratio of the same step).
        let hp = Backtest.hamiltonPerry(["E06000042"], data: d, base: 2017, years: [2017, 2018], targets: [2018])["E06000042"]![2018]!
        let actual = d.estimates[2018]!["E06000042"]!
        for s in Sex.allCases { for a in Ages.all { XCTAssertEqual(hp[s, a], actual[s, a], accuracy: 1e-6, "\(s) \(a)") } }
        XCTAssertEqual(r.setup.hamiltonPerryYears, [2015, 2016, 2017, 2018])
        XCTAssertEqual(Backtest.defaultWindow(base: 2018, data: d), [2016, 2018])
        XCTAssertEqual(Backtest.hamiltonPerryWindow(base: 2015, data: d), [2011, 2015])
    }

    func testMeasures() {
        let s = BacktestMeasures.stats([1, -2, 3, -4, 12])
        XCTAssertEqual(s.n, 5)
        XCTAssertEqual(s.mape, 22.0 / 5, accuracy: 1e-12)
        XCTAssertEqual(s.bias, 10.0 / 5, accuracy: 1e-12)
        XCTAssertEqual(s.medianAPE, 3)
        XCTAssertEqual(s.p90APE, 4 + 0.6 * 8, accuracy: 1e-12)  // sorted |e| = 1,2,3,4,12; position 3.6
        XCTAssertEqual(s.within5, 80)
        XCTAssertEqual(s.within10, 80)
        XCTAssertEqual(BacktestMeasures.sizeClass(99_999), "<100k")
        XCTAssertEqual(BacktestMeasures.sizeClass(250_000), "100-250k")
        XCTAssertEqual(BacktestMeasures.sizeClass(250_001), ">250k")
        XCTAssertEqual(BacktestMeasures.BandSet.fiveYear.bands.map(BacktestMeasures.BandSet.fiveYear.label).first, "0-4")
        XCTAssertEqual(BacktestMeasures.BandSet.fiveYear.bands.map(BacktestMeasures.BandSet.fiveYear.label).last, "90+")
        XCTAssertEqual(BacktestMeasures.BandSet.broad.bands.map(BacktestMeasures.BandSet.broad.label), ["0-19", "20-39", "40-64", "65-79", "80+"])
    }

    /// Rows: one per method x target x LA x sex x band; bands add up to the total; the series break is flagged.
    func testRowsAddUpAndFlagTheSeriesBreak() throws {
        let d = try EnglandDataTests.data()
        let r = try Self.run(d, methods: [.noChange, .cohortTrend])
        let rows = BacktestMeasures.rows(r, data: d)
        XCTAssertEqual(rows.count, 2 * 2 * 4 * 3 * (1 + 5 + 19))
        XCTAssertFalse(rows.first { $0.target == 2020 }!.crossesSeriesBreak)
        XCTAssertTrue(rows.first { $0.target == 2022 }!.crossesSeriesBreak)
        for lad in Self.blmk {
            let sel = rows.filter { $0.lad == lad && $0.method == .cohortTrend && $0.target == 2022 && $0.sex == "persons" }
            let total = sel.first { $0.bandSet == .all }!
            for set in [BacktestMeasures.BandSet.broad, .fiveYear] {
                XCTAssertEqual(sel.filter { $0.bandSet == set }.reduce(0) { $0 + $1.projected }, total.projected, accuracy: 1e-6)
                XCTAssertEqual(sel.filter { $0.bandSet == set }.reduce(0) { $0 + $1.actual }, total.actual, accuracy: 1e-6)
            }
            XCTAssertEqual(total.actual, d.estimates[2022]![lad]!.total)
        }
        let summary = BacktestMeasures.summary(rows)
        let all = summary.first { $0.method == .noChange && $0.target == 2020 && $0.sex == "persons" && $0.bandSet == .all && $0.group == "all" }!
        let errors = rows.filter { $0.method == .noChange && $0.target == 2020 && $0.sex == "persons" && $0.bandSet == .all }.map(\.errorPct)
        XCTAssertEqual(all.stats.n, 4)
        XCTAssertEqual(all.stats.mape, errors.map(abs).reduce(0, +) / 4, accuracy: 1e-12)
    }
}
