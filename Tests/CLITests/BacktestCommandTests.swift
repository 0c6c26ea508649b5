import Foundation
import XCTest

/// `cohort backtest` through the built binary: a small back-test (one ICB, one window, no draws) against the reviewed
/// reference in Outputs/reference/backtest-2018-2020-QHG/, and the errors a bad option gets.
/// Re-record: `COHORT_RECORD=1 swift test --filter BacktestCommandTests` (fails on purpose; review the diff).
final class BacktestCommandTests: XCTestCase {
    static let referenceName = "backtest-2018-2020-QHG"
    static let args = ["backtest", "--base", "2018", "--to", "2020", "--icb", "QHG"]

    func testSmallBacktestMatchesItsReference() throws {
        let root = Cohort.packageRoot, fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("cohort-backtest-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: tmp) }
        let fresh = tmp.appendingPathComponent(Self.referenceName)
        let run = try Cohort.run(Self.args + ["--outputs", fresh.path], cwd: root)
        XCTAssertEqual(run.status, 0, run.stderr)
        guard run.status == 0 else { return }
        XCTAssertTrue(run.stdout.hasPrefix("wrote "), run.stdout)
        for f in ["backtest.csv", "backtest-summary.csv", "backtest.md", "backtest.html"] {
            XCTAssertTrue(fm.fileExists(atPath: fresh.appendingPathComponent(f).path), f)
        }
        let reference = root.appendingPathComponent("Outputs/reference/\(Self.referenceName)")
        if ProcessInfo.processInfo.environment["COHORT_RECORD"] == "1" {
            if fm.fileExists(atPath: reference.path) { try fm.removeItem(at: reference) }
            try fm.copyItem(at: fresh, to: reference)
            XCTFail("COHORT_RECORD=1: re-recorded Outputs/reference/\(Self.referenceName); review the diff, then run again without COHORT_RECORD")
            return
        }
        let check = try Cohort.run(["check", fresh.path, "--against", reference.path], cwd: root)
        XCTAssertEqual(check.status, 0, "backtest drifted from Outputs/reference/\(Self.referenceName):\n\(check.stdout)")
        // The note says which comparisons it made and which LAs it measured.
        let md = try String(contentsOf: fresh.appendingPathComponent("backtest.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("England national life table 2014-2016"), md)
        XCTAssertTrue(md.contains("| 2018 | 2020 | hamilton-perry |"), md)
    }

    func testBadOptionsAreRefusedAndWriteNothing() throws {
        let root = Cohort.packageRoot, fm = FileManager.default
        let out = fm.temporaryDirectory.appendingPathComponent("cohort-backtest-bad-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: out) }
        let cases: [([String], String)] = [
            (["--base", "2018", "--to", "2020,20x2"], "--to '2020,20x2': '20x2' is not a year"),
            (["--base", "2018", "--to", "2017"], "target years must be after the base year 2018"),
            (["--base", "2012", "--to", "2020"], "--base 2012: no ONS estimate for mid-2012"),
            (["--base", "2018", "--to", "2023"], "--to 2023: no ONS estimate for mid-2023"),
            (["--base", "2018", "--to", "2020", "--methods", "cohort,no-change"], "--methods 'cohort,no-change': no method 'cohort'"),
            (["--base", "2018", "--to", "2020", "--lad", "E06000099"], "--lad 'E06000099': no such"),
        ]
        for (a, message) in cases {
            let r = try Cohort.run(["backtest"] + a + ["--outputs", out.path], cwd: root)
            XCTAssertEqual(r.status, 1, "\(a): \(r.stderr)")
            XCTAssertFalse(r.crashed, "\(a)")
            XCTAssertTrue(r.stderr.contains(message), "\(a): expected '\(message)' in: \(r.stderr)")
            XCTAssertFalse(fm.fileExists(atPath: out.path), "\(a): nothing may be written on error")
        }
    }
}
