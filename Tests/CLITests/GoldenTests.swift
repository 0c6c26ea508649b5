import Foundation
import XCTest

/// Regression: the real scenarios against the reviewed reference outputs in Outputs/reference/<name>/.
///
/// Compare (default): `cohort check` of a fresh run against the reference must pass (exit 0).
/// Re-record: `COHORT_RECORD=1 swift test --filter GoldenTests` replaces the references with fresh outputs and
/// FAILS, so a recording never passes unnoticed; review the change (git diff Outputs/reference) before committing.
final class GoldenTests: XCTestCase {
    func testBLMKBaseline() throws { try golden("blmk-baseline") }
    func testONSTrend() throws { try golden("ons-trend") }

    /// The Markdown and HTML reports of a small fixed scenario (the tiny fixture), compared as exact text with
    /// Tests/Fixtures/golden/tiny/; re-recorded only with COHORT_RECORD=1 (which fails the test).
    func testTinyScenarioReportsExactText() throws {
        _ = try reportsGolden("Tests/Fixtures/tiny/tiny.toml", golden: "tiny")
    }

    /// A two-Place area that is not the shipped default (hand-written referrals, no published figures, no [report]):
    /// its reports match Tests/Fixtures/golden/area/ exactly, and carry no text of the shipped area, no empty section,
    /// no year outside the projection and no absolute path (manifest.json included).
    func testAreaReportsBelongToTheArea() throws {
        let docs = try reportsGolden("Tests/Fixtures/area/area.toml", golden: "area")
        guard let md = docs["summary.md"], let html = docs["report.html"], let manifest = docs["manifest.json"] else {
            return XCTFail("missing outputs: \(docs.keys.sorted())")
        }
        for (doc, text) in docs {
            for word in ["BLMK", "Bedford", "Luton", "Milton Keynes"] {
                XCTAssertFalse(text.contains(word), "\(doc) names the shipped area: \(word)")
            }
            XCTAssertFalse(text.contains(Cohort.packageRoot.path), "\(doc) holds an absolute path")
            XCTAssertNil(text.range(of: #"(^|[\s`"'(>])/(home|tmp|work|Users|var|root|private)/"#, options: .regularExpression),
                         "\(doc) holds an absolute path")
        }
        XCTAssertTrue(manifest.contains("\"path\" : \"../tiny/population.csv\""), "inputs of another folder: relative with ..")
        // Every section of summary.md has content; the absent ones are named once, with the reason.
        let sections = md.components(separatedBy: "\n## ").dropFirst()
        XCTAssertFalse(sections.isEmpty)
        for sec in sections {
            let body = sec.split(separator: "\n", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            XCTAssertFalse(body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "empty section: ## \(sec.prefix(60))")
        }
        for heading in ["## Referrals by service", "## Deaths"] { XCTAssertTrue(md.contains(heading), heading) }
        for absent in ["## Workforce", "## Finance", "## Long-term conditions", "## Headline beside", "## Uncertainty"] {
            XCTAssertFalse(md.contains(absent), "no data, so no section: \(absent)")
        }
        XCTAssertTrue(md.contains("Not in this run:") && md.contains("workforce (no [workforce] section)")
                      && md.contains("finance (no [finance] section)"), "the summary says what is absent and why")
        // Years in the text lie inside the projection (2020-2025): no header from another area's horizon.
        let years = md.matches(of: /\b(19|20)\d\d\b/).compactMap { Int(md[$0.range]) }
        XCTAssertFalse(years.isEmpty)
        XCTAssertEqual(years.filter { !(2020...2025).contains($0) }, [], "years outside the projection")
        // report.html: no empty section and no section without data.
        XCTAssertFalse(html.contains("class=\"empty\""), "an empty section in report.html")
        XCTAssertFalse(html.contains("id=\"workforce\"") || html.contains("id=\"finance\""), "sections without data")
        XCTAssertTrue(html.contains("id=\"referrals\"") && html.contains("id=\"deaths\""))
    }

    /// Runs `scenario`, compares its summary.md and report.html with Tests/Fixtures/golden/<golden>/ (or re-records
    /// them with COHORT_RECORD=1, failing), and returns the text of the run's summary, report and manifest.
    func reportsGolden(_ scenario: String, golden name: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: String] {
        let root = Cohort.packageRoot
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("cohort-golden-\(name)-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: tmp) }
        let run = try Cohort.run(["run", scenario, "--outputs", tmp.path], cwd: root)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        guard run.status == 0 else { return [:] }
        let folder = try fm.contentsOfDirectory(atPath: tmp.path).first { !$0.hasPrefix(".") } ?? ""
        let golden = root.appendingPathComponent("Tests/Fixtures/golden/\(name)")
        let record = ProcessInfo.processInfo.environment["COHORT_RECORD"] == "1"
        if record { try fm.createDirectory(at: golden, withIntermediateDirectories: true) }
        var texts: [String: String] = [:]
        for doc in ["summary.md", "report.html", "manifest.json"] {
            let new = tmp.appendingPathComponent(folder).appendingPathComponent(doc)
            texts[doc] = try String(contentsOf: new, encoding: .utf8)
            guard doc != "manifest.json" else { continue }
            let ref = golden.appendingPathComponent(doc)
            if record {
                if fm.fileExists(atPath: ref.path) { try fm.removeItem(at: ref) }
                try fm.copyItem(at: new, to: ref)
                XCTFail("COHORT_RECORD=1: re-recorded Tests/Fixtures/golden/\(name)/\(doc); review the diff, then run again without COHORT_RECORD",
                        file: file, line: line)
                continue
            }
            guard let expected = fm.contents(atPath: ref.path) else {
                XCTFail("missing Tests/Fixtures/golden/\(name)/\(doc): record with COHORT_RECORD=1 swift test --filter GoldenTests", file: file, line: line)
                continue
            }
            XCTAssertEqual(fm.contents(atPath: new.path), expected, "\(doc) of \(scenario) differs from its golden file", file: file, line: line)
        }
        return texts
    }

    func golden(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let root = Cohort.packageRoot
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("cohort-golden-\(UUID().uuidString)")
        try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: tmp) }

        let run = try Cohort.run(["run", "Scenarios/\(name).toml", "--outputs", tmp.path], cwd: root)
        XCTAssertEqual(run.status, 0, "cohort run Scenarios/\(name).toml failed:\n\(run.stderr)", file: file, line: line)
        guard run.status == 0 else { return }
        let fresh = tmp.appendingPathComponent(name)
        let reference = root.appendingPathComponent("Outputs/reference/\(name)")

        if ProcessInfo.processInfo.environment["COHORT_RECORD"] == "1" {
            try fm.createDirectory(at: reference.deletingLastPathComponent(), withIntermediateDirectories: true)
            if fm.fileExists(atPath: reference.path) { try fm.removeItem(at: reference) }
            try fm.copyItem(at: fresh, to: reference)
            // The workbook repeats the CSVs in binary form: the CSVs are the reference, reviewed as text.
            for f in try fm.contentsOfDirectory(atPath: reference.path) where f.hasSuffix(".xlsx") {
                try fm.removeItem(at: reference.appendingPathComponent(f))
            }
            let files = try fm.contentsOfDirectory(atPath: reference.path).sorted()
            XCTFail("""
                COHORT_RECORD=1: re-recorded the references of \(name) in Outputs/reference/\(name)/ \
                (\(files.joined(separator: ", "))). They must be reviewed (git diff Outputs/reference/\(name)) \
                before committing; run again without COHORT_RECORD to compare.
                """, file: file, line: line)
            return
        }

        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: reference.path, isDirectory: &isDir), isDir.boolValue else {
            XCTFail("""
                no reference outputs for \(name): Outputs/reference/\(name)/ is missing. Record them with
                COHORT_RECORD=1 swift test --filter GoldenTests
                and review the recorded files before committing them.
                """, file: file, line: line)
            return
        }
        let check = try Cohort.run(["check", fresh.path, "--against", reference.path], cwd: root)
        XCTAssertEqual(check.status, 0, """
            \(name) drifted from Outputs/reference/\(name)/ (if the change is intended, re-record with \
            COHORT_RECORD=1 swift test --filter GoldenTests and review):
            \(check.stdout)\(check.stderr)
            """, file: file, line: line)
        // The reports people read are compared exactly (text, not numbers within tolerance).
        for doc in ["summary.md", "report.html"] {
            let ref = reference.appendingPathComponent(doc), new = fresh.appendingPathComponent(doc)
            guard fm.fileExists(atPath: ref.path) || fm.fileExists(atPath: new.path) else { continue }
            XCTAssertEqual(fm.contents(atPath: new.path), fm.contents(atPath: ref.path),
                           "\(name)/\(doc) differs from the reference (re-record with COHORT_RECORD=1 and review the diff)",
                           file: file, line: line)
        }
    }
}
