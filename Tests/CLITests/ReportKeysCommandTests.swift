import Foundation
import XCTest

/// The `[report]` and `place_codes` keys through the CLI: a bad value is an error naming the key, and nothing is written.
final class ReportKeysCommandTests: XCTestCase {
    var ws: Workspace!
    override func setUpWithError() throws {
        ws = try Workspace()
        // The two-Place area fixture refers to ../tiny, which the workspace holds.
        try FileManager.default.copyItem(at: Cohort.packageRoot.appendingPathComponent("Tests/Fixtures/area"), to: ws.url("area"))
    }
    override func tearDown() { ws.remove() }

    func testHeadlineServiceNotInTheReferralsIsAnError() throws {
        try ws.replace("area/area.toml", "[inputs]", with: "[report]\nheadline_services = [\"Podiatry\", \"Chiropody\"]\n\n[inputs]")
        let r = try ws.run(["run", "area/area.toml", "--outputs", "out"])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("area/area.toml: key report.headline_services: names 'Chiropody'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("expected one of: Community nursing, Podiatry, Talking therapies"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.url("out").path), "nothing written")
    }

    func testNamedHeadlineServiceAndAreaNameReachTheSummary() throws {
        try ws.replace("area/area.toml", "[inputs]", with: "[report]\narea_name = \"Two Towns\"\nheadline_services = [\"Podiatry\"]\n\n[inputs]")
        // One sampled assumption, which moves community referrals only.
        try ws.write("area/area.toml", try ws.read("area/area.toml") + """

            [uncertainty]
            draws = 20
            seed = 7

            [uncertainty.referral_trends]
            community = { distribution = "normal", mean = 0.0, sd = 0.01 }
            """)
        let r = try ws.run(["run", "area/area.toml", "--outputs", "out"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let md = try ws.read("out/two-towns/summary.md")
        XCTAssertTrue(md.contains("| Two Towns total |"), md)
        XCTAssertTrue(md.contains("| Podiatry referrals 2022/23 |"), "the named service's interval row")
        XCTAssertFalse(md.contains("Community nursing referrals 2022/23"), "only the named headline service")
        XCTAssertTrue(md.contains("**2022/23, All Places, community, Podiatry** (referrals)\n\n| Assumption | Rank correlation |\n|---|---:|\n| referral_trend_community | 1.000 |"), md)
        // Outputs no sampled assumption moves get no (empty) sensitivity table.
        XCTAssertFalse(md.contains("**2022, All Places, all ages, registered** (population)"), md)
        XCTAssertFalse(md.contains("|---|---:|\n\n"), "an empty table")
        // Interval tables carry the scenario, the place codes and the All Places rows as the central tables do.
        let iv = csvRows(try ws.read("out/two-towns/referrals-intervals.csv"))
        XCTAssertEqual(Array(iv[0].prefix(6)), ["scenario", "fy", "place_code", "place", "group", "service"])
        XCTAssertTrue(iv.contains { $0.prefix(4) == ["two-towns", "2021/22", "E06000902", "B"] })
        XCTAssertTrue(iv.contains { $0.prefix(4) == ["two-towns", "2021/22", "", "All Places"] })
        let central = csvRows(try ws.read("out/two-towns/referrals.csv"))
        for row in central.dropFirst() where row[3] == "All Places" {
            let match = try XCTUnwrap(iv.first { Array($0.prefix(6)) == Array(row.prefix(6)) }, "\(row)")
            XCTAssertEqual(match[6], row[6], "central table and interval file agree on \(row.prefix(6))")
        }
    }

    func testBadPlaceCodesStopTheRun() throws {
        try ws.replace("area/area.toml", "place_codes = [\"E06000901\", \"E06000902\"]", with: "place_codes = [\"E06000901\", \"e06000902\"]")
        let r = try ws.run(["run", "area/area.toml", "--outputs", "out"])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("area/area.toml: line 10, key place_codes: contains \"e06000902\""), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.url("out").path), "nothing written")
    }
}
