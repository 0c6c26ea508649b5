import Foundation
import Demography
import Demand

/// Where the scenario meets the demand model: its settings, a run's demand assumptions, and demand errors reported
/// against the scenario's referrals file.
extension DemandConfig {
    /// The demand model of these settings and their inputs.
    public func model(_ inputs: DemandInputs) -> DemandModel {
        DemandModel(baseFY: baseFY, conditionsBaseYear: conditionsBaseYear, deathsBasis: deathsBasis,
                    workforce: workforce.map { WorkforceSettings(baseFY: $0.baseFY, vacancies: $0.vacancies, turnover: $0.turnover,
                                                                 retirementYears: $0.retirementYears) },
                    finance: finance.map { FinanceSettings(baseFY: $0.baseFY, allocationPerHead: $0.allocationPerHead) },
                    inputs: inputs)
    }
}

extension Assumptions {
    /// The demand knobs of these assumptions.
    public var demand: DemandAssumptions {
        DemandAssumptions(referralTrends: referralTrends, conditionTrend: conditionTrend, productivity: productivity,
                          recruitmentFactor: recruitmentFactor, allocationGrowth: allocationGrowth)
    }
}

extension DemandRun {
    /// Demand of a projection run (a fresh workspace).
    public static func run(_ run: ProjectionRun, config c: DemandConfig, inputs d: DemandInputs,
                           plan: DemandPlan? = nil) throws(InputError) -> DemandResult {
        var workspace = DemandWorkspace()
        return try Self.run(run, config: c, inputs: d, plan: plan, workspace: &workspace)
    }

    /// The same in a worker's reusable workspace (Monte Carlo draws).
    public static func run(_ run: ProjectionRun, config c: DemandConfig, inputs d: DemandInputs, plan: DemandPlan?,
                           workspace: inout DemandWorkspace) throws(InputError) -> DemandResult {
        let s = run.scenario
        do {
            return try Self.run(places: run.places, baseYear: s.baseYear, horizon: s.horizon, model: c.model(d),
                                assumptions: run.assumptions.demand, plan: plan ?? DemandPlan(d, places: run.places.map(\.name)),
                                workspace: &workspace)
        } catch {
            throw InputError(file: displayPath(c.referrals), error.description)
        }
    }

    /// Deaths only, for a scenario without demand inputs.
    public static func deathsOnly(_ run: ProjectionRun) -> DemandResult {
        deathsOnly(places: run.places, baseYear: run.scenario.baseYear, horizon: run.scenario.horizon)
    }
}
