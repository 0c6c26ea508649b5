import XCTest
import Foundation
@testable import Scenarios
import Demography
import Sampling
import Demand

final class MonteCarloTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mc")

    func builder(_ name: String, seed: UInt64? = nil, draws: Int? = nil) throws -> ModelBuilder {
        var s = try ScenarioLoader.load(Self.fixtures.appendingPathComponent(name))
        if let seed { s.uncertainty.seed = seed }
        if let draws { s.uncertainty.draws = draws }
        return ModelBuilder(scenario: s, inputs: try InputSet.load(s))
    }

    /// Registered = resident x list inflation x factor, with factor ~ lognormal(0, 0.05) and residents unaffected:
    /// every percentile of the registered total is central x exp(0.05 z_p). Checked within 4 Monte Carlo standard
    /// errors of a sample quantile, sqrt(p(1-p)/n) / f(x_p).
    func testIntervalOfLinearOutputMatchesTheory() throws {
        let b = try builder("blmk-one-uncertain.toml")
        let seed = b.scenario.uncertainty.seed
        let n = b.scenario.uncertainty.draws
        let r = try MonteCarlo.run(builder: b, demand: nil, draws: n, threads: 2)
        let key = SeriesCatalog.Key(table: .population, fields: ["2030", SeriesCatalog.allPlaces, "all ages", "registered"])
        let i = try XCTUnwrap(r.catalog.keys.firstIndex(of: key))
        let central = r.central[i]
        let ps = [5.0, 10, 50, 90, 95]
        let got = r.summaries(percentiles: ps, threads: 1)[i].percentiles
        let sigma = 0.05
        for (p, g) in zip(ps, got) {
            let z = try Distribution.normal(mean: 0, sd: 1).quantile(p / 100)
            let expected = central * exp(sigma * z)
            let density = exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() / (sigma * expected)  // lognormal pdf at x_p
            let se = (p / 100 * (1 - p / 100) / Double(n)).squareRoot() / density
            XCTAssertEqual(g, expected, accuracy: 4 * se + 1, "P\(p) with seed \(seed): expected \(expected) +/- \(4 * se)")
        }
    }

    func testResultsDoNotDependOnThreadCount() throws {
        let b = try builder("blmk-many-uncertain.toml")
        let one = try MonteCarlo.run(builder: b, demand: nil, draws: 24, threads: 1)
        let two = try MonteCarlo.run(builder: b, demand: nil, draws: 24, threads: 2)
        let three = try MonteCarlo.run(builder: b, demand: nil, draws: 24, threads: 3)
        XCTAssertEqual(one.values, two.values, "seed \(b.scenario.uncertainty.seed)")
        XCTAssertEqual(one.values, three.values)
        XCTAssertEqual(one.planRows, two.planRows)
        // Each series' range, taken while the draws were stored (per worker, then merged), is its draws' min and max.
        for r in [one, two, three] {
            for s in 0..<r.catalog.keys.count {
                let d = r.draws(ofSeries: s)
                XCTAssertEqual(r.lows[s], d.min(), "series \(s)")
                XCTAssertEqual(r.highs[s], d.max(), "series \(s)")
            }
        }
        XCTAssertEqual(one.summaries(percentiles: [5, 95], threads: 1).map(\.percentiles),
                       two.summaries(percentiles: [5, 95], threads: 2).map(\.percentiles))
    }

    func testSeedChangesIntervalsButNotCentralRun() throws {
        let a = try MonteCarlo.run(builder: try builder("blmk-many-uncertain.toml", seed: 1), demand: nil, draws: 24, threads: 2)
        let b = try MonteCarlo.run(builder: try builder("blmk-many-uncertain.toml", seed: 2), demand: nil, draws: 24, threads: 2)
        XCTAssertEqual(a.central, b.central)
        XCTAssertNotEqual(a.values, b.values)
        // The central run is the deterministic projection, unchanged by Monte Carlo settings.
        let det = try ProjectionRun.run(try builder("blmk-many-uncertain.toml"), Assumptions(try builder("blmk-many-uncertain.toml").scenario))
        // Without demand inputs the draws still carry deaths (DemandRun.deathsOnly).
        let deaths = DemandRun.deathsOnly(det)
        XCTAssertEqual(SeriesCatalog(run: det, demand: deaths).values(run: det, demand: deaths), a.central)
    }

    /// A scenario that only adds assumptions gets the same values for the shared ones in every draw.
    func testCommonRandomNumbersForSharedAssumptions() throws {
        let one = try builder("blmk-one-uncertain.toml", draws: 10)
        let many = try builder("blmk-many-uncertain.toml", draws: 10)
        let p1 = RunPlan(one.scenario), p2 = RunPlan(many.scenario)
        let c1 = try XCTUnwrap(p1.columns.firstIndex(of: "list_inflation_factor"))
        let c2 = try XCTUnwrap(p2.columns.firstIndex(of: "list_inflation_factor"))
        let s = RandomStream(seed: 1)
        for d in 1...10 {
            let v1 = try p1.sample(draw: d, stream: s).1[c1]
            let v2 = try p2.sample(draw: d, stream: s).1[c2]
            XCTAssertEqual(v1, v2, "draw \(d), seed \(one.scenario.uncertainty.seed)")
        }
    }

    /// The block queue hands out every draw exactly once, in consecutive ranges no wider than the block size,
    /// smaller towards the end.
    func testBlockQueueCoversEveryDrawOnce() {
        for (draws, block, workers) in [(10_000, 512, 2), (1, 16, 4), (37, 16, 1), (1_000, 64, 3), (0, 16, 2)] {
            let q = BlockQueue(draws: draws, maxBlock: block, workers: workers)
            var next = 1, sizes: [Int] = []
            while let (first, last) = q.next() {
                XCTAssertEqual(first, next, "\(draws) draws: ranges are consecutive")
                XCTAssertLessThanOrEqual(last - first + 1, block)
                XCTAssertGreaterThanOrEqual(last, first)
                sizes.append(last - first + 1)
                next = last + 1
            }
            XCTAssertEqual(next, draws + 1, "\(draws) draws: all handed out")
            XCTAssertNil(q.next(), "nothing after the end")
            if sizes.count > 2 { XCTAssertLessThanOrEqual(sizes.last!, sizes.first!, "\(draws) draws: smaller at the end") }
        }
    }

    /// Every assumption reseeds its own stream from (seed, name, draw): a draw's values do not depend on the state of
    /// the stream it is handed (so run-plan.csv records no per-draw seed), and differ from draw to draw.
    func testDrawValuesDependOnlyOnSeedAssumptionAndDraw() throws {
        let p = RunPlan(try builder("blmk-many-uncertain.toml").scenario)
        for d in [1, 2, 17] {
            let fresh = try p.sample(draw: d, stream: RandomStream(seed: 1)).1
            let used = RandomStream(seed: 12345)
            for _ in 0..<10 { _ = used.uniform() }
            XCTAssertEqual(try p.sample(draw: d, stream: used).1, fresh, "draw \(d)")
        }
        XCTAssertNotEqual(try p.sample(draw: 1, stream: RandomStream(seed: 1)).1, try p.sample(draw: 2, stream: RandomStream(seed: 1)).1)
    }

    func testNewTownSiteAddsDwellingsOnlyWhenItGoesAhead() throws {
        let b = try builder("blmk-many-uncertain.toml")
        let plan = RunPlan(b.scenario)
        let go = try XCTUnwrap(plan.columns.firstIndex(of: "new_town_Test site_goes_ahead"))
        let start = try XCTUnwrap(plan.columns.firstIndex(of: "new_town_Test site_start"))
        let s = RandomStream(seed: 1)
        var sawBoth = Set<Bool>()
        for d in 1...40 {
            let (a, v) = try plan.sample(draw: d, stream: s)
            let extra = a.extraDwellings["Luton"]?.values.reduce(0, +) ?? 0
            sawBoth.insert(v[go] == 1)
            XCTAssertTrue((2025...2027).contains(Int(v[start])), "draw \(d): start \(v[start]) outside start_years")
            // 500 a year from the start year through the 2030 horizon, capped at the site's 3,000 dwellings.
            let built = min(3000, 500 * Double(2030 - Int(v[start]) + 1))
            XCTAssertEqual(extra, v[go] == 1 ? built : 0, accuracy: 1e-9, "draw \(d)")
        }
        XCTAssertEqual(sawBoth, [true, false], "with p = 0.5 over 40 draws both outcomes should occur")
    }

    func testPercentilesMatchSortedType7() {
        let stream = RandomStream(seed: 42)
        for n in [1, 2, 3, 10, 101, 1000, 10_000] {
            let x = (0..<n).map { _ in stream.uniform() }
            let got = Percentiles.type7(x, [5, 10, 50, 90, 95])
            let want = Quantiles.of(x, ps: [0.05, 0.1, 0.5, 0.9, 0.95])
            for (g, w) in zip(got, want) { XCTAssertEqual(g, w, accuracy: 1e-12, "n = \(n), seed 42") }
        }
    }

    /// Point masses, ties, heavy tails and Float storage: the bucketed selection must still equal a full sort exactly.
    func testPercentilesExactOnAwkwardDistributions() {
        let stream = RandomStream(seed: 43)
        let ps = [0, 1, 5, 10, 25, 50, 75, 90, 95, 99, 100.0]
        let cases: [(String, [Double])] = [
            ("90% zeros", (0..<5000).map { _ in stream.uniform() < 0.9 ? 0 : stream.uniform() * 1e5 }),
            ("two values", (0..<999).map { _ in stream.uniform() < 0.5 ? -1 : 1 }),
            ("constant", Array(repeating: 3.25, count: 77)),
            ("heavy tail", (0..<4000).map { _ in exp(20 * stream.uniform()) }),
            ("one outlier", (0..<3000).map { i in i == 17 ? 1e30 : stream.uniform() }),
        ]
        for (name, x) in cases {
            let f = x.map { Float($0) }
            let got = f.withUnsafeBufferPointer { Percentiles.type7($0, ps) }
            // Reference: a full sort, then the same type-7 interpolation.
            let sorted = f.map(Double.init).sorted()
            let want = ps.map { p -> Double in
                let h = Double(sorted.count - 1) * p / 100, k = Int(h.rounded(.down))
                return k + 1 < sorted.count && h > Double(k) ? sorted[k] + (h - Double(k)) * (sorted[k + 1] - sorted[k]) : sorted[k]
            }
            XCTAssertEqual(got, want, "\(name), seed 43")
        }
        XCTAssertTrue(Percentiles.type7([Double](), [50]).allSatisfy(\.isNaN))
    }

    /// Given the range (as Monte Carlo gives it), the summary is the same to the bit as when it finds the range itself;
    /// NaN among the values, or an infinite value, gives a NaN mean or no percentiles instead of a crash or a guess.
    func testPercentilesWithKnownRangeAndNonFiniteValues() {
        let stream = RandomStream(seed: 44)
        let ps = [5, 50, 95.0]
        for n in [1, 2, 7, 1000, 4001] {
            let f = (0..<n).map { _ in Float(stream.uniform() * 1e6) }
            f.withUnsafeBufferPointer { x in
                let own = Percentiles.summary(x, ps)
                let given = Percentiles.summary(x, ps, lo: Double(f.min()!), hi: Double(f.max()!))
                XCTAssertEqual(own.mean.bitPattern, given.mean.bitPattern, "n = \(n), seed 44")
                XCTAssertEqual(own.percentiles.map(\.bitPattern), given.percentiles.map(\.bitPattern), "n = \(n), seed 44")
            }
        }
        var withNaN = (0..<100).map { Double($0) }
        withNaN[37] = .nan
        let a = withNaN.withUnsafeBufferPointer { Percentiles.summary($0, ps) }
        XCTAssertTrue(a.mean.isNaN)
        XCTAssertTrue(a.percentiles.allSatisfy(\.isNaN), "a NaN draw leaves no percentiles")
        var withInf = (0..<100).map { Double($0) }
        withInf[3] = .infinity
        let b = withInf.withUnsafeBufferPointer { Percentiles.summary($0, ps) }
        XCTAssertEqual(b.mean, .infinity)
        XCTAssertTrue(b.percentiles.allSatisfy(\.isNaN), "no finite range, no percentiles")
    }
}
