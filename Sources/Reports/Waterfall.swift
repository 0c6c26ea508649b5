import Demography
import Demand
import Scenarios

/// What changed between the base and a milestone, and why: population change split into natural change, trend
/// migration and the housing-led (or net-total) adjustment; demand change split into population size, age structure
/// and rate trends. The parts add up exactly to the change (each split is sequential, so there is no interaction
/// term: size first at base rates and base age structure, then structure at base rates, then rates).
public struct Waterfall: Sendable, Equatable {
    public struct Step: Equatable, Sendable {
        public var table: String
        public var place: String
        public var measure: String
        public var from: String
        public var to: String
        /// Component labels and values, start first and end last; the middle ones sum to end - start.
        public var parts: [(label: String, value: Double)]
        public static func == (a: Step, b: Step) -> Bool {
            a.table == b.table && a.place == b.place && a.measure == b.measure && a.from == b.from && a.to == b.to
                && a.parts.map(\.label) == b.parts.map(\.label) && a.parts.map(\.value) == b.parts.map(\.value)
        }
    }
    public var steps: [Step]

    public static let allPlaces = SeriesCatalog.allPlaces

    /// - Parameters:
    ///   - run: the central run (with its components of change recorded).
    ///   - demand: the central demand; `demandAtBaseRates`: the same run's demand with every rate trend off
    ///     (referral and condition trends 0, productivity 0), which gives each milestone's demand at base-year rates.
    ///   - milestones: mid-years (population) and financial-year starts (demand) to reach.
    public static func build(run: ProjectionRun, demand: DemandResult?, demandAtBaseRates: DemandResult?,
                             milestones: [Int]) -> Waterfall {
        var steps: [Step] = []
        let base = run.scenario.baseYear
        let names = run.places.map(\.name) + [allPlaces]
        for m in milestones where m > base && m <= run.scenario.horizon {
            var natural = [Double](repeating: 0, count: names.count), adjust = natural, start = natural, end = natural
            for (pi, p) in run.places.enumerated() {
                start[pi] = p.resident(base).total; end[pi] = p.resident(m).total
                for c in p.components where c.year > base && c.year <= m {
                    natural[pi] += c.totalBirths - c.totalDeaths
                    adjust[pi] += c.migrationAdjustment
                }
            }
            let np = run.places.count
            for i in 0..<np { natural[np] += natural[i]; adjust[np] += adjust[i]; start[np] += start[i]; end[np] += end[i] }
            for i in names.indices {
                // Trend migration is the rest, so the parts add to the change exactly (it equals the summed trend part
                // of each year's net migration to within the engine's identity tolerance; tested).
                let trend = end[i] - start[i] - natural[i] - adjust[i]
                steps.append(Step(table: "population", place: names[i], measure: "resident population", from: "mid-\(base)", to: "mid-\(m)",
                                  parts: [("start", start[i]), ("natural change", natural[i]), ("trend migration", trend),
                                          ("housing-led adjustment", adjust[i]), ("end", end[i])]))
            }
        }
        guard let d = demand, let d0 = demandAtBaseRates else { return Waterfall(steps: steps) }
        // Registered financial-year population (0.75 x mid-year y + 0.25 x mid-year y + 1), per Place.
        func registered(_ pi: Int, _ fy: Int) -> Double {
            0.75 * run.places[pi].registered(fy).total + 0.25 * run.places[pi].registered(fy + 1).total
        }
        func resident(_ pi: Int, _ fy: Int) -> Double {
            0.75 * run.places[pi].resident(fy).total + 0.25 * run.places[pi].resident(fy + 1).total
        }
        /// One split per Place and for all Places: series value at base and milestone, and at base rates.
        func split(_ measure: String, fys: [Int], people: (Int, Int) -> Double = registered,
                   value: (Int, Int) -> Double, atBaseRates: (Int, Int) -> Double) {
            guard let b = fys.first else { return }
            for m in milestones where m > b && fys.contains(m) {
                let bi = fys.firstIndex(of: b)!, mi = fys.firstIndex(of: m)!
                var rows: [(String, Double, Double, Double, Double, Double)] = []  // place, start, end, r0 end, N0, N1
                for pi in run.places.indices {
                    rows.append((run.places[pi].name, value(pi, bi), value(pi, mi), atBaseRates(pi, mi), people(pi, b), people(pi, m)))
                }
                rows.append((allPlaces, rows.reduce(0) { $0 + $1.1 }, rows.reduce(0) { $0 + $1.2 }, rows.reduce(0) { $0 + $1.3 },
                             rows.reduce(0) { $0 + $1.4 }, rows.reduce(0) { $0 + $1.5 }))
                for (place, d0v, d1v, r0v, n0, n1) in rows {
                    let sized = n0 > 0 ? d0v * n1 / n0 : d0v
                    steps.append(Step(table: "demand", place: place, measure: measure, from: Format.fy(b), to: Format.fy(m),
                                      parts: [("start", d0v), ("population size", sized - d0v), ("age structure", r0v - sized),
                                              ("rate trends", d1v - r0v), ("end", d1v)]))
                }
            }
        }
        if !d.referrals.isEmpty {
            split("referrals", fys: d.referralFYs, value: { pi, i in d.referrals.reduce(0) { $0 + $1.value(pi, i) } },
                  atBaseRates: { pi, i in d0.referrals.reduce(0) { $0 + $1.value(pi, i) } })
        }
        // Deaths at base rates: the base financial year's central death rates on the milestone's population.
        let deathBase = d.deathFYs.first { $0 >= (d.referralFYs.first ?? run.scenario.baseYear) } ?? run.scenario.baseYear
        let deathFYs = d.deathFYs.filter { $0 >= deathBase }
        split(d.deathsBasis.column, fys: deathFYs, people: d.deathsBasis == .resident ? resident : registered, value: { pi, i in d.deaths[pi][d.deathFYs.firstIndex(of: deathFYs[i])!] }, atBaseRates: { pi, i in
            let p = run.places[pi], fy = deathFYs[i]
            // The deaths table's own basis: residents, or registered patients.
            var cells = [Double](repeating: 0, count: Ages.cells)
            let a = d.deathsBasis == .resident ? p.resident(fy).values : p.registered(fy).values
            let b = d.deathsBasis == .resident ? p.resident(fy + 1).values : p.registered(fy + 1).values
            a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
                cells.withUnsafeMutableBufferPointer { FinancialYear.fill(mid: a, next: b, into: $0) }
            } }
            return cells.withUnsafeBufferPointer { v in p.mortality.withStep(p.mortality.step(deathBase)) { _, mx, _ in Deaths.expected(cells: v, mx: mx) } }
        })
        if !d.workforceFYs.isEmpty {
            let w = d.workforce, w0 = d0.workforce
            split("required_fte", fys: d.workforceFYs, value: { pi, i in w.filter { $0.place == pi }.reduce(0) { $0 + $1.required[i] } },
                  atBaseRates: { pi, i in w0.filter { $0.place == pi }.reduce(0) { $0 + $1.required[i] } })
        }
        if !d.financeFYs.isEmpty {
            let f = d.finance, f0 = d0.finance
            split("cost_of_demand_gbp_m", fys: d.financeFYs, value: { pi, i in f[pi].cost[i] / 1e6 }, atBaseRates: { pi, i in f0[pi].cost[i] / 1e6 })
        }
        return Waterfall(steps: steps)
    }

    /// How a measure is named in tables and charts (the CSV keeps the column-style name).
    public static func displayName(_ measure: String) -> String {
        switch measure {
        case "required_fte": return "required staff (FTE)"
        case "deaths_resident": return "deaths (residents)"
        case "deaths_registered": return "deaths (registered patients)"
        case "cost_of_demand_gbp_m": return "cost of demand (GBP m, real terms)"
        default: return measure
        }
    }

    /// `waterfall.csv`: long and tidy, one row per part.
    public func csv(scenario: String, placeCodes: [String: String]) -> String {
        var csv = CSVBuilder(header: ["scenario", "table", "place_code", "place", "measure", "from_period", "to_period", "component", "value"])
        for s in steps {
            for p in s.parts {
                csv.row([scenario, s.table, placeCodes[s.place] ?? "", s.place, s.measure, s.from, s.to, p.label, Format.fixed(p.value, 3)])
            }
        }
        return csv.text
    }

    /// Board table: one row per measure for all Places, the parts as columns.
    public func markdown() -> String {
        var md = "## What changes and why\n\n"
        md += "Each change from the base to a milestone, split into parts that add up exactly. Population: natural change "
        md += "(births - deaths), trend migration, and the adjustment that housing-led (or given) totals add. Demand: the "
        md += "change if only the number of people changed (population size), then the change in who they are (age "
        md += "structure, at base-year rates), then the change in rates (rate trends, productivity, mortality improvement).\n\n"
        for table in ["population", "demand"] {
            let rows = steps.filter { $0.table == table && $0.place == Self.allPlaces }
            guard let first = rows.first else { continue }
            var t = MarkdownTable(["Measure, all Places", "From", "To"] + first.parts.map { $0.label.prefix(1).uppercased() + $0.label.dropFirst() })
            for s in rows { t.row([Self.displayName(s.measure), s.from, s.to] + s.parts.map { Format.grouped($0.value, s.measure.hasSuffix("gbp_m") ? 3 : 0) }) }
            md += t.text + "\n"
        }
        return md
    }
}
