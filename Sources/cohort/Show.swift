import ArgumentParser
import Foundation
import Scenarios

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the effective scenario after `extends` (TOML), each value annotated with the file that set it.",
        discussion: "File paths are shown relative to the working directory. The scenario is not validated: use `cohort validate`.")

    @Argument(help: "Scenario file (TOML).") var scenario: String
    @Flag(help: "JSON for tools: {scenario, values, origins (key path -> file)}.") var json = false

    func run() throws {
        try userFacing {
            let e = try EffectiveScenario(URL(fileURLWithPath: scenario))
            print(json ? e.json() : e.toml(), terminator: "")
        }
    }
}
