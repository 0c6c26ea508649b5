import ArgumentParser
import Foundation
import Reports

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a run's CSV tables with reference tables; exit 1 on drift.")

    @Argument(help: "Run folder.") var runFolder: String
    @Option(help: "Reference folder.") var against: String
    @Option(help: "Relative tolerance for numeric columns.") var tolerance: Double = 1e-9
    @Option(help: "Absolute tolerance below which numeric differences are ignored.") var absoluteTolerance: Double = 0
    @Option(name: .customLong("column-tolerance"), help: "Per-column relative tolerance, COLUMN=VALUE (repeatable).")
    var columnTolerances: [String] = []
    @Option(help: "How many differing cells to print.") var show: Int = 10

    func validate() throws {
        for c in columnTolerances {
            let p = c.split(separator: "=")
            guard p.count == 2, Double(p[1]) != nil else {
                throw ValidationError("--column-tolerance '\(c)': expected COLUMN=NUMBER, e.g. referrals=1e-6")
            }
        }
    }

    func run() throws {
        try userFacing {
            var perColumn: [String: Double] = [:]
            for c in columnTolerances { let p = c.split(separator: "="); perColumn[String(p[0])] = Double(p[1])! }
            let checker = TableCheck(tolerance: tolerance, absoluteTolerance: absoluteTolerance, columnTolerance: perColumn)
            let actual = try OutputFolder.csvFiles(in: URL(fileURLWithPath: runFolder))
            let expected = try OutputFolder.csvFiles(in: URL(fileURLWithPath: against))
            let r = checker.compare(actual: actual, expected: expected)
            if r.passed {
                print("check passed: \(r.filesCompared) files, \(r.cellsCompared) cells within tolerance (relative \(tolerance))")
                return
            }
            for p in r.problems { print("DRIFT \(p)") }
            let worst = r.differences.sorted { $0.relative > $1.relative }
            for d in worst.prefix(show) { print("DRIFT \(d)") }
            if worst.count > show { print("... and \(worst.count - show) more differing cells") }
            print("check FAILED: \(r.problems.count) structural problems, \(r.differences.count) cells outside tolerance in \(r.filesCompared) files")
            throw ExitCode(1)
        }
    }
}
