import Foundation
import XCTest

/// `cohort check`: passes on identical runs, reports DRIFT (exit 1) on a changed number, honours tolerances.
final class CheckCommandTests: XCTestCase {
    var ws: Workspace!
    override func setUpWithError() throws {
        ws = try Workspace()
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "a"]).status, 0)
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "b"]).status, 0)
    }
    override func tearDown() { ws.remove() }

    /// Multiplies the `resident` value of one population.csv row of folder b by `factor` (a 1% change by default).
    func alterResident(year: String = "2023", place: String = "A", sex: String = "female", age: String = "30",
                       factor: Double = 1.01) throws -> (old: String, new: String) {
        let rows = try ws.read("b/tiny/population.csv").components(separatedBy: "\n")
        // scenario,year,place_code,place,sex,age,resident,registered (the tiny scenario has no place codes).
        let prefix = "tiny,\(year),,\(place),\(sex),\(age),"
        let i = try XCTUnwrap(rows.firstIndex { $0.hasPrefix(prefix) })
        var f = rows[i].components(separatedBy: ",")
        let old = f[6]
        f[6] = String(format: "%.3f", Double(old)! * factor)
        var out = rows
        out[i] = f.joined(separator: ",")
        try ws.write("b/tiny/population.csv", out.joined(separator: "\n"))
        return (old, f[6])
    }

    func testIdenticalRunsPass() throws {
        let r = try ws.run(["check", "a/tiny", "--against", "b/tiny"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("check passed"), r.stdout)
        XCTAssertFalse(r.stdout.contains("DRIFT"), r.stdout)
    }

    func testOneAlteredNumberIsDrift() throws {
        let (old, new) = try alterResident()
        let r = try ws.run(["check", "a/tiny", "--against", "b/tiny"])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("DRIFT"), r.stdout)
        XCTAssertTrue(r.stdout.contains("population.csv"), r.stdout)
        XCTAssertTrue(r.stdout.contains("resident: expected \(new), got \(old)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("check FAILED"), r.stdout)
        XCTAssertEqual(r.stdout.components(separatedBy: "DRIFT").count - 1, 1, "exactly one differing cell: \(r.stdout)")
    }

    func testColumnToleranceIsRespected() throws {
        _ = try alterResident()  // a 1% change in one resident cell
        let loose = try ws.run(["check", "a/tiny", "--against", "b/tiny", "--column-tolerance", "resident=0.02"])
        XCTAssertEqual(loose.status, 0, "2% tolerance on resident covers a 1% change: \(loose.stdout)")
        let other = try ws.run(["check", "a/tiny", "--against", "b/tiny", "--column-tolerance", "registered=0.02"])
        XCTAssertEqual(other.status, 1, "a tolerance on another column must not cover it: \(other.stdout)")
        let tight = try ws.run(["check", "a/tiny", "--against", "b/tiny", "--column-tolerance", "resident=0.005"])
        XCTAssertEqual(tight.status, 1, "0.5% does not cover 1%: \(tight.stdout)")
        let global = try ws.run(["check", "a/tiny", "--against", "b/tiny", "--tolerance", "0.02"])
        XCTAssertEqual(global.status, 0, "a global 2% tolerance covers it: \(global.stdout)")
    }

    func testMalformedColumnToleranceIsAUsageError() throws {
        let r = try ws.run(["check", "a/tiny", "--against", "b/tiny", "--column-tolerance", "resident"])
        XCTAssertEqual(r.status, 2, "a usage error of check means 'could not compare': \(r.stderr)")
        XCTAssertTrue(r.stderr.contains("--column-tolerance 'resident'"), r.stderr)
    }

    func testTextChangeAndMissingFileAreDrift() throws {
        try ws.write("b/tiny/components.csv", try ws.read("b/tiny/components.csv").replacingOccurrences(of: ",given,", with: ",trend,"))
        var r = try ws.run(["check", "a/tiny", "--against", "b/tiny"])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stdout.contains("DRIFT components.csv:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("migration_basis: expected trend, got given"), r.stdout)

        try FileManager.default.removeItem(at: ws.url("a/tiny/components_by_age.csv"))
        r = try ws.run(["check", "a/tiny", "--against", "b/tiny"])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stdout.contains("DRIFT components_by_age.csv: in the reference but not in the run"), r.stdout)
    }

    func testMissingRowIsDrift() throws {
        var rows = try ws.read("b/tiny/population.csv").components(separatedBy: "\n")
        rows.remove(at: 100)
        try ws.write("b/tiny/population.csv", rows.joined(separator: "\n"))
        let r = try ws.run(["check", "a/tiny", "--against", "b/tiny"])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stdout.contains("DRIFT population.csv: 3275 rows in the reference, 3276 in the run"), r.stdout)
    }

    func testMissingFolderIsAnError() throws {
        let r = try ws.run(["check", "a/tiny", "--against", "nowhere"])
        XCTAssertEqual(r.status, 2, "a missing folder is not drift: \(r.stdout)")
        XCTAssertTrue(r.stderr.contains("could not compare: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("nowhere: no such folder"), r.stderr)
        XCTAssertFalse(r.stdout.contains("DRIFT"), r.stdout)
    }
}
