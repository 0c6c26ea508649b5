import XCTest
import Demand
@testable import Scenarios

/// Monte Carlo workers reuse one demand workspace for every draw: each run must still give exactly what a fresh
/// workspace gives, and a result still held must not change when the workspace serves the next run.
final class DemandWorkspaceTests: XCTestCase {
    func bits(_ d: DemandResult) -> [UInt64] {
        var v = d.referrals.flatMap(\.flat) + d.deaths.flatMap { $0 } + d.conditions.flatMap(\.flat) + d.registered.flatMap { $0 }
        v += d.workforceRequired + d.workforceSupply + d.financeCost + d.financeAllocation + d.financeBudget
        return v.map(\.bitPattern)
    }

    func testReusedWorkspaceGivesFreshResultsAndLeavesHeldResultsAlone() throws {
        let s = try ScenarioLoader.load(AcceptanceTests.scenarios.appendingPathComponent("blmk-baseline.toml"))
        let b = ModelBuilder(scenario: s, inputs: try InputSet.load(s))
        let c = try XCTUnwrap(s.demand)
        let d = try DemandInputs.load(c, of: s)
        XCTAssertNotNil(c.workforce, "the scenario exercises workforce"); XCTAssertNotNil(c.finance, "and finance")
        let plan = DemandPlan(d, places: s.places)
        let central = Assumptions(s)
        var other = central
        other.mortalityLevel *= 1.05; other.conditionTrend = 0.02; other.productivity = 0.01
        other.recruitmentFactor = 0.9; other.allocationGrowth = 0.02
        for g in Set(d.activity.map(\.group)) { other.referralTrends[g] = 0.03 }
        let runs = [try ProjectionRun.run(b, central), try ProjectionRun.run(b, other), try ProjectionRun.run(b, central)]
        var workspace = DemandWorkspace()
        var held: DemandResult?
        var heldBits: [UInt64] = []
        var previous: [UInt64] = []
        for (i, r) in runs.enumerated() {
            let fresh = bits(try DemandRun.run(r, config: c, inputs: d, plan: plan))
            let reused = try DemandRun.run(r, config: c, inputs: d, plan: plan, workspace: &workspace)
            XCTAssertEqual(bits(reused), fresh, "run \(i) in a reused workspace")
            XCTAssertNotEqual(fresh, previous, "run \(i) differs from the run before it (so stale values would show)")
            previous = fresh
            if i == 1 { held = reused; heldBits = fresh }
        }
        XCTAssertEqual(bits(try XCTUnwrap(held)), heldBits, "a result held while the workspace served another run")
    }
}
