import Foundation
import Scenarios
import Reports
import Sampling

/// Loads a scenario and its inputs, runs the central projection and renders every output file (in memory).
struct Pipeline {
    let scenario: Scenario
    let inputs: InputSet
    let builder: ModelBuilder
    let demand: DemandInputs?
    /// What every demand run of these inputs shares (built once).
    let demandPlan: DemandPlan?

    init(_ path: String, derivable: Set<String> = [], draws: Int? = nil, seed: UInt64? = nil) throws {
        guard !path.isEmpty else { throw Failure("the scenario path is an empty string; expected a scenario file (TOML)") }
        var s = try ScenarioLoader.load(URL(fileURLWithPath: path), derivable: derivable)
        if let draws { s.uncertainty.draws = draws }
        if let seed { s.uncertainty.seed = seed }
        scenario = s
        inputs = try InputSet.load(scenario)
        builder = ModelBuilder(scenario: scenario, inputs: inputs)
        demand = try scenario.demand.map { try DemandInputs.load($0, places: s.places, allowMissingActivity: derivable.contains("referrals")) }
        try DemandConfig.checkGroups(scenario, inputs: demand)
        demandPlan = demand.map { DemandPlan($0, places: s.places) }
    }

    func central() throws -> ProjectionRun { try ProjectionRun.run(builder, Assumptions(scenario)) }

    func demand(_ run: ProjectionRun) throws -> DemandResult? {
        guard let c = scenario.demand, let d = demand else { return nil }
        return try DemandRun.run(run, config: c, inputs: d, plan: demandPlan)
    }

    /// The estimated peak memory of the scenario's draws (nil without draws); an error over the limit.
    /// - Parameter runs: Monte Carlo results held at once (2 for `compare`).
    func checkMemory(_ run: ProjectionRun, demand d: DemandResult?, maxMemory: String?, drawsOption: Bool,
                     runs: Int = 1) throws -> Double? {
        let u = scenario.uncertainty
        guard u.draws > 0 else { return nil }
        return try MemoryModel.check(places: scenario.places.count, series: SeriesCatalog(run: run, demand: d).keys.count,
                                     draws: u.draws, planColumns: RunPlan(scenario).columns.count, runs: runs,
                                     limit: try MemoryModel.limit(option: maxMemory),
                                     scenarioFile: drawsOption ? nil : displayPath(scenario.file))
    }

    /// Monte Carlo draws (scenario's `[uncertainty]`), or nil when the run has none.
    func monteCarlo(threads: Int, central: (ProjectionRun, DemandResult?)? = nil,
                    progress: (@Sendable (Int) -> Void)?) throws -> MonteCarloResult? {
        guard scenario.uncertainty.draws > 0 else { return nil }
        let d = scenario.demand.flatMap { c in demand.map { (c, $0) } }
        return try MonteCarlo.run(builder: builder, demand: d, draws: scenario.uncertainty.draws, threads: threads,
                                  centralRun: central, demandPlan: demandPlan, progress: progress)
    }

    /// Every output file of a run (central tables, plus interval tables and run plan when there are draws).
    /// Independent files are rendered in parallel (`threads`); each file's text depends only on the run.
    /// - Parameter summaries: the interval summaries of `mc` when the caller has them (computed otherwise).
    func render(_ run: ProjectionRun, demand d: DemandResult?, mc: MonteCarloResult?, summaries: [SeriesSummary]? = nil,
                threads: Int) -> [String: String] {
        let u = scenario.uncertainty
        let sums = mc.map { summaries ?? $0.summaries(percentiles: u.percentiles, threads: threads) }
        let lookup = mc.map { IntervalLookup($0, summaries: sums!, percentiles: u.percentiles) }
        let manifest = Manifest(scenario: scenario, gslVersion: GSLLibrary.version, generator: RandomStream.generatorName,
                                seed: u.seed, draws: u.draws)
        let places = scenario.places
        // Longest first (measured on BLMK at 10,000 draws: the summary with its rank correlations, then the run plan),
        // handed to whichever worker is free, so the workers finish together.
        var jobs: [@Sendable () -> [String: String]] = [
            { ["summary.md": summary(run, demand: d, mc: mc, summaries: sums, lookup: lookup, manifest: manifest)] },
        ]
        if let mc, let sums {
            jobs.append { ["run-plan.csv": IntervalTables.runPlan(mc)] }
            jobs.append { IntervalTables.intervals(mc, summaries: sums, percentiles: u.percentiles) }
        }
        jobs += [
            { ["components_by_age.csv": PopulationTables.componentsByAge(run)] },
            { ["population.csv": PopulationTables.population(run)] },
            { ["report.html": HTMLReport.render(ReportData.from(run: run, demand: d, intervals: lookup, manifest: manifest, inputs: inputs))] },
            { ["components.csv": PopulationTables.components(run)] },
            { ["manifest.json": manifest.json()] },
        ]
        if let d {
            jobs.append { ["referrals.csv": DemandTables.referrals(d, places: places), "deaths.csv": DemandTables.deaths(d, places: places)] }
            if !d.conditions.isEmpty { jobs.append { ["conditions.csv": DemandTables.conditions(d, places: places)] } }
            if !d.workforce.isEmpty { jobs.append { ["workforce.csv": DemandTables.workforce(d)] } }
            if !d.finance.isEmpty { jobs.append { ["finance.csv": DemandTables.finance(d)] } }
        }
        var parts = [[String: String]](repeating: [:], count: jobs.count)
        parts.withUnsafeMutableBufferPointer { buf in
            let sink = UnsafeSlots(buf), list = jobs, next = JobCounter()
            let workers = max(1, min(threads, list.count))
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while case let j = next.take(), j < list.count { sink.set(j, list[j]()) }
            }
        }
        return parts.reduce(into: [:]) { all, p in all.merge(p) { _, n in n } }
    }

    /// summary.md: population, Monte Carlo intervals and what drives them, demand, workforce, provenance.
    func summary(_ run: ProjectionRun, demand d: DemandResult?, mc: MonteCarloResult?, summaries sums: [SeriesSummary]?,
                 lookup: IntervalLookup?, manifest: Manifest) -> String {
        let u = scenario.uncertainty
        var mcSummary = ""
        if let mc, let sums {
            let all = SeriesCatalog.allPlaces
            var keys: [SeriesCatalog.Key] = [.init(table: .population, fields: ["2043", all, "all ages", "registered"])]
            if let dn = mc.catalog.keys.first(where: { $0.table == .referrals && $0.fields[0] == "2043/44" && $0.fields[1] == all && $0.fields[3] == "District Nursing Service" }) { keys.append(dn) }
            keys.append(.init(table: .deaths, fields: ["2043/44", all]))
            keys.append(.init(table: .workforce, fields: ["2043/44", all, "All staff groups", "gap_fte"]))
            mcSummary = IntervalSummary.markdown(mc, summaries: sums, percentiles: u.percentiles, seed: u.seed)
                + Sensitivity.markdown(mc, outputs: keys)
        }
        var summary = Summary.population(run, inputs: inputs) + "\n" + mcSummary
        if let d {
            summary += DemandSummary.markdown(d, targets: demand?.targets ?? [], published: inputs.published, intervals: lookup)
            summary += WorkforceSummary.markdown(d, intervals: lookup)
        }
        return summary + Summary.provenance(manifest)
    }
}

/// Hands out job numbers 0, 1, 2... to parallel workers.
private final class JobCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func take() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n - 1 }
}

/// Lets parallel render jobs write disjoint slots of one array.
private struct UnsafeSlots<T>: @unchecked Sendable {
    let buf: UnsafeMutableBufferPointer<T>
    init(_ b: UnsafeMutableBufferPointer<T>) { buf = b }
    func set(_ i: Int, _ v: T) { buf[i] = v }
}
