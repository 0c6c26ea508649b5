import XCTest
import Foundation
@testable import Scenarios
import Demography
import Demand

/// The shipped BLMK scenarios against the published figures they must reproduce (issue acceptance criteria).
/// Tolerances are the acceptance tolerances; a failure means the model or its inputs moved.
final class AcceptanceTests: XCTestCase {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenarios")

    func load(_ name: String) throws -> (Scenario, ModelBuilder) {
        let s = try ScenarioLoader.load(Self.scenarios.appendingPathComponent(name))
        return (s, ModelBuilder(scenario: s, inputs: try InputSet.load(s)))
    }

    func testShippedDerivedFilesEqualAFreshDerivation() throws {
        let s = try ScenarioLoader.load(Self.scenarios.appendingPathComponent("ons-trend.toml"))
        let out = try TrendDerive.run(s)
        XCTAssertEqual(try String(contentsOf: s.inputs.fertilityLevels, encoding: .utf8), out.fertilityCSV,
                       "stale: re-run `cohort derive Scenarios/ons-trend.toml`")
        XCTAssertEqual(try String(contentsOf: s.inputs.migration, encoding: .utf8), out.migrationCSV,
                       "stale: re-run `cohort derive Scenarios/ons-trend.toml`")
    }

    /// ons-trend: every Place's total within 0.5% of ONS in every year 2023-2047; 5-year band x sex within 2% in 2043.
    func testONSTrendReproducesTheONSProjection() throws {
        let (s, b) = try load("ons-trend.toml")
        let run = try ProjectionRun.run(b, Assumptions(s))
        let ons = try XCTUnwrap(b.inputs.trendProjection)
        for p in run.places {
            for y in 2023...2047 {
                let o = try XCTUnwrap(ons[p.name]?[y]).total
                XCTAssertEqual(p.resident(y).total / o - 1, 0, accuracy: 0.005, "\(p.name) \(y)")
            }
            let o = try XCTUnwrap(ons[p.name]?[2043])
            for sex in Sex.allCases { for lo in stride(from: 0, through: 90, by: 5) {
                let band = lo...(lo == 90 ? 90 : lo + 4)
                XCTAssertEqual(p.resident(2043).total(ages: band, sex: sex) / o.total(ages: band, sex: sex) - 1, 0, accuracy: 0.02,
                               "\(p.name) \(sex) \(band) in 2043")
            } }
        }
    }

    /// blmk-baseline: 31 March 2025 within 0.5% of 1,139,000; 2043 within 1% of 1,382,000; 65+ share within 1 point of 15%.
    func testBLMKBaselineRegisteredHeadlines() throws {
        let (s, b) = try load("blmk-baseline.toml")
        let run = try ProjectionRun.run(b, Assumptions(s))
        XCTAssertEqual(run.registeredMarch(2025) / 1_139_000 - 1, 0, accuracy: 0.005)
        XCTAssertEqual(run.registeredMarch(2043) / 1_382_000 - 1, 0, accuracy: 0.01)
        XCTAssertEqual(run.registeredMarch(2025, ages: 65...90) / run.registeredMarch(2025), 0.15, accuracy: 0.01)
    }

    /// All 43 published 2033/34 referral projections within 0.5%, and every 2023/24 base total exact.
    func testPublishedReferralProjectionsAreReproduced() throws {
        let (s, b) = try load("blmk-baseline.toml")
        let run = try ProjectionRun.run(b, Assumptions(s))
        let c = try XCTUnwrap(s.demand)
        let d = try DemandInputs.load(c, of: s)
        let r = try DemandRun.run(run, config: c, inputs: d)
        XCTAssertEqual(d.targets.count, 43)
        for t in d.targets {
            let series = try XCTUnwrap(r.referrals.first { $0.name == t.service }, t.service)
            let base = series.total(r.referralFYs.firstIndex(of: t.baseFY)!)
            let later = series.total(r.referralFYs.firstIndex(of: t.targetFY)!)
            XCTAssertEqual(base, t.base, accuracy: 1e-6 * t.base, "\(t.service) base")
            XCTAssertEqual(later / t.projected - 1, 0, accuracy: 0.005, "\(t.service) 2033/34")
        }
    }

    /// Workforce base year: the published 4,701 posts and 308 vacancies.
    func testWorkforceBaseYearMatchesPublishedPostsAndVacancies() throws {
        let (s, b) = try load("blmk-baseline.toml")
        let run = try ProjectionRun.run(b, Assumptions(s))
        let c = try XCTUnwrap(s.demand)
        let r = try DemandRun.run(run, config: c, inputs: try DemandInputs.load(c, of: s))
        let required = r.workforce.reduce(0) { $0 + $1.required[0] }
        let supply = r.workforce.reduce(0) { $0 + $1.supply[0] }
        XCTAssertEqual(required, 4701, accuracy: 1e-6)
        XCTAssertEqual(required - supply, 308, accuracy: 1e-6)
    }
}
