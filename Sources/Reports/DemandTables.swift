import Demography
import Scenarios
import Demand

/// Tidy CSV tables of demand. Financial years are written `2033/34`; values derived from mid-year
/// populations use 0.75 x mid-year y + 0.25 x mid-year y+1. Counts and GBP m have 3 decimals, shares 6.
/// Every table has "All Places" rows (Place values summed in Place order), as its interval file has.
public enum DemandTables {
    static let all = SeriesCatalog.allPlaces

    public static func referrals(_ d: DemandResult, labels l: RowLabels) -> String {
        var csv = CSVBuilder(header: RowLabels.header("fy", ["group", "service", "referrals"]))
        for (i, y) in d.referralFYs.enumerated() { for (pi, p) in (d.places + [all]).enumerated() { for s in d.referrals {
            csv.row(l.cells(Format.fy(y), p) + [s.group, s.name, Format.fixed(pi < d.places.count ? s.value(pi, i) : s.total(i), 3)])
        } } }
        return csv.text
    }

    public static func deaths(_ d: DemandResult, labels l: RowLabels) -> String {
        var csv = CSVBuilder(header: RowLabels.header("fy", [d.deathsBasis.column]))
        for (i, y) in d.deathFYs.enumerated() { for (pi, p) in (d.places + [all]).enumerated() {
            csv.row(l.cells(Format.fy(y), p) + [Format.fixed(pi < d.places.count ? d.deaths[pi][i] : d.totalDeaths(i), 3)])
        } }
        return csv.text
    }

    /// People on each register at mid-year; prevalence = people / registered patients of the Place (or of all Places).
    public static func conditions(_ d: DemandResult, labels l: RowLabels) -> String {
        var csv = CSVBuilder(header: RowLabels.header("year", ["condition", "people", "prevalence"]))
        for (i, y) in d.conditionYears.enumerated() { for (pi, p) in (d.places + [all]).enumerated() { for c in d.conditions {
            let one = pi < d.places.count
            let n = one ? c.value(pi, i) : c.total(i)
            csv.row(l.cells(String(y), p) + [c.name, Format.fixed(n, 3), Format.fixed(n / (one ? d.registered[pi][i] : d.totalRegistered(i)), 6)])
        } } }
        return csv.text
    }

    /// FTE by financial year, Place and staff group (posts treated as FTE), long like workforce-intervals.csv:
    /// `measure` is required_fte, supply_fte or gap_fte (= required - supply), including "All staff groups".
    public static func workforce(_ d: DemandResult, labels l: RowLabels) -> String {
        var csv = CSVBuilder(header: RowLabels.header("fy", ["staff_group", "measure", "value"]))
        let series = d.workforce
        let groups = series.reduce(into: [String]()) { if !$0.contains($1.staffGroup) { $0.append($1.staffGroup) } }
        for (t, y) in d.workforceFYs.enumerated() { for (pi, p) in (d.places + [all]).enumerated() {
            for g in groups + ["All staff groups"] {
                var req = 0.0, sup = 0.0
                // Staff group then Place order, as the interval rows sum them.
                for w in series where (g == "All staff groups" || w.staffGroup == g) && (pi == d.places.count || w.place == pi) {
                    req += w.required[t]; sup += w.supply[t]
                }
                for (m, v) in [("required_fte", req), ("supply_fte", sup), ("gap_fte", req - sup)] {
                    csv.row(l.cells(Format.fy(y), p) + [g, m, Format.fixed(v, 3)])
                }
            }
        } }
        return csv.text
    }

    /// GBP millions, real terms at base-year prices, long like finance-intervals.csv: `measure` is
    /// cost_of_demand_gbp_m, allocation_gbp_m, budget_at_base_share_gbp_m or gap_gbp_m (= cost - budget).
    public static func finance(_ d: DemandResult, labels l: RowLabels) -> String {
        var csv = CSVBuilder(header: RowLabels.header("fy", ["measure", "value"]))
        let money = d.finance
        for (t, y) in d.financeFYs.enumerated() { for (pi, p) in (d.places + [all]).enumerated() {
            var cost = 0.0, alloc = 0.0, budget = 0.0
            for m in money where pi == d.places.count || m.place == pi {
                cost += m.cost[t]; alloc += m.allocation[t]; budget += m.budgetAtBaseShare[t]
            }
            for (name, v) in [("cost_of_demand_gbp_m", cost), ("allocation_gbp_m", alloc), ("budget_at_base_share_gbp_m", budget),
                              ("gap_gbp_m", cost - budget)] {
                csv.row(l.cells(Format.fy(y), p) + [name, Format.fixed(v / 1e6, 3)])
            }
        } }
        return csv.text
    }
}
