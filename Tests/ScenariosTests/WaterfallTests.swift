import XCTest
import Foundation
@testable import Scenarios
import Reports
import Demography
import Demand

/// The change waterfall: its parts add up exactly to the change, and each part means what it says.
final class WaterfallTests: XCTestCase {
    func blmk(trend: Double) throws -> (ProjectionRun, DemandResult, DemandResult) {
        let s = try ScenarioLoader.load(AcceptanceTests.scenarios.appendingPathComponent("blmk-baseline.toml"))
        let inputs = try InputSet.load(s)
        var a = Assumptions(s)
        for k in a.referralTrends.keys { a.referralTrends[k] = trend }
        let run = try ProjectionRun.run(ModelBuilder(scenario: s, inputs: inputs), a)
        let d = try DemandInputs.load(s.demand!, of: s)
        var off = a
        for k in off.referralTrends.keys { off.referralTrends[k] = 0 }
        off.conditionTrend = 0; off.productivity = 0
        let d1 = try DemandRun.run(run, config: s.demand!, inputs: d)
        let d0 = try DemandRun.run(ProjectionRun(scenario: s, assumptions: off, places: run.places), config: s.demand!, inputs: d)
        return (run, d1, d0)
    }

    func testPartsAddUpExactlyAndMeanWhatTheySay() throws {
        let (run, d1, d0) = try blmk(trend: 0.01)
        let w = Waterfall.build(run: run, demand: d1, demandAtBaseRates: d0, milestones: [2033, 2043])
        XCTAssertEqual(Set(w.steps.map(\.measure)), ["resident population", "referrals", "deaths_resident", "required_fte", "cost_of_demand_gbp_m"])
        XCTAssertEqual(w.steps.count, 5 * 2 * 5, "5 measures x 2 milestones x (4 Places + all Places)")
        for s in w.steps {
            let inner = s.parts.dropFirst().dropLast().reduce(0) { $0 + $1.value }
            // Exact: start + parts = end with no interaction term (to the last bits of the sums).
            XCTAssertEqual(s.parts.first!.value + inner, s.parts.last!.value, accuracy: 1e-9 * abs(s.parts.last!.value),
                           "\(s.place) \(s.measure) \(s.to)")
        }
        // Population: natural change and the adjustment are the engine's own components; trend migration (the rest)
        // equals the summed trend part of each year's net migration.
        for (pi, p) in run.places.enumerated() {
            let s = w.steps.first { $0.table == "population" && $0.place == p.name && $0.to == "mid-2043" }!
            let comps = p.components.filter { $0.year <= 2043 }
            let trend = comps.reduce(0) { $0 + $1.totalNetMigration - $1.migrationAdjustment }
            XCTAssertEqual(s.parts[2].value, trend, accuracy: 1e-6 * p.resident(2043).total, "\(p.name) trend migration")
            XCTAssertEqual(s.parts[0].value, run.places[pi].resident(2022).total)
        }
        // Referrals with a 1% a year trend in every group: the rate part is the milestone's demand less the same at
        // base rates, i.e. 1 - 1/1.01^10 of the 2033/34 demand.
        let r = w.steps.first { $0.measure == "referrals" && $0.place == Waterfall.allPlaces && $0.to == "2033/34" }!
        XCTAssertEqual(r.parts[3].value, r.parts[4].value * (1 - 1 / pow(1.01, 10)), accuracy: 1e-6 * r.parts[4].value)
        // Population size: base demand x the growth of the registered financial-year population.
        let fyPeople = { (y: Int) in run.places.reduce(0) { $0 + 0.75 * $1.registered(y).total + 0.25 * $1.registered(y + 1).total } }
        XCTAssertEqual(r.parts[1].value, r.parts[0].value * (fyPeople(2033) / fyPeople(2023) - 1), accuracy: 1e-6 * r.parts[0].value)
    }

    func testNoRateTrendsMeansNoRatePart() throws {
        let (run, d1, d0) = try blmk(trend: 0)
        let w = Waterfall.build(run: run, demand: d1, demandAtBaseRates: d0, milestones: [2043])
        for s in w.steps where ["referrals", "cost_of_demand_gbp_m", "required_fte"].contains(s.measure) {
            XCTAssertEqual(s.parts[3].value, 0, accuracy: 1e-9 * abs(s.parts.last!.value), "\(s.place) \(s.measure)")
        }
        // Deaths fall with mortality improvement at the same age structure: a negative rate part.
        let deaths = w.steps.first { $0.measure == "deaths_resident" && $0.place == Waterfall.allPlaces }!
        XCTAssertLessThan(deaths.parts[3].value, 0)
    }
}
