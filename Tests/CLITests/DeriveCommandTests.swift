import Foundation
import XCTest

/// `cohort derive` end to end: derive TFRs and residual migration from a trend projection made by cohort itself
/// (the tiny fixture's own run), and compare with the inputs that made it.
final class DeriveCommandTests: XCTestCase {
    var ws: Workspace!
    override func setUpWithError() throws { ws = try Workspace() }
    override func tearDown() { ws.remove() }

    /// Writes tiny/trend.csv from a run's resident populations (only `years`) and points the scenario at it.
    func makeTrendProjection(years: Set<String>) throws {
        let run = try ws.run(["run", ws.scenarioPath, "--outputs", "out"])
        XCTAssertEqual(run.status, 0, run.stderr)
        var text = "year,place,sex,age,population\n"
        // scenario,year,place_code,place,sex,age,resident,...: the Places' rows (not "All Places").
        for r in csvRows(try ws.read("out/tiny/population.csv")).dropFirst() where years.contains(r[1]) && r[3] != "All Places" {
            text += [r[1], r[3], r[4], r[5], r[6]].joined(separator: ",") + "\n"
        }
        try ws.write("tiny/trend.csv", text)
        try ws.replace("tiny/tiny.toml", "dwellings = \"dwellings.csv\"\n", with: "dwellings = \"dwellings.csv\"\ntrend_projection = \"trend.csv\"\n")
    }

    /// Derive records its mortality; a run at another level is refused (nothing written) until re-derived.
    func testARunWithOtherMortalityThanTheDerivationIsRefusedUntilReDerived() throws {
        try makeTrendProjection(years: ["2020", "2021", "2022", "2023"])
        XCTAssertEqual(try ws.run(["derive", ws.scenarioPath]).status, 0)
        XCTAssertTrue(try ws.read("tiny/migration.csv").contains(
            "# derived-with: mortality.level = 1.0, life_table = life_table.csv, life_table_centre_year = 2021\n"))
        try ws.replace("tiny/tiny.toml", "improvement = true\nlevel = 1.0", with: "improvement = true\nlevel = 0.95")
        let refused = try ws.run(["run", ws.scenarioPath, "--outputs", "refused"])
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.hasPrefix("Error: tiny/migration.csv: was derived with other mortality"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("mortality.level = 0.95 (derived with 1.0)"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("re-run `cohort derive`"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.url("refused/tiny").path), "nothing written on error")
        XCTAssertEqual(try ws.run(["derive", ws.scenarioPath]).status, 0)
        let again = try ws.run(["run", ws.scenarioPath, "--outputs", "again"])
        XCTAssertEqual(again.status, 0, again.stderr)
    }

    func testDeriveRecoversTheInputsOfItsOwnProjection() throws {
        let original = csvRows(try ws.read("tiny/migration.csv"))
        try makeTrendProjection(years: ["2020", "2021", "2022", "2023"])
        let r = try ws.run(["derive", ws.scenarioPath])
        XCTAssertEqual(r.status, 0, r.stderr)

        let tfrText = try ws.read("tiny/tfr.csv")
        XCTAssertTrue(tfrText.hasPrefix("# DERIVED by `cohort derive"), "derived files say so")
        let tfr = csvRows(tfrText.components(separatedBy: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n"))
        XCTAssertEqual(tfr[0], ["place", "year", "tfr"])
        XCTAssertEqual(Set(tfr.dropFirst().map { $0[0] + $0[1] }), ["A2020", "A2021", "A2022", "B2020", "B2021", "B2022"])
        // The step 2020->21 had no infant migration, so its TFRs come back as the inputs 1.6 (A) and 1.8 (B)
        // (populations were rounded to 3 decimals: within 1e-4).
        let value = { (p: String, y: String) in Double(tfr.first { $0[0] == p && $0[1] == y }![2])! }
        XCTAssertEqual(value("A", "2020"), 1.6, accuracy: 1e-4)
        XCTAssertEqual(value("B", "2020"), 1.8, accuracy: 1e-4)

        // Residual migration into 2021 reproduces the 2021 rows of the original migration.csv (to rounding).
        let derived = csvRows(try ws.read("tiny/migration.csv").components(separatedBy: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n"))
        XCTAssertEqual(derived[0], ["place", "year", "sex", "age", "net_migration"])
        var byKey: [String: Double] = [:]
        for d in derived.dropFirst() { byKey[d[0...3].joined(separator: ",")] = Double(d[4])! }
        var compared = 0
        for o in original.dropFirst() where o[1] == "2021" {
            let key = o[0...3].joined(separator: ",")
            guard let v = byKey[key] else { XCTFail("derived file lacks \(key)"); continue }
            XCTAssertEqual(v, Double(o[4])!, accuracy: 0.01, key)
            compared += 1
        }
        XCTAssertEqual(compared, 2 * 182)
        XCTAssertEqual(Set(derived.dropFirst().map { $0[1] }), ["2021", "2022", "2023"])
    }

    /// Found: a trend projection with a missing year (2020, 2021, 2023) makes `derive` trap on a force unwrap
    /// (Derive.swift, `trend[p]![$0]!`) instead of reporting the missing year.
    func testTrendProjectionWithAGapIsAnInputError() throws {
        try makeTrendProjection(years: ["2020", "2021", "2023"])
        let tfrBefore = try ws.read("tiny/tfr.csv")
        let r = try ws.run(["derive", ws.scenarioPath])
        XCTAssertFalse(r.crashed, "derive crashed:\n\(r.stderr.prefix(300))")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("Error: tiny/trend.csv"), r.stderr.prefix(300).description)
        XCTAssertTrue(r.stderr.contains("2022"), "should name the missing year: \(r.stderr.prefix(300))")
        XCTAssertEqual(try ws.read("tiny/tfr.csv"), tfrBefore, "nothing written on failure")
    }
}
