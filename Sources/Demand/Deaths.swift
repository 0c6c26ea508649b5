import Demography

/// Deaths among a population over a financial year: central death rates of the year's mortality x people.
public enum Deaths {
    public static func expected(_ p: PopulationTable, survival s: [SurvivalRatios]) -> Double {
        var d = 0.0
        for x in Sex.allCases { let m = s[x.rawValue].mx; for a in Ages.all { d += m[a] * p[x, a] } }
        return d
    }
}
