import Foundation
import XCTest
import ZIPFoundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Reports

/// The .xlsx writer: real OOXML parts in a zip, numbers stored exactly, formats by column, deterministic bytes.
final class XLSXWorkbookTests: XCTestCase {
    static let finance = """
    fy,place,cost_of_demand_gbp_m,gap_gbp_m
    2025/26,Bedford,35.881174,-0.5
    2026/27,"Milton Keynes, & <co>",36.25,1.25
    """
    static let population = "year,place,sex,age,resident\n2022,Bedford,female,0,1001.000\n"
    static let workforceIntervals = "fy,place,staff_group,measure,central,p05\n2025/26,Bedford,Nursing,required_fte,460.643,459.102\n"

    func book() throws -> XLSXWorkbook {
        try XLSXWorkbook.fromTables([("finance", Self.finance), ("population", Self.population),
                                     ("workforce-intervals", Self.workforceIntervals)],
                                    about: [("scenario", "test & check"), ("seed", "42")])
    }

    /// Entries of the zip, by path, as text.
    func entries(_ data: Data) throws -> [String: String] {
        let a = try Archive(data: data, accessMode: .read)
        var out: [String: String] = [:]
        for e in a {
            var d = Data()
            _ = try a.extract(e) { d.append($0) }
            out[e.path] = String(decoding: d, as: UTF8.self)
        }
        return out
    }

    func testPartsAreWellFormedXMLAndComplete() throws {
        let parts = try entries(try book().data())
        for p in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                  "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml"] {
            let text = try XCTUnwrap(parts[p], "missing part \(p)")
            let parser = XMLParser(data: Data(text.utf8))
            XCTAssertTrue(parser.parse(), "\(p) is not well-formed XML: \(String(describing: parser.parserError))")
        }
        XCTAssertTrue(parts["xl/workbook.xml"]!.contains("<sheet name=\"About\" sheetId=\"1\""))
        XCTAssertTrue(parts["xl/workbook.xml"]!.contains("<sheet name=\"finance\" sheetId=\"2\""))
    }

    func testNumbersUnitsAndFormats() throws {
        let parts = try entries(try book().data())
        let finance = parts["xl/worksheets/sheet2.xml"]!
        // Header carries the unit only where the name does not; money columns get the £m format (style 3).
        XCTAssertTrue(finance.contains("<t>cost_of_demand_gbp_m</t>"))
        XCTAssertTrue(finance.contains("<c r=\"C2\" s=\"3\"><v>35.881174</v></c>"), finance)
        XCTAssertTrue(finance.contains("<c r=\"D2\" s=\"3\"><v>-0.5</v></c>"))
        // Text with a comma, ampersand and angle brackets survives, escaped.
        XCTAssertTrue(finance.contains("Milton Keynes, &amp; &lt;co&gt;"))
        // Financial years stay text, the frozen header row is there.
        XCTAssertTrue(finance.contains("<c r=\"A2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">2025/26</t></is></c>"))
        XCTAssertTrue(finance.contains("state=\"frozen\""))
        let pop = parts["xl/worksheets/sheet3.xml"]!
        XCTAssertTrue(pop.contains("<t>resident [count]</t>"))
        XCTAssertTrue(pop.contains("<c r=\"A2\" s=\"6\"><v>2022</v></c>"), "years without thousands separators")
        XCTAssertTrue(pop.contains("<c r=\"E2\" s=\"2\"><v>1001</v></c>"))
        // A long table's unit follows its measure.
        let wf = parts["xl/worksheets/sheet4.xml"]!
        XCTAssertTrue(wf.contains("<c r=\"E2\" s=\"4\"><v>460.643</v></c>"), wf)
        XCTAssertTrue(wf.contains("<t>central [FTE]</t>"), wf)
    }

    func testATableOverTheCellBudgetStaysInItsCSVAndIsNamed() throws {
        let book = try XLSXWorkbook.fromTables([("finance", Self.finance), ("population", Self.population)], about: [], maxCells: 6)
        XCTAssertEqual(book.sheets.map(\.name), ["About", "population"])
        XCTAssertEqual(book.sheets[0].rows.first, [.text("left out"),
                       .text("finance.csv (2 rows x 4 columns) is larger than a sheet of this workbook takes (6 cells); read the CSV")])
    }

    func testSameTablesSameBytes() throws {
        XCTAssertEqual(try book().data(), try book().data())
    }

    func testSheetNamesAreValidAndUnique() {
        XCTAssertEqual(XLSXWorkbook.sheetNames(["a/b", "A/B", String(repeating: "x", count: 40)]),
                       ["a_b", "A_B_2", String(repeating: "x", count: 31)])
    }
}

/// The workbook of a whole reference run.
final class XLSXRunWorkbookTests: XCTestCase {
    func testReferenceRunWorkbookHasEveryTableAndExactNumbers() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Outputs/reference/blmk-baseline")
        var files: [String: String] = [:]
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasSuffix(".csv") || f.hasSuffix(".json") {
            files[f] = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
        }
        let book = try XLSXWorkbook.forRun(files)
        let csvCount = files.keys.filter { $0.hasSuffix(".csv") && $0 != "draws.csv" }.count
        XCTAssertEqual(book.sheets.count, csvCount + 1)
        XCTAssertEqual(book.sheets.first?.name, "About")
        XCTAssertTrue(book.sheets[0].rows.contains { $0.first == .text("seed") })
        let pop = try XCTUnwrap(book.sheets.first { $0.name == "population" })
        let csvRows = files["population.csv"]!.split(separator: "\n").count - 1
        XCTAssertEqual(pop.rows.count, csvRows)
        // The first data row's last value, exactly as the CSV has it.
        let first = files["population.csv"]!.split(separator: "\n")[1].split(separator: ",")
        XCTAssertEqual(pop.rows[0].last, .number(Double(first.last!)!))
        _ = try book.data()
    }
}
