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

    public init(run: ProjectionRun, demand: DemandResult?) {
        var k: [Key] = []
        Self.walk(run, demand) { key, _ in k.append(key()) }
        keys = k
    }

    public func values(run: ProjectionRun, demand: DemandResult?) -> [Double] {
        var v: [Double] = []
        v.reserveCapacity(keys.count)
        Self.walk(run, demand) { _, x in v.append(x) }
        return v
    }

    /// Visits every series in catalogue order; `key` is only built when asked (extraction skips it).
    static func walk(_ run: ProjectionRun, _ d: DemandResult?, _ emit: (() -> Key, Double) -> Void) {
        let places = run.places.map(\.name) + [allPlaces]
        var sums = [Double](repeating: 0, count: ageGroups.count)
        for y in run.years {
            for k in sums.indices { sums[k] = 0 }
            for (pi, p) in places.enumerated() {
                for (k, (g, ages)) in ageGroups.enumerated() {
                    let v: Double
                    if pi < run.places.count { v = run.places[pi].registered(y).total(ages: ages); sums[k] += v } else { v = sums[k] }
                    emit({ Key(table: .population, fields: [String(y), p, g, "registered"]) }, v)
                }
            }
        }
        guard let d else { return }
        for (i, y) in d.referralFYs.enumerated() {
            for (pi, p) in places.enumerated() { for s in d.referrals {
                let v = pi < s.values.count ? s.values[pi][i] : s.total(i)
                emit({ Key(table: .referrals, fields: [fyLabel(y), p, s.group, s.name]) }, v)
            } }
        }
        for (i, y) in d.deathFYs.enumerated() {
            for (pi, p) in places.enumerated() {
                let v = pi < d.deaths.count ? d.deaths[pi][i] : d.totalDeaths(i)
                emit({ Key(table: .deaths, fields: [fyLabel(y), p]) }, v)
            }
        }
        let np = d.places.count
        let groups = d.workforce.reduce(into: [String]()) { if !$0.contains($1.staffGroup) { $0.append($1.staffGroup) } }
        for (t, y) in d.workforceFYs.enumerated() {
            for (pi, p) in places.enumerated() {
                for (gi, g) in (groups + ["All staff groups"]).enumerated() {
                    var req = 0.0, sup = 0.0
                    for w in d.workforce where (gi == groups.count || w.staffGroup == g) && (pi == np || w.place == pi) {
                        req += w.required[t]; sup += w.supply[t]
                    }
                    emit({ Key(table: .workforce, fields: [fyLabel(y), p, g, "required_fte"]) }, req)
                    emit({ Key(table: .workforce, fields: [fyLabel(y), p, g, "supply_fte"]) }, sup)
                    emit({ Key(table: .workforce, fields: [fyLabel(y), p, g, "gap_fte"]) }, req - sup)
                }
            }
        }
        for (t, y) in d.financeFYs.enumerated() {
            for (pi, p) in places.enumerated() {
                var cost = 0.0, alloc = 0.0, budget = 0.0
                for m in d.finance where pi == np || m.place == pi { cost += m.cost[t]; alloc += m.allocation[t]; budget += m.budgetAtBaseShare[t] }
                emit({ Key(table: .finance, fields: [fyLabel(y), p, "cost_of_demand_gbp_m"]) }, cost / 1e6)
                emit({ Key(table: .finance, fields: [fyLabel(y), p, "allocation_gbp_m"]) }, alloc / 1e6)
                emit({ Key(table: .finance, fields: [fyLabel(y), p, "gap_gbp_m"]) }, (cost - budget) / 1e6)
            }
        }
        for (i, y) in d.conditionYears.enumerated() {
            for (pi, p) in places.enumerated() { for c in d.conditions {
                let v = pi < c.values.count ? c.values[pi][i] : c.total(i)
                emit({ Key(table: .conditions, fields: [String(y), p, c.name]) }, v)
            } }
        }
    }

    static func fyLabel(_ y: Int) -> String { FinancialYear.label(y) }
}
