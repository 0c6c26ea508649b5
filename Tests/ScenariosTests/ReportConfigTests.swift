import Foundation
import XCTest
@testable import Scenarios
import Demand

/// The scenario keys that describe the area in the outputs: `place_codes`, `[report]`, and what a child changes.
final class ReportConfigTests: XCTestCase {
    var fx: TinyFixture!
    override func setUpWithError() throws { fx = try TinyFixture() }
    override func tearDown() { fx.remove() }

    func write(_ rel: String, _ text: String) throws -> URL {
        let u = fx.root.appendingPathComponent(rel)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: u, atomically: true, encoding: .utf8)
        return u
    }

    func testDefaultsComeFromTheScenariosOwnYears() throws {
        let (s, _) = try fx.load()
        XCTAssertNil(s.placeCodes)
        XCTAssertEqual(s.placeCode("A"), "")
        XCTAssertEqual(s.report.totalLabel, "All Places")
        XCTAssertEqual(s.report.milestones, [2022], "2020-2025: under ten years, so the midpoint")
        XCTAssertEqual(ReportConfig.defaultMilestones(baseYear: 2022, horizon: 2047), [2032, 2042])
        XCTAssertEqual(ReportConfig.defaultMilestones(baseYear: 2022, horizon: 2042), [2032], "before the horizon")
        XCTAssertEqual(ReportConfig.defaultMilestones(baseYear: 2022, horizon: 2023), [], "no year between")
        XCTAssertNil(s.report.headlineServices)
        XCTAssertEqual(s.report.costCaveat, ReportConfig.defaultCostCaveat)
        XCTAssertNil(s.parentChanges)
    }

    func testReportSectionIsRead() throws {
        try fx.write("notes.md", "# where the data came from\n")
        try fx.replace("tiny.toml", "[inputs]", with: """
            place_codes = ["E06000001", "E09000033"]

            [report]
            area_name = "Two Towns"
            milestones = [2022, 2024]
            cost_caveat = "Made-up costs."
            data_sources = "Invented for tests."
            provenance = ["notes.md"]

            [inputs]
            """)
        let (s, _) = try fx.load()
        XCTAssertEqual(s.placeCodes, ["E06000001", "E09000033"])
        XCTAssertEqual(s.placeCode("B"), "E09000033")
        XCTAssertEqual(s.placeCode("All Places"), "")
        XCTAssertEqual(s.report.totalLabel, "Two Towns total")
        XCTAssertEqual(s.report.milestones, [2022, 2024])
        XCTAssertEqual(s.report.costCaveat, "Made-up costs.")
        XCTAssertEqual(s.report.dataSources, "Invented for tests.")
        XCTAssertEqual(s.report.provenance.map(\.path), [fx.url("notes.md").standardizedFileURL.path])
    }

    func testBadPlaceCodesAreErrors() throws {
        let original = try fx.read("tiny.toml")
        for (codes, fragment) in [("[\"E06000001\"]", "1 codes for 2 Places"),
                                  ("[\"E06000001\", \"W06000001\"]", "\"W06000001\""),
                                  ("[\"E06000001\", \"E0500001\"]", "\"E0500001\""),
                                  ("[\"E06000001\", \"E06000001\"]", "twice")] {
            try fx.write("tiny.toml", original.replacingOccurrences(of: "[inputs]", with: "place_codes = \(codes)\n\n[inputs]"))
            let n = try fx.lineNumber("tiny.toml", of: "place_codes")
            assertInputError(expectInputError(fx.scenario), file: "tiny.toml", location: "line \(n), key place_codes",
                             contains: [fragment, "expected"])
        }
    }

    func testBadReportValuesAreErrors() throws {
        let original = try fx.read("tiny.toml")
        for (section, key, fragment) in [("milestones = [2020]", "report.milestones", "after the base year 2020"),
                                         ("milestones = [2024, 2022]", "report.milestones", "increasing order"),
                                         ("milestones = [2030]", "report.milestones", "horizon 2025"),
                                         ("area_name = \" \"", "report.area_name", "is empty"),
                                         ("provenance = [\"missing.md\"]", "report.provenance", "not found"),
                                         ("colour = \"blue\"", "report.colour", "unknown key")] {
            try fx.write("tiny.toml", original.replacingOccurrences(of: "[inputs]", with: "[report]\n\(section)\n\n[inputs]"))
            let n = try fx.lineNumber("tiny.toml", of: section)
            assertInputError(expectInputError(fx.scenario), file: "tiny.toml", location: "line \(n), key \(key)", contains: [fragment])
        }
    }

    func testChildWithoutNameTakesItsFileStemAndListsItsChanges() throws {
        try fx.replace("tiny.toml", "[inputs]", with: "place_codes = [\"E06000001\", \"E06000002\"]\n\n[inputs]")
        let child = try write("variants/more-homes.toml", """
            extends = "../tiny/tiny.toml"

            [fertility]
            level = 0.9

            [housing]
            persons_per_dwelling_change = 0.001
            stock_scenario = "plan"

            [[new_towns]]
            name = "Riverside"
            place = "B"
            dwellings = 1000
            probability = 0.5
            start_years = [2022, 2024]
            build_rate = 200
            """)
        let s = try ScenarioLoader.load(child)
        XCTAssertEqual(s.name, "more-homes", "its own file stem, never the parent's name (the parent's output folder)")
        XCTAssertEqual(s.title, "Tiny two-Place test scenario", "the title is inherited")
        XCTAssertEqual(s.placeCodes, ["E06000001", "E06000002"], "inherited")
        let c = try XCTUnwrap(s.parentChanges)
        XCTAssertEqual(c.parent.lastPathComponent, "tiny.toml")
        XCTAssertEqual(c.parentSites, [])
        // Only what differs: stock_scenario is set to the parent's own value, so it is not a change.
        XCTAssertEqual(c.changes, [.init(key: "fertility.level", parent: "1", value: "0.9"),
                                   .init(key: "housing.persons_per_dwelling_change", parent: "0", value: "0.001")])
        XCTAssertEqual(s.newTowns.map(\.name), ["Riverside"])

        // A child that names itself keeps its name; a changed input path is shown relative to the child's folder.
        try FileManager.default.copyItem(at: fx.url("dwellings.csv"), to: fx.root.appendingPathComponent("variants/homes.csv"))
        let named = try write("variants/named.toml", "extends = \"../tiny/tiny.toml\"\nname = \"my-name\"\n[inputs]\ndwellings = \"homes.csv\"\n"
                              + "[report]\nprovenance = [\"homes.csv\"]\n")
        let n = try ScenarioLoader.load(named)
        XCTAssertEqual(n.name, "my-name")
        XCTAssertEqual(n.parentChanges?.changes, [.init(key: "inputs.dwellings", parent: "\"../tiny/dwellings.csv\"", value: "\"homes.csv\""),
                                                  .init(key: "name", parent: "\"tiny\"", value: "\"my-name\""),
                                                  .init(key: "report.provenance", parent: nil, value: "[\"homes.csv\"]")])
    }

    /// A scenario without demand inputs still has its deaths: the same numbers, to the bit, as with demand inputs.
    func testDeathsWithoutDemandEqualDeathsWithDemand() throws {
        let area = TinyFixture.source.deletingLastPathComponent().appendingPathComponent("area/area.toml")
        let s = try ScenarioLoader.load(area)
        let inputs = try InputSet.load(s)
        let run = try ProjectionRun.run(ModelBuilder(scenario: s, inputs: inputs), Assumptions(s))
        let full = try DemandRun.run(run, config: s.demand!, inputs: try DemandInputs.load(s.demand!, of: s))
        let only = DemandRun.deathsOnly(run)
        XCTAssertEqual(only.deathFYs, Array(2020..<2025))
        XCTAssertEqual(only.deathFYs, full.deathFYs)
        XCTAssertEqual(only.deaths, full.deaths)
        XCTAssertTrue(only.referrals.isEmpty && only.conditions.isEmpty && only.workforce.isEmpty && only.finance.isEmpty)
        XCTAssertGreaterThan(only.totalDeaths(0), 1000, "about 1.4% of 194,000 registered patients")
    }

    func testOutputPathsAreRelative() {
        let dir = URL(fileURLWithPath: "/a/b/Scenarios")
        XCTAssertEqual(OutputPath.relative(URL(fileURLWithPath: "/a/b/Scenarios/data/x.csv"), to: dir), "data/x.csv")
        XCTAssertEqual(OutputPath.relative(URL(fileURLWithPath: "/a/b/shared/y.csv"), to: dir), "../shared/y.csv")
        XCTAssertEqual(OutputPath.relative(URL(fileURLWithPath: "/z.csv"), to: dir), "../../../z.csv")
    }
}
