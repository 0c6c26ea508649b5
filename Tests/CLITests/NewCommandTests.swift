import Foundation
import XCTest

/// `cohort new` end to end: scenarios for areas of England written from the shipped England inputs, run by `cohort run`.
final class NewCommandTests: XCTestCase {
    var ws: Workspace!
    override func setUpWithError() throws { ws = try Workspace() }
    override func tearDown() { ws.remove() }

    static let england = Cohort.packageRoot.appendingPathComponent("Scenarios/data/england")

    /// `cohort new ARGS --england-data <the project's England inputs>` in the workspace.
    func new(_ args: [String]) throws -> Cohort.Result {
        try ws.run(["new"] + args + ["--england-data", Self.england.path])
    }

    /// Every bad input gets an error naming the option and the value (with suggestions where there are any), a
    /// non-zero exit, and leaves the workspace as it was.
    func testBadInputNamesTheOptionAndValueAndWritesNothing() throws {
        let before = try snapshot(ws.root)
        let cases: [(args: [String], status: Int32, expected: [String])] = [
            (["a", "--icb", "QHX"], 1, ["--icb 'QHX': no such ICB", "Closest:", "QHG"]),
            (["a", "--icb", "Northamptonshre"], 1, ["--icb 'Northamptonshre'", "Northamptonshire"]),
            (["a", "--lad", "E06000055,E0600056"], 1, ["--lad 'E0600056': no such", "E06000056 Central Bedfordshire"]),
            (["a", "--lad", "E06000055,E06000060"], 1, ["--lad 'E06000060'", "Buckinghamshire is split between ICBs", "--whole-lads"]),
            (["a", "--icb", "QHG", "--base", "2023"], 1, ["--base 2023", "no ONS estimate for mid-2023", "2022"]),
            (["a", "--icb", "QHG", "--base", "2011"], 1, ["--base 2011", "expected one of 2016"]),
            (["a", "--icb", "QHG", "--horizon", "2150"], 1, ["--horizon 2150", "has no year 2071", "expected a projection within those years"]),
            (["a", "--region", "East of Englnd"], 1, ["--region 'East of Englnd'", "Did you mean: East of England"]),
            (["../a", "--icb", "QHG"], 64, ["NAME '../a' is not a plain file name"]),
            (["a/b", "--icb", "QHG"], 64, ["NAME 'a/b'"]),
            ([".a", "--icb", "QHG"], 64, ["NAME '.a'"]),
            (["a", "--icb", "QHG", "--lad", "E06000055"], 64, ["--icb and --lad"]),
            (["a", "--lad", "E06000055", "--min-share", "0.1"], 64, ["--min-share applies to --icb and --region"]),
            (["a", "--icb", "QHG", "--whole-lads"], 64, ["--whole-lads applies to --lad only"]),
            (["a", "--icb", "QHG", "--mode", "housing"], 64, ["--mode 'housing'", "trend or housing-led"]),
            (["a", "--icb", "QHG", "--registered-total", "900000"], 64, ["--registered-total, --registered-year and --registered-source"]),
            (["a", "--icb", "QHG", "--registered-total", "900000", "--registered-year", "2022", "--registered-source", "x"], 64,
             ["--registered-year 2022", "2023 to 2047"]),
        ]
        for c in cases {
            let r = try new(c.args)
            XCTAssertFalse(r.crashed, "\(c.args): crashed\n\(r.stderr.prefix(300))")
            XCTAssertEqual(r.status, c.status, "\(c.args): \(r.stderr)")
            for e in c.expected { XCTAssertTrue(r.stderr.contains(e), "\(c.args): expected '\(e)' in: \(r.stderr)") }
            XCTAssertEqual(try snapshot(ws.root), before, "\(c.args): nothing may be written on error")
        }
        // A wrong England data folder is named too.
        let r = try ws.run(["new", "a", "--icb", "QHG", "--england-data", "nowhere"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("--england-data 'nowhere'"), r.stderr)
        XCTAssertEqual(try snapshot(ws.root), before)
    }

    /// An existing scenario is refused (nothing changes); --force replaces the files cohort new writes and keeps the
    /// area's own files in its data folder.
    func testExistingScenarioIsRefusedUnlessForced() throws {
        XCTAssertEqual(try new(["two", "--lad", "E06000055,E06000056", "--dir", "S"]).status, 0)
        try ws.write("S/data/two/referrals.csv", "group,service,min_age,age_from,age_to,sex,referrals\n")
        let before = try snapshot(ws.root)
        let again = try new(["two", "--lad", "E06000055", "--dir", "S"])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("S/two.toml and S/data/two already exist"), again.stderr)
        XCTAssertTrue(again.stderr.contains("--force"), again.stderr)
        XCTAssertEqual(try snapshot(ws.root), before)

        let forced = try new(["two", "--lad", "E06000055", "--dir", "S", "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        let after = try snapshot(ws.root)
        XCTAssertEqual(after["S/data/two/referrals.csv"], before["S/data/two/referrals.csv"], "the area's own file is kept")
        XCTAssertTrue(try ws.read("S/two.toml").contains("places = [\"Bedford\"]"))
        XCTAssertEqual(Set(after.keys), Set(before.keys), "no temporary or set-aside files are left")
    }

    /// All files or none: when one file cannot be written (its folder is a plain file), the files already written
    /// to temporary names are removed and nothing in the folder changes.
    func testAFailedWriteLeavesNothing() throws {
        try FileManager.default.createDirectory(at: ws.url("Scenarios/data"), withIntermediateDirectories: true)
        try ws.write("Scenarios/data/x", "not a folder")
        let before = try snapshot(ws.root)
        let r = try new(["x", "--lad", "E06000055", "--force"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("could not write"), r.stderr)
        XCTAssertTrue(r.stderr.contains("nothing was changed"), r.stderr)
        XCTAssertEqual(try snapshot(ws.root), before)
    }

    /// A scenario whose central projection would fail is refused before anything is written. The case: housing-led
    /// North East London with the old net-profile adjustment, where the City of London's dwellings hold far fewer people
    /// than its trend (a Census 2021 taken in lockdown, then a rebound) and the out-migration that closes the gap,
    /// spread by a net profile, exceeds its young cells. Gross flows (the default) take leavers at rates x the people
    /// there, so the same area runs.
    func testAScenarioThatWouldNotRunIsRefused() throws {
        let before = try snapshot(ws.root)
        let r = try new(["nel", "--icb", "E54000029", "--mode", "housing-led", "--adjustment", "net-profile"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("--mode housing-led: the scenario would not run, so nothing was written"), r.stderr)
        XCTAssertTrue(r.stderr.contains("negative population"), r.stderr)
        XCTAssertEqual(try snapshot(ws.root), before)
        XCTAssertEqual(try new(["nel", "--icb", "E54000029"]).status, 0, "the trend mode of the same area runs")
        XCTAssertEqual(try new(["nel-hl", "--icb", "E54000029", "--mode", "housing-led"]).status, 0, "housing-led with gross flows runs")
    }

    /// The generated file runs, names its inputs relative to itself, and a registered total becomes a calibration
    /// target that `cohort calibrate --fit list-inflation` fits.
    func testHousingLedScenarioWithARegisteredTotalRunsAndCalibrates() throws {
        let r = try new(["mk", "--lad", "E06000042", "--mode", "housing-led", "--registered-total", "320000",
                         "--registered-year", "2025", "--registered-source", "test figure"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let toml = try ws.read("Scenarios/mk.toml")
        XCTAssertTrue(toml.contains("mode = \"housing-led\""))
        XCTAssertTrue(toml.contains("[registration.calibration]"))
        for line in toml.split(separator: "\n") where line.contains(".csv\"") {
            XCTAssertFalse(line.contains("= \"/"), "input paths are relative to the scenario: \(line)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: ws.url("Scenarios/data/mk/DEMAND-TEMPLATE.md").path))
        let cal = try ws.run(["calibrate", "Scenarios/mk.toml", "--fit", "list-inflation"])
        XCTAssertEqual(cal.status, 0, cal.stderr)
        let fitted = try ws.read("Scenarios/mk.toml").split(separator: "\n").first { $0.hasPrefix("list_inflation = ") }!
        let value = Double(fitted.dropFirst("list_inflation = ".count).prefix { $0 != " " })!
        // Milton Keynes had about 292,000 residents at mid-2022 and grows: 320,000 registered is 5-10% above them.
        XCTAssertGreaterThan(value, 1.0); XCTAssertLessThan(value, 1.12)
        let run = try ws.run(["run", "Scenarios/mk.toml", "--draws", "0", "--outputs", "out"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(try ws.read("out/mk/components.csv").contains("housing-led"))
    }

    /// The layouts of DEMAND-TEMPLATE.md are the ones the readers take: its example files and sections, added to a
    /// generated two-Place scenario, validate and run, giving referral, register, workforce and finance tables.
    func testDemandTemplateExamplesRun() throws {
        XCTAssertEqual(try new(["two", "--lad", "E06000055,E06000056"]).status, 0)
        let template = try ws.read("Scenarios/data/two/DEMAND-TEMPLATE.md")
        var toml = try ws.read("Scenarios/two.toml"), written: [String] = []
        let parts = template.components(separatedBy: "```")
        for i in stride(from: 1, to: parts.count, by: 2) {
            let block = parts[i]
            if block.hasPrefix("toml\n") {
                // The optional keys are commented out in the template; switch them on.
                toml += "\n" + block.dropFirst(5).split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix("# ") && $0.contains(" = ") ? String($0.dropFirst(2)) : String($0) }.joined(separator: "\n")
            } else if block.hasPrefix("csv\n") {
                // The file is the first `name.csv` named in the text before the block.
                let before = parts[i - 1].components(separatedBy: "`").filter { $0.hasSuffix(".csv") && !$0.contains(" ") }
                let name = try XCTUnwrap(before.first, "no file name before block \(i)")
                try ws.write("Scenarios/data/two/\(name)", String(block.dropFirst(4)))
                written.append(name)
            }
        }
        XCTAssertEqual(Set(written), ["referrals.csv", "referral_targets.csv", "conditions.csv", "workforce_units.csv",
                                      "workforce_staff_groups.csv", "service_costs.csv"])
        try ws.write("Scenarios/two.toml", toml)
        let v = try ws.run(["validate", "Scenarios/two.toml"])
        XCTAssertEqual(v.status, 0, v.stderr)
        let r = try ws.run(["run", "Scenarios/two.toml", "--draws", "0", "--outputs", "out"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for t in ["referrals.csv", "deaths.csv", "conditions.csv", "workforce.csv", "finance.csv"] {
            XCTAssertGreaterThan(csvRows(try ws.read("out/two/\(t)")).count, 1, t)
        }
    }

    /// For its four whole LAs, `cohort new blmk-check --icb QHG` has the mid-2022 base of blmk-baseline except for
    /// the revision between the two ONS releases of mid-2022: per Place, baseline - generated equals the later
    /// release's total (population_totals.csv) less the first release's (mye_sya.csv), both read from the files.
    func testBLMKCheckBaseDiffersFromTheBaselineByTheRevisionOnly() throws {
        let r = try new(["blmk-check", "--icb", "QHG"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let toml = try ws.read("Scenarios/blmk-check.toml")
        let places = quoted(in: toml, key: "places"), codes = quoted(in: toml, key: "place_codes")
        XCTAssertEqual(places.count, 4); XCTAssertEqual(codes.count, 4)
        let generated = totalsByPlace(try ws.read("Scenarios/data/blmk-check/population_mid2022.csv"))
        let baseline = totalsByPlace(try String(contentsOf: Cohort.packageRoot.appendingPathComponent("Scenarios/data/blmk/population_mid2022.csv"), encoding: .utf8))
        XCTAssertEqual(Set(generated.keys), Set(baseline.keys), "the same four Places")
        let england = Self.england
        var first: [String: Double] = [:], revised: [String: Double] = [:]
        for row in csvRows(try String(contentsOf: england.appendingPathComponent("mye_sya.csv"), encoding: .utf8)).dropFirst()
        where row[0] == "2022" && codes.contains(row[2]) {
            first[row[2], default: 0] += row[4...].reduce(0) { $0 + Double($1)! }
        }
        for row in csvRows(try String(contentsOf: england.appendingPathComponent("population_totals.csv"), encoding: .utf8)).dropFirst()
        where row[0] == "2022" && codes.contains(row[1]) {
            revised[row[1]] = Double(row[2])!
        }
        for (place, code) in zip(places, codes) {
            let g = try XCTUnwrap(generated[place]), b = try XCTUnwrap(baseline[place])
            let release = try XCTUnwrap(revised[code]) - XCTUnwrap(first[code])
            XCTAssertEqual(g, first[code]!, accuracy: 0.001, "\(place): generated base = the first release")
            XCTAssertEqual(b - g, release, accuracy: 0.001, "\(place): baseline - generated = the revision")
            XCTAssertNotEqual(release, 0, "\(place): the two releases differ")
            print("BLMK base, \(place) (\(code)): baseline \(Int(b)), cohort new \(Int(g)), difference \(Int(b - g)) = revision \(Int(release))")
        }
    }

    /// Every ICB in England: `cohort new` then `cohort run --draws 0` succeed and the summary names the ICB's own
    /// Places (its LAs from the lookup with at least the minimum share). Prints the total time and the slowest ICB;
    /// times are never asserted. In the debug build the whole loop takes a few minutes, so CI runs every seventh
    /// ICB here and `scripts/new-every-icb.sh` runs all 42 (set COHORT_ALL_ICBS=1 to run all here).
    func testEveryICBRunsAndNamesItsOwnPlaces() throws {
        let lookup = csvRows(try String(contentsOf: Self.england.appendingPathComponent("lad23_icb.csv"), encoding: .utf8))
        let header = lookup[0]
        func col(_ n: String) -> Int { header.firstIndex(of: n)! }
        // lad23_name may be quoted with a comma inside ("Bristol, City of"): read the rows with a quote-aware split.
        let rows = try String(contentsOf: Self.england.appendingPathComponent("lad23_icb.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { quoteAwareFields(String($0)) }
        var expected: [String: [String]] = [:]
        for r in rows {
            let share = Double(r[col("icb_population_share")])!
            guard share >= 0.05 else { continue }
            expected[r[col("icb_code")], default: []].append(share >= 1 - 1e-9 ? r[col("lad23_name")] : r[col("lad23_name")] + " (part)")
        }
        XCTAssertEqual(expected.count, 42)
        let all = ProcessInfo.processInfo.environment["COHORT_ALL_ICBS"] == "1"
        let codes = expected.keys.sorted().enumerated().filter { all || $0.offset % 7 == 0 }.map(\.element)
        var times: [(code: String, seconds: Double)] = []
        let start = Date()
        for code in codes {
            let t0 = Date()
            let n = try new(["icb-\(code)", "--icb", code])
            XCTAssertEqual(n.status, 0, "\(code): \(n.stderr)")
            let r = try ws.run(["run", "Scenarios/icb-\(code).toml", "--draws", "0", "--outputs", "out"])
            XCTAssertEqual(r.status, 0, "\(code): \(r.stderr)")
            times.append((code, Date().timeIntervalSince(t0)))
            XCTAssertEqual(Set(quoted(in: try ws.read("Scenarios/icb-\(code).toml"), key: "places")), Set(expected[code]!), code)
            let summary = try ws.read("out/icb-\(code)/summary.md")
            for p in expected[code]! { XCTAssertTrue(summary.contains("| \(p) |"), "\(code): summary lacks a row for \(p)") }
        }
        let slowest = times.max { $0.seconds < $1.seconds }!
        print(String(format: "cohort new + cohort run --draws 0 for %d ICBs: %.1f s in all; slowest %@ %.1f s", codes.count,
                     Date().timeIntervalSince(start), slowest.code, slowest.seconds))
    }

    /// The quoted strings of the array `key = [...]` in a TOML text.
    func quoted(in toml: String, key: String) -> [String] {
        guard let line = toml.split(separator: "\n").first(where: { $0.hasPrefix("\(key) = [") }) else { return [] }
        let inside = line.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
        return inside.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// Population by Place of a `place,sex,age,population` file (comments skipped).
    func totalsByPlace(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("place,") {
            let f = quoteAwareFields(String(line))
            out[f[0], default: 0] += Double(f[3])!
        }
        return out
    }
}

/// Fields of one CSV line whose quoted fields hold commas but no quotes (a name such as "Bristol, City of").
func quoteAwareFields(_ line: String) -> [String] {
    var out: [String] = [], cur = "", inQuotes = false
    for ch in line {
        if ch == "\"" { inQuotes.toggle() } else if ch == ",", !inQuotes { out.append(cur); cur = "" } else { cur.append(ch) }
    }
    out.append(cur)
    return out
}
