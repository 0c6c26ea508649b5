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
        PopulationTable(values: [Double](unsafeUninitializedCapacity: Ages.cells) { out, count in
            resident.values.withUnsafeBufferPointer { registered(cells: $0, into: out) }
            count = Ages.cells
        })
    }

    /// The same from a table's cells into a caller buffer (both `Ages.cells` long).
    func registered(cells r: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        factors.withUnsafeBufferPointer { f in for i in 0..<Ages.cells { out[i] = r[i] * f[i] } }
    }
}
