import Demography
import Scenarios

/// Tidy CSV tables of demand. Financial years are written `2033/34`; values derived from mid-year
/// populations use 0.75 x mid-year y + 0.25 x mid-year y+1. Counts have 3 decimals.
public enum DemandTables {
    public static func referrals(_ d: DemandResult, places: [String]) -> String {
        var csv = CSVBuilder(header: ["fy", "place", "group", "service", "referrals"])
        for (i, y) in d.referralFYs.enumerated() { for (pi, p) in places.enumerated() { for s in d.referrals {
            csv.row([Format.fy(y), p, s.group, s.name, Format.fixed(s.values[pi][i], 3)])
        } } }
        return csv.text
    }

    public static func deaths(_ d: DemandResult, places: [String]) -> String {
        var csv = CSVBuilder(header: ["fy", "place", "deaths"])
        for (i, y) in d.deathFYs.enumerated() { for (pi, p) in places.enumerated() {
            csv.row([Format.fy(y), p, Format.fixed(d.deaths[pi][i], 3)])
        } }
        return csv.text
    }

    /// People on each register at mid-year; prevalence = people / registered patients of the Place.
    public static func conditions(_ d: DemandResult, places: [String]) -> String {
        var csv = CSVBuilder(header: ["year", "place", "condition", "people", "prevalence"])
        for (i, y) in d.conditionYears.enumerated() { for (pi, p) in places.enumerated() { for c in d.conditions {
            let n = c.values[pi][i]
            csv.row([String(y), p, c.name, Format.fixed(n, 3), Format.fixed(n / d.registered[pi][i], 6)])
        } } }
        return csv.text
    }
}
