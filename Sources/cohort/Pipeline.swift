import Foundation
import Scenarios
import Reports
import Sampling
import Demand

/// Loads a scenario and its inputs, runs the central projection and renders every output file (in memory).
struct Pipeline {
    let scenario: Scenario
    let inputs: InputSet
    let builder: ModelBuilder
    let demand: DemandInputs?
    /// What every demand run of these inputs shares (built once).
    let demandPlan: DemandPlan?

    /// - Parameter intervalYears: replaces `[uncertainty] interval_years` (`cohort batch --interval-years`).
    init(_ path: String, derivable: Set<String> = [], draws: Int? = nil, seed: UInt64? = nil, intervalYears: [Int]? = nil) throws {
        guard !path.isEmpty else { throw Failure("the scenario path is an empty string; expected a scenario file (TOML)") }
        var s = try ScenarioLoader.load(URL(fileURLWithPath: path), derivable: derivable)
        if let draws { s.uncertainty.draws = draws }
        if let seed { s.uncertainty.seed = seed }
        if let intervalYears {
            guard intervalYears.allSatisfy({ $0 >= s.baseYear && $0 <= s.horizon }) else {
                throw Failure("--interval-years \(intervalYears.map(String.init).joined(separator: ",")): \(displayPath(s.file)) projects \(s.baseYear) to \(s.horizon); expected years in that range")
            }
            s.uncertainty.intervalYears = intervalYears
        }
        scenario = s
        inputs = try InputSet.load(scenario)
        builder = ModelBuilder(scenario: scenario, inputs: inputs)
        demand = try scenario.demand.map { try DemandInputs.load($0, of: s, allowMissingActivity: derivable.contains("referrals")) }
        try DemandConfig.checkGroups(scenario, inputs: demand)
        demandPlan = demand.map { DemandPlan($0, places: s.places) }
        if let d = demand { try s.report.checkServices(d.activity.map(\.service), scenario: s.file) }
    }

    func central() throws -> ProjectionRun { try ProjectionRun.run(builder, Assumptions(scenario)) }

    /// Demand of a run; deaths only when the scenario has no demand inputs.
    func demand(_ run: ProjectionRun) throws -> DemandResult? {
        var workspace = DemandWorkspace()
        return try demand(run, workspace: &workspace)
    }

    /// The same in a reusable workspace (as Monte Carlo workers run it).
    func demand(_ run: ProjectionRun, workspace: inout DemandWorkspace) throws -> DemandResult? {
        guard let c = scenario.demand, let d = demand else { return DemandRun.deathsOnly(run) }
        return try DemandRun.run(run, config: c, inputs: d, plan: demandPlan, workspace: &workspace)
    }

    /// The run's demand with every rate trend off (referral and condition trends, productivity): the demand of each
    /// year's population at base-year rates, for the change waterfall.
    func demandAtBaseRates(_ run: ProjectionRun) throws -> DemandResult? {
        var a = run.assumptions
        a.referralTrends = a.referralTrends.mapValues { _ in 0 }
        a.conditionTrend = 0
        a.productivity = 0
        return try demand(ProjectionRun(scenario: run.scenario, assumptions: a, places: run.places))
    }

    /// The change waterfall from the base to the report's milestones.
    func waterfall(_ run: ProjectionRun, demand d: DemandResult?) throws -> Waterfall {
        Waterfall.build(run: run, demand: d, demandAtBaseRates: d == nil ? nil : try demandAtBaseRates(run),
                        milestones: scenario.report.milestones)
    }

    /// The estimated peak memory of the scenario's draws (nil without draws); an error over the limit.
    /// - Parameter runs: Monte Carlo results held at once (2 for `compare`).
    /// - Parameter terms: the run also keeps its totals' Place terms (a batch shard).
    func checkMemory(_ run: ProjectionRun, demand d: DemandResult?, maxMemory: String?, drawsOption: Bool,
                     runs: Int = 1, terms: Bool = false) throws -> Double? {
        let u = scenario.uncertainty
        guard u.draws > 0 else { return nil }
        let catalog = SeriesCatalog(run: run, demand: d, years: u.intervalYears.map(Set.init))
        return try MemoryModel.check(places: scenario.places.count, series: catalog.keys.count, terms: terms ? catalog.termSeries.count : 0,
                                     draws: u.draws, planColumns: RunPlan(scenario).columns.count, runs: runs,
                                     limit: try MemoryModel.limit(option: maxMemory),
                                     scenarioFile: drawsOption ? nil : displayPath(scenario.file))
    }

    /// Monte Carlo draws (scenario's `[uncertainty]`), or nil when the run has none.
    /// - Parameter keepTerms: also keep the Place terms of the totals in double precision (a batch shard's file).
    func monteCarlo(threads: Int, central: (ProjectionRun, DemandResult?)? = nil, keepTerms: Bool = false,
                    progress: (@Sendable (Int) -> Void)?) throws -> MonteCarloResult? {
        guard scenario.uncertainty.draws > 0 else { return nil }
        let d = scenario.demand.flatMap { c in demand.map { (c, $0) } }
        return try MonteCarlo.run(builder: builder, demand: d, draws: scenario.uncertainty.draws, threads: threads,
                                  centralRun: central, demandPlan: demandPlan, keepTerms: keepTerms, progress: progress)
    }

    /// Every output file of a run (central tables, plus interval tables and run plan when there are draws).
    /// Independent files are rendered in parallel (`threads`); each file's text depends only on the run.
    /// - Parameter summaries: the interval summaries of `mc` when the caller has them (computed otherwise).
    func render(_ run: ProjectionRun, demand d: DemandResult?, mc: MonteCarloResult?, summaries: [SeriesSummary]? = nil,
                threads: Int) throws -> [String: String] {
        let fall = try waterfall(run, demand: d)
        let codes = Dictionary(scenario.places.map { ($0, scenario.placeCode($0)) }, uniquingKeysWith: { x, _ in x })
        let u = scenario.uncertainty
        let sums = mc.map { summaries ?? $0.summaries(percentiles: u.percentiles, threads: threads) }
        let lookup = mc.map { IntervalLookup($0, summaries: sums!, percentiles: u.percentiles) }
        let manifest = Manifest(scenario: scenario, gslVersion: GSLLibrary.version, generator: RandomStream.generatorName,
                                seed: u.seed, draws: u.draws)
        let manifestJSON = try manifest.json()
        let labels = RowLabels(scenario)
        let absent = Summary.absentSections(scenario, demand: d, inputs: inputs, draws: mc?.draws ?? 0)
        // Longest first (measured on the shipped reference scenario at 10,000 draws: the summary with its rank correlations, then the run plan),
        // handed to whichever worker is free, so the workers finish together.
        var jobs: [@Sendable () -> [String: String]] = [
            { ["summary.md": summary(run, demand: d, mc: mc, summaries: sums, lookup: lookup, manifest: manifest, absent: absent, waterfall: fall)] },
        ]
        if let mc, let sums {
            jobs.append { ["run-plan.csv": IntervalTables.runPlan(mc, labels: labels)] }
            jobs.append { IntervalTables.intervals(mc, summaries: sums, percentiles: u.percentiles, labels: labels) }
        }
        jobs += [
            { ["components_by_age.csv": PopulationTables.componentsByAge(run, labels: labels)] },
            { ["population.csv": PopulationTables.population(run, labels: labels)] },
            {
                var data = ReportData.from(run: run, demand: d, intervals: lookup, manifest: manifest, inputs: inputs, absent: absent)
                data.waterfall = fall
                return ["report.html": HTMLReport.render(data)]
            },
            { ["components.csv": PopulationTables.components(run, labels: labels)] },
            { ["manifest.json": manifestJSON] },
            { ["waterfall.csv": fall.csv(scenario: scenario.name, placeCodes: codes)] },
        ]
        if let d {
            jobs.append { ["deaths.csv": DemandTables.deaths(d, labels: labels)] }
            if !d.referrals.isEmpty { jobs.append { ["referrals.csv": DemandTables.referrals(d, labels: labels)] } }
            if !d.conditions.isEmpty { jobs.append { ["conditions.csv": DemandTables.conditions(d, labels: labels)] } }
            if !d.workforce.isEmpty { jobs.append { ["workforce.csv": DemandTables.workforce(d, labels: labels)] } }
            if !d.finance.isEmpty { jobs.append { ["finance.csv": DemandTables.finance(d, labels: labels)] } }
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
                 lookup: IntervalLookup?, manifest: Manifest, absent: [String] = [], waterfall: Waterfall? = nil) -> String {
        let u = scenario.uncertainty
        var mcSummary = ""
        if let mc, let sums {
            // What drives the spread of the headline outputs at the last milestone.
            let all = SeriesCatalog.allPlaces
            let y = Summary.lastMilestone(scenario), fy = Format.fy(y)
            var keys: [SeriesCatalog.Key] = [.init(table: .population, fields: [String(y), all, "all ages", "registered"])]
            if let (g, svc) = IntervalSummary.headlineServices(mc, scenario).first { keys.append(.init(table: .referrals, fields: [fy, all, g, svc])) }
            keys.append(.init(table: .deaths, fields: [fy, all]))
            keys.append(.init(table: .workforce, fields: [fy, all, "All staff groups", "gap_fte"]))
            mcSummary = IntervalSummary.markdown(mc, scenario: scenario, summaries: sums, percentiles: u.percentiles, seed: u.seed)
                + Sensitivity.markdown(mc, outputs: keys)
        }
        var summary = Summary.population(run, inputs: inputs, absent: absent) + "\n" + ScenarioChanges.markdown(scenario) + mcSummary
        if let d {
            summary += DemandSummary.markdown(d, scenario: scenario, targets: demand?.targets ?? [], published: inputs.published, intervals: lookup)
            summary += WorkforceSummary.markdown(d, scenario: scenario, intervals: lookup)
        }
        return summary + (waterfall?.markdown() ?? "") + Summary.provenance(manifest)
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
