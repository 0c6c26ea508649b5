import ArgumentParser
import Foundation
import Scenarios
import Reports
import Sampling

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run two scenarios on common random numbers and report B - A with intervals of the difference.",
        discussion: "Writes Outputs/compare-<A>-vs-<B>/compare.csv, compare.md and manifest.json. Both scenarios use A's draws and seed unless --draws/--seed are given.")

    @Argument(help: "Scenario A (the reference, e.g. the baseline).") var a: String
    @Argument(help: "Scenario B (e.g. with New Towns).") var b: String
    @OptionGroup var options: RunOptions

    func run() throws {
        try userFacing { () throws -> Void in
            let pa = try Pipeline(a, draws: options.draws, seed: options.seed)
            let ua = pa.scenario.uncertainty
            let pb = try Pipeline(b, draws: ua.draws, seed: ua.seed)
            guard ua.draws > 0 else { throw Failure("\(a): compare needs Monte Carlo draws ([uncertainty] draws or --draws)") }
            guard pa.scenario.places == pb.scenario.places else {
                throw Failure("\(b): Places \(pb.scenario.places) differ from \(a)'s \(pa.scenario.places); expected the same Places")
            }
            // Both scenarios' draws are held at once: the larger catalogue, twice.
            let ra = try pa.central(), rb = try pb.central()
            let da = try pa.demand(ra), db = try pb.demand(rb)
            let big = SeriesCatalog(run: ra, demand: da).keys.count >= SeriesCatalog(run: rb, demand: db).keys.count
            let need = big ? try pa.checkMemory(ra, demand: da, maxMemory: options.maxMemory, drawsOption: options.draws != nil, runs: 2)
                : try pb.checkMemory(rb, demand: db, maxMemory: options.maxMemory, drawsOption: options.draws != nil, runs: 2)
            if let need { print("memory: estimated peak \(MemoryModel.format(need)) for 2 x \(ua.draws) draws") }
            guard let ma = try pa.monteCarlo(threads: options.threads, central: (ra, da), progress: nil),
                  let mb = try pb.monteCarlo(threads: options.threads, central: (rb, db), progress: nil) else { return }
            let c = Comparison(a: ma, b: mb, nameA: pa.scenario.name, nameB: pb.scenario.name, percentiles: ua.percentiles)
            var manifest = Manifest(scenario: pb.scenario, gslVersion: GSLLibrary.version, generator: RandomStream.generatorName,
                                    seed: ua.seed, draws: ua.draws)
            manifest.files = Manifest(scenario: pa.scenario, gslVersion: "", generator: "", seed: nil, draws: 0).files.map { ("a_" + $0.role, $0.url) }
                + manifest.files.map { ("b_" + $0.role, $0.url) }
            let files = ["compare.csv": c.csv(), "compare.md": c.markdown(seed: ua.seed), "manifest.json": manifest.json()]
            let folder = URL(fileURLWithPath: options.outputs).appendingPathComponent("compare-\(pa.scenario.name)-vs-\(pb.scenario.name)")
            try OutputFolder.write(files, to: folder)
            print("wrote \(folder.path)/ (\(c.rows.count) series, \(ua.draws) draws, seed \(ua.seed))")
        }
    }
}
