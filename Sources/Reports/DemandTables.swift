import Demography
import Scenarios

/// Tidy CSV tables of demand. Financial years are written `2033/34`; values derived from mid-year
/// populations use 0.75 x mid-year y + 0.25 x mid-year y+1. Counts have 3 decimals.
public enum DemandTables {
    public static func referrals(_ d: DemandResult, places: [String]) -> String {
        var csv = CSVBuilder(header: ["fy", "place", "group", "service", "referrals"])
        for (i, y) in d.referralFYs.enumerated() { for (pi, p) in places.enumerated() { for s in d.referrals {
            csv.row([Format.fy(y), p, s.group, s.name, Format.fixed(s.value(pi, i), 3)])
        } } }
        return csv.text
    }

    public static func deaths(_ d: DemandResult, places: [String]) -> String {
        var csv = CSVBuilder(header: ["fy", "place", d.deathsBasis.column])
        for (i, y) in d.deathFYs.enumerated() { for (pi, p) in places.enumerated() {
            csv.row([Format.fy(y), p, Format.fixed(d.deaths[pi][i], 3)])
        } }
        return csv.text
    }

    /// People on each register at mid-year; prevalence = people / registered patients of the Place.
    public static func conditions(_ d: DemandResult, places: [String]) -> String {
        var csv = CSVBuilder(header: ["year", "place", "condition", "people", "prevalence"])
        for (i, y) in d.conditionYears.enumerated() { for (pi, p) in places.enumerated() { for c in d.conditions {
            let n = c.value(pi, i)
            csv.row([String(y), p, c.name, Format.fixed(n, 3), Format.fixed(n / d.registered[pi][i], 6)])
        } } }
        return csv.text
    }

    /// FTE by financial year, Place and staff group (posts treated as FTE); gap = required - supply.
    public static func workforce(_ d: DemandResult) -> String {
        var csv = CSVBuilder(header: ["fy", "place", "staff_group", "required_fte", "supply_fte", "gap_fte"])
        for (t, y) in d.workforceFYs.enumerated() { for w in d.workforce {
            csv.row([Format.fy(y), d.places[w.place], w.staffGroup, Format.fixed(w.required[t], 3), Format.fixed(w.supply[t], 3),
                     Format.fixed(w.required[t] - w.supply[t], 3)])
        } }
        return csv.text
    }

    /// GBP millions, real terms at base-year prices.
    public static func finance(_ d: DemandResult) -> String {
        var csv = CSVBuilder(header: ["fy", "place", "cost_of_demand_gbp_m", "allocation_gbp_m", "budget_at_base_share_gbp_m", "gap_gbp_m"])
        for (t, y) in d.financeFYs.enumerated() { for m in d.finance {
            csv.row([Format.fy(y), d.places[m.place], Format.fixed(m.cost[t] / 1e6, 6), Format.fixed(m.allocation[t] / 1e6, 6),
                     Format.fixed(m.budgetAtBaseShare[t] / 1e6, 6), Format.fixed((m.cost[t] - m.budgetAtBaseShare[t]) / 1e6, 6)])
        } }
        return csv.text
    }
}
