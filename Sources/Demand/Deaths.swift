import Demography

/// Deaths among a population over a financial year: central death rates of the year's mortality x people.
public enum Deaths {
    public static func expected(_ p: PopulationTable, survival s: [SurvivalRatios]) -> Double {
        p.values.withUnsafeBufferPointer { v in (s[0].mx + s[1].mx).withUnsafeBufferPointer { expected(cells: v, mx: $0) } }
    }

    /// The same from cells in `PopulationTable` order, with both sexes' death rates in cell order.
    @inline(__always)
    public static func expected(cells v: UnsafeBufferPointer<Double>, mx m: UnsafeBufferPointer<Double>) -> Double {
        dot(UnsafeBufferPointer(rebasing: m[0..<Ages.count]), UnsafeBufferPointer(rebasing: v[0..<Ages.count]))
            + dot(UnsafeBufferPointer(rebasing: m[Ages.count..<Ages.cells]), UnsafeBufferPointer(rebasing: v[Ages.count..<Ages.cells]))
    }
}
