import ArgumentParser
import Foundation
import Scenarios
import Reports

/// Options shared by the commands that run scenarios.
struct RunOptions: ParsableArguments {
    @Option(help: "Monte Carlo draws (default: the scenario's [uncertainty] draws; 0 = central run only).") var draws: Int?
    @Option(help: "Master seed (default: the scenario's [uncertainty] seed).") var seed: UInt64?
    @Option(help: "Worker threads (results do not depend on it).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Folder that receives the run folder.") var outputs: String = "Outputs"

    func validate() throws {
        if let draws, draws < 0 { throw ValidationError("--draws must be 0 or more") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Project a scenario (central run plus any Monte Carlo draws) and write Outputs/<scenario name>/.")

    @Argument(help: "Scenario file (TOML).") var scenario: String
    @OptionGroup var options: RunOptions
    @Flag(help: "Also write every draw of every interval row (draws.csv, long form).") var keepDraws = false

    func run() throws {
        try userFacing { () throws -> Void in
            let p = try Pipeline(scenario, draws: options.draws, seed: options.seed)
            let folder = URL(fileURLWithPath: options.outputs).appendingPathComponent(p.scenario.name)
            try FolderOwner.check(folder, scenario: p.scenario)
            let run = try p.central()
            let demand = try p.demand(run)
            let u = p.scenario.uncertainty
            let bar = ProgressBar(total: u.draws)
            var progress: (@Sendable (Int) -> Void)? = nil
            if let bar { progress = { n in bar.update(n) } }
            let mc = try p.monteCarlo(threads: options.threads, central: (run, demand), progress: progress)
            bar?.finish()
            let files = try p.render(run, demand: demand, mc: mc, threads: options.threads, keepDraws: keepDraws)
            // One Excel workbook of every table (the finance and planning teams' format), beside the CSVs.
            let book = try XLSXWorkbook.forRun(files).data()
            try OutputFolder.write(files, data: ["\(p.scenario.name).xlsx": book], to: folder)
            print("wrote \(folder.path)/ (\(files.count + 1) files\(u.draws > 0 ? ", \(u.draws) draws, seed \(u.seed)" : ""))")
        }
    }
}

/// A one-line progress bar on stderr, shown only when stderr is a terminal and the run has taken over a second.
final class ProgressBar: @unchecked Sendable {
    let total: Int
    let label: String
    let start = Date()
    var shown = false
    init?(total: Int, label: String = "draws") {
        guard total > 0, isatty(STDERR_FILENO) != 0 else { return nil }
        self.total = total; self.label = label
    }
    func update(_ done: Int) {
        guard Date().timeIntervalSince(start) > 1 else { return }
        shown = true
        let width = 30, filled = width * done / total
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] \(done)/\(total) \(label)"
        FileHandle.standardError.write(Data(line.utf8))
    }
    func finish() { if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
}
