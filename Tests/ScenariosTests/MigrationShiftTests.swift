import Foundation
import XCTest
import Demography
import Sampling
@testable import Scenarios

/// The `migration_shift` uncertainty assumption: net migration a year as a share of each Place's base population.
final class MigrationShiftTests: XCTestCase {
    var fx: TinyFixture!
    override func setUpWithError() throws { fx = try TinyFixture() }
    override func tearDown() { fx.remove() }

    func trendScenario(_ uncertainty: String = "") throws -> Scenario {
        let u = fx.root.appendingPathComponent("shift/trend.toml")
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "extends = \"../tiny/tiny.toml\"\nname = \"trend\"\n[migration]\nmode = \"trend\"\n\(uncertainty)".write(to: u, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(u)
    }

    /// In the first year the shift adds exactly shift x base population (migrants join at the end of the year),
    /// spread by the adjustment profile; zero leaves the run unchanged.
    func testShiftAddsItsShareOfTheBasePopulation() throws {
        let s = try trendScenario(), inputs = try InputSet.load(s), b = ModelBuilder(scenario: s, inputs: inputs)
        var a = Assumptions(s)
        XCTAssertEqual(a.migrationShift, 0)
        let central = try ProjectionRun.run(b, a)
        a.migrationShift = 0.01
        let shifted = try ProjectionRun.run(b, a)
        for p in s.places {
            let base = inputs.base[p]!.total
            let d1 = shifted.resident(s.baseYear + 1, place: p) - central.resident(s.baseYear + 1, place: p)
            XCTAssertEqual(d1, 0.01 * base, accuracy: 1e-6 * base, p)
            // Later years: each year's shift again, less the deaths of the earlier shifted migrants, plus their births.
            let d3 = shifted.resident(s.baseYear + 3, place: p) - central.resident(s.baseYear + 3, place: p)
            XCTAssertEqual(d3 / (0.01 * base), 3, accuracy: 0.05, p)
            // Spread by the adjustment profile: mostly young adults.
            let young = shifted.places.first { $0.name == p }!.resident(s.baseYear + 1).total(ages: 20...34)
                - central.places.first { $0.name == p }!.resident(s.baseYear + 1).total(ages: 20...34)
            XCTAssertGreaterThan(young / d1, 0.3, p)
        }
    }

    /// Sampled through the run plan like every other assumption: its own column, centred on 0 in the central run.
    func testSampledByTheRunPlan() throws {
        XCTAssertEqual(AssumptionName(rawValue: "migration_shift"), .migrationShift)
        let s = try trendScenario("[uncertainty]\ndraws = 50\nseed = 7\n[uncertainty.assumptions]\nmigration_shift = { distribution = \"normal\", mean = 0, sd = 0.004 }\n")
        let plan = RunPlan(s)
        XCTAssertEqual(plan.columns, ["migration_shift"])
        XCTAssertEqual(plan.centralValues(), [0])
        let stream = RandomStream(seed: 1)
        var xs: [Double] = []
        for d in 1...50 {
            let (a, v) = try plan.sample(draw: d, stream: stream)
            XCTAssertEqual(a.migrationShift, v[0])
            xs.append(v[0])
        }
        let mean = xs.reduce(0, +) / 50, sd = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 49).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.004 * 4 / 50.0.squareRoot())
        XCTAssertEqual(sd, 0.004, accuracy: 0.0015)
    }
}

/// Drawn back-test intervals: independent of the thread count; coverage and the fitted shift are what they say.
final class BacktestCoverageTests: XCTestCase {
    func testDrawsAreIndependentOfThreadsAndWidenWithTheShift() throws {
        let d = try EnglandDataTests.data()
        func run(threads: Int, sd: Double?) throws -> Backtest.Result {
            let e = EnglandDataTests.scenarios.appendingPathComponent("data/england"), n = EnglandDataTests.scenarios.appendingPathComponent("data/blmk")
            var c = Backtest.Config(base: 2018, targets: [2020, 2022], lads: BacktestTests.blmk, methods: [.cohortTrend])
            c.draws = 40; c.seed = 11; c.threads = threads; c.migrationShiftSD = sd
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-bt-draws-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: work) }
            return try Backtest.run(c, data: d, lifeTables: Backtest.readLifeTables(e.appendingPathComponent("national_life_tables_1980_2022.csv")),
                                    fertilityShape: n.appendingPathComponent("fertility_asfr_uk_unwpp2022.csv"),
                                    profiles: n.appendingPathComponent("rogers_castro_parameters.csv"), workFolder: work)
        }
        let one = try run(threads: 1, sd: 0.005), two = try run(threads: 2, sd: 0.005), priors = try run(threads: 2, sd: nil)
        XCTAssertEqual(one.intervals[.cohortTrend]!.count, 4)
        for lad in BacktestTests.blmk { for t in [2020, 2022] {
            XCTAssertEqual(one.intervals[.cohortTrend]![lad]![t]!, two.intervals[.cohortTrend]![lad]![t]!, "\(lad) \(t)")
            let w = one.intervals[.cohortTrend]![lad]![t]![0], p = priors.intervals[.cohortTrend]![lad]![t]![0]
            XCTAssertEqual(w, w.sorted(), "percentiles in order")
            // The shift's 80% interval is about +/- 1.28 x 0.005 x horizon x population: far wider than the priors'.
            let h = Double(t - 2018), pop = d.estimates[2018]![lad]!.total
            XCTAssertEqual((w[5] - w[1]) / (2 * 1.2816 * 0.005 * h * pop), 1, accuracy: 0.35, "\(lad) \(t)")
            XCTAssertLessThan(p[5] - p[1], (w[5] - w[1]) / 2, "\(lad) \(t)")
            // The median stays near the central projection.
            let central = one.projected[.cohortTrend]![lad]![t]!.total
            XCTAssertEqual(w[3] / central, 1, accuracy: 0.01)
        } }
        // Coverage counts the actual values inside the intervals.
        let cov = BacktestCoverage.rows(one, data: d, calibration: "x")
        let totals = cov.first { $0.target == 2020 && $0.bandSet == .all && $0.group == "all" }!
        XCTAssertEqual(totals.n, 4)
        var inside80 = 0
        for lad in BacktestTests.blmk {
            let p = one.intervals[.cohortTrend]![lad]![2020]![0], a = d.estimates[2020]![lad]!.total
            if a >= p[1] && a <= p[5] { inside80 += 1 }
        }
        XCTAssertEqual(totals.coverage[80]!, Double(inside80) / 4 * 100)
    }

    func testFittedShiftPutsEightyPercentInside() {
        // Errors of 1%..10% at horizon 2: |e| / h = 0.005..0.05; the 80th percentile (type 7) of 10 values is 0.0418.
        let rows = (1...10).map { i in
            BacktestMeasures.Row(method: .cohortTrend, base: 2016, target: 2018, crossesSeriesBreak: false, lad: "L\(i)", icb: "", sizeClass: "<100k",
                                 sex: "persons", bandSet: .all, band: "all", projected: 100 + Double(i) * (i % 2 == 0 ? 1 : -1), actual: 100)
        }
        let f = BacktestCoverage.fitMigrationShift(rows)!
        XCTAssertEqual(f.n, 10)
        XCTAssertEqual(f.sd, (0.04 + 0.2 * 0.005) / 1.2815515655446004, accuracy: 1e-12)
        // 80% of the |e| / h values fall within the resulting 80% interval (+/- 1.2816 sd).
        XCTAssertEqual(rows.filter { abs($0.errorPct) / 100 / 2 <= f.sd * 1.2815515655446004 + 1e-12 }.count, 8)
    }
}
