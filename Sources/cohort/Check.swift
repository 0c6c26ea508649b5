import ArgumentParser
import Foundation
import Reports
import Scenarios

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a run folder with a reference folder (for CI): exit 0 same, 1 drift, 2 could not compare.",
        discussion: """
        The manifests are compared first: another scenario file, seed, draw count, generator or input file makes the \
        runs not comparable (exit 2, naming what differs); another tool or GSL version is only a note. Then every CSV \
        table is compared cell by cell (numbers within tolerance, text exactly); drift lines name the row by its key \
        columns (year, place, sex, age, service...), the column, both values and the tolerance.
        Exit codes: 0 = same, 1 = drift, 2 = could not compare (missing folder or file, unreadable input, runs not \
        comparable, bad option; usage errors of this command also exit 2).
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, junit }

    @Argument(help: "Run folder.") var runFolder: String
    @Option(help: "Reference folder.") var against: String
    @Option(help: "Relative tolerance for numeric columns.") var tolerance: Double = 1e-9
    @Option(help: "Absolute tolerance below which numeric differences are ignored.") var absoluteTolerance: Double = 0
    @Option(name: .customLong("column-tolerance"), help: "Per-column relative tolerance, COLUMN=VALUE (repeatable).")
    var columnTolerances: [String] = []
    @Option(help: "How many differing cells to print (text) or list per file (json, junit).") var show: Int = 10
    @Option(help: "Report format: text, json or junit.") var format: Format = .text
    @Option(help: "Write the report to this file instead of standard output (the verdict line still goes to standard output).")
    var output: String?
    @Flag(help: "Also print GitHub Actions annotations (::error file=...,line=...::...) on standard output.")
    var github = false
    @Flag(name: .customLong("text"), help: "Also compare summary.md and report.html, line by line.")
    var compareText = false
    @Flag(help: "Compare the tables even when the manifests show different scenarios, seeds or inputs.")
    var ignoreManifest = false

    func validate() throws {
        for c in columnTolerances {
            let p = c.split(separator: "=")
            guard p.count == 2, let v = Double(p[1]), v.isFinite, v >= 0 else {
                throw ValidationError("--column-tolerance '\(c)': expected COLUMN=NUMBER (a number >= 0), e.g. referrals=1e-6")
            }
        }
        guard tolerance >= 0, tolerance.isFinite, absoluteTolerance >= 0, absoluteTolerance.isFinite else {
            throw ValidationError("--tolerance and --absolute-tolerance must be finite numbers >= 0")
        }
        guard show >= 0 else { throw ValidationError("--show must be >= 0") }
        if github, format != .text, output == nil {
            throw ValidationError("--github prints annotations on standard output; with --format \(format.rawValue), also give --output FILE for the report")
        }
    }

    func run() throws {
        var perColumn: [String: Double] = [:]
        for c in columnTolerances { let p = c.split(separator: "="); perColumn[String(p[0])] = Double(p[1])! }
        var o = CheckOutcome(run: runFolder, reference: against, tolerance: tolerance, show: show)
        do {
            let runURL = URL(fileURLWithPath: runFolder), refURL = URL(fileURLWithPath: against)
            let actual = try Self.folder(runURL, text: compareText), expected = try Self.folder(refURL, text: compareText)
            let rm = try ManifestCheck.read(runURL.appendingPathComponent("manifest.json"))
            let em = try ManifestCheck.read(refURL.appendingPathComponent("manifest.json"))
            if let rm, let em {
                var m = ManifestCheck(run: rm, reference: em)
                if ignoreManifest { m.notes += m.notComparable; m.notComparable = [] }
                o.manifest = m
            } else if (rm == nil) != (em == nil) {
                // A folder of tables only (made by hand or by an older tool) can still be compared; say what was not.
                o.manifest = ManifestCheck(run: [:], reference: [:])
                o.manifest!.notes.append("manifest.json is in the \(rm == nil ? "reference" : "run") but not in the \(rm == nil ? "run" : "reference"), so scenario, seed and inputs were not compared")
            }
            var report = TableCheck(tolerance: tolerance, absoluteTolerance: absoluteTolerance, columnTolerance: perColumn)
                .compare(actual: actual.csv, expected: expected.csv)
            let known = report.columns.sorted()
            for c in perColumn.keys.sorted() where !report.columns.contains(c) {
                throw Failure("--column-tolerance \(c)=...: no table of \(against) has a column '\(c)'"
                              + Suggestion.hint(c, among: known))
            }
            if compareText {
                for name in ["summary.md", "report.html"] {
                    let f = TableCheck.compareText(name: name, actual: actual.text[name], expected: expected.text[name])
                    if f.status != .same || expected.text[name] != nil { report.files.append(f) }
                }
            }
            o.tables = report
        } catch let e as Failure {
            o.error = e.description
        } catch let e as ManifestCheck.ReadError {
            o.error = e.description
        }

        let body: String
        switch format {
        case .text: body = o.text()
        case .json: body = o.json()
        case .junit: body = o.junit()
        }
        if github { print(o.githubAnnotations(), terminator: "") }
        if let output {
            do { try Data(body.utf8).write(to: URL(fileURLWithPath: output)) } catch {
                FileHandle.standardError.write(Data("Error: could not write \(output): \(error.localizedDescription)\n".utf8))
                throw ExitCode(2)
            }
            print("check: \(o.verdict.rawValue) (exit \(o.exitCode)); report written to \(output)")
        } else {
            print(body, terminator: "")
        }
        if o.verdict == .error, format == .text {
            FileHandle.standardError.write(Data("Error: could not compare: \(o.error ?? o.tables?.unreadable.joined(separator: "; ") ?? "")\n".utf8))
        }
        if o.exitCode != 0 { throw ExitCode(o.exitCode) }
    }

    /// The CSV tables of a folder and, when asked, its summary.md and report.html (name -> text).
    static func folder(_ folder: URL, text: Bool) throws -> (csv: [String: String], text: [String: String]) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw Failure("\(folder.path): no such folder")
        }
        var csv: [String: String] = [:], texts: [String: String] = [:]
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: folder.path) } catch {
            throw Failure("\(folder.path): folder not readable")
        }
        for name in names where name.hasSuffix(".csv") || (text && (name == "summary.md" || name == "report.html")) {
            guard let d = fm.contents(atPath: folder.appendingPathComponent(name).path), let s = String(data: d, encoding: .utf8) else {
                throw Failure("\(folder.path)/\(name): not readable UTF-8")
            }
            if name.hasSuffix(".csv") { csv[name] = s } else { texts[name] = s }
        }
        return (csv, texts)
    }
}
