import Foundation
import Scenarios
import Reports
import Sampling

/// Loads a scenario and its inputs, runs the central projection and renders every output file (in memory).
struct Pipeline {
    let scenario: Scenario
    let inputs: InputSet
    let builder: ModelBuilder
    let demand: DemandInputs?

    init(_ path: String, derivable: Set<String> = []) throws {
        scenario = try ScenarioLoader.load(URL(fileURLWithPath: path), derivable: derivable)
        inputs = try InputSet.load(scenario)
        builder = ModelBuilder(scenario: scenario, inputs: inputs)
        demand = try scenario.demand.map { try DemandInputs.load($0, allowMissingActivity: derivable.contains("referrals")) }
    }

    func central() throws -> ProjectionRun { try ProjectionRun.run(builder, Assumptions(scenario)) }

    func demand(_ run: ProjectionRun) throws -> DemandResult? {
        guard let c = scenario.demand, let d = demand else { return nil }
        return try DemandRun.run(run, config: c, inputs: d)
    }

    func render(_ run: ProjectionRun, demand d: DemandResult?, seed: UInt64?, draws: Int) -> [String: String] {
        var files: [String: String] = [:]
        files["population.csv"] = PopulationTables.population(run)
        files["components.csv"] = PopulationTables.components(run)
        files["components_by_age.csv"] = PopulationTables.componentsByAge(run)
        var summary = Summary.population(run, inputs: inputs)
        if let d {
            files["referrals.csv"] = DemandTables.referrals(d, places: scenario.places)
            files["deaths.csv"] = DemandTables.deaths(d, places: scenario.places)
            if !d.conditions.isEmpty { files["conditions.csv"] = DemandTables.conditions(d, places: scenario.places) }
            summary += "\n" + DemandSummary.markdown(d, targets: demand?.targets ?? [], published: inputs.published)
        }
        files["summary.md"] = summary
        files["manifest.json"] = Manifest(scenario: scenario, gslVersion: GSLLibrary.version, generator: RandomStream.generatorName,
                                          seed: seed, draws: draws).json()
        return files
    }
}
