import Foundation
import XCTest
import Demography
@testable import Scenarios

/// What `cohort new` builds on: the national inputs it names, England's TFR path, and a scenario of every English LA
/// whose base is the shipped estimates.
final class NewAreaTests: XCTestCase {
    static var englandFolder: URL { EnglandDataTests.scenarios.appendingPathComponent("data/england") }

    func testNationalInputsAreNamedByTheEnglandFolder() throws {
        let f = try NationalSchedules.Files.read(englandFolder: Self.englandFolder)
        for u in [f.lifeTable, f.mortalityProjection, f.fertilityShape, f.migrationProfiles, f.englandTFR] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: u.path), u.path)
        }
    }

    /// The path comes from the published rates: a year listed twice takes its later (revised) row; years before the
    /// base are not used; the last year holds after (said in the source sentence).
    func testEnglandTFRPathFromThePublishedRates() throws {
        let f = try NationalSchedules.Files.read(englandFolder: Self.englandFolder)
        let rows = try CSVTable(url: f.englandTFR)
        var last: [Int: Double] = [:]
        for r in rows.rows { last[Int(rows.string(r, 0))!] = Double(rows.string(r, 2))! }
        let from2022 = try NationalSchedules.readTFRPath(f.englandTFR, from: 2022)
        XCTAssertEqual(from2022.tfr, last.filter { $0.key >= 2022 })
        let from2021 = try NationalSchedules.readTFRPath(f.englandTFR, from: 2021)
        XCTAssertEqual(from2021.tfr[2021], last[2021], "the revised 2021 rate")
        XCTAssertNotEqual(rows.rows.filter { rows.string($0, 0) == "2021" }.count, 1, "the file lists 2021 twice")
        XCTAssertTrue(from2022.source.contains("ASSUMPTION"), from2022.source)
        // A base after the last published year holds the last rate from the base on.
        let late = try NationalSchedules.readTFRPath(f.englandTFR, from: 2030)
        XCTAssertEqual(late.tfr, [2030: last[last.keys.max()!]!])
    }

    /// One scenario of all 296 LAs (the `--lad` route, whole LAs): loaded back by the scenario loader, every Place's
    /// base equals the shipped mid-2022 estimate of its LA in every sex x age cell.
    func testEveryLAsBaseIsTheShippedEstimate() throws {
        let d = try EnglandDataTests.data(), n = try EnglandDataTests.national()
        let sel = try AreaSelection.lads(d.lads, in: d, allowSplit: true)
        let model = try AreaModel.build(sel, data: d, national: n, options: .forward(englandTFR: AreaScenarioTests.tfr(), englandTFRSource: "test"))
        XCTAssertEqual(model.places.count, 296)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-england-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let nat = try NationalSchedules.Files.read(englandFolder: Self.englandFolder)
        let w = AreaScenarioWriter(name: "england", model: model, mode: .trend,
                                   national: (nat.lifeTable.path, nat.mortalityProjection.path, nat.fertilityShape.path, nat.migrationProfiles.path),
                                   command: "test", listInflation: 1, listInflationNote: "test")
        for f in w.files() {
            let u = dir.appendingPathComponent(f.path)
            try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
            try f.text.write(to: u, atomically: true, encoding: .utf8)
        }
        let s = try ScenarioLoader.load(dir.appendingPathComponent("england.toml"))
        XCTAssertEqual(s.placeCodes, d.lads)
        let inputs = try InputSet.load(s)
        var cells = 0
        for (place, code) in zip(s.places, try XCTUnwrap(s.placeCodes)) {
            let base = try XCTUnwrap(inputs.base[place], place), shipped = try d.estimate(code, 2022)
            for i in shipped.values.indices where base.values[i] != shipped.values[i] {
                XCTFail("\(place) (\(code)) cell \(i): base \(base.values[i]), shipped \(shipped.values[i])")
            }
            cells += shipped.values.count
        }
        XCTAssertEqual(cells, 296 * 2 * 91)
    }

    /// The smallest LA's residual schedule (cells of a handful of people) takes a cell below zero when applied every
    /// year; under the forward options's minimum population it gets no trend migration, says so, and runs to the horizon.
    func testAPlaceTooSmallForASignedScheduleRunsWithoutTrendMigration() throws {
        let d = try EnglandDataTests.data(), n = try EnglandDataTests.national()
        let smallest = d.lads.min { d.estimates[2022]![$0]!.total < d.estimates[2022]![$1]!.total }!
        let sel = try AreaSelection.lads([smallest], in: d, allowSplit: true)
        var options = AreaModel.Options.forward(englandTFR: AreaScenarioTests.tfr(), englandTFRSource: "test")
        XCTAssertLessThan(d.estimates[2022]![smallest]!.total, options.minimumMigrationPopulation)
        let kept = try AreaModel.build(sel, data: d, national: n, options: options)
        XCTAssertEqual(kept.places[0].trendMigration, [Double](repeating: 0, count: Ages.cells))
        let omitted = try XCTUnwrap(kept.places[0].omittedNetMigration)
        options.minimumMigrationPopulation = 0
        let signed = try AreaModel.build(sel, data: d, national: n, options: options)
        XCTAssertNil(signed.places[0].omittedNetMigration)
        XCTAssertEqual(signed.places[0].trendMigration.reduce(0, +), omitted, accuracy: 1e-9)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-small-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let nat = try NationalSchedules.Files.read(englandFolder: Self.englandFolder)
        func run(_ model: AreaModel, _ name: String, outflows: TrendOutflows = .rates) throws -> (ProjectionRun, String) {
            var w = AreaScenarioWriter(name: name, model: model, mode: .trend,
                                       national: (nat.lifeTable.path, nat.mortalityProjection.path, nat.fertilityShape.path, nat.migrationProfiles.path),
                                       command: "test", listInflation: 1, listInflationNote: "test")
            w.trendOutflows = outflows
            for f in w.files() {
                let u = dir.appendingPathComponent(f.path)
                try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
                try f.text.write(to: u, atomically: true, encoding: .utf8)
            }
            let s = try ScenarioLoader.load(dir.appendingPathComponent("\(name).toml"))
            return (try ProjectionRun.run(ModelBuilder(scenario: s, inputs: try InputSet.load(s)), Assumptions(s)), w.scenario())
        }
        let (ok, text) = try run(kept, "small")
        XCTAssertGreaterThan(ok.resident(2047), 0)
        XCTAssertTrue(text.contains("NO trend net migration"), "the scenario says so")
        // As counts, the signed schedule empties cells below zero; as rates of the people at risk it cannot.
        XCTAssertThrowsError(try run(signed, "signed", outflows: .counts), "the signed schedule goes below zero") { e in
            XCTAssertTrue("\(e)".contains("negative population"), "\(e)")
        }
        let (rates, _) = try run(signed, "signed-rates")
        XCTAssertGreaterThan(rates.resident(2047), 0)
    }
}
