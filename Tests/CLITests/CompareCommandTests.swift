import Foundation
import XCTest

/// `cohort compare`: tidy CSV of every table, central-only with --draws 0, common random numbers with draws.
final class CompareCommandTests: XCTestCase {
    /// The tiny fixture (A) and a copy (B) that builds 40% more homes in Place A, with an [uncertainty] section.
    func workspace() throws -> Workspace {
        let w = try Workspace()
        try w.replace("tiny/tiny.toml", "list_inflation = 1.05", with: """
            list_inflation = 1.05

            [uncertainty]
            draws = 30
            seed = 7
            percentiles = [5, 50, 95]
            [uncertainty.assumptions]
            fertility_level = { interval = [0.9, 1.1], coverage = 0.8 }
            [uncertainty.delivery]
            common = { interval = [0.75, 1.15], coverage = 0.8, shape = "lognormal" }
            """)
        var b = try w.read("tiny/tiny.toml")
        b = b.replacingOccurrences(of: "name = \"tiny\"", with: "name = \"tiny-more-homes\"")
        b += "\n[housing.net_additions]\nA = 700\nB = 100\n"
        try w.write("tiny/more.toml", b)
        return w
    }

    func testCentralOnlyWithZeroDraws() throws {
        let w = try workspace(); defer { w.remove() }
        let r = try w.run(["compare", "tiny/tiny.toml", "tiny/more.toml", "--draws", "0", "--years", "all", "--outputs", "out"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let dir = "out/compare-tiny-vs-tiny-more-homes/"
        // The manifest lists the inputs of both scenarios (it once listed B's alone, unprefixed).
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(w.read(dir + "manifest.json").utf8)) as? [String: Any])
        let files = try XCTUnwrap(manifest["files"] as? [[String: Any]])
        let roles = files.compactMap { $0["role"] as? String }
        XCTAssertEqual(roles.first, "a_scenario")
        XCTAssertEqual(roles.filter { $0.hasPrefix("a_") }.count, roles.filter { $0.hasPrefix("b_") }.count, "\(roles)")
        func sha(_ role: String) -> String? { files.first { $0["role"] as? String == role }?["sha256"] as? String }
        XCTAssertNotEqual(sha("a_scenario"), sha("b_scenario"))
        XCTAssertEqual(sha("a_population"), sha("b_population"))
        XCTAssertEqual(files.first { $0["role"] as? String == "b_scenario" }?["path"] as? String, "more.toml")
        let rows = csvRows(try w.read(dir + "compare.csv"))
        XCTAssertEqual(Array(rows[0].prefix(14)), ["table", "period", "place_code", "place", "group", "item", "measure", "unit",
                                                   "a_scenario", "b_scenario", "a_central", "b_central", "diff_central", "diff_mean"])
        let col = Dictionary(uniqueKeysWithValues: rows[0].enumerated().map { ($1, $0) })
        XCTAssertGreaterThan(rows.count, 20)
        for r in rows.dropFirst() {
            // B - A to the written precision; no draws, so no interval.
            XCTAssertEqual(Double(r[col["diff_central"]!])!, Double(r[col["b_central"]!])! - Double(r[col["a_central"]!])!, accuracy: 0.0011)
            XCTAssertEqual(r[col["diff_mean"]!], ""); XCTAssertEqual(r[col["diff_p50"]!], "")
        }
        // Place A builds more, so its 2025 population is higher; B is unchanged.
        let a2025 = rows.first { $0[0] == "population" && $0[1] == "mid-2025" && $0[3] == "A" && $0[4] == "all ages" }!
        XCTAssertGreaterThan(Double(a2025[col["diff_central"]!])!, 0)
        let b2025 = rows.first { $0[0] == "population" && $0[1] == "mid-2025" && $0[3] == "B" && $0[4] == "all ages" }!
        XCTAssertEqual(Double(b2025[col["diff_central"]!])!, 0)
        let md = try w.read(dir + "compare.md")
        XCTAssertTrue(md.contains("central runs only"), md)
        XCTAssertTrue(md.contains("| Registered patients, all ages, mid-2025 | tiny | tiny-more-homes | Difference (B - A) |"), md)
        XCTAssertTrue(try w.read(dir + "compare.html").contains("<svg"))
        XCTAssertNotNil(FileManager.default.contents(atPath: w.url(dir + "compare.xlsx").path))
    }

    func testDrawsOnCommonRandomNumbers() throws {
        let w = try workspace(); defer { w.remove() }
        // A scenario against itself: every draw identical, so every difference is 0 in every draw.
        var r = try w.run(["compare", "tiny/tiny.toml", "tiny/tiny.toml", "--years", "2025", "--outputs", "self"])
        XCTAssertEqual(r.status, 0, r.stderr)
        var rows = csvRows(try w.read("self/compare-tiny-vs-tiny/compare.csv"))
        var col = Dictionary(uniqueKeysWithValues: rows[0].enumerated().map { ($1, $0) })
        for row in rows.dropFirst() {
            XCTAssertEqual(row[col["share_of_draws_changed"]!], "0.0000")
            XCTAssertEqual(Double(row[col["diff_p95"]!])!, 0)
            XCTAssertTrue(row[1].hasPrefix("mid-2025") || row[1] == "2025/26", "only the chosen period: \(row[1])")
        }
        r = try w.run(["compare", "tiny/tiny.toml", "tiny/more.toml", "--years", "2025", "--outputs", "out"])
        XCTAssertEqual(r.status, 0, r.stderr)
        rows = csvRows(try w.read("out/compare-tiny-vs-tiny-more-homes/compare.csv"))
        col = Dictionary(uniqueKeysWithValues: rows[0].enumerated().map { ($1, $0) })
        let a = rows.first { $0[0] == "population" && $0[3] == "A" && $0[4] == "all ages" }!
        // More homes raise A's population in every draw.
        XCTAssertEqual(a[col["share_of_draws_b_above_a"]!], "1.0000")
        XCTAssertLessThanOrEqual(Double(a[col["diff_p05"]!])!, Double(a[col["diff_p50"]!])!)
        XCTAssertLessThanOrEqual(Double(a[col["diff_p50"]!])!, Double(a[col["diff_p95"]!])!)
        XCTAssertTrue(try w.read("out/compare-tiny-vs-tiny-more-homes/compare.md").contains("30 draws, seed 7"))
    }

    func testBadYearsAreRefused() throws {
        let w = try workspace(); defer { w.remove() }
        let r = try w.run(["compare", "tiny/tiny.toml", "tiny/more.toml", "--years", "2033-34"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--years '2033-34'"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: w.url("Outputs").path))
    }
}
