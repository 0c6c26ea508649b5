import ArgumentParser
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario file and all its inputs without writing anything.")

    @Argument(help: "Scenario file (TOML).") var scenario: String

    func run() throws {
        try userFacing {
            let p = try Pipeline(scenario)
            _ = try p.demand(try p.central())
            print("\(scenario): valid (\(p.scenario.places.count) Places, \(p.scenario.baseYear)-\(p.scenario.horizon))")
        }
    }
}
