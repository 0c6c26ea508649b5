import ArgumentParser
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Project a scenario and write its outputs to Outputs/<scenario name>/.")

    @Argument(help: "Scenario file (TOML).") var scenario: String
    @Option(help: "Folder that receives the run folder.") var outputs: String = "Outputs"

    func run() throws {
        try userFacing {
            let p = try Pipeline(scenario)
            let run = try p.central()
            let files = p.render(run, demand: try p.demand(run), seed: nil, draws: 0)
            let folder = URL(fileURLWithPath: outputs).appendingPathComponent(p.scenario.name)
            try OutputFolder.write(files, to: folder)
            print("wrote \(folder.path)/ (\(files.count) files)")
        }
    }
}
