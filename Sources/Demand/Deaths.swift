import Demography

/// Deaths among a population over a financial year: central death rates of the year's mortality x people.
public enum Deaths {
    public static func expected(_ p: PopulationTable, survival s: [SurvivalRatios]) -> Double {
        var d = 0.0
        p.values.withUnsafeBufferPointer { v in
            for x in 0..<2 { s[x].mx.withUnsafeBufferPointer { m in for a in 0..<Ages.count { d += m[a] * v[x * Ages.count + a] } } }
        }
        return d
    }
}
