import Demography
import Scenarios

/// Tidy CSV tables of demand. Financial years are written `2033/34`; values derived from mid-year
/// populations use 0.75 x mid-year y + 0.25 x mid-year y+1. Counts have 3 decimals.
public enum DemandTables {
    public static func referrals(_ d: DemandResult, places: [String]) -> String {
        var csv = CSVBuilder(header: ["fy", "place", "group", "service", "referrals"])
        for (i, y) in d.referralFYs.enumerated() { for p in places { for s in d.referrals {
            csv.row([Format.fy(y), p, s.group, s.name, Format.fixed(s.values[p]![i], 3)])
        } } }
        return csv.text
    }

    public static func deaths(_ d: DemandResult, places: [String]) -> String {
        var csv = CSVBuilder(header: ["fy", "place", "deaths"])
        for (i, y) in d.deathFYs.enumerated() { for p in places {
            csv.row([Format.fy(y), p, Format.fixed(d.deaths[p]![i], 3)])
        } }
        return csv.text
    }

    /// People on each register at mid-year; prevalence = people / registered patients of the Place.
    public static func conditions(_ d: DemandResult, places: [String]) -> String {
        var csv = CSVBuilder(header: ["year", "place", "condition", "people", "prevalence"])
        for (i, y) in d.conditionYears.enumerated() { for p in places { for c in d.conditions {
            let n = c.values[p]![i]
            csv.row([String(y), p, c.name, Format.fixed(n, 3), Format.fixed(n / d.registered[p]![i], 6)])
        } } }
        return csv.text
    }
}
