import Foundation
import XCTest
import Demography
@testable import Scenarios

/// The shipped England inputs (Scenarios/data/england) and the local rates measured from them.
final class EnglandDataTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let scenarios = root.appendingPathComponent("Scenarios")
    nonisolated(unsafe) static var cached: EnglandData?

    static func data() throws -> EnglandData {
        if let cached { return cached }
        let d = try EnglandData.load(folder: scenarios.appendingPathComponent("data/england"))
        cached = d
        return d
    }

    static func national() throws -> NationalSchedules {
        let blmk = scenarios.appendingPathComponent("data/blmk")
        return try NationalSchedules.load(lifeTable: blmk.appendingPathComponent("life_table_england_2020_22.csv"),
                                          mortalityProjection: blmk.appendingPathComponent("mortality_projected_qx_uk_2020based.csv"),
                                          fertilityShape: blmk.appendingPathComponent("fertility_asfr_uk_unwpp2022.csv"),
                                          shapeYear: 2022, centreYear: 2021, sexRatioAtBirth: 1.05)
    }

    func testEveryLAEveryYearAndTheEnglandTotals() throws {
        let d = try Self.data()
        XCTAssertEqual(d.lads.count, 296)
        XCTAssertEqual(Set(d.lookup.map(\.icbCode)).count, 42)
        XCTAssertEqual(Set(d.lookup.map(\.region)).count, 7)
        XCTAssertEqual(d.estimates.keys.sorted(), [2011, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022])
        // England totals from the shared PROVENANCE.md (sum of LAs = the workbook's England row).
        let expected: [Int: Double] = [2011: 53_107_169, 2020: 56_550_138, 2021: 56_536_419, 2022: 57_106_398]
        for (y, t) in expected {
            XCTAssertEqual(d.estimates[y]!.values.reduce(0) { $0 + $1.total }, t, "England mid-\(y)")
        }
        // Shares of every LA add to 1 over its ICBs.
        for lad in d.lads {
            XCTAssertEqual(d.lookup.filter { $0.lad == lad }.reduce(0) { $0 + $1.share }, 1, accuracy: 1e-5, lad)
        }
    }

    func testSeriesBreaks() throws {
        let d = try Self.data()
        XCTAssertTrue(d.sameSeries(2015, 2020))
        XCTAssertTrue(d.sameSeries(2011, 2018))
        XCTAssertTrue(d.sameSeries(2021, 2022))
        XCTAssertFalse(d.sameSeries(2020, 2021), "2020 -> 2021 crosses the Census 2021 rebasing")
        XCTAssertFalse(d.sameSeries(2018, 2022))
    }

    /// The residual net migration of a year with components must come close to ONS's own net migration: the two
    /// differ only by how far the national schedule's survival and the model's births differ from the registered
    /// deaths and births.
    func testResidualMigrationMatchesTheComponents() throws {
        let d = try Self.data(), n = try Self.national()
        let ld = LocalDerivation(data: d, national: n)
        var worst = 0.0, sumAbs = 0.0, count = 0.0
        let levels = ld.mortalityLevels(yearsToMid: [2016, 2018, 2019], schedule: n.mortality(steps: 2015...2022))
        for lad in d.lads {
            let sched = n.mortality(steps: 2015...2022, level: levels[lad]!)
            for y in [2018, 2019] {
                let r = try XCTUnwrap(ld.residualMigration(lad, into: y, schedule: sched))
                let c = d.components[y]![lad]!
                let diff = abs(r.reduce(0, +) - c.netMigration) / c.populationEnd
                worst = max(worst, diff); sumAbs += diff; count += 1
            }
        }
        // The residual also absorbs the year's deaths departing from the multi-year level (deaths are about 1% of the
        // population and one year's deaths vary by about 5% around the level: about 0.05%). So: within 0.3% of the
        // population in every LA-year, and 0.1% on average.
        XCTAssertLessThan(worst, 0.003)
        XCTAssertLessThan(sumAbs / count, 0.001)
        XCTAssertNil(ld.residualMigration("E06000055", into: 2021, schedule: n.mortality(steps: 2015...2022)),
                     "2020 -> 2021 is a series break, not migration")
    }

    func testLevelsAreRelativeToEngland() throws {
        let d = try Self.data(), n = try Self.national()
        let ld = LocalDerivation(data: d, national: n)
        let years = [2016, 2017, 2018, 2019, 2020]
        let sched = n.mortality(steps: 2015...2022)
        // Population-weighted mean of the LA levels is England's (1) to within the weighting.
        var wf = 0.0, wm = 0.0, w = 0.0
        let fl = ld.fertilityLevels(yearsToMid: years), ml = ld.mortalityLevels(yearsToMid: years, schedule: sched)
        for lad in d.lads {
            let p = d.estimates[2018]![lad]!.total
            wf += p * fl[lad]!
            wm += p * ml[lad]!
            w += p
        }
        XCTAssertEqual(wf / w, 1, accuracy: 0.05)
        XCTAssertEqual(wm / w, 1, accuracy: 0.05)
        let tfr = try XCTUnwrap(ld.englandImpliedTFR(yearsToMid: years))
        // England and Wales TFR 2016-2020 ran 1.58-1.81 (ONS); the implied figure uses the UN WPP shape.
        XCTAssertGreaterThan(tfr, 1.5); XCTAssertLessThan(tfr, 1.9)
    }
}

/// Choosing LAs by ICB, region or code, with the errors a typo gets.
final class AreaSelectionTests: XCTestCase {
    func testICBByCodeODSAndName() throws {
        let d = try EnglandDataTests.data()
        let byODS = try AreaSelection.icb("QHG", in: d, minimumShare: 0.05)
        XCTAssertEqual(byODS.members.map(\.lad), ["E06000032", "E06000042", "E06000055", "E06000056"])
        XCTAssertTrue(byODS.members.allSatisfy(\.isWhole))
        XCTAssertEqual(byODS.leftOut.map(\.lad), ["E06000060"], "the 1.3% of Buckinghamshire is below the minimum share")
        XCTAssertEqual(try AreaSelection.icb("E54000024", in: d, minimumShare: 0.05), byODS)
        XCTAssertEqual(try AreaSelection.icb("bedfordshire, luton", in: d, minimumShare: 0.05).members, byODS.members)
        let all = try AreaSelection.icb("qhg", in: d, minimumShare: 0)
        XCTAssertEqual(all.members.count, 5)
        XCTAssertEqual(all.members.first { $0.lad == "E06000060" }!.share, 0.0126, accuracy: 0.0001)
    }

    func testEveryICBHasMembersAndSharesAddUpOverEngland() throws {
        let d = try EnglandDataTests.data()
        var share: [String: Double] = [:]
        for code in Set(d.lookup.map(\.icbCode)) {
            let s = try AreaSelection.icb(code, in: d, minimumShare: 0)
            XCTAssertFalse(s.members.isEmpty, code)
            for m in s.members { share[m.lad, default: 0] += m.share }
        }
        XCTAssertEqual(share.count, 296)
        for (lad, v) in share { XCTAssertEqual(v, 1, accuracy: 1e-5, lad) }
    }

    func testTyposGetSuggestions() throws {
        let d = try EnglandDataTests.data()
        XCTAssertThrowsError(try AreaSelection.icb("QHGX", in: d, minimumShare: 0.05)) { e in
            let m = "\(e)"
            XCTAssertTrue(m.hasPrefix("--icb 'QHGX': no such ICB"), m)
            XCTAssertTrue(m.contains("QHG"), m)
        }
        XCTAssertThrowsError(try AreaSelection.region("East of Englnd", in: d, minimumShare: 0.05)) { e in
            XCTAssertTrue("\(e)".contains("Did you mean: East of England"), "\(e)")
        }
        XCTAssertThrowsError(try AreaSelection.lads(["E06000055", "E06000099"], in: d, allowSplit: false)) { e in
            XCTAssertTrue("\(e)".hasPrefix("--lad 'E06000099': no such"), "\(e)")
        }
        XCTAssertThrowsError(try AreaSelection.lads(["E06000060"], in: d, allowSplit: false)) { e in
            XCTAssertTrue("\(e)".contains("Buckinghamshire is split between ICBs"), "\(e)")
        }
        XCTAssertEqual(try AreaSelection.lads(["E06000060"], in: d, allowSplit: true).members.first?.share, 1)
    }
}

/// An area's model written as a scenario, loaded back and projected.
final class AreaScenarioTests: XCTestCase {
    static func tfr() -> [Int: Double] { [2022: 1.49, 2023: 1.44] }

    func testBLMKAreaWritesALoadableScenarioWithTheEstimatesAsBase() throws {
        let d = try EnglandDataTests.data(), n = try EnglandDataTests.national()
        let sel = try AreaSelection.icb("QHG", in: d, minimumShare: 0.05)
        let model = try AreaModel.build(sel, data: d, national: n, options: .forward(englandTFR: Self.tfr(), englandTFRSource: "test"))
        XCTAssertEqual(model.migrationYearsUsed, [2016, 2018, 2019, 2020, 2022])
        XCTAssertTrue(model.yearsRead.estimates.allSatisfy { $0 <= 2022 })
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-area-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let nat = EnglandDataTests.scenarios.appendingPathComponent("data/blmk").path
        for mode in AreaScenarioWriter.Mode.allCases {
            let w = AreaScenarioWriter(name: "t-\(mode.rawValue)", model: model, mode: mode,
                                       national: ("\(nat)/life_table_england_2020_22.csv", "\(nat)/mortality_projected_qx_uk_2020based.csv",
                                                  "\(nat)/fertility_asfr_uk_unwpp2022.csv", "\(nat)/rogers_castro_parameters.csv"),
                                       command: "test", listInflation: 1, listInflationNote: "test")
            for f in w.files() {
                let u = dir.appendingPathComponent(f.path)
                try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
                try f.text.write(to: u, atomically: true, encoding: .utf8)
            }
            let s = try ScenarioLoader.load(dir.appendingPathComponent("t-\(mode.rawValue).toml"))
            XCTAssertEqual(s.placeCodes, ["E06000032", "E06000042", "E06000055", "E06000056"])
            let inputs = try InputSet.load(s)
            for p in model.places {
                XCTAssertEqual(inputs.base[p.name]!.total, try d.estimate(p.code, 2022).total, accuracy: 0.01, p.name)
            }
            let run = try ProjectionRun.run(ModelBuilder(scenario: s, inputs: inputs), Assumptions(s))
            let t2022 = run.resident(2022), t2032 = run.resident(2032)
            // Growth over ten years within the range seen for LA groups in England (-5% .. +25%).
            XCTAssertGreaterThan(t2032 / t2022, 0.95, mode.rawValue)
            XCTAssertLessThan(t2032 / t2022, 1.25, mode.rawValue)
        }
    }
}
