import Foundation
import XCTest

/// Planner's changes: a child scenario writes its own folder, two scenarios never share one silently, and what a
/// child changes (values and sites) is listed in summary.md and report.html and in components.csv.
final class ScenarioFolderTests: XCTestCase {
    var ws: Workspace!
    override func setUpWithError() throws { ws = try Workspace() }
    override func tearDown() { ws.remove() }

    static let child = """
        extends = "tiny.toml"

        [fertility]
        level = 0.9

        [[new_towns]]
        name = "Riverside"
        place = "B"
        dwellings = 1000
        probability = 0.5
        start_years = [2022, 2024]
        build_rate = 200
        """

    func testChildWithoutNameWritesItsOwnFolderAndListsItsChanges() throws {
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "out"]).status, 0)
        let parentBefore = try snapshot(ws.url("out/tiny"))
        try ws.write("tiny/riverside.toml", Self.child)
        let r = try ws.run(["run", "tiny/riverside.toml", "--outputs", "out"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ws.url("out").path).sorted(), ["riverside", "tiny"])
        XCTAssertEqual(try snapshot(ws.url("out/tiny")), parentBefore, "the parent's folder is untouched")

        let md = try ws.read("out/riverside/summary.md")
        XCTAssertTrue(md.contains("## What this scenario changes from its parent (tiny.toml)"), md)
        XCTAssertTrue(md.contains("| fertility.level | 1 | 0.9 |"), md)
        XCTAssertTrue(md.contains("## Housing sites ([[new_towns]])"), md)
        // Expected completions: from mid-2023 (the middle start year) at 200 a year to 2025 = 600, x probability 0.5.
        XCTAssertTrue(md.contains("| Riverside | B | 1,000 | 0.50 | 2022-2024 | 200 | 300 | added here |"), md)
        let html = try ws.read("out/riverside/report.html")
        XCTAssertTrue(html.contains("<caption>What this scenario changes from its parent (tiny.toml)</caption>"))
        XCTAssertTrue(html.contains("<th scope=\"row\">Riverside</th>"))

        // components.csv: the site's dwellings in their own column, cumulative, and part of `dwellings`.
        let comp = csvRows(try ws.read("out/riverside/components.csv"))
        let h = comp[0]
        let rows = comp.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(h, $0)) }
        let site = rows.filter { $0["place"] == "B" }.map { $0["site_dwellings"]! }
        XCTAssertEqual(site, ["", "0.000", "100.000", "200.000", "300.000"], "2021 not housing-led; 0.5 x 200 a year from 2023")
        let parent = csvRows(try ws.read("out/tiny/components.csv")).dropFirst().map { Dictionary(uniqueKeysWithValues: zip(h, $0)) }
        for (c, p) in zip(rows, parent) where c["place"] == "B" && c["dwellings"] != "" {
            XCTAssertEqual(Double(c["dwellings"]!)! - Double(p["dwellings"]!)!, Double(c["site_dwellings"]!)!, accuracy: 1e-9)
        }
    }

    func testTwoScenariosWithOneNameNeverShareAFolder() throws {
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "out"]).status, 0)
        let before = try snapshot(ws.url("out"))
        // Another scenario file that names itself like the first: refused, nothing written.
        try ws.write("tiny/copy.toml", "name = \"tiny\"\n" + Self.child)
        let r = try ws.run(["run", "tiny/copy.toml", "--outputs", "out"])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("out/tiny/ holds the outputs of scenario file tiny.toml"), r.stderr)
        XCTAssertTrue(r.stderr.contains("copy.toml has the same name 'tiny'"), r.stderr)
        XCTAssertEqual(try snapshot(ws.url("out")), before, "nothing written")
        // The scenario that owns the folder may run again.
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "out"]).status, 0)
    }
}
