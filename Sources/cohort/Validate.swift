import ArgumentParser
import Foundation
import Scenarios

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
            // Every reported row of the central run must be a finite number (as `run` checks each table it writes).
            let catalog = SeriesCatalog(run: run, demand: demand)
            if let (k, x) = zip(catalog.keys, catalog.values(run: run, demand: demand)).first(where: { !$0.1.isFinite }) {
                let columns = zip(SeriesCatalog.columns(k.table), k.fields).map { "\($0)=\($1)" }.joined(separator: ", ")
                throw Failure("\(scenario): the central run gives \(x.isNaN ? "NaN" : x > 0 ? "Inf" : "-Inf") for \(k.table.rawValue) (\(columns)), not a finite number; the inputs behind it: \(FiniteCheck.inputs(of: k.table.rawValue + ".csv")); check them for extreme values")
            }
            print("\(scenario): valid (\(p.scenario.places.count) Places, \(p.scenario.baseYear)-\(p.scenario.horizon))")
        }
    }
}
