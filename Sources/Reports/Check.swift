import Foundation

/// Compares the CSV tables of a run with reference tables: same files, same columns, same rows in the same
/// order, text fields equal, numbers within a relative tolerance (settable per column).
public struct TableCheck {
    public struct Difference: CustomStringConvertible {
        public let file: String
        public let line: Int
        public let column: String
        public let expected: String
        public let actual: String
        public let relative: Double
        public var description: String {
            "\(file):\(line) \(column): expected \(expected), got \(actual)" + (relative.isFinite ? " (relative \(String(format: "%.3g", relative)))" : "")
        }
    }
    public struct Report {
        public var filesCompared = 0
        public var cellsCompared = 0
        /// Structural problems (missing files, columns or rows): always drift.
        public var problems: [String] = []
        public var differences: [Difference] = []
        public var passed: Bool { problems.isEmpty && differences.isEmpty }
    }

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
            guard let a = actual[name] else { r.problems.append("\(name): in the reference but not in the run"); continue }
            r.filesCompared += 1
            compareFile(name, a, expected[name]!, into: &r)
        }
        for name in actual.keys.sorted() where expected[name] == nil {
            r.problems.append("\(name): in the run but not in the reference")
        }
        return r
    }

    func compareFile(_ name: String, _ a: String, _ e: String, into r: inout Report) {
        let al = a.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        let el = e.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        guard let ah = al.first, let eh = el.first else { r.problems.append("\(name): empty file"); return }
        let header = fields(eh)
        guard fields(ah) == header else {
            r.problems.append("\(name): columns differ: reference \(eh), run \(ah)"); return
        }
        if al.count != el.count {
            r.problems.append("\(name): \(el.count - 1) rows in the reference, \(al.count - 1) in the run")
        }
        for i in 1..<min(al.count, el.count) where al[i] != el[i] {
            let af = fields(al[i]), ef = fields(el[i])
            guard af.count == ef.count else { r.problems.append("\(name):\(i + 1): field count differs"); continue }
            for c in af.indices where af[c] != ef[c] {
                let col = c < header.count ? header[c] : "column \(c + 1)"
                if let x = Double(af[c]), let y = Double(ef[c]) {
                    let tol = columnTolerance[col] ?? tolerance
                    let diff = abs(x - y)
                    let rel = diff / max(abs(x), abs(y))
                    if diff <= absoluteTolerance || diff <= tol * max(abs(x), abs(y)) { continue }
                    r.differences.append(.init(file: name, line: i + 1, column: col, expected: ef[c], actual: af[c], relative: rel))
                } else {
                    r.differences.append(.init(file: name, line: i + 1, column: col, expected: ef[c], actual: af[c], relative: .infinity))
                }
            }
        }
        r.cellsCompared += (min(al.count, el.count) - 1) * header.count
    }

    func fields(_ line: Substring) -> [String] {
        var out: [String] = [], f = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { out.append(f); f = "" } else { f.append(ch) }
        }
        out.append(f)
        return out
    }
}
