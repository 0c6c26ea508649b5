import Foundation
import XCTest

/// `cohort calibrate --fit mortality-level` end to end on a scenario extending the shipped BLMK baseline.
final class CalibrateMortalityCommandTests: XCTestCase {
    var ws: Workspace!
    override func setUpWithError() throws { ws = try Workspace() }
    override func tearDown() { ws.remove() }

    func child(calibration: String) throws {
        let parent = Cohort.packageRoot.appendingPathComponent("Scenarios/blmk-baseline.toml").path
        try ws.write("child.toml", """
            extends = "\(parent)"
            name = "child"

            [mortality]
            level = 1.0   # to be fitted
            \(calibration)
            """)
    }

    func testTheFittedLevelIsWrittenBackAndThenNeedsARederivation() throws {
        try child(calibration: "\n[mortality.calibration]\ndeaths = 7652\nfy = 2024\nsource = \"observed\"\n")
        let r = try ws.run(["calibrate", "child.toml", "--fit", "mortality-level"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("deaths 2024/25 7652.0 on the resident basis"), r.stdout)
        let line = try XCTUnwrap(try ws.read("child.toml").components(separatedBy: "\n").first { $0.hasPrefix("level = ") })
        XCTAssertTrue(line.contains("# fitted by `cohort calibrate --fit mortality-level`: deaths 2024/25 = 7652 (resident basis)"), line)
        let level = try XCTUnwrap(Double(line.dropFirst("level = ".count).prefix { $0 != " " }))
        XCTAssertLessThan(level, 1, "the baseline predicts more deaths than observed")
        XCTAssertGreaterThan(level, 0.2)
        // The derived migration was made at level 1: running at the fitted level is refused until re-derived.
        let run = try ws.run(["run", "child.toml", "--draws", "0", "--outputs", "out"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("(derived with 1.0)"), run.stderr)
    }

    func testWithoutACalibrationTableItSaysWhatIsNeeded() throws {
        try child(calibration: "")
        let before = try ws.read("child.toml")
        let r = try ws.run(["calibrate", "child.toml", "--fit", "mortality-level"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("[mortality.calibration] with deaths and fy is needed"), r.stderr)
        XCTAssertEqual(try ws.read("child.toml"), before, "nothing written on error")
    }
}
