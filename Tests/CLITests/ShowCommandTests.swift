import Foundation
import XCTest

/// `cohort show`: the effective scenario after `extends`, each value with the file that set it; the TOML it prints is
/// itself a scenario giving the same tables.
final class ShowCommandTests: XCTestCase {
    var ws: Workspace!
    override func setUpWithError() throws {
        ws = try Workspace()
        try FileManager.default.createDirectory(at: ws.url("v"), withIntermediateDirectories: true)
        try ws.write("v/child.toml", "extends = \"../tiny/tiny.toml\"\nname = \"child\"\n\n[housing]\ncommunal_share = 0.02\n")
    }
    override func tearDown() { ws.remove() }

    func testTOMLNamesTheFileOfEachValue() throws {
        let r = try ws.run(["show", "v/child.toml"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.components(separatedBy: "\n")
        XCTAssertTrue(lines.contains("name = \"child\"  # v/child.toml"), r.stdout)
        XCTAssertTrue(lines.contains("base_year = 2020  # tiny/tiny.toml"), r.stdout)
        XCTAssertTrue(lines.contains("communal_share = 0.02  # v/child.toml"), r.stdout)
        XCTAssertTrue(lines.contains("stock_scenario = \"plan\"  # tiny/tiny.toml"), r.stdout)
        XCTAssertTrue(lines.contains("population = \"tiny/population.csv\"  # tiny/tiny.toml"), "paths relative to the working folder: \(r.stdout)")
        XCTAssertFalse(r.stdout.contains("extends ="), "the effective scenario has no parent")

        // Saved in the working folder, the output is a scenario with the same tables as the child.
        try ws.write("effective.toml", r.stdout)
        XCTAssertEqual(try ws.run(["run", "v/child.toml", "--outputs", "a"]).status, 0)
        let own = try ws.run(["run", "effective.toml", "--outputs", "b"])
        XCTAssertEqual(own.status, 0, own.stderr)
        let c = try ws.run(["check", "b/child", "--against", "a/child", "--ignore-manifest"])
        XCTAssertEqual(c.status, 0, c.stdout)
        XCTAssertTrue(c.stdout.contains("note: the scenario file differs"), "the scenario files differ, the tables do not: \(c.stdout)")
    }

    func testJSONForTools() throws {
        let r = try ws.run(["show", "v/child.toml", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let o = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(o["scenario"] as? String, "v/child.toml")
        let values = try XCTUnwrap(o["values"] as? [String: Any])
        XCTAssertEqual((values["housing"] as? [String: Any])?["communal_share"] as? Double, 0.02)
        XCTAssertEqual((values["housing"] as? [String: Any])?["stock_scenario"] as? String, "plan")
        XCTAssertEqual(values["places"] as? [String], ["A", "B"])
        let origins = try XCTUnwrap(o["origins"] as? [String: String])
        XCTAssertEqual(origins["housing.communal_share"], "v/child.toml")
        XCTAssertEqual(origins["housing.stock_scenario"], "tiny/tiny.toml")
        XCTAssertEqual(origins["name"], "v/child.toml")
    }

    func testMissingFileIsAnError() throws {
        let r = try ws.run(["show", "nowhere.toml"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("nowhere.toml: not found; expected a scenario file"), r.stderr)
    }
}
