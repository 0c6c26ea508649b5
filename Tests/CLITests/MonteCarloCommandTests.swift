import Foundation
import XCTest

/// Monte Carlo from the command line: byte-identical outputs for any thread count, and clear errors for bad
/// uncertainty specifications (nothing written).
final class MonteCarloCommandTests: XCTestCase {
    static let fixture = "Tests/Fixtures/mc/blmk-many-uncertain.toml"

    func testThreadCountDoesNotChangeAnyOutputByte() throws {
        let root = Cohort.packageRoot
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("cohort-mc-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: tmp) }
        for t in ["1", "2"] {
            let r = try Cohort.run(["run", Self.fixture, "--draws", "12", "--seed", "99", "--threads", t,
                                    "--outputs", tmp.appendingPathComponent("t\(t)").path], cwd: root)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let one = try snapshot(tmp.appendingPathComponent("t1/blmk-many-uncertain"))
        let two = try snapshot(tmp.appendingPathComponent("t2/blmk-many-uncertain"))
        XCTAssertEqual(Set(one.keys), Set(two.keys))
        XCTAssertTrue(one.keys.contains("run-plan.csv") && one.keys.contains("population-intervals.csv"))
        for (k, v) in one { XCTAssertEqual(v, two[k], "\(k) differs between --threads 1 and --threads 2 (seed 99)") }
    }

    func badSpec(_ replacement: String, expect: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let root = Cohort.packageRoot
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("cohort-mcbad-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let child = dir.appendingPathComponent("bad.toml")
        try """
        extends = "\(root.appendingPathComponent("Tests/Fixtures/mc/blmk-one-uncertain.toml").path)"
        name = "bad"
        [uncertainty.assumptions]
        \(replacement)

        """.write(to: child, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try Cohort.run(["run", child.path, "--draws", "3", "--outputs", out.path], cwd: root)
        XCTAssertEqual(r.status, 1, "expected exit 1 for \(replacement)", file: file, line: line)
        for e in expect { XCTAssertTrue(r.stderr.contains(e), "stderr should contain \"\(e)\": \(r.stderr)", file: file, line: line) }
        XCTAssertFalse(fm.fileExists(atPath: out.path), "nothing may be written", file: file, line: line)
    }

    func testUnknownDistribution() throws {
        try badSpec("fertility_level = { distribution = \"weibull\", a = 1 }",
                    expect: ["bad.toml", "uncertainty.assumptions.fertility_level.distribution", "\"weibull\" is not one of"])
    }
    func testNonPositiveSD() throws {
        try badSpec("fertility_level = { distribution = \"normal\", mean = 1, sd = 0 }", expect: ["fertility_level", "sd"])
    }
    func testMinAboveMax() throws {
        try badSpec("fertility_level = { distribution = \"uniform\", min = 2, max = 1 }", expect: ["fertility_level", "min"])
    }
    func testModeOutsideRange() throws {
        try badSpec("fertility_level = { distribution = \"triangular\", min = 0.9, mode = 1.5, max = 1.1 }", expect: ["fertility_level", "mode"])
    }
    func testProbabilityOutsideUnitInterval() throws {
        try badSpec("fertility_level = { distribution = \"bernoulli\", p = 1.5 }", expect: ["fertility_level", "1.5"])
    }
    func testWeightsThatDoNotSumToAPositiveNumber() throws {
        try badSpec("migration_profile = { choices = [\"Western standard\"], weights = [0] }", expect: ["migration_profile", "weights"])
    }
    func testUnknownAssumption() throws {
        try badSpec("fertility_levle = 1.0", expect: ["fertility_levle", "unknown assumption"])
    }
    func testIntervalWithLowAboveHigh() throws {
        try badSpec("fertility_level = { interval = [1.2, 0.8], coverage = 0.8 }", expect: ["fertility_level.interval", "low must be below high"])
    }
}
