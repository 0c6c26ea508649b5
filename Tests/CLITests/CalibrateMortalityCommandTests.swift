import Foundation
import XCTest

/// `cohort calibrate --fit mortality-level` end to end on a scenario extending the shipped BLMK baseline.
final class CalibrateMortalityCommandTests: XCTestCase {
    var ws: Workspace!
    override func setUpWithError() throws { ws = try Workspace() }
    override func tearDown() { ws.remove() }

    /// The level the shipped derived migration was made with (Scenarios/ons-trend.toml, blmk-baseline.toml).
    static let derivedLevel = "0.932501"

    func child(calibration: String, parent: String = "blmk-baseline.toml") throws {
        let p = Cohort.packageRoot.appendingPathComponent("Scenarios/\(parent)").path
        try ws.write("child.toml", """
            extends = "\(p)"
            name = "child"

            [mortality]
            level = \(Self.derivedLevel)   # to be fitted
            \(calibration)
            """)
    }

    func testTheFittedLevelIsWrittenBackAndThenNeedsARederivation() throws {
        // Fewer deaths than the shipped level gives: the fitted level falls below it.
        try child(calibration: "\n[mortality.calibration]\ndeaths = 7000\nfy = 2024\nsource = \"test\"\n")
        let r = try ws.run(["calibrate", "child.toml", "--fit", "mortality-level"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("deaths 2024/25 7000.0 on the resident basis"), r.stdout)
        let line = try XCTUnwrap(try ws.read("child.toml").components(separatedBy: "\n").first { $0.hasPrefix("level = ") })
        XCTAssertTrue(line.contains("# fitted by `cohort calibrate --fit mortality-level`: deaths 2024/25 = 7000 (resident basis)"), line)
        let level = try XCTUnwrap(Double(line.dropFirst("level = ".count).prefix { $0 != " " }))
        XCTAssertLessThan(level, Double(Self.derivedLevel)!, "fewer deaths need a lower level")
        XCTAssertGreaterThan(level, 0.2)
        // The derived migration was made at the shipped level: running at the fitted level is refused until re-derived.
        let run = try ws.run(["run", "child.toml", "--draws", "0", "--outputs", "out"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("(derived with \(Self.derivedLevel))"), run.stderr)
    }

    /// A scenario saved with CRLF line ends (Windows): the level line is found through the loader's own key lines
    /// (calibrate once split the text on "\n", so the CRLF file read as one line and the key was "not found"), and
    /// every line keeps its CRLF.
    func testCRLFScenarioIsCalibratedAndKeepsItsLineEnds() throws {
        try child(calibration: "\n[mortality.calibration]\ndeaths = 7000\nfy = 2024\nsource = \"test\"\n")
        try ws.write("child.toml", try ws.read("child.toml").replacingOccurrences(of: "\n", with: "\r\n"))
        let r = try ws.run(["calibrate", "child.toml", "--fit", "mortality-level"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = try Data(contentsOf: ws.url("child.toml")).split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        XCTAssertGreaterThan(lines.count, 5)
        for (i, l) in lines.dropLast().enumerated() { XCTAssertTrue(l.hasSuffix("\r"), "line \(i + 1) lost its CR: \(l)") }
        let level = try XCTUnwrap(lines.first { $0.hasPrefix("level = ") })
        XCTAssertTrue(level.contains("# fitted by `cohort calibrate --fit mortality-level`: deaths 2024/25 = 7000"), level)
        XCTAssertFalse(level.contains(Self.derivedLevel + "   # to be fitted"), level)
    }

    func testWithoutACalibrationTableItSaysWhatIsNeeded() throws {
        try child(calibration: "", parent: "ons-trend.toml")
        let before = try ws.read("child.toml")
        let r = try ws.run(["calibrate", "child.toml", "--fit", "mortality-level"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("[mortality.calibration] with deaths and fy is needed"), r.stderr)
        XCTAssertEqual(try ws.read("child.toml"), before, "nothing written on error")
    }
}
