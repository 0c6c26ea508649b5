import ArgumentParser
import Foundation
import Scenarios

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the deterministic projection and the whole run of a scenario (report figures; build with -c release).")

    @Argument(help: "Scenario file (TOML).") var scenario: String
    @Option(help: "Timed repetitions (the median is reported).") var repeats: Int = 20

    func run() throws {
        try userFacing {
            func time(_ body: () throws -> Void) rethrows -> Double {
                let t0 = DispatchTime.now().uptimeNanoseconds
                try body()
                return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
            }
            func median(_ x: [Double]) -> Double { let s = x.sorted(); return s[s.count / 2] }
            var load: [Double] = [], engine: [Double] = [], demand: [Double] = [], render: [Double] = []
            var demandResult: DemandResult?
            var pipeline: Pipeline?
            var runResult: ProjectionRun?
            for _ in 0..<repeats {
                load.append(try time { pipeline = try Pipeline(scenario) })
                engine.append(try time { runResult = try pipeline!.central() })
                demand.append(try time { demandResult = try pipeline!.demand(runResult!) })
                render.append(time { _ = pipeline!.render(runResult!, demand: demandResult, seed: nil, draws: 0) })
            }
            print("scenario \(pipeline!.scenario.name): median of \(repeats) runs")
            print(String(format: "  load + validate inputs : %8.2f ms", median(load)))
            print(String(format: "  engine (all Places)    : %8.2f ms", median(engine)))
            print(String(format: "  demand (referrals, deaths, conditions): %8.2f ms", median(demand)))
            print(String(format: "  engine + demand        : %8.2f ms", median(engine) + median(demand)))
            print(String(format: "  render outputs         : %8.2f ms", median(render)))
            print(String(format: "  total (no disk writes) : %8.2f ms", median(load) + median(engine) + median(demand) + median(render)))
        }
    }
}
