import Foundation

/// The outcome of `cohort check` and its three renderings (text for people, JSON for tools, JUnit XML for CI test
/// reports) plus GitHub Actions annotations. Exit codes: 0 same, 1 drift, 2 could not compare.
public struct CheckOutcome {
    public enum Verdict: String { case same, drift, notComparable = "not_comparable", error }

    public var run: String
    public var reference: String
    /// Set when the folders could not be read at all (no such folder, unreadable manifest...).
    public var error: String?
    public var manifest: ManifestCheck?
    public var tables: TableCheck.Report?
    public var tolerance: Double
    /// How many differing cells to print (text) or list per file (JSON, JUnit).
    public var show: Int

    public init(run: String, reference: String, tolerance: Double, show: Int) {
        self.run = run; self.reference = reference; self.tolerance = tolerance; self.show = show
    }

    public var verdict: Verdict {
        if error != nil { return .error }
        if let m = manifest, !m.notComparable.isEmpty { return .notComparable }
        if let t = tables, !t.unreadable.isEmpty { return .error }
        return tables?.passed ?? true ? .same : .drift
    }

    public var exitCode: Int32 {
        switch verdict { case .same: return 0; case .drift: return 1; case .notComparable, .error: return 2 }
    }

    /// Every differing cell, largest relative difference first (text differences first of all).
    func worst(_ d: [TableCheck.Difference]) -> [TableCheck.Difference] {
        d.enumerated().sorted { a, b in
            a.element.relative != b.element.relative ? a.element.relative > b.element.relative : a.offset < b.offset
        }.map(\.element)
    }

    // MARK: text

    public func text() -> String {
        var out: [String] = []
        for n in manifest?.notes ?? [] { out.append("note: \(n); tables compared anyway") }
        switch verdict {
        case .error:
            let why = error ?? tables!.unreadable.joined(separator: "; ")
            out.append("check COULD NOT COMPARE: \(why)")
        case .notComparable:
            for n in manifest!.notComparable { out.append("NOT COMPARABLE because \(n)") }
            out.append("check NOT COMPARABLE: the manifests show the run and the reference were made from different scenarios, seeds or inputs; tables not compared (--ignore-manifest compares them anyway)")
        case .same:
            let t = tables!
            out.append("check passed: \(t.filesCompared) files, \(t.cellsCompared) cells within tolerance (relative \(tolerance))")
        case .drift:
            let t = tables!
            for p in t.problems { out.append("DRIFT \(p)") }
            let w = worst(t.differences)
            for d in w.prefix(show) { out.append("DRIFT \(d)") }
            if w.count > show { out.append("... and \(w.count - show) more differing cells") }
            out.append("check FAILED: \(count(t.problems.count, "structural problem")), \(count(t.differences.count, "cell")) outside tolerance in \(count(t.filesCompared, "file"))")
        }
        return out.joined(separator: "\n") + "\n"
    }

    func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    // MARK: JSON

    public func json() -> String {
        var o: [String: Any] = ["verdict": verdict.rawValue, "exit_code": Int(exitCode), "run": run, "reference": reference,
                                "tolerance": tolerance]
        if let error { o["error"] = error }
        if let m = manifest { o["manifest"] = ["not_comparable": m.notComparable, "notes": m.notes] }
        if let t = tables {
            o["files"] = t.files.map { f -> [String: Any] in
                let w = worst(f.differences)
                return ["file": f.name, "status": f.status.rawValue, "cells_compared": f.cellsCompared, "problems": f.problems,
                        "differences_total": f.differences.count,
                        "differences": w.prefix(show).map { d -> [String: Any] in
                            var x: [String: Any] = ["line": d.line, "column": d.column, "expected": d.expected, "actual": d.actual,
                                                    "key": Dictionary(d.key.map { ($0.column, $0.value) }, uniquingKeysWith: { a, _ in a })]
                            if d.relative.isFinite { x["relative"] = d.relative }
                            if let tol = d.tolerance { x["tolerance"] = tol }
                            return x
                        }]
            }
            o["summary"] = ["files_compared": t.filesCompared, "cells_compared": t.cellsCompared,
                            "structural_problems": t.problems.count, "differences": t.differences.count]
        }
        let d = (try? JSONSerialization.data(withJSONObject: o, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: d, as: UTF8.self) + "\n"
    }

    // MARK: JUnit

    /// JUnit XML: one test case per file (and one for the manifests); a failure names the drifted rows by key.
    public func junit() -> String {
        struct Case { var name: String; var failure: (message: String, body: String)?; var error: String?; var type = "drift" }
        var cases: [Case] = []
        if let error {
            cases.append(Case(name: "compare", error: error))
        } else if let m = manifest {
            cases.append(Case(name: "manifest.json",
                              failure: m.notComparable.isEmpty ? nil
                                : ("not comparable because " + m.notComparable.joined(separator: "; "),
                                   m.notComparable.map { "not comparable because \($0)" }.joined(separator: "\n")),
                              type: "not_comparable"))
        }
        if verdict != .notComparable, let t = tables {
            for f in t.files {
                switch f.status {
                case .same: cases.append(Case(name: f.name))
                case .unreadable: cases.append(Case(name: f.name, error: f.problems.joined(separator: "; ")))
                default:
                    let w = worst(f.differences)
                    var lines = f.problems
                    lines += w.prefix(show).map(\.description)
                    if w.count > show { lines.append("... and \(w.count - show) more differing cells") }
                    let msg = f.differences.isEmpty ? f.problems.joined(separator: "; ")
                        : "\(count(f.differences.count, "cell")) outside tolerance; first: \(w[0].keyText.isEmpty ? "line \(w[0].line)" : w[0].keyText) \(w[0].column)"
                    cases.append(Case(name: f.name, failure: (msg, lines.joined(separator: "\n"))))
                }
            }
        }
        let failures = cases.filter { $0.failure != nil }.count, errors = cases.filter { $0.error != nil }.count
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<testsuites name=\"cohort check\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        x += "  <testsuite name=\"\(esc("cohort check \(run) against \(reference)"))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for c in cases {
            x += "    <testcase classname=\"cohort.check\" name=\"\(esc(c.name))\""
            if let f = c.failure {
                x += ">\n      <failure type=\"\(c.type)\" message=\"\(esc(f.message))\">\(esc(f.body))</failure>\n    </testcase>\n"
            } else if let e = c.error {
                x += ">\n      <error type=\"could_not_compare\" message=\"\(esc(e))\">\(esc(e))</error>\n    </testcase>\n"
            } else {
                x += "/>\n"
            }
        }
        x += "  </testsuite>\n</testsuites>\n"
        return x
    }

    func esc(_ s: String) -> String {
        var o = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "\n": o += "&#10;"
            default:
                // XML 1.0 has no place for other control characters.
                if ch.value < 0x20 && ch != "\t" { o += " " } else { o.unicodeScalars.append(ch) }
            }
        }
        return o
    }

    // MARK: GitHub annotations

    /// `::error file=...,line=...::message` lines, which GitHub Actions shows on the files of the pull request.
    public func githubAnnotations() -> String {
        func prop(_ s: String) -> String {
            s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A").replacingOccurrences(of: ":", with: "%3A")
                .replacingOccurrences(of: ",", with: "%2C")
        }
        func msg(_ s: String) -> String {
            s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A")
        }
        func path(_ name: String) -> String { run.hasSuffix("/") ? run + name : run + "/" + name }
        var out: [String] = []
        switch verdict {
        case .same: break
        case .error:
            out.append("::error title=cohort check::\(msg("could not compare: " + (error ?? tables!.unreadable.joined(separator: "; "))))")
        case .notComparable:
            for n in manifest!.notComparable {
                out.append("::error file=\(prop(path("manifest.json"))),title=cohort check::\(msg("not comparable because " + n))")
            }
        case .drift:
            let t = tables!
            for f in t.files where f.status != .same {
                for p in f.problems { out.append("::error file=\(prop(path(f.name))),title=cohort check drift::\(msg(p))") }
                for d in worst(f.differences).prefix(show) {
                    let k = d.keyText.isEmpty ? "" : d.keyText + ": "
                    out.append("::error file=\(prop(path(f.name))),line=\(d.line),title=cohort check drift::\(msg(k + d.column + ": expected " + d.expected + ", got " + d.actual))")
                }
            }
        }
        for n in manifest?.notes ?? [] { out.append("::notice title=cohort check::\(msg(n))") }
        return out.isEmpty ? "" : out.joined(separator: "\n") + "\n"
    }
}
