import Foundation
import Scenarios
import Reports
import Sampling

/// Loads a scenario and its inputs, runs the central projection and renders every output file (in memory).
struct Pipeline {
    let scenario: Scenario
    let inputs: InputSet
    let builder: ModelBuilder

    init(_ path: String) throws {
        scenario = try ScenarioLoader.load(URL(fileURLWithPath: path))
        inputs = try InputSet.load(scenario)
        builder = ModelBuilder(scenario: scenario, inputs: inputs)
    }

    func central() throws -> ProjectionRun { try ProjectionRun.run(builder, Assumptions(scenario)) }

    func render(_ run: ProjectionRun, seed: UInt64?, draws: Int) -> [String: String] {
        var files: [String: String] = [:]
        files["population.csv"] = PopulationTables.population(run)
        files["components.csv"] = PopulationTables.components(run)
        files["components_by_age.csv"] = PopulationTables.componentsByAge(run)
        files["summary.md"] = Summary.population(run, inputs: inputs)
        files["manifest.json"] = Manifest(scenario: scenario, gslVersion: GSLLibrary.version, generator: RandomStream.generatorName,
                                          seed: seed, draws: draws).json()
        return files
    }
}
