import ArgumentParser
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario file and all its inputs without writing anything.")

    @Argument(help: "Scenario file (TOML).") var scenario: String

    func run() throws {
        try userFacing {
            let p = try Pipeline(scenario)
            let run = try p.central()
            let demand = try p.demand(run)
            // The scenario's draws must fit in memory (under COHORT_MAX_MEMORY or the default share).
            _ = try p.checkMemory(run, demand: demand, maxMemory: nil, drawsOption: false)
            print("\(scenario): valid (\(p.scenario.places.count) Places, \(p.scenario.baseYear)-\(p.scenario.horizon))")
        }
    }
}
