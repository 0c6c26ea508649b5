/// Resident -> GP-registered conversion ("list inflation"): registered lists exceed residents because
/// people who have moved away stay on lists for a while, and some non-residents register.
public struct Registration: Sendable, Equatable {
    /// Multiplier per sex/age cell (registered / resident). A uniform factor is the default assumption.
    public var factors: [Double]
    public init(factors: [Double]) {
        precondition(factors.count == Ages.cells)
        self.factors = factors
    }
    public init(uniform f: Double) { self.init(factors: Array(repeating: f, count: Ages.cells)) }

    public func registered(_ resident: PopulationTable) -> PopulationTable {
        var out = resident
        for i in out.values.indices { out.values[i] *= factors[i] }
        return out
    }
}
