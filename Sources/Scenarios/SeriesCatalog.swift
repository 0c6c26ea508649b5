import Foundation
import Demography
import Demand

/// The output series that get Monte Carlo intervals, in one fixed order, and how to read them off a run.
///
/// Intervals are kept per reported row (Place and age group, service, condition...), never per model cell,
/// so memory is one 4-byte value per draw per row.
public struct SeriesCatalog: Sendable {
    public enum Table: String, Sendable, CaseIterable {
        case population, referrals, deaths, conditions, workforce, finance
    }
    public struct Key: Sendable, Hashable {
        public let table: Table
        /// Values of the table's key columns (see `columns`).
        public let fields: [String]
        public init(table: Table, fields: [String]) { self.table = table; self.fields = fields }
    }
    public static func columns(_ t: Table) -> [String] {
        switch t {
        case .population: return ["year", "place", "age_group", "basis"]
        case .referrals: return ["fy", "place", "group", "service"]
        case .deaths: return ["fy", "place"]
        case .conditions: return ["year", "place", "condition"]
        case .workforce: return ["fy", "place", "staff_group", "measure"]
        case .finance: return ["fy", "place", "measure"]
        }
    }

    public static let allPlaces = "All Places"
    public static let ageGroups: [(String, ClosedRange<Int>)] = [
        ("0-17", 0...17), ("18-64", 18...64), ("65+", 65...Ages.open), ("65-84", 65...84), ("85+", 85...Ages.open), ("all ages", Ages.all)]

    public let keys: [Key]
    /// Years whose rows get intervals (mid-years, or the financial years they start); nil: every year.
    public let years: Set<Int>?

    /// - Parameter years: keep only these years' rows (`[uncertainty] interval_years`), so big runs store less.
    public init(run: ProjectionRun, demand: DemandResult?, years: Set<Int>? = nil) {
        var k = KeyCollector()
        self.years = years
        Self.walk(run, demand, years, &k)
        keys = k.keys
    }

    public func values(run: ProjectionRun, demand: DemandResult?) -> [Double] {
        [Double](unsafeUninitializedCapacity: keys.count) { buf, count in
            count = values(run: run, demand: demand, into: buf)
        }
    }

    /// Writes every series value in catalogue order into `out` (at least `keys.count` long); returns how many.
    @discardableResult
    public func values(run: ProjectionRun, demand: DemandResult?, into out: UnsafeMutableBufferPointer<Double>) -> Int {
        write(run, demand, into: out)
    }

    /// The same in single precision: Monte Carlo workers call this once per draw, straight into their block row.
    @discardableResult
    public func values(run: ProjectionRun, demand: DemandResult?, into out: UnsafeMutableBufferPointer<Float>) -> Int {
        write(run, demand, into: out)
    }

    /// Non-generic entry points above, so callers in other modules get the specialised walk.
    func write<T: BinaryFloatingPoint>(_ run: ProjectionRun, _ demand: DemandResult?, into out: UnsafeMutableBufferPointer<T>) -> Int {
        var v = ValueWriter(out: out)
        Self.walk(run, demand, years, &v)
        return v.count
    }

    /// Receives the series in catalogue order. Generic, so the value writer never builds a key.
    protocol Visitor {
        mutating func visit(_ key: @autoclosure () -> Key, _ value: Double)
    }
    struct KeyCollector: Visitor {
        var keys: [Key] = []
        mutating func visit(_ key: @autoclosure () -> Key, _ value: Double) { keys.append(key()) }
    }
    struct ValueWriter<T: BinaryFloatingPoint>: Visitor {
        let out: UnsafeMutableBufferPointer<T>
        var count = 0
        mutating func visit(_ key: @autoclosure () -> Key, _ value: Double) {
            if count < out.count { out[count] = T(value) }
            count += 1
        }
    }

    /// Visits every series in catalogue order.
    static func walk<V: Visitor>(_ run: ProjectionRun, _ d: DemandResult?, _ only: Set<Int>?, _ emit: inout V) {
        func keep(_ y: Int) -> Bool { only?.contains(y) ?? true }
        let places = run.places.map(\.name) + [allPlaces]
        let np = run.places.count
        let na = ageGroups.count
        // [place or all][age group]: Place rows from the registered cells, the last row summed in Place order.
        var totals = [Double](repeating: 0, count: (np + 1) * na)
        for y in run.years where keep(y) {
            for k in 0..<na { totals[np * na + k] = 0 }
            for pi in 0..<np {
                run.places[pi].withRegistered(y) { cells in
                    for (k, (_, ages)) in ageGroups.enumerated() {
                        let v = PopulationTable.total(cells: cells, ages: ages)
                        totals[pi * na + k] = v
                        totals[np * na + k] += v
                    }
                }
            }
            for (pi, p) in places.enumerated() { for (k, (g, _)) in ageGroups.enumerated() {
                emit.visit(Key(table: .population, fields: [String(y), p, g, "registered"]), totals[pi * na + k])
            } }
        }
        guard let d else { return }
        // "All Places" rows: each series' Place values summed in Place order as they are emitted (as `Series.total`).
        var acc = [Double](repeating: 0, count: max(d.referrals.count, d.conditions.count))
        for (i, y) in d.referralFYs.enumerated() where keep(y) {
            for k in acc.indices { acc[k] = 0 }
            for (pi, p) in places.enumerated() { for k in d.referrals.indices {
                let v: Double
                if pi < np { v = d.referrals[k].value(pi, i); acc[k] += v } else { v = acc[k] }
                emit.visit(Key(table: .referrals, fields: [fyLabel(y), p, d.referrals[k].group, d.referrals[k].name]), v)
            } }
        }
        for (i, y) in d.deathFYs.enumerated() where keep(y) {
            for (pi, p) in places.enumerated() {
                let v = pi < d.deaths.count ? d.deaths[pi][i] : d.totalDeaths(i)
                emit.visit(Key(table: .deaths, fields: [fyLabel(y), p]), v)
            }
        }
        // Staff groups in first-seen order (names repeated in the file share a row); each group's index once, so the
        // loop below compares integers.
        var groups: [String] = []
        let groupOf = d.staffGroups.map { g in
            if let i = groups.firstIndex(of: g) { return i }
            groups.append(g); return groups.count - 1
        }
        let ng = groups.count, npl = d.places.count, nt = d.workforceFYs.count
        let groupLabels = groups + ["All staff groups"]
        // [place or all][group or all] accumulators; each receives its terms in staff group then Place order.
        var req = [Double](repeating: 0, count: (npl + 1) * (ng + 1)), sup = req
        for (t, y) in d.workforceFYs.enumerated() where keep(y) {
            for i in req.indices { req[i] = 0; sup[i] = 0 }
            for (gi, g) in groupOf.enumerated() { for pi in 0..<npl {
                let at = (gi * npl + pi) * nt + t
                let r = d.workforceRequired[at], s = d.workforceSupply[at], row = pi * (ng + 1), all = npl * (ng + 1)
                req[row + g] += r; sup[row + g] += s
                req[row + ng] += r; sup[row + ng] += s
                req[all + g] += r; sup[all + g] += s
                req[all + ng] += r; sup[all + ng] += s
            } }
            for (pi, p) in places.enumerated() {
                for (gi, g) in groupLabels.enumerated() {
                    let cell = min(pi, npl) * (ng + 1) + gi
                    emit.visit(Key(table: .workforce, fields: [fyLabel(y), p, g, "required_fte"]), req[cell])
                    emit.visit(Key(table: .workforce, fields: [fyLabel(y), p, g, "supply_fte"]), sup[cell])
                    emit.visit(Key(table: .workforce, fields: [fyLabel(y), p, g, "gap_fte"]), req[cell] - sup[cell])
                }
            }
        }
        let nft = d.financeFYs.count
        for (t, y) in d.financeFYs.enumerated() where keep(y) {
            for (pi, p) in places.enumerated() {
                var cost = 0.0, alloc = 0.0, budget = 0.0
                for m in 0..<npl where pi == npl || m == pi {
                    cost += d.financeCost[m * nft + t]; alloc += d.financeAllocation[m * nft + t]; budget += d.financeBudget[m * nft + t]
                }
                emit.visit(Key(table: .finance, fields: [fyLabel(y), p, "cost_of_demand_gbp_m"]), cost / 1e6)
                emit.visit(Key(table: .finance, fields: [fyLabel(y), p, "allocation_gbp_m"]), alloc / 1e6)
                emit.visit(Key(table: .finance, fields: [fyLabel(y), p, "gap_gbp_m"]), (cost - budget) / 1e6)
            }
        }
        for (i, y) in d.conditionYears.enumerated() where keep(y) {
            for k in acc.indices { acc[k] = 0 }
            for (pi, p) in places.enumerated() { for k in d.conditions.indices {
                let v: Double
                if pi < np { v = d.conditions[k].value(pi, i); acc[k] += v } else { v = acc[k] }
                emit.visit(Key(table: .conditions, fields: [String(y), p, d.conditions[k].name]), v)
            } }
        }
    }

    /// Indices of the Place rows that the "All Places" rows add up, in catalogue order: every Place row of the tables
    /// whose total is the Place-order sum of its Place rows (population, referrals, deaths, conditions). Workforce and
    /// finance totals are summed in another order (staff group first) or derived (gaps), so they are not among them.
    public var termSeries: [Int] {
        keys.indices.filter { i in
            let k = keys[i]
            return k.fields[1] != Self.allPlaces && [.population, .referrals, .deaths, .conditions].contains(k.table)
        }
    }

    static func fyLabel(_ y: Int) -> String { FinancialYear.label(y) }
}
