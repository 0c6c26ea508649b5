import Demography

/// Deaths among a population over a financial year: central death rates of the year's mortality x people.
public enum Deaths {
    public static func expected(_ p: PopulationTable, survival s: [SurvivalRatios]) -> Double {
        p.values.withUnsafeBufferPointer { expected(cells: $0, survival: s) }
    }

    /// The same from cells in `PopulationTable` order.
    public static func expected(cells v: UnsafeBufferPointer<Double>, survival s: [SurvivalRatios]) -> Double {
        s[0].mx.withUnsafeBufferPointer { m in dot(m, UnsafeBufferPointer(rebasing: v[0..<Ages.count])) }
            + s[1].mx.withUnsafeBufferPointer { m in dot(m, UnsafeBufferPointer(rebasing: v[Ages.count..<Ages.cells])) }
    }
}
