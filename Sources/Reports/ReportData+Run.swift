import Demography
import Scenarios
import Demand

extension ReportData {
    /// Fills the report model from a run: central values everywhere, intervals where the run has draws.
    /// - Parameter absent: sections the run leaves out and why (`Summary.absentSections`).
    public static func from(run: ProjectionRun, demand d: DemandResult?, intervals iv: IntervalLookup?, manifest m: Manifest,
                            inputs: InputSet, absent: [String] = []) -> ReportData {
        let s = run.scenario
        let all = SeriesCatalog.allPlaces
        func interval(_ key: SeriesCatalog.Key) -> Interval? {
            guard let iv, let i = iv.index[key] else { return nil }
            var p: [Double: Double] = [:]
            for (k, v) in zip(iv.percentiles, iv.summaries[i].percentiles) { p[k] = v }
            return Interval(percentiles: p)
        }
        var about = ["Scenario file \(m.scenario.file.lastPathComponent): base mid-\(s.baseYear), horizon mid-\(s.horizon), migration \(s.migration.mode.rawValue)."]
        about.append(iv == nil ? "Central (deterministic) run only: no Monte Carlo draws."
                     : "Seed \(m.seed), \(m.draws) Monte Carlo draws (GNU GSL \(m.gslVersion), \(m.generator)); intervals \(iv!.label).")
        about.append("Registered = GP-registered patients (resident x list inflation). Financial years use 0.75 x mid-year + 0.25 x next mid-year.")
        if let sources = s.report.dataSources { about.append(sources) }
        if !absent.isEmpty { about.append("Not in this run: " + absent.joined(separator: "; ") + ".") }

        var headline = Table(title: "Headline", header: ["Measure", "cohort", "Published"], rows: [], note: "")
        for f in inputs.published {
            guard let mm = Metrics.compute(f.metric, run) else { continue }
            headline.rows.append([mm.label, mm.isRatio ? Format.percent(mm.value) : Format.grouped(mm.value),
                                  mm.isRatio ? Format.percent(f.value) : Format.grouped(f.value)])
        }
        for y in s.report.milestones where s.years.contains(y) {
            headline.rows.append(["Registered patients, mid-\(y)", Format.grouped(run.places.reduce(0) { $0 + $1.registered(y).total }), ""])
        }

        let bands = Summary.bands()
        let bandLabels = bands.map { $0.lowerBound == 90 ? "90+" : "\($0.lowerBound)-\($0.upperBound)" }
        let pyramids = run.places.map { p -> Pyramid in
            let b = p.registered(s.baseYear), h = p.registered(s.horizon)
            return Pyramid(place: p.name, bands: bandLabels, baseYear: s.baseYear, horizonYear: s.horizon,
                           baseFemale: bands.map { b.total(ages: $0, sex: .female) }, baseMale: bands.map { b.total(ages: $0, sex: .male) },
                           horizonFemale: bands.map { h.total(ages: $0, sex: .female) }, horizonMale: bands.map { h.total(ages: $0, sex: .male) })
        }
        let registered = Series(name: "Registered patients, \(s.report.totalLabel)", unit: "registered patients (mid-year)", points: run.years.map { y in
            Point(label: String(y), central: run.places.reduce(0) { $0 + $1.registered(y).total },
                  interval: interval(.init(table: .population, fields: [String(y), all, "all ages", "registered"])))
        })

        var growth: [Growth] = []
        var deaths = Series(name: "Deaths, \(s.report.totalLabel)", unit: "deaths a year (registered basis)", points: [])
        var gaps: [Series] = []
        var finance = Table(title: "Finance (GBP m, real terms)", header: ["Financial year", "Cost of referral demand", "Allocation", "Gap at base-year share"], rows: [],
                            note: s.report.costCaveat)
        var baseLabel = "", laterLabel = ""
        if let d {
            if let later = DemandSummary.marks(s.report.milestones, in: d.referralFYs).last, !d.referrals.isEmpty {
                baseLabel = Format.fy(d.referralFYs[0]); laterLabel = Format.fy(later)
                let li = d.referralFYs.firstIndex(of: later)!
                growth = d.referrals.map { r in
                    Growth(service: r.name, group: r.group, base: r.total(0), later: r.total(li),
                           laterInterval: interval(.init(table: .referrals, fields: [laterLabel, all, r.group, r.name])))
                }
            }
            deaths.unit = "deaths a year (\(d.deathsBasis.rawValue) basis)"
            deaths.points = d.deathFYs.enumerated().map { i, y in
                Point(label: Format.fy(y), central: d.totalDeaths(i), interval: interval(.init(table: .deaths, fields: [Format.fy(y), all])))
            }
            let groups = d.workforce.reduce(into: [String]()) { if !$0.contains($1.staffGroup) { $0.append($1.staffGroup) } }
            gaps = (groups + ["All staff groups"]).map { g in
                Series(name: g, unit: "FTE", points: d.workforceFYs.enumerated().map { t, y in
                    let sel = d.workforce.filter { g == "All staff groups" || $0.staffGroup == g }
                    return Point(label: Format.fy(y), central: sel.reduce(0) { $0 + $1.required[t] - $1.supply[t] },
                                 interval: interval(.init(table: .workforce, fields: [Format.fy(y), all, g, "gap_fte"])))
                })
            }
            for (t, y) in d.financeFYs.enumerated() where t == 0 || y % 5 == 0 || y == d.financeFYs.last! {
                let cost = d.finance.reduce(0) { $0 + $1.cost[t] }, alloc = d.finance.reduce(0) { $0 + $1.allocation[t] }
                let gap = d.finance.reduce(0) { $0 + $1.cost[t] - $1.budgetAtBaseShare[t] }
                let gi = iv.map { $0.text(.init(table: .finance, fields: [Format.fy(y), all, "gap_gbp_m"]), digits: 1) }
                finance.rows.append([Format.fy(y), Format.grouped(cost / 1e6, 1), Format.grouped(alloc / 1e6, 1),
                                     Format.grouped(gap / 1e6, 1) + (gi.map { " (\($0))" } ?? "")])
            }
        }
        var conditionGrowth: [Growth] = []
        var financeGap = Series(name: "Finance gap, \(s.report.totalLabel)", unit: "GBP m a year, real terms", points: [])
        if let d {
            if let later = s.report.milestones.last(where: { d.conditionYears.contains($0) }), let first = d.conditionYears.first, later > first {
                let li = d.conditionYears.firstIndex(of: later)!
                conditionGrowth = d.conditions.map { c in
                    Growth(service: c.name, group: "Conditions", base: c.total(0), later: c.total(li),
                           laterInterval: interval(.init(table: .conditions, fields: [String(later), all, c.name])))
                }
            }
            financeGap.points = d.financeFYs.enumerated().map { t, y in
                Point(label: Format.fy(y), central: d.finance.reduce(0) { $0 + $1.cost[t] - $1.budgetAtBaseShare[t] } / 1e6,
                      interval: interval(.init(table: .finance, fields: [Format.fy(y), all, "gap_gbp_m"])))
            }
        }
        var components: [ComponentsYear] = []
        for y in (s.baseYear + 1)...s.horizon {
            var c = ComponentsYear(year: y, births: 0, deaths: 0, trendMigration: 0, adjustment: 0)
            for p in run.places { for k in p.components where k.year == y {
                c.births += k.totalBirths; c.deaths += k.totalDeaths
                c.trendMigration += k.totalNetMigration - k.migrationAdjustment; c.adjustment += k.migrationAdjustment
            } }
            components.append(c)
        }
        var tables: [Table] = ScenarioChanges.tables(s)
        let years = Array(Set(([s.baseYear] + s.report.milestones + [s.horizon]).filter { s.years.contains($0) })).sorted()
        var byPlace = Table(title: "Registered patients by Place (mid-year)", header: ["Place"] + years.map(String.init), rows: [], note: "")
        for p in run.places {
            byPlace.rows.append([p.name] + years.map { Format.grouped(p.registered($0).total) })
        }
        tables.append(byPlace)
        var prov = Table(title: "Inputs", header: ["Input", "File", "SHA-256 (first 12)"], rows: [],
                         note: "Paths are relative to the scenario file. Full hashes in manifest.json.")
        for (role, path, hash) in m.hashes() { prov.rows.append([role, path, String(hash.prefix(12))]) }
        tables.append(prov)

        var data = ReportData(title: s.title, scenario: s.name, about: about, headline: headline, pyramids: pyramids, registered: registered,
                              growthYear: laterLabel, baseYear: baseLabel, referralGrowth: growth, deaths: deaths, workforceGap: gaps,
                              finance: finance, tables: tables)
        data.conditionGrowth = conditionGrowth
        if let d, let later = s.report.milestones.last(where: { d.conditionYears.contains($0) }), let first = d.conditionYears.first {
            data.conditionsBase = String(first); data.conditionsLater = String(later)
        }
        data.financeGap = financeGap
        data.totalLabel = s.report.totalLabel
        data.components = components.filter { $0.births != 0 || $0.deaths != 0 || $0.trendMigration != 0 || $0.adjustment != 0 }
        return data
    }
}
