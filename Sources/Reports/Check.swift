import Foundation
import Scenarios

/// Compares the CSV tables of a run with reference tables: same files, same columns, same rows in the same
/// order, text fields equal, numbers within a relative tolerance (settable per column). Files are read with the
/// project's one CSV reader (so CRLF line ends and a byte-order mark read as in every other input).
public struct TableCheck {
    public struct Difference: CustomStringConvertible {
        public let file: String
        /// Line in the run's file (the reference has the same row on the same line when the rows match).
        public let line: Int
        /// The row's key columns (year, place, sex, age, service...) and their reference values.
        public let key: [(column: String, value: String)]
        public let column: String
        public let expected: String
        public let actual: String
        /// Relative difference; infinity for a text difference.
        public let relative: Double
        /// The tolerance it exceeded (nil for text, which must match exactly).
        public let tolerance: Double?

        public var keyText: String { key.map { "\($0.column)=\($0.value)" }.joined(separator: " ") }
        public var description: String {
            let k = key.isEmpty ? "" : " " + keyText
            let how = relative.isFinite
                ? " (relative \(String(format: "%.3g", relative)) > tolerance \(String(format: "%g", tolerance ?? 0)))"
                : (tolerance == nil ? " (text differs)" : "")
            return "\(file):\(line)\(k): \(column): expected \(expected), got \(actual)" + how
        }
    }

    /// One file's outcome.
    public struct FileResult {
        public enum Status: String { case same, drift, missingInRun = "missing_in_run", extraInRun = "extra_in_run", unreadable }
        public let name: String
        public var status: Status = .same
        public var cellsCompared = 0
        /// Structural problems (columns, row counts, field counts) or the reason a file could not be read.
        public var problems: [String] = []
        public var differences: [Difference] = []
    }

    public struct Report {
        public var files: [FileResult] = []
        public var filesCompared: Int { files.filter { $0.status == .same || $0.status == .drift }.count }
        public var cellsCompared: Int { files.reduce(0) { $0 + $1.cellsCompared } }
        /// Structural problems (missing files, columns or rows): always drift. Each starts with the file name.
        public var problems: [String] {
            files.filter { $0.status != .unreadable }.flatMap { f in f.problems.map { "\(f.name): \($0)" } }
        }
        public var differences: [Difference] { files.flatMap(\.differences) }
        /// Files that could not be read: the run cannot be compared.
        public var unreadable: [String] {
            files.filter { $0.status == .unreadable }.flatMap { f in f.problems.map { "\(f.name): \($0)" } }
        }
        public var passed: Bool { files.allSatisfy { $0.status == .same } }
        /// Every column name of the reference tables (to reject a misspelt `--column-tolerance`).
        public var columns: Set<String> = []
    }

    /// Columns that identify a row rather than measure something; text columns of the reference are keys too.
    public static let keyColumns: Set<String> = [
        "year", "fy", "mid_year", "place", "place_code", "sex", "age", "age_group", "basis", "group", "service",
        "condition", "staff_group", "measure", "provider", "unit", "draw", "component"]

    public var tolerance: Double = 1e-9
    public var absoluteTolerance: Double = 0
    public var columnTolerance: [String: Double] = [:]

    public init(tolerance: Double = 1e-9, absoluteTolerance: Double = 0, columnTolerance: [String: Double] = [:]) {
        self.tolerance = tolerance; self.absoluteTolerance = absoluteTolerance; self.columnTolerance = columnTolerance
    }

    /// - Parameters: `actual` and `expected` map file names to CSV text.
    public func compare(actual: [String: String], expected: [String: String]) -> Report {
        var r = Report()
        for name in expected.keys.sorted() {
            var f = FileResult(name: name)
            if let a = actual[name] { compareFile(a, expected[name]!, into: &f, columns: &r.columns) } else {
                f.status = .missingInRun; f.problems = ["in the reference but not in the run"]
            }
            r.files.append(f)
        }
        for name in actual.keys.sorted() where expected[name] == nil {
            r.files.append(FileResult(name: name, status: .extraInRun, problems: ["in the run but not in the reference"]))
        }
        return r
    }

    func compareFile(_ a: String, _ e: String, into f: inout FileResult, columns: inout Set<String>) {
        let name = f.name
        let at: CSVTable, et: CSVTable
        do { et = try CSVTable(text: e, file: name) } catch {
            f.status = .unreadable; f.problems = ["reference: \(error.locationAndMessage)"]; return
        }
        do { at = try CSVTable(text: a, file: name) } catch {
            f.status = .unreadable; f.problems = ["run: \(error.locationAndMessage)"]; return
        }
        let header = et.header
        columns.formUnion(header)
        guard at.header == header else {
            f.status = .drift
            f.problems = ["columns differ: reference \(header.joined(separator: ",")), run \(at.header.joined(separator: ","))"]
            return
        }
        if at.rows.count != et.rows.count {
            f.problems.append("\(et.rows.count) rows in the reference, \(at.rows.count) in the run")
        }
        // A key column that holds one value in every row (the scenario's name, an empty place_code) names no row.
        let keys = header.indices.filter { c in
            (Self.keyColumns.contains(header[c]) || (!et.rows.isEmpty && et.rows.allSatisfy { Double($0.fields[c]) == nil }))
                && (et.rows.count < 2 || et.rows.contains { $0.fields[c] != et.rows[0].fields[c] })
        }
        for i in 0..<min(at.rows.count, et.rows.count) where at.rows[i].fields != et.rows[i].fields {
            let af = at.rows[i].fields, ef = et.rows[i].fields
            let key = keys.map { (header[$0], ef[$0]) }
            for c in af.indices where af[c] != ef[c] {
                let col = header[c]
                if let x = Double(af[c]), let y = Double(ef[c]) {
                    let tol = columnTolerance[col] ?? tolerance
                    let diff = abs(x - y)
                    let rel = diff / max(abs(x), abs(y))
                    if diff <= absoluteTolerance || diff <= tol * max(abs(x), abs(y)) { continue }
                    f.differences.append(.init(file: name, line: at.rows[i].line, key: key, column: col, expected: ef[c],
                                               actual: af[c], relative: rel, tolerance: tol))
                } else {
                    f.differences.append(.init(file: name, line: at.rows[i].line, key: key, column: col, expected: ef[c],
                                               actual: af[c], relative: .infinity, tolerance: nil))
                }
            }
        }
        f.cellsCompared = min(at.rows.count, et.rows.count) * header.count
        if !f.problems.isEmpty || !f.differences.isEmpty { f.status = .drift }
    }

    /// A text file (summary.md, report.html) compared line by line: equal, or drift naming the first differing line.
    public static func compareText(name: String, actual: String?, expected: String?) -> FileResult {
        var f = FileResult(name: name)
        guard let e = expected else {
            if actual != nil { f.status = .extraInRun; f.problems = ["in the run but not in the reference"] }
            return f
        }
        guard let a = actual else { f.status = .missingInRun; f.problems = ["in the reference but not in the run"]; return f }
        func lines(_ s: String) -> [Substring] {
            s.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        }
        let al = lines(a), el = lines(e)
        f.cellsCompared = el.count
        var differing = 0, first: Int? = nil
        for i in 0..<max(al.count, el.count) where (i < al.count ? al[i] : nil) != (i < el.count ? el[i] : nil) {
            differing += 1
            if first == nil { first = i }
        }
        guard let i = first else { return f }
        func clip(_ s: Substring?) -> String {
            guard let s else { return "(end of file)" }
            return s.count > 100 ? "'\(s.prefix(100))...'" : "'\(s)'"
        }
        f.status = .drift
        f.differences = [Difference(file: name, line: i + 1, key: [], column: "text",
                                    expected: clip(i < el.count ? el[i] : nil), actual: clip(i < al.count ? al[i] : nil),
                                    relative: .infinity, tolerance: nil)]
        f.problems = ["\(differing) of \(el.count) lines differ; first at line \(i + 1)"]
        return f
    }
}

extension InputError {
    /// The message without the file name (the check already names the file).
    var locationAndMessage: String { location.map { "\($0): \(message)" } ?? message }
}
