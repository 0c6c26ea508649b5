import Foundation
import XCTest
@testable import Scenarios

/// Errors in the input tables: each names the file, the line (or the missing cell), the bad value and what was expected.
final class InputSetTests: XCTestCase {
    var fx: TinyFixture!
    override func setUpWithError() throws { fx = try TinyFixture() }
    override func tearDown() { fx.remove() }

    /// Files saved on Windows (CRLF line ends) read exactly like LF files, and errors still name the right line.
    func testCRLFFilesReadLikeLF() throws {
        let (_, lf) = try fx.load()
        let bad = try fx.lineNumber("population.csv", of: "A,female,5,875")
        let csvs = try FileManager.default.contentsOfDirectory(atPath: fx.dir.path).filter { $0.hasSuffix(".csv") }
        XCTAssertFalse(csvs.isEmpty)
        for name in csvs { try fx.write(name, try fx.read(name).replacingOccurrences(of: "\n", with: "\r\n")) }
        let (_, crlf) = try fx.load()
        XCTAssertEqual(crlf.base, lf.base, "base populations")
        XCTAssertEqual(crlf.baseQx, lf.baseQx, "life table")
        try fx.replace("population.csv", "A,female,5,875", with: "A,female,5,-3")
        assertInputError(expectInputError(fx.scenario), file: "population.csv", location: "line \(bad)", contains: ["-3"])
    }

    /// The largest files are read in parallel, but with two bad files the error is still the one a reading in
    /// order meets first (population before migration), every time.
    func testErrorOrderDoesNotDependOnParallelReading() throws {
        try fx.replace("population.csv", "A,female,10,850\n", with: "A,female,10,-850\n")
        try fx.replace("migration.csv", "A,2021,female,1,0\n", with: "A,2021,female,1,zero\n")
        for _ in 0..<5 {
            assertInputError(expectInputError(fx.scenario), file: "population.csv",
                             location: "line \(try fx.lineNumber("population.csv", of: "-850"))", contains: ["population = -850"])
        }
        try fx.replace("population.csv", "A,female,10,-850\n", with: "A,female,10,850\n")
        assertInputError(expectInputError(fx.scenario), file: "migration.csv",
                         location: "line \(try fx.lineNumber("migration.csv", of: "zero"))", contains: ["'zero'"])
    }

    func testMissingAgeRow() throws {
        try fx.replace("population.csv", "A,male,37,695\n", with: "")
        assertInputError(expectInputError(fx.scenario), file: "population.csv", location: nil,
                         contains: ["missing the row for A, male, age 37", "expected every sex and age 0-90"])
    }

    func testMissingOpenGroupRow() throws {
        try fx.replace("population.csv", "B,female,90,270\n", with: "")
        assertInputError(expectInputError(fx.scenario), file: "population.csv", location: nil,
                         contains: ["B, female, age 90+"])
    }

    func testDuplicateRowNamesBothLines() throws {
        let first = try fx.lineNumber("population.csv", of: "A,female,5,875")
        try fx.write("population.csv", try fx.read("population.csv") + "A,female,5,999\n")
        let dup = try fx.read("population.csv").components(separatedBy: "\n").count - 1  // the appended last line
        assertInputError(expectInputError(fx.scenario), file: "population.csv", location: "line \(dup)",
                         contains: ["duplicate row for A female age 5", "first at line \(first)"])
    }

    func testNegativePopulation() throws {
        try fx.replace("population.csv", "A,female,10,850\n", with: "A,female,10,-850\n")
        assertInputError(expectInputError(fx.scenario), file: "population.csv",
                         location: "line \(try fx.lineNumber("population.csv", of: "-850"))",
                         contains: ["population = -850", "expected a value >= 0"])
    }

    func testNonNumericPopulation() throws {
        try fx.replace("population.csv", "B,male,3,434\n", with: "B,male,3,43x4\n")
        assertInputError(expectInputError(fx.scenario), file: "population.csv",
                         location: "line \(try fx.lineNumber("population.csv", of: "43x4"))",
                         contains: ["population = '43x4'", "not a number"])
    }

    func testBadSexAndAgeLabels() throws {
        try fx.replace("population.csv", "B,male,3,434\n", with: "B,mael,3,434\n")
        assertInputError(expectInputError(fx.scenario), file: "population.csv",
                         location: "line \(try fx.lineNumber("population.csv", of: "mael"))",
                         contains: ["sex = 'mael'", "female or male"])
        try fx.replace("population.csv", "B,mael,3,434\n", with: "B,male,91,434\n")
        assertInputError(expectInputError(fx.scenario), file: "population.csv",
                         location: "line \(try fx.lineNumber("population.csv", of: "B,male,91"))",
                         contains: ["age = '91'", "0...90"])
    }

    func testWrongFieldCount() throws {
        try fx.replace("population.csv", "B,male,3,434\n", with: "B,male,3,434,1\n")
        assertInputError(expectInputError(fx.scenario), file: "population.csv",
                         location: "line \(try fx.lineNumber("population.csv", of: "434,1"))",
                         contains: ["has 5 fields, expected 4", "place,sex,age,population"])
    }

    func testMissingColumn() throws {
        try fx.replace("population.csv", "place,sex,age,population\n", with: "place,sex,age,people\n")
        assertInputError(expectInputError(fx.scenario), file: "population.csv", location: "line 1 (header)",
                         contains: ["missing column 'population'", "place,sex,age,people"])
    }

    func testPlaceInOneFileButNotAnother() throws {
        // tfr.csv calls B "C": C is unknown and B has no rows.
        var text = try fx.read("tfr.csv")
        text = text.replacingOccurrences(of: "B,", with: "C,")
        try fx.write("tfr.csv", text)
        assertInputError(expectInputError(fx.scenario), file: "tfr.csv", location: nil,
                         contains: ["Place 'C'", "not in the scenario's places (A, B)"])
    }

    func testPlaceMissingFromOneFile() throws {
        let kept = try fx.read("dwellings.csv").components(separatedBy: "\n").filter { !$0.hasPrefix("plan,B,") }
        try fx.write("dwellings.csv", kept.joined(separator: "\n"))
        assertInputError(expectInputError(fx.scenario), file: "dwellings.csv", location: nil,
                         contains: ["no rows for Place 'B'", "which the scenario lists"])
    }

    func testExtraPlaceInPopulation() throws {
        try fx.write("population.csv", try fx.read("population.csv") + "Z,female,0,1\n")
        assertInputError(expectInputError(fx.scenario), file: "population.csv", location: nil,
                         contains: ["Place 'Z'", "not in the scenario's places (A, B)"])
    }

    func testQxAboveOneInLifeTable() throws {
        try fx.replace("life_table.csv", "female,50,0.002266,0.002264,", with: "female,50,0.002266,1.5,")
        assertInputError(expectInputError(fx.scenario), file: "life_table.csv",
                         location: "line \(try fx.lineNumber("life_table.csv", of: "female,50,"))",
                         contains: ["qx = 1.5", "expected a value <= 1"])
    }

    func testQxAboveOneInProjectedQx() throws {
        try fx.replace("mortality_projected_qx.csv", "2023,male,100,0.38574258\n", with: "2023,male,100,1.01\n")
        assertInputError(expectInputError(fx.scenario), file: "mortality_projected_qx.csv",
                         location: "line \(try fx.lineNumber("mortality_projected_qx.csv", of: "2023,male,100,1.01"))",
                         contains: ["qx = 1.01", "expected a value <= 1"])
    }

    func testMissingLifeTableAge() throws {
        try fx.replace("life_table.csv", "\nmale,100,", with: "\n#male,100,")
        // A '#' line after the header is not a comment: it is a row with a bad sex label.
        assertInputError(expectInputError(fx.scenario), file: "life_table.csv",
                         location: "line \(try fx.lineNumber("life_table.csv", of: "#male,100,"))", contains: ["sex = '#male'"])
        let kept = try fx.read("life_table.csv").components(separatedBy: "\n").filter { !$0.hasPrefix("#male,100,") }
        try fx.write("life_table.csv", kept.joined(separator: "\n"))
        assertInputError(expectInputError(fx.scenario), file: "life_table.csv", location: nil,
                         contains: ["missing male, age 100", "expected ages 0-100"])
    }

    func testProjectedQxMustCoverTheScenarioYears() throws {
        let kept = try fx.read("mortality_projected_qx.csv").components(separatedBy: "\n").filter { !$0.hasPrefix("2024,") }
        try fx.write("mortality_projected_qx.csv", kept.joined(separator: "\n"))
        assertInputError(expectInputError(fx.scenario), file: "mortality_projected_qx.csv", location: nil,
                         contains: ["no rows for year 2024", "2020-2025"])
    }

    func testMigrationYearOfTrendYearsMissing() throws {
        try fx.replace("tiny.toml", "trend_years = [2021, 2022]", with: "trend_years = [2021, 2023]")
        assertInputError(expectInputError(fx.scenario), file: "migration.csv", location: nil,
                         contains: ["no rows for A in 2023", "migration.trend_years"])
    }

    func testMigrationRowCountPerYear() throws {
        try fx.replace("migration.csv", "B,2022,male,44,0\n", with: "")
        assertInputError(expectInputError(fx.scenario), file: "migration.csv", location: nil,
                         contains: ["missing the row for B, 2022, male, age 44", "once each"])
    }

    /// A duplicated cell must be reported even when another cell of the same year is missing (the row count then
    /// looks right). Found: readMigration only counts rows, so the missing cell silently becomes 0.
    func testMigrationDuplicateCellWithMissingCellIsReported() throws {
        try fx.replace("migration.csv", "B,2022,male,44,0\n", with: "B,2022,male,45,0\n")
        let e = expectInputError(fx.scenario)
        XCTAssertEqual(e.map { URL(fileURLWithPath: $0.file).lastPathComponent }, "migration.csv", "\(String(describing: e))")
        XCTAssertTrue(e?.description.contains("45") ?? false, "should name the duplicated age 45: \(String(describing: e))")
    }

    /// Every table keyed by (Place, year) or (sex, age) should reject a second row for the same key, as the
    /// population reader does. Found: tfr.csv, dwellings.csv, life_table.csv and the projected qx file keep the
    /// last row silently.
    func testDuplicateKeysInOtherTablesAreReported() throws {
        let cases: [(file: String, row: String)] = [
            ("tfr.csv", "A,2021,9.9"),
            ("dwellings.csv", "plan,A,2023,1"),
            ("life_table.csv", "female,40,0.5,0.4,1"),
            ("mortality_projected_qx.csv", "2022,female,40,0.5"),
        ]
        for c in cases {
            let fresh = try TinyFixture()
            defer { fresh.remove() }
            try fresh.write(c.file, try fresh.read(c.file) + c.row + "\n")
            do {
                let s = try ScenarioLoader.load(fresh.scenario)
                _ = try InputSet.load(s)
                XCTFail("\(c.file): a second row '\(c.row)' for an existing key was accepted silently")
            } catch {
                XCTAssertTrue("\(error)".contains(c.file) && "\(error)".contains("line"), "\(c.file): \(error)")
            }
        }
    }

    func testTFRAboveLimit() throws {
        try fx.replace("tfr.csv", "B,2021,1.8", with: "B,2021,18")
        assertInputError(expectInputError(fx.scenario), file: "tfr.csv", location: "line \(try fx.lineNumber("tfr.csv", of: "B,2021,18"))",
                         contains: ["tfr = 18", "expected a value <= 10"])
    }

    func testTFRMissingBaseYear() throws {
        try fx.replace("tfr.csv", "B,2020,1.8\n", with: "")
        assertInputError(expectInputError(fx.scenario), file: "tfr.csv", location: nil, contains: ["no TFR for B in the base year 2020"])
    }

    func testUnknownStockScenarioListsTheScenarios() throws {
        try fx.replace("tiny.toml", "stock_scenario = \"plan\"", with: "stock_scenario = \"plna\"")
        assertInputError(expectInputError(fx.scenario), file: "dwellings.csv", location: nil,
                         contains: ["\"plna\"", "other, plan"])
    }

    func testHousingLedYearsNeedDwellings() throws {
        try fx.replace("dwellings.csv", "plan,B,2024,26400\n", with: "")
        assertInputError(expectInputError(fx.scenario), file: "dwellings.csv", location: nil,
                         contains: ["no plan stock for B in 2024", "housing.net_additions"])
    }

    func testUnknownAdjustmentProfileListsTheSchedules() throws {
        try fx.replace("tiny.toml", "adjustment_profile = \"Western standard\"", with: "adjustment_profile = \"Western\"")
        assertInputError(expectInputError(fx.scenario), file: "rogers_castro.csv", location: nil,
                         contains: ["'Western'", "migration.adjustment_profile", "Western standard", "High dependency"])
    }

    func testFertilityShapeYearMissing() throws {
        try fx.replace("tiny.toml", "shape_year = 2022", with: "shape_year = 1999")
        assertInputError(expectInputError(fx.scenario), file: "fertility_shape.csv", location: nil,
                         contains: ["no rows for fertility.shape_year 1999"])
    }

    func testCommentsBeforeHeaderAndQuotedFieldsAreRead() throws {
        try fx.write("tfr.csv", "# a derived file says how it was made here\n# second comment\n\"place\",year,tfr\n\"A\",2020,1.6\nB,2020,\"1.8\"\n\n")
        let (_, inputs) = try fx.load()
        XCTAssertEqual(inputs.tfr["A"], [2020: 1.6])
        XCTAssertEqual(inputs.tfr["B"], [2020: 1.8])
    }
}
