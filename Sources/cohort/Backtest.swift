import ArgumentParser
import Foundation
import Scenarios
import Reports

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Project English LAs from a past base year with only what was knowable then, and measure the errors against the ONS estimates.",
        discussion: """
        Methods: cohort-trend, cohort-housing-led (actual completions: perfect housing foresight), no-change, hamilton-perry.
        Example: cohort backtest --base 2018 --to 2020,2022 --icb QHG
        """)

    @Option(help: "Base year (an ONS estimate year).") var base: Int
    @Option(help: "Target years, comma-separated (e.g. 2020,2022).") var to: String
    @Option(help: "ICB (ONS code, ODS code or name); default all 296 LAs.") var icb: String?
    @Option(help: "LA codes, comma-separated; default all 296 LAs.") var lad: String?
    @Option(help: "Methods, comma-separated (default all): \(Backtest.Method.allCases.map(\.rawValue).joined(separator: ", ")).") var methods: String?
    @Option(help: "Trend-migration window: steps into these mid-years, comma-separated (default: every step of the base's series up to the base except the revision step into 2017).") var migrationYears: String?
    @Option(help: "Monte Carlo draws of the cohort methods (0 = central runs only).") var draws: Int = 0
    @Option(help: "Master seed of the draws.") var seed: UInt64 = 1
    @Option(help: "Worker threads for the draws (results do not depend on it).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Fit the migration_shift uncertainty on an earlier window BASE:TARGET (e.g. 2016:2018) and report coverage before and after (needs --draws).") var calibrateOn: String?
    @Option(help: "Sample migration_shift with this standard deviation (share of the base population a year) instead of fitting it.") var migrationShiftSd: Double?
    @Option(help: "Rogers-Castro schedule (in the national migration profiles file) that carries housing-led and shifted migration (default: the scenario writer's).") var adjustmentProfile: String?
    @Option(help: "How the housing-led gap is added to migration: net-profile or gross-flows.") var adjustment: String = MigrationAdjustment.grossFlows.rawValue
    @Option(help: "Trend method: the trend's out-migration as rates of the people at risk or as counts.") var trendOutflows: String = TrendOutflows.rates.rawValue
    @Option(help: "Output folder (default Outputs/backtest-<base>-<targets joined by _>).") var outputs: String?
    @Option(help: "England inputs folder.") var data: String = EnglandData.defaultFolder
    @Option(help: "Folder holding the national fertility shape and migration profiles.") var national: String = "Scenarios/data/blmk"

    static func ints(_ s: String, option: String) throws -> [Int] {
        let parts = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var out: [Int] = []
        for p in parts {
            guard let v = Int(p) else { throw Failure("\(option) '\(s)': '\(p)' is not a year; expected years separated by commas, e.g. 2020,2022") }
            out.append(v)
        }
        guard !out.isEmpty else { throw Failure("\(option) '\(s)': expected at least one year") }
        return out
    }

    func validate() throws {
        if draws < 0 { throw ValidationError("--draws must be 0 or more") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let migrationShiftSd, !(migrationShiftSd > 0) || !migrationShiftSd.isFinite { throw ValidationError("--migration-shift-sd must be a positive number") }
        if calibrateOn != nil && migrationShiftSd != nil { throw ValidationError("--calibrate-on and --migration-shift-sd: give one or the other") }
        if (calibrateOn != nil || migrationShiftSd != nil) && draws == 0 { throw ValidationError("--calibrate-on and --migration-shift-sd need --draws N (N > 0)") }
    }

    func run() throws {
        try userFacing { () throws -> Void in
            let targets = try Self.ints(to, option: "--to")
            var fitWindow: (Int, Int)?
            if let calibrateOn {
                let p = calibrateOn.split(separator: ":").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard p.count == 2, let fb = p[0], let ft = p[1], ft > fb else {
                    throw Failure("--calibrate-on '\(calibrateOn)': expected BASE:TARGET with TARGET after BASE, e.g. 2016:2018")
                }
                guard ft <= base else {
                    throw Failure("--calibrate-on '\(calibrateOn)': the fitting window must end by the base year \(base), so that the check is on a window it was not fitted on")
                }
                fitWindow = (fb, ft)
            }
            let window = try migrationYears.map { try Self.ints($0, option: "--migration-years") }
            var ms = Backtest.Method.allCases
            if let methods {
                ms = []
                for name in methods.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    guard let m = Backtest.Method(rawValue: name) else {
                        throw Failure("--methods '\(methods)': no method '\(name)'; expected some of \(Backtest.Method.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    if !ms.contains(m) { ms.append(m) }
                }
            }
            let folder = URL(fileURLWithPath: data)
            let d = try EnglandData.load(folder: folder)
            let lads: [String]
            if icb != nil && lad != nil { throw Failure("--icb and --lad: give one or the other") }
            if let icb {
                lads = try AreaSelection.icb(icb, in: d, minimumShare: 0).members.map(\.lad)
            } else if let lad {
                lads = try AreaSelection.lads(lad.split(separator: ",").map(String.init), in: d, allowSplit: true).members.map(\.lad)
            } else {
                lads = d.lads
            }
            let tables = try Backtest.readLifeTables(folder.appendingPathComponent("national_life_tables_1980_2022.csv"))
            let nat = URL(fileURLWithPath: national)
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-backtest-\(getpid())")
            defer { try? FileManager.default.removeItem(at: work) }
            let started = Date()
            let shape = nat.appendingPathComponent("fertility_asfr_uk_unwpp2022.csv"), profiles = nat.appendingPathComponent("rogers_castro_parameters.csv")
            func backtest(_ c: Backtest.Config) throws -> Backtest.Result {
                let cohortRuns = c.methods.filter { $0 == .cohortTrend || $0 == .cohortHousingLed }.count
                let bar = ProgressBar(total: c.draws * cohortRuns)
                let counter = DrawCounter()
                var progress: (@Sendable (Backtest.Method, Int) -> Void)? = nil
                if let bar { progress = { @Sendable (_: Backtest.Method, _: Int) in bar.update(counter.next()) } }
                defer { bar?.finish() }
                return try Backtest.run(c, data: d, lifeTables: tables, fertilityShape: shape, profiles: profiles, workFolder: work, progress: progress)
            }
            var shiftSD = migrationShiftSd, fitNote: String?
            if let (fb, ft) = fitWindow {
                let fit = try backtest(Backtest.Config(base: fb, targets: [ft], lads: lads, methods: [.cohortTrend]))
                guard let f = BacktestCoverage.fitMigrationShift(BacktestMeasures.rows(fit, data: d)) else {
                    throw Failure("--calibrate-on \(fb):\(ft): no LA could be measured to fit migration_shift")
                }
                shiftSD = f.sd
                fitNote = "migration_shift sd = \(String(format: "%.5f", f.sd)) (share of the base population a year), fitted on the cohort-trend back-test from \(fb) to \(ft) (\(f.n) LA totals): the 80th percentile of |error| / horizon over 1.2816"
                print("fitted \(fitNote!)")
            }
            var config = Backtest.Config(base: base, targets: targets, lads: lads, methods: ms, migrationYears: window)
            config.draws = draws; config.seed = seed; config.threads = threads; config.migrationShiftSD = shiftSD
            config.adjustmentProfile = adjustmentProfile
            guard let method = MigrationAdjustment(rawValue: adjustment) else {
                throw ValidationError("--adjustment '\(adjustment)': expected one of \(MigrationAdjustment.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            config.adjustment = method
            guard let outflows = TrendOutflows(rawValue: trendOutflows) else {
                throw ValidationError("--trend-outflows '\(trendOutflows)': expected one of \(TrendOutflows.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            config.trendOutflows = outflows
            let result = try backtest(config)
            let rows = BacktestMeasures.rows(result, data: d)
            let summary = BacktestMeasures.summary(rows)
            var coverage: [BacktestCoverage.Row] = []
            if draws > 0 {
                if let shiftSD {
                    // Before: the same draws without migration_shift.
                    var before = config
                    before.methods = ms.filter { $0 == .cohortTrend || $0 == .cohortHousingLed }
                    before.migrationShiftSD = nil
                    if !before.methods.isEmpty { coverage += BacktestCoverage.rows(try backtest(before), data: d, calibration: "priors") }
                    coverage += BacktestCoverage.rows(result, data: d, calibration: "priors + migration_shift sd \(String(format: "%.5f", shiftSD))")
                } else {
                    coverage += BacktestCoverage.rows(result, data: d, calibration: "priors")
                }
            }
            var command = "cohort backtest --base \(base) --to \(to)"
            if let icb { command += " --icb \(icb)" }
            if let lad { command += " --lad \(lad)" }
            if let methods { command += " --methods \(methods)" }
            if let migrationYears { command += " --migration-years \(migrationYears)" }
            if let adjustmentProfile { command += " --adjustment-profile '\(adjustmentProfile)'" }
            if config.adjustment != .grossFlows { command += " --adjustment \(adjustment)" }
            if config.trendOutflows != .rates { command += " --trend-outflows \(trendOutflows)" }
            if draws > 0 { command += " --draws \(draws) --seed \(seed)" }
            if let calibrateOn { command += " --calibrate-on \(calibrateOn)" }
            if let migrationShiftSd { command += " --migration-shift-sd \(migrationShiftSd)" }
            var files = ["backtest.csv": BacktestReport.csv(rows, intervals: draws > 0 ? result.intervals : nil),
                         "backtest-summary.csv": BacktestReport.summaryCSV(summary),
                         "backtest.md": BacktestReport.markdown([result], rows: rows, summary: summary, coverage: coverage, fitNote: fitNote,
                                                                names: d.names, command: command),
                         "backtest.html": BacktestHTML.page([result], rows: rows, summary: summary, coverage: coverage, fitNote: fitNote,
                                                            names: d.names, command: command)]
            if !coverage.isEmpty { files["backtest-coverage.csv"] = BacktestReport.coverageCSV(coverage) }
            let out = URL(fileURLWithPath: outputs ?? "Outputs/backtest-\(base)-\(config.targets.map(String.init).joined(separator: "_"))")
            try OutputFolder.write(files, to: out)
            let t = String(format: "%.1f", Date().timeIntervalSince(started))
            print("wrote \(out.path)/ (\(lads.count) LAs, \(ms.count) methods, \(rows.count) rows, \(t) s)")
        }
    }
}

/// Draws finished so far, over all workers (for the progress bar).
final class DrawCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
}
