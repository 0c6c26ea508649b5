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

    func run() throws {
        try userFacing { () throws -> Void in
            let targets = try Self.ints(to, option: "--to")
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
            let config = Backtest.Config(base: base, targets: targets, lads: lads, methods: ms, migrationYears: window)
            let result = try Backtest.run(config, data: d, lifeTables: tables,
                                          fertilityShape: nat.appendingPathComponent("fertility_asfr_uk_unwpp2022.csv"),
                                          profiles: nat.appendingPathComponent("rogers_castro_parameters.csv"), workFolder: work)
            let rows = BacktestMeasures.rows(result, data: d)
            let summary = BacktestMeasures.summary(rows)
            var command = "cohort backtest --base \(base) --to \(to)"
            if let icb { command += " --icb \(icb)" }
            if let lad { command += " --lad \(lad)" }
            if let methods { command += " --methods \(methods)" }
            if let migrationYears { command += " --migration-years \(migrationYears)" }
            let files = ["backtest.csv": BacktestReport.csv(rows), "backtest-summary.csv": BacktestReport.summaryCSV(summary),
                         "backtest.md": BacktestReport.markdown([result], rows: rows, summary: summary, names: d.names, command: command)]
            let out = URL(fileURLWithPath: outputs ?? "Outputs/backtest-\(base)-\(config.targets.map(String.init).joined(separator: "_"))")
            try OutputFolder.write(files, to: out)
            let t = String(format: "%.1f", Date().timeIntervalSince(started))
            print("wrote \(out.path)/ (\(lads.count) LAs, \(ms.count) methods, \(rows.count) rows, \(t) s)")
        }
    }
}
