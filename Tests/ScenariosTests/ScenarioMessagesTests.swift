import Foundation
import XCTest
@testable import Scenarios

/// The scenario messages of issue 18: every problem of a file at once, "did you mean", quoted numbers, unknown
/// distributions, missing keys, line numbers in [[new_towns]] and in CRLF files. The texts are pinned.
final class ScenarioMessagesTests: XCTestCase {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenarios")
    var dir: URL!

    /// A temporary folder holding copies of the shipped scenarios, with `data/` linked to the shipped inputs.
    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-messages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("data"),
                                                   withDestinationURL: Self.scenarios.appendingPathComponent("data"))
        for f in ["blmk-baseline.toml", "blmk-new-towns.toml"] {
            try FileManager.default.copyItem(at: Self.scenarios.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
    }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func edit(_ name: String, _ pairs: [(String, String)], crlf: Bool = false) throws {
        let u = dir.appendingPathComponent(name)
        var s = try String(contentsOf: u, encoding: .utf8)
        for (old, new) in pairs {
            XCTAssertEqual(s.components(separatedBy: old).count, 2, "'\(old)' must occur once in \(name)")
            s = s.replacingOccurrences(of: old, with: new)
        }
        if crlf { s = s.replacingOccurrences(of: "\n", with: "\r\n") }
        try Data(s.utf8).write(to: u)
    }

    func line(_ name: String, _ needle: String, after: String? = nil) throws -> Int {
        // Split on the LF byte, so CRLF files count lines as an editor does.
        let lines = try Data(contentsOf: dir.appendingPathComponent(name)).split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        let start = try after.map { a in try XCTUnwrap(lines.firstIndex { $0.contains(a) }) } ?? 0
        return try XCTUnwrap(lines[start...].firstIndex { $0.contains(needle) }) + 1
    }

    func error(_ name: String) throws -> InputError {
        do {
            _ = try ScenarioLoader.load(dir.appendingPathComponent(name))
        } catch {
            return error
        }
        XCTFail("\(name) loaded; expected an error")
        throw CocoaError(.fileReadCorruptFile)
    }

    /// All problems of the file, one a line, each "file: line N, key k: message".
    func lines(_ e: InputError) -> [String] { text(e).components(separatedBy: "\n") }

    /// The message with the temporary folder taken out of the paths.
    func text(_ e: InputError) -> String { e.description.replacingOccurrences(of: dir.path + "/", with: "") }

    func testQuotedNumberIsReportedAsTextNotAsAFilePath() throws {
        try edit("blmk-baseline.toml", [("allocation_per_head = 1626", "allocation_per_head = \"1626\"")])
        let n = try line("blmk-baseline.toml", "allocation_per_head")
        XCTAssertEqual(text(try error("blmk-baseline.toml")),
                       "blmk-baseline.toml: line \(n), key finance.allocation_per_head: = \"1626\" is a string; expected a number (a number in quotes is text: write 1626 without the quotes)")
    }

    func testUnknownDistributionSaysSoAndListsTheValidOnes() throws {
        try edit("blmk-baseline.toml", [("condition_prevalence_trend = { distribution = \"normal\"", "condition_prevalence_trend = { distribution = \"normall\"")])
        let n = try line("blmk-baseline.toml", "condition_prevalence_trend =")
        XCTAssertEqual(text(try error("blmk-baseline.toml")),
                       "blmk-baseline.toml: line \(n), key uncertainty.assumptions.condition_prevalence_trend.distribution: = \"normall\" is not one of the known distributions (\"fixed\", \"normal\", \"lognormal\", \"uniform\", \"triangular\", \"beta\", \"gamma\", \"discrete\", \"bernoulli\"); did you mean \"normal\"?")
    }

    func testMisspeltRequiredKeyNamesTheTypo() throws {
        try edit("blmk-baseline.toml", [("\ndwellings = ", "\ndwelings = ")])
        let n = try line("blmk-baseline.toml", "dwelings")
        XCTAssertEqual(text(try error("blmk-baseline.toml")),
                       "blmk-baseline.toml: line \(n), key inputs.dwelings: unknown key 'dwelings'; did you mean 'dwellings'? ('dwellings' is required and missing)")
    }

    func testMissingStartYearsInANewTownSaysMissingWithTheLineOfItsTable() throws {
        try edit("blmk-new-towns.toml", [("start_years = [2030, 2034]\n", "")])
        let n = try line("blmk-new-towns.toml", "[[new_towns]]", after: "start_years = [2029, 2033]")
        XCTAssertEqual(text(try error("blmk-new-towns.toml")),
                       "blmk-new-towns.toml: line \(n), key new_towns[2].start_years: missing; expected [first, last] (whole numbers, first <= last)")
    }

    func testLoaderChecksInNewTownsHaveLineNumbers() throws {
        try edit("blmk-new-towns.toml", [("start_years = [2030, 2034]", "start_years = [2020, 2034]")])
        let n = try line("blmk-new-towns.toml", "start_years = [2020, 2034]")
        XCTAssertEqual(text(try error("blmk-new-towns.toml")),
                       "blmk-new-towns.toml: line \(n), key new_towns[2].start_years: = [2020, 2034]: building must start after the base year 2022")
        // A check on the whole array points at its first table.
        try edit("blmk-new-towns.toml", [("start_years = [2020, 2034]", "start_years = [2030, 2034]")])
        let u = dir.appendingPathComponent("blmk-new-towns.toml")
        try (String(contentsOf: u, encoding: .utf8) + "\n[migration]\nmode = \"trend\"\n").write(to: u, atomically: true, encoding: .utf8)
        let first = try line("blmk-new-towns.toml", "[[new_towns]]")
        XCTAssertEqual(text(try error("blmk-new-towns.toml")),
                       "blmk-new-towns.toml: line \(first), key new_towns: site 'Tempsford' adds dwellings, but migration.mode = \"trend\" ignores dwellings; expected mode = \"housing-led\"")
    }

    func testEveryProblemOfAFileAtOnceInLineOrderAndInCRLFFiles() throws {
        try edit("blmk-new-towns.toml", [("place = \"Bedford\"", "place = \"Bedferd\""), ("probability = 0.6", "probability = 1.6"),
                                         ("title = ", "titel = ")], crlf: true)
        try edit("blmk-baseline.toml", [("base_fy = 2023 ", "base_fy = 2023.0 ")])
        let l = [try line("blmk-new-towns.toml", "titel"), try line("blmk-new-towns.toml", "probability = 1.6"),
                 try line("blmk-new-towns.toml", "Bedferd"), try line("blmk-baseline.toml", "base_fy = 2023.0")]
        XCTAssertEqual(lines(try error("blmk-new-towns.toml")), [
            "blmk-new-towns.toml: line \(l[0]), key titel: unknown key 'titel'; did you mean 'title'?",
            "blmk-new-towns.toml: line \(l[1]), key new_towns[2].probability: = 1.6 is above the maximum; expected a value <= 1",
            "blmk-new-towns.toml: line \(l[2]), key new_towns[3].place: = \"Bedferd\" is not one of the places (Bedford, Central Bedfordshire, Luton, Milton Keynes); did you mean 'Bedford'?",
            // A problem in the parent names the parent file and its line.
            "blmk-baseline.toml: line \(l[3]), key demand.base_fy: = 2023.0 is a number with a decimal point; expected a whole number (write 2023)",
        ])
    }

    func testTheListIsBounded() throws {
        let extra = (1...25).map { "zz_unknown_\($0) = 1" }.joined(separator: "\n")
        try edit("blmk-baseline.toml", [("horizon = 2047\n", "horizon = 2047\n" + extra + "\n")])
        let l = lines(try error("blmk-baseline.toml"))
        XCTAssertEqual(l.count, ScenarioFormat.maxErrors + 1)
        XCTAssertEqual(l.last, "... and 5 more problems (the first 20 are shown)")
        XCTAssertTrue(l[0].hasSuffix("key zz_unknown_1: unknown key 'zz_unknown_1'; known keys here: extends, name, title, base_year, horizon, places, place_codes, inputs, mortality, fertility, migration, housing, registration, demand, workforce, finance, uncertainty, report, new_towns"), l[0])
    }

    func testMisspeltPlaceInAPlaceTable() throws {
        try edit("blmk-baseline.toml", [("\nLuton = 398", "\nLutn = 398")])
        let n = try line("blmk-baseline.toml", "Lutn")
        let t = try line("blmk-baseline.toml", "[housing.net_additions]")
        XCTAssertEqual(lines(try error("blmk-baseline.toml")), [
            "blmk-baseline.toml: line \(t), key housing.net_additions.Luton: missing: every Place (Bedford, Central Bedfordshire, Luton, Milton Keynes) needs a value",
            "blmk-baseline.toml: line \(n), key housing.net_additions.Lutn: 'Lutn' is not one of the places (Bedford, Central Bedfordshire, Luton, Milton Keynes); did you mean 'Luton'?",
        ])
    }
}
