import Foundation
import XCTest

/// `cohort validate` and `cohort run` end to end on the tiny fixture (Tests/Fixtures/tiny).
final class RunCommandTests: XCTestCase {
    var ws: Workspace!
    override func setUpWithError() throws { ws = try Workspace() }
    override func tearDown() { ws.remove() }

    func testValidateWritesNothing() throws {
        let before = try snapshot(ws.root)
        let r = try ws.run(["validate", ws.scenarioPath])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("valid (2 Places, 2020-2025)"), r.stdout)
        XCTAssertEqual(try snapshot(ws.root), before, "validate must not write anything")
    }

    func testRunWritesTheTables() throws {
        let r = try ws.run(["run", ws.scenarioPath, "--outputs", "out"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let files = try snapshot(ws.url("out/tiny"))
        for f in ["population.csv", "components.csv", "components_by_age.csv", "summary.md", "manifest.json", "tiny.xlsx"] {
            XCTAssertNotNil(files[f], "missing \(f); got \(files.keys.sorted())")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ws.url("out").path), ["tiny"],
                       "only the run folder: no temporary or old folders left behind")

        let pop = csvRows(try ws.read("out/tiny/population.csv"))
        XCTAssertEqual(pop[0], ["scenario", "year", "place_code", "place", "sex", "age", "resident", "registered"])
        XCTAssertEqual(pop.count - 1, 6 * 3 * 182, "6 mid-years x (2 Places + All Places) x 182 cells")
        // Base year as in population.csv; registered = 1.05 x resident: 900 -> 945, B male 90+ = 440 - 180 = 260 -> 273.
        // The tiny scenario gives no place codes: the place_code cells are empty.
        XCTAssertTrue(pop.contains(["tiny", "2020", "", "A", "female", "0", "900.000", "945.000"]))
        XCTAssertTrue(pop.contains(["tiny", "2020", "", "B", "male", "90", "260.000", "273.000"]))
        // All Places = A + B cell by cell: 900 + 450 women aged 0; totals 121030 + 64610.
        XCTAssertTrue(pop.contains(["tiny", "2020", "", "All Places", "female", "0", "1350.000", "1417.500"]))
        let all2020 = pop.dropFirst().filter { $0[1] == "2020" && $0[3] == "All Places" }.reduce(0.0) { $0 + Double($1[6])! }
        XCTAssertEqual(all2020, 185_640, accuracy: 1e-6)
        // A's 2023 cells add up to the housing target 51500 x 2.396394 + 1210.3 = 124624.591 (3-decimal rounding
        // of 182 cells: within 0.1).
        let a2023 = pop.dropFirst().filter { $0[1] == "2023" && $0[3] == "A" }.reduce(0.0) { $0 + Double($1[6])! }
        XCTAssertEqual(a2023, 124_624.591, accuracy: 0.1)

        let comp = csvRows(try ws.read("out/tiny/components.csv"))
        let header = comp[0]
        func row(_ year: String, _ place: String) -> [String: String]? {
            comp.first { $0[1] == year && $0[3] == place }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        }
        let a21 = try XCTUnwrap(row("2021", "A"))
        XCTAssertEqual(a21["start"], "121030.000", "A base total by hand")
        XCTAssertEqual(a21["net_migration"], "53.000", "migration.csv 2021: 13 x 3 + 13 x 2 - 12")
        XCTAssertEqual(a21["migration_basis"], "given")
        XCTAssertEqual(a21["dwellings"], "", "not housing-led before 2022")
        let a23 = try XCTUnwrap(row("2023", "A"))
        XCTAssertEqual(a23["migration_basis"], "housing-led")
        XCTAssertEqual(a23["dwellings"], "51500.000")
        XCTAssertEqual(a23["site_dwellings"], "0.000", "no [[new_towns]] sites")
        XCTAssertEqual(a21["site_dwellings"], "", "not housing-led before 2022")
        XCTAssertEqual(a23["household_persons_per_dwelling"], "2.396394")
        XCTAssertEqual(a23["communal_population"], "1210.300")
        XCTAssertEqual(a23["housing_target_population"], "124624.591")
        XCTAssertEqual(a23["end"], "124624.591")
        let b23 = try XCTUnwrap(row("2023", "B"))
        XCTAssertEqual(b23["end"], "65348.045", "26300 x 2.46015 + 646.1")
        // Each row's own accounting: end = start + births - deaths + net migration (3-decimal rounding).
        for r in comp.dropFirst() {
            let d = Dictionary(uniqueKeysWithValues: zip(header, r))
            let lhs = Double(d["end"]!)!, rhs = Double(d["start"]!)! + Double(d["births"]!)! - Double(d["deaths"]!)! + Double(d["net_migration"]!)!
            XCTAssertEqual(lhs, rhs, accuracy: 0.003, "\(r)")
        }
    }

    func testTwoRunsAreByteIdentical() throws {
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "one"]).status, 0)
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "two"]).status, 0)
        let a = try snapshot(ws.url("one/tiny")), b = try snapshot(ws.url("two/tiny"))
        XCTAssertFalse(a.isEmpty)
        XCTAssertEqual(a.keys.sorted(), b.keys.sorted())
        for k in a.keys.sorted() { XCTAssertEqual(a[k], b[k], "\(k) differs between two identical runs") }
    }

    func testRerunReplacesTheWholeFolder() throws {
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "out"]).status, 0)
        try ws.write("out/tiny/stale.csv", "old,file\n")
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "out"]).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.url("out/tiny/stale.csv").path),
                       "a run folder holds only that run's files")
    }

    /// Calibrating list inflation to a registered total: 31 March 2023 residents (list inflation 1) =
    /// 0.25 x (123426.394 + 65102.03) + 0.75 x (124624.591 + 65348.045) = 189611.583 (see ProjectionRunTests),
    /// so 200000 registered gives 200000 / 189611.583 = 1.054788.
    func testCalibrateListInflation() throws {
        try ws.write("tiny/tiny.toml", try ws.read("tiny/tiny.toml") + "\n[registration.calibration]\nregistered_total = 200000\nyear = 2023\n")
        let r = try ws.run(["calibrate", ws.scenarioPath, "--fit", "list-inflation"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let line = try XCTUnwrap(try ws.read("tiny/tiny.toml").components(separatedBy: "\n").first { $0.hasPrefix("list_inflation") })
        let value = try XCTUnwrap(Double(line.split(separator: "=")[1].split(separator: "#")[0].trimmingCharacters(in: .whitespaces)))
        XCTAssertEqual(value, 200_000 / 189_611.583, accuracy: 1e-6, line)
        // The rewritten scenario still loads and the comment survives elsewhere.
        XCTAssertEqual(try ws.run(["validate", ws.scenarioPath]).status, 0)
        XCTAssertTrue(try ws.read("tiny/tiny.toml").contains("# Tiny test scenario"))
    }

    /// Found: `calibrate` cannot find `list_inflation` when the [registration] header carries a comment
    /// (`[registration]  # GP lists`), because replaceKey keeps the comment in the section name.
    func testCalibrateWithCommentedSectionHeader() throws {
        try ws.replace("tiny/tiny.toml", "[registration]\n", with: "[registration]  # GP lists\n")
        try ws.write("tiny/tiny.toml", try ws.read("tiny/tiny.toml") + "\n[registration.calibration]\nregistered_total = 200000\nyear = 2023\n")
        let r = try ws.run(["calibrate", ws.scenarioPath, "--fit", "list-inflation"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = try ws.read("tiny/tiny.toml")
        XCTAssertTrue(text.contains("list_inflation = 1.054788"), text)
    }

    /// A calibration year whose 31 March falls outside the projection must be a clean input error, not a crash.
    /// Found: year = base_year (needs mid-year base - 1) or year > horizon traps with "Index out of range" in
    /// ProjectionRun.registeredMarch.
    func testCalibrationYearOutsideProjectionIsAnInputError() throws {
        for year in [2020, 2030] {
            let fresh = try Workspace()
            defer { fresh.remove() }
            try fresh.write("tiny/tiny.toml", try fresh.read("tiny/tiny.toml") + "\n[registration.calibration]\nregistered_total = 200000\nyear = \(year)\n")
            let before = try fresh.read("tiny/tiny.toml")
            let r = try fresh.run(["calibrate", fresh.scenarioPath, "--fit", "list-inflation"])
            XCTAssertFalse(r.crashed, "calibration year \(year): cohort crashed:\n\(r.stderr.prefix(300))")
            XCTAssertEqual(r.status, 1, "calibration year \(year)")
            XCTAssertTrue(r.stderr.contains("registration.calibration.year") || r.stderr.contains("\(year)"),
                          "calibration year \(year): \(r.stderr.prefix(300))")
            XCTAssertEqual(try fresh.read("tiny/tiny.toml"), before, "the scenario file must be left as it was")
        }
    }
}

/// Bad inputs: exit 1, "Error: <file>: <location>: <message>" on stderr, and a previous run folder left byte for byte.
final class BadInputTests: XCTestCase {
    var ws: Workspace!
    override func setUpWithError() throws { ws = try Workspace() }
    override func tearDown() { ws.remove() }

    /// Runs once successfully, breaks one input, re-runs and checks the failure and the untouched outputs.
    func check(file: String, replace old: String, with new: String, stderrPrefix: String, mentions: [String],
               line: UInt = #line) throws {
        let ok = try ws.run(["run", ws.scenarioPath, "--outputs", "out"])
        XCTAssertEqual(ok.status, 0, ok.stderr, line: line)
        let before = try snapshot(ws.url("out"))
        XCTAssertFalse(before.isEmpty, line: line)

        try ws.replace(file, old, with: new, line: line)
        let r = try ws.run(["run", ws.scenarioPath, "--outputs", "out"])
        XCTAssertEqual(r.status, 1, "stdout: \(r.stdout)\nstderr: \(r.stderr)", line: line)
        XCTAssertFalse(r.crashed, line: line)
        XCTAssertTrue(r.stderr.hasPrefix(stderrPrefix), "stderr should start with '\(stderrPrefix)': \(r.stderr)", line: line)
        for m in mentions { XCTAssertTrue(r.stderr.contains(m), "stderr should mention '\(m)': \(r.stderr)", line: line) }
        XCTAssertFalse(r.stdout.contains("wrote"), r.stdout, line: line)
        XCTAssertEqual(try snapshot(ws.url("out")), before, "the previous run folder must be unchanged byte for byte", line: line)

        // validate reports the same problem.
        let v = try ws.run(["validate", ws.scenarioPath])
        XCTAssertEqual(v.status, 1, line: line)
        XCTAssertTrue(v.stderr.hasPrefix(stderrPrefix), v.stderr, line: line)
    }

    /// Found: the scenario name is used unchecked as the run folder, so `name = "../precious"` makes `cohort run`
    /// replace (delete) the folder `precious/` next to the outputs folder.
    func testScenarioNameCannotEscapeOutputs() throws {
        try FileManager.default.createDirectory(at: ws.url("precious"), withIntermediateDirectories: true)
        try ws.write("precious/notes.txt", "not a run folder\n")
        try ws.replace("tiny/tiny.toml", "name = \"tiny\"", with: "name = \"../precious\"")
        let r = try ws.run(["run", ws.scenarioPath, "--outputs", "out"])
        XCTAssertEqual(r.status, 1, "stdout: \(r.stdout)")
        XCTAssertTrue(r.stderr.hasPrefix("Error: tiny/tiny.toml: line "), r.stderr)
        XCTAssertEqual(try? ws.read("precious/notes.txt"), "not a run folder\n", "a folder outside the outputs was replaced")
    }

    /// Found: `housing_led_from` after the horizon traps in InputSet.load ("Range requires lowerBound <= upperBound")
    /// instead of an input error naming migration.housing_led_from.
    func testHousingLedFromAfterHorizonIsAnInputError() throws {
        try ws.replace("tiny/tiny.toml", "housing_led_from = 2022", with: "housing_led_from = 2030")
        let r = try ws.run(["validate", ws.scenarioPath])
        XCTAssertFalse(r.crashed, "validate crashed:\n\(r.stderr.prefix(300))")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("Error: tiny/tiny.toml: line "), r.stderr)
        XCTAssertTrue(r.stderr.contains("migration.housing_led_from"), r.stderr)
    }

    func testNegativePopulation() throws {
        // population.csv line 12 is A,female,10 (header on line 1, age 0 on line 2).
        try check(file: "tiny/population.csv", replace: "A,female,10,850\n", with: "A,female,10,-850\n",
                  stderrPrefix: "Error: tiny/population.csv: line 12: ", mentions: ["population = -850", "expected a value >= 0"])
    }

    func testMisspeltKey() throws {
        try check(file: "tiny/tiny.toml", replace: "communal_share = 0.01", with: "comunal_share = 0.01",
                  stderrPrefix: "Error: tiny/tiny.toml: line ", mentions: ["key housing.comunal_share", "unknown key 'comunal_share'", "communal_share"])
    }

    func testWrongType() throws {
        try check(file: "tiny/tiny.toml", replace: "list_inflation = 1.05", with: "list_inflation = \"1.05\"",
                  stderrPrefix: "Error: tiny/tiny.toml: line ", mentions: ["key registration.list_inflation", "\"1.05\"", "expected a number"])
    }

    func testMissingInputFile() throws {
        try check(file: "tiny/tiny.toml", replace: "dwellings = \"dwellings.csv\"", with: "dwellings = \"dwelings.csv\"",
                  stderrPrefix: "Error: tiny/tiny.toml: line ", mentions: ["key inputs.dwellings", "tiny/dwelings.csv", "not found"])
    }

    func testQxAboveOne() throws {
        try check(file: "tiny/life_table.csv", replace: "male,70,0.020144,0.019944,", with: "male,70,0.020144,1.9944,",
                  stderrPrefix: "Error: tiny/life_table.csv: line ", mentions: ["qx = 1.9944", "expected a value <= 1"])
    }

    /// Inputs that load but make the projection impossible: the engine's error names the cell.
    func testProjectionFailure() throws {
        try check(file: "tiny/migration.csv", replace: "B,2021,male,25,1\n", with: "B,2021,male,25,-1000000\n",
                  stderrPrefix: "Error: projection failed: negative population after net migration: B, male, age 25, mid-2021",
                  mentions: [])
    }
}
