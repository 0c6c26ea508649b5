import Foundation
import XCTest

/// Issue 16: no crash on any input, nothing bad accepted, clear messages, outputs that survive a crash. Each test is one
/// class of failure, run through the built binary.
final class ReliabilityTests: XCTestCase {
    var ws: Workspace!
    override func setUpWithError() throws { ws = try Workspace() }
    override func tearDown() { ws.remove() }

    /// Runs `validate` (or `args`) and expects exit 1, no crash, and every `mentions` in stderr.
    func refused(_ args: [String]? = nil, env: [String: String]? = nil, status: Int32 = 1, mentions: [String],
                 file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try Cohort.run(args ?? ["validate", ws.scenarioPath], cwd: ws.root, environment: env)
        XCTAssertFalse(r.crashed, "crashed: \(r.stderr.prefix(400))", file: file, line: line)
        XCTAssertEqual(r.status, status, "stdout: \(r.stdout)\nstderr: \(r.stderr)", file: file, line: line)
        for m in mentions { XCTAssertTrue(r.stderr.contains(m), "stderr should mention '\(m)': \(r.stderr)", file: file, line: line) }
    }

    func append(_ text: String) throws { try ws.write(ws.scenarioPath, try ws.read(ws.scenarioPath) + text) }

    // MARK: crashes

    /// Found: a line holding only `[` (or `[ # c`, `[[ # c`) aborted inside the TOML parser (SIGABRT).
    func testTableHeaderWithoutANameIsASyntaxError() throws {
        let original = try ws.read(ws.scenarioPath)
        let line = original.split(separator: "\n", omittingEmptySubsequences: false).count
        for bad in ["[", "[ # note", "[[ # note", "[=", "[.a]", "[[ [", "[\t#"] {
            try ws.write(ws.scenarioPath, original + bad + "\n")
            try refused(mentions: ["tiny/tiny.toml: line \(line)", "table header"])
        }
        // Not a header: `[` alone inside a multi-line string is text.
        try ws.write(ws.scenarioPath, original.replacingOccurrences(of: "title = \"Tiny two-Place test scenario\"",
                                                                    with: "title = \"\"\"\n[\nTiny\"\"\""))
        XCTAssertEqual(try ws.run(["validate", ws.scenarioPath]).status, 0)
    }

    /// Found by the fuzzer: `}` where an array expects a value aborted inside the TOML parser.
    func testBraceInsideAnArrayIsASyntaxError() throws {
        let original = try ws.read(ws.scenarioPath)
        for (bad, line) in [("trend_years = [2021, }", 34), ("trend_years = [\n # c\n }", 36)] {
            try ws.write(ws.scenarioPath, original.replacingOccurrences(of: "trend_years = [2021, 2022]", with: bad))
            try refused(mentions: ["tiny/tiny.toml: line \(line)", "'}' inside an array"])
        }
    }

    /// Found: huge integers in years trapped on overflow (e.g. base year + 1).
    func testHugeYearsAreRefused() throws {
        let original = try ws.read(ws.scenarioPath)
        let huge = "9223372036854775807"
        for (old, new, key) in [("shape_year = 2022", "shape_year = \(huge)", "fertility.shape_year"),
                                ("housing_led_from = 2022", "housing_led_from = \(huge)", "migration.housing_led_from"),
                                ("trend_years = [2021, 2022]", "trend_years = [2021, \(huge)]", "migration.trend_years")] {
            try ws.write(ws.scenarioPath, original.replacingOccurrences(of: old, with: new))
            try refused(mentions: [key, huge, "2500"])
        }
        try ws.write(ws.scenarioPath, original + """
            [[new_towns]]
            name = "X"
            place = "A"
            dwellings = 1000
            probability = 0.5
            start_years = [2022, \(huge)]
            build_rate = 100

            """)
        try refused(mentions: ["new_towns[1].start_years", huge])
        try ws.write(ws.scenarioPath, original)
        try ws.replace("tiny/tfr.csv", "A,2021,", with: "A,\(huge),")
        try refused(mentions: ["tiny/tfr.csv: line 3", "year = \(huge)"])
    }

    /// Found: `cohort run --draws 9223372036854775807` and `--threads 9223372036854775807` crashed.
    func testDrawsAndThreadsOutOfRangeEchoTheValue() throws {
        let huge = "9223372036854775807"
        // Command-line errors exit 64 (usage), as ArgumentParser's own do.
        try refused(["run", ws.scenarioPath, "--draws", huge], status: 64, mentions: ["--draws \(huge)", "expected 0 to"])
        try refused(["run", ws.scenarioPath, "--threads", huge], status: 64, mentions: ["--threads \(huge)", "expected 1 to"])
        try refused(["run", ws.scenarioPath, "--threads", "0"], status: 64, mentions: ["--threads 0"])
        try refused(["compare", ws.scenarioPath, ws.scenarioPath, "--draws=-5"], status: 64, mentions: ["--draws -5"])
    }

    // MARK: memory

    /// Found: huge draw counts allocated until the process died; validate accepted `draws = 10000000`.
    func testMemoryIsEstimatedAndTheLimitRefusesTooManyDraws() throws {
        let ok = try ws.run(["run", ws.scenarioPath, "--draws", "4", "--outputs", "out"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.contains("memory: estimated peak"), ok.stdout)
        try refused(["run", ws.scenarioPath, "--draws", "10000000", "--max-memory", "64M", "--outputs", "big"],
                    mentions: ["--draws 10000000", "64 MiB", "--max-memory 64M", "use at most"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.url("big").path), "nothing may be written")
        // compare holds both scenarios' draws.
        try refused(["compare", ws.scenarioPath, ws.scenarioPath, "--draws", "10000000", "--max-memory", "64M", "--outputs", "big"],
                    mentions: ["--draws", "x 2 scenarios", "use at most"])
        try refused(["run", ws.scenarioPath, "--max-memory", "lots"], status: 64, mentions: ["--max-memory 'lots'"])
        try append("\n[uncertainty]\ndraws = 10000000\n")
        try refused(env: ["COHORT_MAX_MEMORY": "100M"], mentions: ["tiny/tiny.toml: key uncertainty.draws: = 10000000", "COHORT_MAX_MEMORY=100M"])
    }

    /// --keep-draws writes every draw of every interval row (streamed to disk in pieces).
    func testKeepDrawsWritesEveryDrawOfEverySeries() throws {
        let r = try ws.run(["run", ws.scenarioPath, "--draws", "7", "--keep-draws", "--outputs", "out"])
        XCTAssertEqual(r.status, 0, r.stderr)
        // Interval rows: scenario, period, place_code, place, then the rest of the key (population: age_group, basis).
        let pop = csvRows(try ws.read("out/tiny/population-intervals.csv")).dropFirst()
        let deaths = csvRows(try ws.read("out/tiny/deaths-intervals.csv")).dropFirst()
        let draws = csvRows(try ws.read("out/tiny/draws.csv"))
        XCTAssertEqual(draws.first, ["scenario", "table", "key", "draw", "value"])
        XCTAssertEqual(draws.count - 1, (pop.count + deaths.count) * 7)
        let keys = Set(draws.dropFirst().map { "\($0[1]) \($0[2])" })
        XCTAssertEqual(keys, Set(pop.map { "population \([$0[1], $0[3], $0[4], $0[5]].joined(separator: "|"))" }
                                 + deaths.map { "deaths \([$0[1], $0[3]].joined(separator: "|"))" }))
        XCTAssertEqual(Set(draws.dropFirst().map { $0[3] }), Set((1...7).map(String.init)))
    }

    // MARK: bad input accepted

    /// Found: a NUL byte in a comment silently dropped the rest of the file.
    func testNulByteIsRefusedWithItsLine() throws {
        let line = try ws.read(ws.scenarioPath).split(separator: "\n", omittingEmptySubsequences: false).count
        try append("# note \u{0} hidden\nbogus_key = 1\n")
        try refused(mentions: ["tiny.toml: line \(line)", "NUL"])
    }

    /// Found: invalid UTF-8 gave no line.
    func testInvalidUTF8NamesTheLine() throws {
        let original = try Data(contentsOf: ws.url(ws.scenarioPath))
        try (original + Data("# caf".utf8) + Data([0xE9]) + Data("\n".utf8)).write(to: ws.url(ws.scenarioPath))
        try refused(mentions: ["tiny.toml: line 44", "UTF-8"])
        try original.write(to: ws.url(ws.scenarioPath))
        var csv = try Data(contentsOf: ws.url("tiny/tfr.csv"))
        csv.insert(0xFF, at: csv.firstIndex(of: 0x0A)! + 1)
        try csv.write(to: ws.url("tiny/tfr.csv"))
        try refused(mentions: ["tiny/tfr.csv: line 2", "UTF-8"])
    }

    /// Found: `0x49D` in a CSV number cell was read as 1181; two columns of one name were accepted.
    func testNonDecimalNumbersAndDuplicateColumnsInCSV() throws {
        try ws.replace("tiny/tfr.csv", "A,2021,1.55", with: "A,2021,0x1")
        try refused(mentions: ["tiny/tfr.csv: line 3", "tfr = '0x1' is not a number"])
        try ws.replace("tiny/tfr.csv", "A,2021,0x1", with: "A,2021,1.55")
        try ws.replace("tiny/tfr.csv", "place,year,tfr", with: "place,year,year")
        try refused(mentions: ["tiny/tfr.csv: line 1 (header)", "column 'year' appears twice"])
    }

    /// Found: a new town with a negative build rate was silently dropped; one with build_rate = 0, or starting after
    /// the horizon, validated silently.
    func testNewTownThatCanNeverBuildIsRefused() throws {
        let original = try ws.read(ws.scenarioPath)
        func site(_ rate: String, _ start: String) -> String {
            original + "\n[[new_towns]]\nname = \"X\"\nplace = \"A\"\ndwellings = 1000\nprobability = 0.5\nstart_years = \(start)\nbuild_rate = \(rate)\n"
        }
        for rate in ["-50", "0", "{ distribution = \"uniform\", min = -10, max = 100 }"] {
            try ws.write(ws.scenarioPath, site(rate, "[2022, 2023]"))
            try refused(mentions: ["new_towns[1].build_rate", "expected dwellings completed a year > 0"])
        }
        try ws.write(ws.scenarioPath, site("100", "[2030, 2031]"))
        try refused(mentions: ["new_towns[1].start_years", "after the horizon 2025"])
        try ws.write(ws.scenarioPath, site("100", "[2022, 2023]"))
        XCTAssertEqual(try ws.run(["validate", ws.scenarioPath]).status, 0)
    }

    /// Found: fixed assumption values out of range (mortality_level = -1) passed validate.
    func testFixedAssumptionOutOfRangeIsRefusedByValidate() throws {
        let original = try ws.read(ws.scenarioPath)
        for (k, v) in [("mortality_level", "-1"), ("communal_share", "1.5"), ("fertility_level", "0"),
                       ("recruitment_factor", "{ distribution = \"uniform\", min = -1, max = 1 }")] {
            try ws.write(ws.scenarioPath, original + "\n[uncertainty]\ndraws = 0\n[uncertainty.assumptions]\n\(k) = \(v)\n")
            try refused(mentions: ["tiny/tiny.toml", "key uncertainty.assumptions.\(k)", "expected"])
        }
    }

    /// Found: a duplicate Place was reported without its name.
    func testDuplicatePlaceIsNamed() throws {
        try ws.replace(ws.scenarioPath, "places = [\"A\", \"B\"]", with: "places = [\"A\", \"B\", \"A\"]")
        try refused(mentions: ["key places", "\"A\" twice"])
    }

    // MARK: valid input refused

    /// Found: a child could not switch an inherited assumption to another distribution form (inline tables merged
    /// key by key, and the error blamed the parent file).
    func testChildMayReplaceAnInheritedDistributionWithAnotherForm() throws {
        try append("\n[uncertainty]\ndraws = 0\n[uncertainty.assumptions]\nmortality_level = { interval = [0.9, 1.1], coverage = 0.8 }\n")
        try ws.write("tiny/child.toml", """
            extends = "tiny.toml"
            name = "child"
            [uncertainty.assumptions]
            mortality_level = { distribution = "normal", mean = 1.0, sd = 0.05 }

            """)
        let r = try ws.run(["validate", "tiny/child.toml"])
        XCTAssertEqual(r.status, 0, r.stderr)
        // A real error in the child's table is blamed on the child.
        try ws.replace("tiny/child.toml", "sd = 0.05", with: "sd = -0.05")
        try refused(["validate", "tiny/child.toml"], mentions: ["tiny/child.toml", "mortality_level"])
    }

    // MARK: messages

    /// Found: a folder, /dev/null or "" as an input path was "file not found" without the key.
    func testInputPathThatIsNotAFileNamesTheKey() throws {
        let original = try ws.read(ws.scenarioPath)
        for (path, what) in [("", "is empty"), ("/dev/null", "not a regular file"), (".", "is a folder")] {
            try ws.write(ws.scenarioPath, original.replacingOccurrences(of: "dwellings = \"dwellings.csv\"", with: "dwellings = \"\(path)\""))
            try refused(mentions: ["key inputs.dwellings", what])
        }
        try refused(["validate", "tiny"], mentions: ["tiny: is a folder", "scenario file"])
        try refused(["validate", "/dev/null"], mentions: ["/dev/null: is not a regular file"])
        try refused(["validate", ""], mentions: ["empty string"])
    }

    /// Found: output-folder errors were raw Foundation dumps (NSCocoaErrorDomain Code=516 ...).
    func testOutputFolderErrorIsReadable() throws {
        try ws.write("blocker", "a file where the outputs folder should be\n")
        let r = try ws.run(["run", ws.scenarioPath, "--outputs", "blocker/sub"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("blocker"), r.stderr)
        XCTAssertFalse(r.stderr.contains("Domain="), r.stderr)
        XCTAssertFalse(r.stderr.contains("UserInfo"), r.stderr)
    }

    // MARK: outputs under faults

    /// Starts `cohort run` paused at a named point of the output swap; returns once it says it is paused.
    func startPaused(at point: String, outputs: String, env extra: [String: String] = [:]) throws -> Process {
        let p = Process()
        p.executableURL = try Cohort.binary()
        p.arguments = ["run", ws.scenarioPath, "--outputs", outputs]
        p.currentDirectoryURL = ws.root
        var env = ProcessInfo.processInfo.environment
        env["COHORT_FAULT_POINT"] = point
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let err = ws.url("paused-stderr")
        FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, p.isRunning, !((try? ws.read("paused-stderr"))?.contains("paused at \(point)") ?? false) {
            usleep(50_000)
        }
        XCTAssertTrue(p.isRunning, "the run should be paused at \(point): \((try? ws.read("paused-stderr")) ?? "")")
        return p
    }

    func litter(_ outputs: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: ws.url(outputs).path).filter { $0.contains(".tmp-") || $0.contains(".old-") }
    }

    /// Two runs of one scenario at once: the second stops with a clear message; the first's folder is complete.
    func testConcurrentRunsOfOneScenarioAreLocked() throws {
        let a = try startPaused(at: "before-swap", outputs: "out")
        try refused(["run", ws.scenarioPath, "--outputs", "out"], mentions: ["another cohort process (PID \(a.processIdentifier)) is writing", "out/tiny"])
        kill(a.processIdentifier, SIGKILL)
        a.waitUntilExit()
        XCTAssertFalse(try litter("out").isEmpty, "the killed run leaves its temporary folder")
        let c = try ws.run(["run", ws.scenarioPath, "--outputs", "out"])
        XCTAssertEqual(c.status, 0, c.stderr)
        XCTAssertEqual(try litter("out"), [], "the next run removes what the killed run left")
    }

    /// Killed between the steps of the swap, a run leaves the previous folder or the new one, complete; the next
    /// run removes the leftovers.
    func testKillDuringTheSwapLeavesACompleteFolder() throws {
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "out"]).status, 0)
        let complete = try snapshot(ws.url("out/tiny"))
        for point in ["before-swap", "after-exchange", "after-sync"] {
            let p = try startPaused(at: point, outputs: "out")
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let now = try snapshot(ws.url("out/tiny"))
            XCTAssertEqual(Set(now.keys), Set(complete.keys), "killed at \(point): the folder must be complete")
            XCTAssertEqual(now, complete, "killed at \(point): the same scenario gives the same bytes")
            XCTAssertFalse(try litter("out").isEmpty, point)
            XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "out"]).status, 0)
            XCTAssertEqual(try litter("out"), [], "after \(point), the next run must leave no litter")
        }
    }

    /// Without RENAME_EXCHANGE (other systems and file systems) the swap is two renames; a run killed between them
    /// leaves no folder, only `.old-<pid>`, which the next run puts back before anything else.
    func testTwoRenameFallbackPutsTheOldFolderBack() throws {
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "out"]).status, 0)
        let complete = try snapshot(ws.url("out/tiny"))
        let p = try startPaused(at: "between-renames", outputs: "out", env: ["COHORT_TEST_NO_EXCHANGE": "1"])
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.url("out/tiny").path))
        XCTAssertTrue(try litter("out").contains { $0.contains(".old-") })
        let r = try Cohort.run(["run", ws.scenarioPath, "--outputs", "out"], cwd: ws.root,
                               environment: ["COHORT_TEST_NO_EXCHANGE": "1", "COHORT_FAULT_POINT": "before-swap", "COHORT_FAULT_ACTION": "abort"])
        XCTAssertTrue(r.crashed)
        XCTAssertEqual(try snapshot(ws.url("out/tiny")), complete, "the next run put the old folder back first")
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "out"]).status, 0)
        XCTAssertEqual(try litter("out"), [])
    }

    // MARK: demand (children of the BLMK baseline)

    /// A child of the BLMK baseline in a temporary folder, with `files` beside it; returns its folder.
    func blmkChild(_ toml: String, files: [String: String] = [:]) throws -> URL {
        let dir = ws.url("blmk-child")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let base = Cohort.packageRoot.appendingPathComponent("Scenarios/blmk-baseline.toml").path
        try "extends = \"\(base)\"\nname = \"child\"\n\(toml)\n".write(to: dir.appendingPathComponent("child.toml"), atomically: true, encoding: .utf8)
        return dir
    }

    /// Found: a misspelt service group under [demand.rate_trends] or [uncertainty.referral_trends] was ignored.
    func testMisspeltServiceGroupIsRefused() throws {
        for (table, value) in [("demand.rate_trends", "0.01"), ("uncertainty.referral_trends", "{ distribution = \"normal\", mean = 0, sd = 0.01 }")] {
            let dir = try blmkChild("[\(table)]\ncommunity_18plsu = \(value)\n")
            try refused(["validate", dir.appendingPathComponent("child.toml").path],
                        mentions: ["child.toml", "key \(table).community_18plsu", "unknown service group", "community_18plus"])
        }
    }

    /// Found: a huge demand base_fy trapped on overflow.
    func testHugeDemandBaseYearIsRefused() throws {
        let dir = try blmkChild("[demand]\nbase_fy = 9223372036854775807\n")
        try refused(["validate", dir.appendingPathComponent("child.toml").path], mentions: ["demand.base_fy", "9223372036854775807"])
    }

    /// Found: inputs giving NaN or inf in an output table were accepted with exit 0.
    func testNonFiniteResultIsRefusedNamingTableRowAndInputs() throws {
        var conditions = try String(contentsOf: Cohort.packageRoot.appendingPathComponent("Scenarios/data/blmk/conditions_prevalence.csv"), encoding: .utf8)
        XCTAssertNotNil(conditions.range(of: "Cancer,0.041,18,8,85,"))
        conditions = conditions.replacingOccurrences(of: "Cancer,0.041,18,8,85,", with: "Cancer,0.041,18,1e-9,85,")
        let dir = try blmkChild("[demand]\nconditions = \"conditions.csv\"\n", files: ["conditions.csv": conditions])
        let out = dir.appendingPathComponent("out").path
        try refused(["run", dir.appendingPathComponent("child.toml").path, "--draws", "0", "--outputs", out],
                    mentions: ["conditions.csv line", "condition=Cancer", "not a finite number", "demand.conditions"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/child"), "nothing may be written")
        try refused(["validate", dir.appendingPathComponent("child.toml").path],
                    mentions: ["the central run gives NaN for conditions", "condition=Cancer", "demand.conditions"])
    }
}
