import Foundation
import XCTest
@testable import Scenarios

/// Errors in the scenario file itself: each names the file, the line and key path, the bad value and what was expected.
final class ScenarioLoaderTests: XCTestCase {
    var fx: TinyFixture!
    override func setUpWithError() throws { fx = try TinyFixture() }
    override func tearDown() { fx.remove() }

    func testFixtureLoads() throws {
        let (s, inputs) = try fx.load()
        XCTAssertEqual(s.name, "tiny")
        XCTAssertEqual(s.places, ["A", "B"])
        XCTAssertEqual(s.years, 2020...2025)
        XCTAssertEqual(s.migration.mode, .housingLed)
        XCTAssertEqual(s.migration.trendYears, 2021...2022)
        XCTAssertEqual(s.housing.stockScenario, "plan")
        XCTAssertEqual(s.registration.listInflation, ["A": 1.05, "B": 1.05])
        XCTAssertNil(s.demand)
        XCTAssertEqual(s.inputs.population.path, fx.url("population.csv").standardizedFileURL.path)
        // Base totals by hand: A = sum(900 - 5a) + sum(880 - 5a), a = 0...90 = 61425 + 59605 = 121030;
        // B = sum(450 - 2a) + sum(440 - 2a) = 32760 + 31850 = 64610.
        XCTAssertEqual(inputs.base["A"]!.total, 121_030)
        XCTAssertEqual(inputs.base["B"]!.total, 64_610)
        XCTAssertEqual(inputs.base["A"]![.male, 90], 430, "90+ row read into the open group")
        XCTAssertEqual(inputs.tfr["A"], [2020: 1.6, 2021: 1.55, 2022: 1.5])
        XCTAssertEqual(inputs.dwellings["B"]?[2025], 26_500)
        XCTAssertEqual(inputs.fertilityGroups.count, 9, "the 2022 rows of the shape file")
        assertClose(inputs.adjustmentShares.reduce(0, +), 1, tol: 1e-12, "adjustment shares sum to 1")
    }

    func testMisspeltKeyIsAnError() throws {
        try fx.replace("tiny.toml", "improvement = true\nlevel = 1.0", with: "improvement = true\nlevle = 1.0")
        let n = try fx.lineNumber("tiny.toml", of: "levle")
        assertInputError(expectInputError(fx.scenario), file: "tiny.toml", location: "line \(n), key mortality.levle",
                         contains: ["unknown key 'levle'; did you mean 'level'?"])
        // A key not close to any known one lists the keys of its table instead.
        try fx.replace("tiny.toml", "levle = 1.0", with: "level = 1.0\nsmoothing = 2")
        assertInputError(expectInputError(fx.scenario), file: "tiny.toml", location: "line \(n + 1), key mortality.smoothing",
                         contains: ["unknown key 'smoothing'; known keys here: life_table_centre_year, improvement, level"])
    }

    func testMisspeltTopLevelKeyAndSection() throws {
        try fx.replace("tiny.toml", "horizon = 2025", with: "horizon = 2025\nhorizn = 2030")
        try fx.assertKeyError(lineOf: "horizn", key: "horizn",
                            contains: ["unknown key 'horizn'", "horizon"])
        try fx.replace("tiny.toml", "horizn = 2030", with: "")
        try fx.replace("tiny.toml", "[registration]", with: "[registraton]\nlist_inflation = 1\n[registration]")
        try fx.assertKeyError(lineOf: "[registraton]", key: "registraton",
                            contains: ["unknown key 'registraton'"])
    }

    func testStringForNumberIsAnError() throws {
        try fx.replace("tiny.toml", "sex_ratio_at_birth = 1.05", with: "sex_ratio_at_birth = \"1.05\"")
        try fx.assertKeyError(lineOf: "sex_ratio_at_birth", key: "fertility.sex_ratio_at_birth",
                            contains: ["\"1.05\"", "a string", "expected a number"])
    }

    func testStringForWholeNumberIsAnError() throws {
        try fx.replace("tiny.toml", "horizon = 2025", with: "horizon = \"2025\"")
        try fx.assertKeyError(lineOf: "horizon =", key: "horizon",
                            contains: ["\"2025\"", "a string", "expected a whole number"])
    }

    func testRealForWholeNumberIsAnError() throws {
        try fx.replace("tiny.toml", "shape_year = 2022", with: "shape_year = 2022.5")
        try fx.assertKeyError(lineOf: "shape_year", key: "fertility.shape_year",
                            contains: ["2022.5", "expected a whole number"])
    }

    func testIntegerAcceptedForRealValuedKey() throws {
        try fx.replace("tiny.toml", "improvement = true\nlevel = 1.0", with: "improvement = true\nlevel = 2")
        try fx.replace("tiny.toml", "sex_ratio_at_birth = 1.05", with: "sex_ratio_at_birth = 1")
        try fx.replace("tiny.toml", "list_inflation = 1.05", with: "list_inflation = 1")
        let (s, _) = try fx.load()
        XCTAssertEqual(s.mortality.level, 2.0)
        XCTAssertEqual(s.fertility.sexRatioAtBirth, 1.0)
        XCTAssertEqual(s.registration.listInflation, ["A": 1.0, "B": 1.0])
    }

    func testOutOfRangeValuesNameTheLimit() throws {
        try fx.replace("tiny.toml", "communal_share = 0.01", with: "communal_share = 1.5")
        try fx.assertKeyError(lineOf: "communal_share", key: "housing.communal_share",
                            contains: ["1.5", "expected a value <= 1"])
        try fx.replace("tiny.toml", "communal_share = 1.5", with: "communal_share = 0.01")
        try fx.replace("tiny.toml", "improvement = true\nlevel = 1.0", with: "improvement = true\nlevel = 0")
        try fx.assertKeyError(lineOf: "level = 0", key: "mortality.level",
                            contains: ["= 0", "expected a value > 0"])
    }

    func testUnknownMigrationModeListsTheModes() throws {
        try fx.replace("tiny.toml", "mode = \"housing-led\"", with: "mode = \"housing_led\"")
        try fx.assertKeyError(lineOf: "mode =", key: "migration.mode",
                            contains: ["\"housing_led\"", "\"housing-led\"", "\"trend\"", "\"residual\"", "\"net-totals\""])
    }

    func testHorizonBeforeBaseYear() throws {
        try fx.replace("tiny.toml", "horizon = 2025", with: "horizon = 2019")
        try fx.assertKeyError(lineOf: "horizon =", key: "horizon",
                            contains: ["2019", "not after base_year 2020", "expected a later year"])
    }

    func testHorizonEqualToBaseYear() throws {
        try fx.replace("tiny.toml", "horizon = 2025", with: "horizon = 2020")
        try fx.assertKeyError(lineOf: "horizon =", key: "horizon",
                            contains: ["2020", "not after base_year 2020"])
    }

    func testMissingRequiredKey() throws {
        try fx.replace("tiny.toml", "stock_scenario = \"plan\"\n", with: "")
        try fx.assertKeyError(lineOf: "[housing]", key: "housing.stock_scenario",
                            contains: ["missing", "expected a string"])
    }

    func testTOMLSyntaxErrorNamesTheLine() throws {
        try fx.replace("tiny.toml", "horizon = 2025", with: "horizon = = 2025")
        let e = expectInputError(fx.scenario)
        XCTAssertEqual(e.map { URL(fileURLWithPath: $0.file).lastPathComponent }, "tiny.toml")
        XCTAssertTrue(e?.location?.hasPrefix("line \(try fx.lineNumber("tiny.toml", of: "horizon = ="))") ?? false, "\(String(describing: e))")
        XCTAssertTrue(e?.message.contains("TOML syntax error") ?? false, "\(String(describing: e))")
    }

    /// A comment after a section header (as in Scenarios/blmk-baseline.toml: `[inputs]  # paths are relative ...`)
    /// must not lose the line numbers of that section's keys. Found: KeyLines records the section as
    /// "inputs]", so errors there say only "key inputs.population".
    func testSectionHeaderWithCommentKeepsLineNumbers() throws {
        try fx.replace("tiny.toml", "[inputs]\n", with: "[inputs]  # paths are relative to this file\n")
        try fx.replace("tiny.toml", "population = \"population.csv\"", with: "population = \"populaton.csv\"")
        try fx.assertKeyError(lineOf: "populaton.csv", key: "inputs.population",
                            contains: ["populaton.csv", "not found"])
    }

    /// The scenario name becomes the run folder (`<outputs>/<name>/`), which `cohort run` replaces wholesale. A name
    /// that is not a plain folder name must be rejected. Found: names are not checked, so `name = "../x"`
    /// replaces the folder x beside the outputs folder (see CLITests.BadInputTests.testScenarioNameCannotEscapeOutputs).
    func testScenarioNameMustBeAPlainFolderName() throws {
        for bad in ["../precious", "a/b", "..", ".", ""] {
            let fresh = try TinyFixture()
            defer { fresh.remove() }
            try fresh.replace("tiny.toml", "name = \"tiny\"", with: "name = \"\(bad)\"")
            do {
                _ = try ScenarioLoader.load(fresh.scenario)
                XCTFail("name = \"\(bad)\" was accepted")
            } catch {
                let e = (error as any Error) as? InputError
                XCTAssertEqual(e?.location, "line \(try fresh.lineNumber("tiny.toml", of: "name =")), key name", "\(error)")
            }
        }
    }

    func testMissingScenarioFile() {
        assertInputError(expectInputError(fx.dir.appendingPathComponent("nope.toml")), file: "nope.toml", location: nil,
                         contains: ["not found"])
    }

    /// Every input is read once, when the scenario is loaded: the readers and the manifest's hashes see those bytes,
    /// even if the file changes on disk afterwards (the manifest once read every input again to hash it).
    func testInputsAreReadOnceAtLoad() throws {
        let s = try ScenarioLoader.load(fx.scenario)
        XCTAssertEqual(s.files.map(\.role), ["scenario"] + s.inputURLs.map(\.role))
        XCTAssertEqual(s.files.first?.path, "tiny.toml")
        let original = try Data(contentsOf: fx.url("population.csv"))
        let loaded = try s.input(s.inputs.population)
        XCTAssertEqual(loaded.data, original)
        XCTAssertEqual(loaded.sha256, SHA256.hex(original))
        XCTAssertEqual(loaded.path, "population.csv")
        try fx.write("population.csv", "place,sex,age,population\n")
        XCTAssertEqual(try s.input(s.inputs.population).sha256, SHA256.hex(original))
        XCTAssertNoThrow(try InputSet.load(s), "the loaded bytes are parsed, not the file as it is now")
        XCTAssertThrowsError(try InputSet.load(try ScenarioLoader.load(fx.scenario)), "a fresh load reads the emptied file")
    }

    func testMissingInputFileNamesKeyAndPath() throws {
        try fx.replace("tiny.toml", "population = \"population.csv\"", with: "population = \"populaton.csv\"")
        try fx.assertKeyError(lineOf: "populaton.csv", key: "inputs.population",
                            contains: ["populaton.csv", "not found", "expected an existing input file"])
    }
}

/// `extends`: a child scenario overrides its parent key by key; paths stay relative to the file that sets them.
final class ScenarioExtendsTests: XCTestCase {
    var fx: TinyFixture!
    override func setUpWithError() throws { fx = try TinyFixture() }
    override func tearDown() { fx.remove() }

    func write(_ rel: String, _ text: String) throws -> URL {
        let u = fx.root.appendingPathComponent(rel)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: u, atomically: true, encoding: .utf8)
        return u
    }

    func testChildInAnotherFolderInheritsParentPaths() throws {
        // The child overrides one input with a file of its own folder and one value; everything else is inherited.
        try FileManager.default.createDirectory(at: fx.root.appendingPathComponent("variants"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fx.url("dwellings.csv"), to: fx.root.appendingPathComponent("variants/more_homes.csv"))
        let child = try write("variants/low-fertility.toml", """
            extends = "../tiny/tiny.toml"
            name = "low-fertility"

            [inputs]
            dwellings = "more_homes.csv"

            [fertility]
            level = 0.8
            """)
        let s = try ScenarioLoader.load(child)
        XCTAssertEqual(s.name, "low-fertility")
        XCTAssertEqual(s.title, "Tiny two-Place test scenario", "inherited")
        XCTAssertEqual(s.fertility.level, 0.8)
        XCTAssertEqual(s.fertility.shapeYear, 2022, "the rest of [fertility] is inherited")
        XCTAssertEqual(s.fertility.sexRatioAtBirth, 1.05)
        let parentDir = fx.dir.standardizedFileURL.path
        XCTAssertEqual(s.inputs.population.path, parentDir + "/population.csv", "parent's relative path, parent's folder")
        XCTAssertEqual(s.inputs.lifeTable.path, parentDir + "/life_table.csv")
        XCTAssertEqual(s.inputs.dwellings.path, fx.root.appendingPathComponent("variants/more_homes.csv").standardizedFileURL.path,
                       "child's relative path, child's folder")
        XCTAssertEqual(s.sourceFiles.map(\.lastPathComponent), ["low-fertility.toml", "tiny.toml"])
        let inputs = try InputSet.load(s)
        XCTAssertEqual(inputs.base["A"]!.total, 121_030)
    }

    func testGrandchildChain() throws {
        _ = try write("v/mid.toml", "extends = \"../tiny/tiny.toml\"\nname = \"mid\"\n[mortality]\nlevel = 1.1\n")
        let leaf = try write("v/w/leaf.toml", "extends = \"../mid.toml\"\nname = \"leaf\"\n[fertility]\nlevel = 0.9\n")
        let s = try ScenarioLoader.load(leaf)
        XCTAssertEqual(s.name, "leaf")
        XCTAssertEqual(s.mortality.level, 1.1)
        XCTAssertEqual(s.fertility.level, 0.9)
        XCTAssertEqual(s.mortality.lifeTableCentreYear, 2021)
        XCTAssertEqual(s.inputs.migration.path, fx.dir.standardizedFileURL.path + "/migration.csv")
        XCTAssertNoThrow(try InputSet.load(s))
    }

    func testExtendsCycle() throws {
        let a = try write("c/a.toml", "extends = \"b.toml\"\nname = \"a\"\n")
        _ = try write("c/b.toml", "extends = \"a.toml\"\nname = \"b\"\n")
        let e = expectInputError(a)
        assertInputError(e, file: "a.toml", location: "key extends", contains: ["extends cycle: "])
        // "extends cycle: .../a.toml -> .../b.toml -> .../a.toml"
        let chain = (e?.message.components(separatedBy: "extends cycle: ").last ?? "").components(separatedBy: " -> ")
        XCTAssertEqual(chain.map { URL(fileURLWithPath: $0).lastPathComponent }, ["a.toml", "b.toml", "a.toml"],
                       "\(String(describing: e))")
    }

    func testSelfExtends() throws {
        let a = try write("c/self.toml", "extends = \"self.toml\"\nname = \"x\"\n")
        assertInputError(expectInputError(a), file: "self.toml", location: "key extends", contains: ["extends cycle", "self.toml -> ", "self.toml"])
    }

    func testExtendsMissingParent() throws {
        let a = try write("c/orphan.toml", "name = \"orphan\"\nextends = \"../nowhere/parent.toml\"\n")
        assertInputError(expectInputError(a), file: "orphan.toml", location: "line 2, key extends",
                         contains: ["\"../nowhere/parent.toml\"", "nowhere/parent.toml", "not found"])
    }

    func testExtendsMustBeAString() throws {
        let a = try write("c/bad.toml", "extends = 3\nname = \"bad\"\n")
        assertInputError(expectInputError(a), file: "bad.toml", location: "line 1, key extends",
                         contains: ["extends = 3", "expected the path of a parent scenario file"])
    }

    func testErrorInInheritedKeyNamesTheParent() throws {
        try fx.replace("tiny.toml", "communal_share = 0.01", with: "communal_share = 7")
        let child = try write("v/child.toml", "extends = \"../tiny/tiny.toml\"\nname = \"child\"\n")
        assertInputError(expectInputError(child), file: "tiny.toml",
                         location: "line \(try fx.lineNumber("tiny.toml", of: "communal_share")), key housing.communal_share",
                         contains: ["7", "expected a value <= 1"])
        // Overriding the bad value in the child fixes it.
        let fixed = try write("v/fixed.toml", "extends = \"../tiny/tiny.toml\"\nname = \"fixed\"\n[housing]\ncommunal_share = 0.02\n")
        XCTAssertEqual(try ScenarioLoader.load(fixed).housing.communalShare, 0.02)
    }

    func testErrorInChildKeyNamesTheChildAndLine() throws {
        let child = try write("v/child.toml", "extends = \"../tiny/tiny.toml\"\nname = \"child\"\n\n[fertility]\nlevel = \"low\"\n")
        assertInputError(expectInputError(child), file: "child.toml", location: "line 5, key fertility.level",
                         contains: ["\"low\"", "expected a number"])
    }
}
