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
        let root = Cohort.packageRoot
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("cohort-golden-tiny-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: tmp) }
        let run = try Cohort.run(["run", "Tests/Fixtures/tiny/tiny.toml", "--outputs", tmp.path], cwd: root)
        XCTAssertEqual(run.status, 0, run.stderr)
        guard run.status == 0 else { return }
        let name = try fm.contentsOfDirectory(atPath: tmp.path).first { !$0.hasPrefix(".") } ?? ""
        let golden = root.appendingPathComponent("Tests/Fixtures/golden/tiny")
        let record = ProcessInfo.processInfo.environment["COHORT_RECORD"] == "1"
        if record { try fm.createDirectory(at: golden, withIntermediateDirectories: true) }
        for doc in ["summary.md", "report.html"] {
            let new = tmp.appendingPathComponent(name).appendingPathComponent(doc)
            let ref = golden.appendingPathComponent(doc)
            if record {
                if fm.fileExists(atPath: ref.path) { try fm.removeItem(at: ref) }
                try fm.copyItem(at: new, to: ref)
                XCTFail("COHORT_RECORD=1: re-recorded Tests/Fixtures/golden/tiny/\(doc); review the diff, then run again without COHORT_RECORD")
                continue
            }
            guard let expected = fm.contents(atPath: ref.path) else {
                XCTFail("missing Tests/Fixtures/golden/tiny/\(doc): record with COHORT_RECORD=1 swift test --filter GoldenTests")
                continue
            }
            XCTAssertEqual(fm.contents(atPath: new.path), expected, "\(doc) of the tiny scenario differs from its golden file")
        }
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
