import ArgumentParser
import Foundation
import Scenarios
import Reports
import Sampling
import Demand

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run two scenarios on common random numbers and report B - A, with intervals of the difference, for every table.",
        discussion: """
        Writes Outputs/compare-<A>-vs-<B>/: compare.csv (tidy: one row per table, period, Place, group, item and \
        measure), compare.md (board tables incl. money and FTE), compare.html (charts of the differences) and \
        compare.xlsx. Both scenarios use A's draws and seed unless --draws/--seed are given; with --draws 0 only the \
        central difference is reported.
        """)

    @Argument(help: "Scenario A (the reference, e.g. the baseline).") var a: String
    @Argument(help: "Scenario B (e.g. with New Towns).") var b: String
    @Option(help: "Periods to compare, by start year: e.g. 2033/34,2043/44 or 2033,2043 (mid-year and financial year of each); 'all' for every year. Default: the scenario's [report] milestones.")
    var years: String?
    @OptionGroup var options: RunOptions

    static func parseYears(_ s: String) throws -> [Int]? {
        if s.lowercased() == "all" { return nil }
        var out: [Int] = []
        for part in s.split(separator: ",") {
            let t = part.trimmingCharacters(in: .whitespaces)
            guard let y = Int(t.prefix(4)), t.count == 4 || (t.count == 7 && t.dropFirst(4).first == "/") else {
                throw ValidationError("--years '\(s)': '\(t)' is not a year (2033) or financial year (2033/34)")
            }
            out.append(y)
        }
        guard !out.isEmpty else { throw ValidationError("--years '\(s)': expected at least one year") }
        return out
    }

    func validate() throws { if let years { _ = try Self.parseYears(years) } }

    func run() throws {
        try userFacing { () throws -> Void in
            let pa = try Pipeline(a, draws: options.draws, seed: options.seed)
            let ua = pa.scenario.uncertainty
            let pb = try Pipeline(b, draws: ua.draws, seed: ua.seed)
            guard pa.scenario.places == pb.scenario.places else {
                throw Failure("\(b): Places \(pb.scenario.places) differ from \(a)'s \(pa.scenario.places); expected the same Places")
            }
            let chosen: [Int]?
            if let years { chosen = try Self.parseYears(years) } else {
                chosen = pa.scenario.report.milestones
            }
            // Both scenarios' draws are held at once: the larger catalogue, twice.
            let ra = try pa.central(), rb = try pb.central()
            let da = try pa.demand(ra), db = try pb.demand(rb)
            let big = SeriesCatalog(run: ra, demand: da).keys.count >= SeriesCatalog(run: rb, demand: db).keys.count
            let need = big ? try pa.checkMemory(ra, demand: da, maxMemory: options.maxMemory, drawsOption: options.draws != nil, runs: 2)
                : try pb.checkMemory(rb, demand: db, maxMemory: options.maxMemory, drawsOption: options.draws != nil, runs: 2)
            if let need { print("memory: estimated peak \(MemoryModel.format(need)) for 2 x \(ua.draws) draws") }
            func side(_ p: Pipeline, _ run: ProjectionRun, _ demand: DemandResult?) throws -> Comparison.Side {
                let catalog = SeriesCatalog(run: run, demand: demand)
                let bar = ProgressBar(total: p.scenario.uncertainty.draws, label: "\(p.scenario.name) draws")
                var progress: (@Sendable (Int) -> Void)? = nil
                if let bar { progress = { n in bar.update(n) } }
                let mc = try p.monteCarlo(threads: options.threads, central: (run, demand), progress: progress)
                bar?.finish()
                let codes = Dictionary(p.scenario.places.map { ($0, p.scenario.placeCode($0)) }, uniquingKeysWith: { x, _ in x })
                return Comparison.Side(name: p.scenario.name, catalog: catalog, central: catalog.values(run: run, demand: demand),
                                       mc: mc, placeCodes: codes)
            }
            let sa = try side(pa, ra, da), sb = try side(pb, rb, db)
            let keep: [Int] = chosen ?? []
            let c = Comparison(a: sa, b: sb, percentiles: ua.percentiles, years: keep)
            let manifest = Manifest(comparing: pa.scenario, with: pb.scenario, gslVersion: GSLLibrary.version,
                                    generator: RandomStream.generatorName, seed: ua.seed, draws: ua.draws)
            let files = ["compare.csv": c.csv(), "compare.md": c.markdown(seed: ua.seed), "compare.html": c.html(seed: ua.seed),
                         "manifest.json": try manifest.json()]
            let book = try XLSXWorkbook.fromTables([("compare", files["compare.csv"]!)], about: [
                ("comparison", "\(pb.scenario.name) - \(pa.scenario.name)"), ("draws", String(c.draws)), ("seed", String(ua.seed)),
                ("periods", chosen.map { $0.map(String.init).joined(separator: ", ") } ?? "all"),
                ("note", c.draws > 0 ? "intervals are of the per-draw differences on common random numbers" : "central difference only (no draws)")])
            let folder = URL(fileURLWithPath: options.outputs).appendingPathComponent("compare-\(pa.scenario.name)-vs-\(pb.scenario.name)")
            try OutputFolder.write(files, data: ["compare.xlsx": try book.data()], to: folder)
            print("wrote \(folder.path)/ (\(c.rows.count) rows, \(c.draws > 0 ? "\(c.draws) draws, seed \(ua.seed)" : "central difference only"))")
        }
    }
}
