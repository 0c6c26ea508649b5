import XCTest
@testable import Reports

/// Output formatting and the table comparison behind `cohort check` (Reports is tested here: ScenariosTests
/// depends on it).
final class FormatTests: XCTestCase {
    func testFixedRoundsHalfAwayFromZero() {
        // Binary-exact halves: 0.125 and 2.5.
        XCTAssertEqual(Format.fixed(0.125, 2), "0.13")
        XCTAssertEqual(Format.fixed(-0.125, 2), "-0.13")
        XCTAssertEqual(Format.fixed(2.5, 0), "3")
        XCTAssertEqual(Format.fixed(-2.5, 0), "-3")
        XCTAssertEqual(Format.fixed(1234.5678, 3), "1234.568")
        XCTAssertEqual(Format.fixed(0.0004, 3), "0.000")
        XCTAssertEqual(Format.fixed(7, 3), "7.000")
        XCTAssertEqual(Format.fixed(0.05, 3), "0.050", "leading zeros kept after the point")
    }

    func testNoNegativeZero() {
        XCTAssertEqual(Format.fixed(-0.0004, 3), "0.000")
        XCTAssertEqual(Format.fixed(-0.0, 1), "0.0")
    }

    func testNonFinite() {
        XCTAssertEqual(Format.fixed(.nan, 3), "NaN")
        XCTAssertEqual(Format.fixed(.infinity, 3), "Inf")
        XCTAssertEqual(Format.fixed(-.infinity, 3), "-Inf")
    }

    func testGroupedAndPercent() {
        XCTAssertEqual(Format.grouped(1_139_000), "1,139,000")
        XCTAssertEqual(Format.grouped(999), "999")
        XCTAssertEqual(Format.grouped(-1_234_567.891, 2), "-1,234,567.89")
        XCTAssertEqual(Format.percent(0.1234), "12.3%")
        XCTAssertEqual(Format.signedPercent(0.1234), "+12.3%")
        XCTAssertEqual(Format.signedPercent(-0.05, 2), "-5.00%")
    }

    func testFinancialYearLabels() {
        XCTAssertEqual(Format.fy(2033), "2033/34")
        XCTAssertEqual(Format.fy(2008), "2008/09")
        XCTAssertEqual(Format.fy(2099), "2099/00")
    }

    func testCSVBuilderQuotes() {
        var b = CSVBuilder(header: ["place", "note"])
        b.row(["Central Bedfordshire", "a, b"])
        b.row(["Luton", "say \"hi\""])
        XCTAssertEqual(b.text, "place,note\nCentral Bedfordshire,\"a, b\"\nLuton,\"say \"\"hi\"\"\"\n")
    }
}

final class TableCheckTests: XCTestCase {
    let reference = ["t.csv": "year,place,value,note\n2020,A,100.000,x\n2021,A,200.000,y\n"]

    func edited(_ old: String, _ new: String) -> [String: String] {
        ["t.csv": reference["t.csv"]!.replacingOccurrences(of: old, with: new)]
    }

    func testIdenticalPasses() {
        let r = TableCheck().compare(actual: reference, expected: reference)
        XCTAssertTrue(r.passed)
        XCTAssertEqual(r.filesCompared, 1)
        XCTAssertEqual(r.cellsCompared, 8, "2 rows x 4 columns")
    }

    func testRelativeTolerance() {
        // 200 -> 200.002 is a relative change of 1e-5.
        let a = edited("200.000", "200.002")
        XCTAssertFalse(TableCheck(tolerance: 1e-6).compare(actual: a, expected: reference).passed)
        XCTAssertTrue(TableCheck(tolerance: 2e-5).compare(actual: a, expected: reference).passed)
        let r = TableCheck(tolerance: 1e-6).compare(actual: a, expected: reference)
        XCTAssertEqual(r.differences.count, 1)
        XCTAssertEqual(r.differences.first?.line, 3)
        XCTAssertEqual(r.differences.first?.column, "value")
        XCTAssertEqual(r.differences.first?.expected, "200.000")
        XCTAssertEqual(r.differences.first?.actual, "200.002")
        XCTAssertEqual(r.differences.first?.relative ?? 0, 0.002 / 200.002, accuracy: 1e-12)
    }

    func testColumnAndAbsoluteTolerance() {
        let a = edited("200.000", "200.002")
        XCTAssertTrue(TableCheck(tolerance: 0, columnTolerance: ["value": 1e-4]).compare(actual: a, expected: reference).passed)
        XCTAssertFalse(TableCheck(tolerance: 0, columnTolerance: ["year": 1e-4]).compare(actual: a, expected: reference).passed)
        XCTAssertTrue(TableCheck(tolerance: 0, absoluteTolerance: 0.005).compare(actual: a, expected: reference).passed)
        XCTAssertFalse(TableCheck(tolerance: 0, absoluteTolerance: 0.001).compare(actual: a, expected: reference).passed)
    }

    func testTextDifferenceIsNeverWithinTolerance() {
        let r = TableCheck(tolerance: 1).compare(actual: edited(",y\n", ",z\n"), expected: reference)
        XCTAssertFalse(r.passed)
        XCTAssertEqual(r.differences.first?.column, "note")
        XCTAssertEqual(r.differences.first?.relative, .infinity)
    }

    func testStructuralProblems() {
        XCTAssertEqual(TableCheck().compare(actual: [:], expected: reference).problems, ["t.csv: in the reference but not in the run"])
        var extra = reference
        extra["u.csv"] = "a\n1\n"
        XCTAssertEqual(TableCheck().compare(actual: extra, expected: reference).problems, ["u.csv: in the run but not in the reference"])
        let fewer = ["t.csv": "year,place,value,note\n2020,A,100.000,x\n"]
        XCTAssertEqual(TableCheck().compare(actual: fewer, expected: reference).problems, ["t.csv: 2 rows in the reference, 1 in the run"])
        let renamed = edited("value", "amount")
        XCTAssertTrue(TableCheck().compare(actual: renamed, expected: reference).problems.first?.hasPrefix("t.csv: columns differ") ?? false)
    }
}
