import ArgumentParser
import Foundation
import Scenarios
import Demography
import Sampling
import Demand

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the deterministic projection and the whole run of a scenario (report figures; build with -c release).")

    @Argument(help: "Scenario file (TOML).") var scenario: String
    @Option(help: "Timed repetitions (the median is reported).") var repeats: Int = 20
    @Option(help: "Also time this many Monte Carlo draws, phase by phase (single thread), and the whole parallel run.") var draws: Int = 0
    @Option(help: "Threads for the parallel Monte Carlo timing.") var threads: Int = ProcessInfo.processInfo.activeProcessorCount

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
                load.append(try time { pipeline = try Pipeline(scenario, draws: draws > 0 ? draws : nil) })
                engine.append(try time { runResult = try pipeline!.central() })
                demand.append(try time { demandResult = try pipeline!.demand(runResult!) })
                render.append(try time { _ = try pipeline!.render(runResult!, demand: demandResult, mc: nil, threads: 1) })
            }
            print("scenario \(pipeline!.scenario.name): median of \(repeats) runs")
            print(String(format: "  load + validate inputs : %8.2f ms", median(load)))
            print(String(format: "  engine (all Places)    : %8.2f ms", median(engine)))
            print(String(format: "  demand (referrals, deaths, conditions): %8.2f ms", median(demand)))
            print(String(format: "  engine + demand        : %8.2f ms", median(engine) + median(demand)))
            print(String(format: "  render outputs         : %8.2f ms", median(render)))
            print(String(format: "  total (no disk writes) : %8.2f ms", median(load) + median(engine) + median(demand) + median(render)))
            if draws > 0 { try benchDraws(pipeline!) }
        }
    }

    /// Where a draw's time goes, then the whole parallel run with percentiles and rendering.
    func benchDraws(_ p: Pipeline) throws {
        let plan = RunPlan(p.scenario)
        let stream = RandomStream(seed: 1)
        var t = [Double](repeating: 0, count: 5)
        func clock() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        let catalogRun = try p.central()
        let catalog = SeriesCatalog(run: catalogRun, demand: try p.demand(catalogRun))
        let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: catalog.keys.count)
        defer { scratch.deallocate() }
        var workspace = ProjectionWorkspace()  // reused draw to draw, as in a Monte Carlo worker
        var demandWorkspace = DemandWorkspace()
        for d in 1...draws {
            var c0 = clock()
            let (a, _) = try plan.sample(draw: d, stream: stream)
            var c1 = clock(); t[0] += Double(c1 - c0); c0 = c1
            let inputs = p.builder.placeInputs(a, workspace: &workspace)
            c1 = clock(); t[1] += Double(c1 - c0); c0 = c1
            let places = try ProjectionRun.project(inputs, p.scenario, recordComponents: false, workspace: &workspace)
            let run = ProjectionRun(scenario: p.scenario, assumptions: a, places: places)
            c1 = clock(); t[2] += Double(c1 - c0); c0 = c1
            let dem = try p.demand(run, workspace: &demandWorkspace)
            c1 = clock(); t[3] += Double(c1 - c0); c0 = c1
            catalog.values(run: run, demand: dem, into: scratch)
            c1 = clock(); t[4] += Double(c1 - c0)
        }
        let names = ["sample assumptions (GSL)", "build inputs (life tables...)", "projection (engine)", "demand", "extract series"]
        print("per draw, single thread, mean of \(draws):")
        for (n, x) in zip(names, t) { print(String(format: "  %-30@ %8.3f ms", n as NSString, x / Double(draws) / 1e6)) }
        print(String(format: "  %-30@ %8.3f ms", "total" as NSString, t.reduce(0, +) / Double(draws) / 1e6))
        let t0 = clock()
        let mc = try p.monteCarlo(threads: threads, progress: nil)!
        let t1 = clock()
        let sums = mc.summaries(percentiles: p.scenario.uncertainty.percentiles, threads: threads)
        let t2 = clock()
        let files = try p.render(catalogRun, demand: try p.demand(catalogRun), mc: mc, summaries: sums, threads: threads)
        let t3 = clock()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-bench-\(getpid())")
        try OutputFolder.write(files, to: folder)
        let t4 = clock()
        try? FileManager.default.removeItem(at: folder)
        func ms(_ a: UInt64, _ b: UInt64) -> Double { Double(b - a) / 1e6 }
        print("whole Monte Carlo, \(draws) draws, \(threads) threads, \(mc.catalog.keys.count) interval rows:")
        print(String(format: "  draws (sample, project, demand, store)  %8.0f ms  (%.0f draws/s)", ms(t0, t1), Double(draws) / (ms(t0, t1) / 1e3)))
        print(String(format: "  percentiles and means                   %8.0f ms", ms(t1, t2)))
        print(String(format: "  render all output files (in memory)     %8.0f ms", ms(t2, t3)))
        print(String(format: "  write to disk (temp folder, rename)     %8.0f ms", ms(t3, t4)))
        print(String(format: "  total                                   %8.0f ms; draw storage %.0f MB", ms(t0, t4), Double(mc.values.count * 4) / 1e6))
    }
}
