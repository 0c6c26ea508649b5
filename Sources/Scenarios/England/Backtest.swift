import Foundation
import Demography

/// A back-test: projections of English LAs from a past base year B, made with only what was knowable at B, set beside
/// the ONS estimates of the target years. Four methods on the same LAs: cohort trend, cohort housing-led with the
/// actual completions B..T ("perfect housing foresight"), and two benchmarks, no change and Hamilton-Perry.
///
/// What a run may read (enforced by `knowable(at:)` and checked by a test that corrupts every later year):
/// estimates <= B; components of change <= B; the national life table of the three years ending B-2 (published before
/// mid-B) with mortality improvement extrapolated log-linearly from it and the table five years earlier; England's TFR
/// implied by the births of the year to mid-B (or, without components, by the age-0 estimate of mid-B); dwelling stock
/// <= B with net additions to financial year B (the trend run's scenario needs a stock at mid-B; trend migration never
/// reads it), and, for the housing-led run only, the net additions of the financial years B..T.
public struct Backtest: Sendable {
    public enum Method: String, CaseIterable, Sendable {
        case cohortTrend = "cohort-trend"
        case cohortHousingLed = "cohort-housing-led"
        case noChange = "no-change"
        case hamiltonPerry = "hamilton-perry"

        public var label: String {
            switch self {
            case .cohortTrend: return "cohort, trend migration"
            case .cohortHousingLed: return "cohort, housing-led (perfect housing foresight: actual completions)"
            case .noChange: return "no change (benchmark)"
            case .hamiltonPerry: return "Hamilton-Perry cohort-change ratios (benchmark)"
            }
        }
    }

    public struct Config: Sendable {
        public var base: Int
        public var targets: [Int]
        public var lads: [String]
        public var methods: [Method]
        /// Steps (into mid-year y) whose residual migration makes the trend; nil = `defaultWindow(base:)`.
        public var migrationYears: [Int]?
        /// Monte Carlo draws of the cohort methods (0 = central only), their seed and worker threads.
        public var draws: Int = 0
        public var seed: UInt64 = 1
        public var threads: Int = 1
        /// Standard deviation of the sampled `migration_shift` (nil = not sampled: the uncalibrated priors).
        public var migrationShiftSD: Double?
        /// Rogers-Castro schedule carrying housing-led (and shifted) migration; nil = the scenario writer's default.
        public var adjustmentProfile: String?
        /// How the housing-led gap is added (net profile, or gross in/out flows).
        public var adjustment: MigrationAdjustment = .grossFlows
        /// Trend mode: the trend's out-migration as rates of the people at risk (as `cohort new` writes) or counts.
        public var trendOutflows: TrendOutflows = .rates
        public init(base: Int, targets: [Int], lads: [String], methods: [Method] = Method.allCases, migrationYears: [Int]? = nil) {
            self.base = base; self.targets = targets.sorted(); self.lads = lads; self.methods = methods; self.migrationYears = migrationYears
        }
    }

    /// What a back-test used, for the report.
    public struct Setup: Sendable {
        public var lifeTable: String
        public var improvement: String
        public var englandTFR: Double
        public var englandTFRSource: String
        public var migrationYears: [Int]
        /// How the cohort runs' trend migration was measured (the steps, or the multi-year residual).
        public var migrationBasis: String
        public var ratesYears: [Int]
        public var hamiltonPerryYears: [Int]
        public var estimatesRead: [Int]
        public var componentsRead: [Int]
        /// Method -> financial years of net additions its model read.
        public var netAdditionsRead: [String: [Int]]
    }

    public struct Result: Sendable {
        public var config: Config
        public var setup: Setup
        /// Method -> LA -> target year -> projected population.
        public var projected: [Method: [String: [Int: PopulationTable]]]
        /// LAs a method could not project (method, LA, the engine's message): left out of every method's measures.
        public var failures: [(method: Method, lad: String, message: String)]
        /// Drawn intervals of the cohort methods: method -> LA -> target -> band (all ages, then the broad bands) ->
        /// `Backtest.percentiles`. Empty without draws.
        public var intervals: [Method: [String: [Int: [[Double]]]]] = [:]
        /// LAs with no intervals because the engine refused one of their draws (method, LA, message).
        public var intervalFailures: [(method: Method, lad: String, message: String)] = []
        /// LAs every method projected: the ones measured.
        public var measured: [String] {
            let bad = Set(failures.map(\.lad))
            return config.lads.filter { !bad.contains($0) }
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case option(String)
        case input(InputError)
        case projection(String)
        public var description: String {
            switch self { case .option(let m), .projection(let m): return m; case .input(let e): return e.description }
        }
    }

    /// The default trend window from base B: every one-year step of B's series up to B except the step into 2017,
    /// which carries ONS's March 2018 revision of mid-2016 (PROVENANCE caveat 2).
    public static func defaultWindow(base: Int, data: EnglandData) -> [Int] {
        data.estimates.keys.filter { $0 <= base && $0 != 2017 && data.estimates[$0 - 1] != nil && data.sameSeries($0 - 1, $0) }.sorted()
    }

    /// The England inputs as they stood at mid-`base`: estimates and components after it removed; net additions
    /// after financial year `lastFY` removed.
    public static func knowable(_ d: EnglandData, at base: Int, lastFY: Int) -> EnglandData {
        var r = d
        r.estimates = d.estimates.filter { $0.key <= base }
        r.series = d.series.filter { $0.key <= base }
        r.components = d.components.filter { $0.key <= base }
        r.totals = d.totals.filter { $0.key <= base }
        r.netAdditions = d.netAdditions.filter { $0.key <= lastFY }
        r.stock = d.stock.filter { $0.key <= base }
        return r
    }

    /// National life tables (`national_life_tables_1980_2022.csv`): period "YYYY-YYYY" -> (qx, mx) by sex x age 0-100.
    public static func readLifeTables(_ url: URL) throws(InputError) -> [String: (qx: [[Double]], mx: [[Double]])] {
        let t = try CSVTable(url: url)
        let c = try t.require(["period", "sex", "age", "mx", "qx"])
        var out: [String: (qx: [[Double]], mx: [[Double]])] = [:]
        let blank = [[Double]](repeating: Array(repeating: -1, count: InputSet.lifeTableTop + 1), count: 2)
        for r in t.rows {
            let p = t.string(r, c[0]), s = try t.sex(r, c[1]).rawValue, a = try t.age(r, c[2], top: InputSet.lifeTableTop)
            var e = out[p] ?? (blank, blank)
            e.mx[s][a] = try t.double(r, c[3], min: 0); e.qx[s][a] = try t.double(r, c[4], min: 0, max: 1)
            out[p] = e
        }
        for (p, e) in out { for s in 0..<2 { for a in 0...InputSet.lifeTableTop where e.qx[s][a] < 0 {
            throw InputError(file: t.file, "period \(p) is missing \(s == 0 ? "female" : "male") age \(a); expected ages 0-\(InputSet.lifeTableTop)")
        } } }
        return out
    }

    /// National schedules knowable at B: the life table of the three years ending B-2, improvement extrapolated
    /// log-linearly (per sex and age) from the table five years earlier, the fertility age shape of year B.
    public static func national(base b: Int, lifeTables: [String: (qx: [[Double]], mx: [[Double]])], fertilityShape: URL,
                                horizon: Int) throws(Failure) -> (NationalSchedules, lifeTable: String, improvement: String) {
        let p1 = "\(b - 4)-\(b - 2)", p0 = "\(b - 9)-\(b - 7)"
        guard let t1 = lifeTables[p1], let t0 = lifeTables[p0] else {
            throw .option("--base \(b): needs the national life tables \(p0) and \(p1); held: \(lifeTables.keys.sorted().first ?? "-")..\(lifeTables.keys.sorted().last ?? "-")")
        }
        let centre = b - 3
        var projected: [Int: [[Double]]] = [:]
        for y in centre...(horizon + 1) {
            projected[y] = (0..<2).map { s in (0...InputSet.lifeTableTop).map { a in
                let q1 = t1.qx[s][a], q0 = t0.qx[s][a]
                guard q1 > 0, q0 > 0 else { return q1 }
                return q1 * exp(log(q1 / q0) / 5 * Double(y - centre))
            } }
        }
        let groups: [(from: Int, to: Int, rate: Double)]
        do { groups = try InputSet.readFertilityShape(InputFile(fertilityShape), year: b) } catch { throw .input(error) }
        let n = NationalSchedules(baseQx: t1.qx, baseMx: t1.mx, projectedQx: projected, centreYear: centre,
                                  unitFertility: FertilitySchedule.from(groups: groups, tfr: 1), sexRatioAtBirth: 1.05)
        return (n, "England national life table \(p1) (ONS; centre year \(centre))",
                "extrapolated log-linearly per sex and age from the \(p0) and \(p1) tables (no projection published after the base is used)")
    }

    /// England's TFR knowable at B: births of the year to mid-B over the births the national shape gives England's
    /// women at TFR 1; without components for that year, the mid-B age-0 estimate (survivors of the year's births)
    /// over the same.
    public static func englandTFR(base b: Int, data: EnglandData, national: NationalSchedules) -> (Double, String) {
        let ld = LocalDerivation(data: data, national: national)
        if let t = ld.englandImpliedTFR(yearsToMid: [b]) {
            return (t, "England births in the year to mid-\(b) (ONS components) over the births the UN WPP \(b) age shape gives England's women at TFR 1")
        }
        var age0 = 0.0, unit = 0.0
        for lad in data.lads { if let p = data.estimates[b]?[lad] { age0 += p[.female, 0] + p[.male, 0]; unit += ld.unitBirths(p) } }
        return (unit > 0 ? age0 / unit : 0, "England's mid-\(b) age-0 estimate over the births the UN WPP \(b) age shape gives its women at TFR 1 (no components of change to mid-\(b) are held)")
    }

    /// Runs every method of `config` on the England inputs knowable at its base.
    /// - Parameters: `fertilityShape`, `profiles`: the national files a scenario names (absolute or cwd-relative).
    public static func run(_ config: Config, data full: EnglandData, lifeTables: [String: (qx: [[Double]], mx: [[Double]])],
                           fertilityShape: URL, profiles: URL, workFolder: URL,
                           progress: (@Sendable (Method, Int) -> Void)? = nil) throws(Failure) -> Result {
        let b = config.base
        guard let horizon = config.targets.last, config.targets.first! > b else {
            throw .option("--to: target years must be after the base year \(b)")
        }
        guard full.estimates[b] != nil else {
            throw .option("--base \(b): no ONS estimate for mid-\(b); years held: \(full.estimates.keys.sorted().map(String.init).joined(separator: ", "))")
        }
        for t in config.targets where full.estimates[t] == nil {
            throw .option("--to \(t): no ONS estimate for mid-\(t) to compare with; years held: \(full.estimates.keys.sorted().map(String.init).joined(separator: ", "))")
        }
        let data = knowable(full, at: b, lastFY: b - 1)
        let (nat, ltLabel, impLabel) = try national(base: b, lifeTables: lifeTables, fertilityShape: fertilityShape, horizon: horizon)
        let (tfr, tfrSource) = englandTFR(base: b, data: data, national: nat)
        let window = config.migrationYears ?? defaultWindow(base: b, data: data)
        let rates = data.components.keys.filter { $0 <= b }.sorted()
        let hpYears = hamiltonPerryWindow(base: b, data: data)
        var projected: [Method: [String: [Int: PopulationTable]]] = [:]
        var failures: [(Method, String, String)] = [], intervalFailures: [(Method, String, String)] = []
        var intervals: [Method: [String: [Int: [[Double]]]]] = [:]
        var migrationBasis = "residual net migration of the one-year steps into mid-\(window.map(String.init).joined(separator: ", "))"
        var estimatesRead = Set<Int>([b]), componentsRead = Set<Int>(), naRead: [String: [Int]] = [:]
        for m in config.methods {
            switch m {
            case .noChange:
                var out: [String: [Int: PopulationTable]] = [:]
                for lad in config.lads { for t in config.targets { out[lad, default: [:]][t] = data.estimates[b]![lad]! } }
                projected[m] = out
            case .hamiltonPerry:
                projected[m] = hamiltonPerry(config.lads, data: data, base: b, years: hpYears, targets: config.targets)
                estimatesRead.formUnion(hpYears)
            case .cohortTrend, .cohortHousingLed:
                let housing = m == .cohortHousingLed
                // Only the perfect-foresight run may see completions after B. (The trend run's scenario needs a stock at
                // mid-B, which adds a quarter of FY B; trend migration never reads it: the no-leak test corrupts it.)
                let d = knowable(full, at: b, lastFY: housing ? horizon : b)
                let o = AreaModel.Options(baseYear: b, horizon: horizon, migrationYears: window, ratesYears: rates,
                                          englandTFR: [b: tfr], englandTFRSource: tfrSource,
                                          lastNetAdditionsFY: housing ? horizon : b, deliveryTrendFYs: (b - 5)...(b - 1),
                                          usePlanRequirements: false)
                let uncertainty = config.draws > 0 ? AreaScenarioWriter.uncertaintyTOML(draws: config.draws, seed: config.seed, shiftSD: config.migrationShiftSD, housing: housing, percentiles: percentiles) : ""
                let drawProgress = progress.map { p in { @Sendable (d: Int) in p(m, d) } }
                let (proj, failed, model, iv, ivFailed) = try cohort(config.lads, data: d, national: nat, options: o, mode: housing ? .housingLed : .trend,
                                                                     fertilityShape: fertilityShape, profiles: profiles,
                                                                     folder: workFolder.appendingPathComponent(m.rawValue), targets: config.targets,
                                                                     uncertainty: uncertainty, adjustmentProfile: config.adjustmentProfile, adjustment: config.adjustment,
                                                                     trendOutflows: config.trendOutflows,
                                                                     threads: config.threads, progress: drawProgress)
                projected[m] = proj
                if !iv.isEmpty { intervals[m] = iv }
                for (lad, e) in ivFailed { intervalFailures.append((m, lad, e)) }
                if window.isEmpty, let first = data.estimates.keys.filter({ $0 < b && data.sameSeries($0, b) }).max() {
                    migrationBasis = multiYearBasis(first: first, base: b)
                } else {
                    migrationBasis = "residual net migration of the one-year steps into mid-\(model.migrationYearsUsed.map(String.init).joined(separator: ", "))"
                }
                for (lad, e) in failed { failures.append((m, lad, e)) }
                estimatesRead.formUnion(model.yearsRead.estimates); componentsRead.formUnion(model.yearsRead.components)
                naRead[m.rawValue] = model.yearsRead.netAdditionsFYs.sorted()
            }
        }
        let setup = Setup(lifeTable: ltLabel, improvement: impLabel, englandTFR: tfr, englandTFRSource: tfrSource,
                          migrationYears: window, migrationBasis: migrationBasis, ratesYears: rates, hamiltonPerryYears: hpYears,
                          estimatesRead: estimatesRead.sorted(), componentsRead: componentsRead.sorted(), netAdditionsRead: naRead)
        return Result(config: config, setup: setup, projected: projected, failures: failures, intervals: intervals,
                      intervalFailures: intervalFailures.sorted { ($0.0.rawValue, $0.1) < ($1.0.rawValue, $1.1) })
    }

    /// One cohort run through the same files `cohort new` writes: model -> scenario files -> loader -> engine.
    static func cohort(_ lads: [String], data: EnglandData, national: NationalSchedules, options o: AreaModel.Options,
                       mode: AreaScenarioWriter.Mode, fertilityShape: URL, profiles: URL, folder: URL,
                       targets: [Int], uncertainty: String, adjustmentProfile: String?, adjustment: MigrationAdjustment = .grossFlows,
                       trendOutflows: TrendOutflows = .rates, threads: Int, progress: (@Sendable (Int) -> Void)?)
        throws(Failure) -> ([String: [Int: PopulationTable]], [String: String], AreaModel, [String: [Int: [[Double]]]], [String: String]) {
        let sel: AreaSelection
        do { sel = try AreaSelection.lads(lads, in: data, allowSplit: true) } catch { throw .option(error.description) }
        var model: AreaModel
        do { model = try AreaModel.build(sel, data: data, national: national, options: o) } catch { throw .option(error.description) }
        if model.migrationYearsUsed.isEmpty { model = multiYearTrend(model, data: data, national: national) }
        let fm = FileManager.default
        do {
            try? fm.removeItem(at: folder)
            try fm.createDirectory(at: folder.appendingPathComponent("national"), withIntermediateDirectories: true)
            try Data(lifeTableCSV(national).utf8).write(to: folder.appendingPathComponent("national/life_table.csv"))
            try Data(projectedQxCSV(national).utf8).write(to: folder.appendingPathComponent("national/projected_qx.csv"))
            var w = AreaScenarioWriter(name: "backtest-\(mode.rawValue)", model: model, mode: mode,
                                       national: ("national/life_table.csv", "national/projected_qx.csv",
                                                  fertilityShape.standardizedFileURL.path, profiles.standardizedFileURL.path),
                                       command: "cohort backtest --base \(o.baseYear)", listInflation: 1,
                                       listInflationNote: "back-test: resident population only")
            w.adjustment = adjustment
            w.trendOutflows = trendOutflows
            w.uncertainty = nil  // the back-test appends its own section
            for f in w.files() {
                var text = f.text
                if f.path.hasSuffix(".toml") {
                    // The writer's national schedule is the 2020-22 table and the 2022 shape; a back-test's are older.
                    for (old, new) in [("life_table_centre_year = 2021", "life_table_centre_year = \(national.centreYear)"),
                                       ("shape_year = 2022", "shape_year = \(o.baseYear)")] {
                        guard text.contains(old) else { throw Failure.projection("scenario writer no longer writes '\(old)'; the back-test cannot set its national schedule") }
                        text = text.replacingOccurrences(of: old, with: new)
                    }
                    if let adjustmentProfile {
                        let re = try Regex("adjustment_profile = \"[^\"]*\"")
                        guard text.contains(re) else { throw Failure.projection("scenario writer no longer writes adjustment_profile; the back-test cannot set it") }
                        text = text.replacing(re, with: "adjustment_profile = \(AreaScenarioWriter.q(adjustmentProfile))")
                    }
                    text += uncertainty
                }
                let u = folder.appendingPathComponent(f.path)
                try fm.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: u)
            }
            let s = try ScenarioLoader.load(folder.appendingPathComponent("backtest-\(mode.rawValue).toml"))
            let inputs = try InputSet.load(s)
            // Place by Place, so that one LA the engine refuses (e.g. trend out-migration larger than a cell of a very
            // small LA) is reported and left out rather than stopping the back-test.
            var out: [String: [Int: PopulationTable]] = [:], failed: [String: String] = [:]
            let builder = ModelBuilder(scenario: s, inputs: inputs)
            for (input, place) in zip(builder.placeInputs(Assumptions(s)), model.places) {
                do {
                    let p = try Projector.project(input, baseYear: s.baseYear, horizon: s.horizon, recordComponents: false)
                    for t in targets { out[place.code, default: [:]][t] = p.resident(t) }
                } catch {
                    failed[place.code] = error.description
                }
            }
            var iv: [String: [Int: [[Double]]]] = [:], ivFailed: [String: String] = [:]
            if s.uncertainty.draws > 0 {
                let (drawn, bad) = try drawIntervals(builder, targets: targets, threads: threads, progress: progress)
                for (pi, place) in model.places.enumerated() {
                    if let e = bad[pi] { ivFailed[place.code] = e; continue }
                    for (ti, t) in targets.enumerated() { iv[place.code, default: [:]][t] = drawn[pi][ti] }
                }
            }
            try? fm.removeItem(at: folder)
            return (out, failed, model, iv, ivFailed)
        } catch let e as Failure {
            throw e
        } catch {
            throw .projection("back-test \(mode.rawValue) run from \(o.baseYear): \(error)")
        }
    }

    static func lifeTableCSV(_ n: NationalSchedules) -> String {
        var t = "sex,age,mx,qx\n"
        for s in Sex.allCases { for a in 0...InputSet.lifeTableTop { t += "\(s),\(a),\(n.baseMx[s.rawValue][a]),\(n.baseQx[s.rawValue][a])\n" } }
        return t
    }

    static func projectedQxCSV(_ n: NationalSchedules) -> String {
        var t = "year,sex,age,qx\n"
        for y in n.projectedQx.keys.sorted() { for s in Sex.allCases { for a in 0...InputSet.lifeTableTop {
            t += "\(y),\(s),\(a),\(n.projectedQx[y]![s.rawValue][a])\n"
        } } }
        return t
    }
}
