/// A Place's projected resident population for every mid-year, with the components of each year's change.
///
/// Populations are held flat ([mid-year][cell] in one buffer), not as a table per year: Monte Carlo builds
/// thousands of projections, and per-year tables were most of a draw's heap allocations.
public struct PlaceProjection: Sendable {
    public let name: String
    public let baseYear: Int
    /// Mid-years held, from the base year.
    public let count: Int
    /// Resident population, [mid-year from the base][cell].
    public let residentCells: [Double]
    /// GP-registered population, same layout (computed once: demand reads it many times).
    public let registeredCells: [Double]
    /// components[i] is the change into mid-year baseYear + i + 1.
    public let components: [ComponentsOfChange]
    public let registration: Registration
    /// The mortality the projection used (for deaths demand on the registered population).
    public let mortality: MortalitySchedule

    init(name: String, baseYear: Int, residentCells: [Double], registeredCells: [Double], components: [ComponentsOfChange],
         registration: Registration, mortality: MortalitySchedule) {
        precondition(registeredCells.count == residentCells.count)
        self.name = name; self.baseYear = baseYear; self.residentCells = residentCells; self.registeredCells = registeredCells
        self.components = components; self.registration = registration; self.mortality = mortality
        count = residentCells.count / Ages.cells
    }

    public var years: ClosedRange<Int> { baseYear...(baseYear + count - 1) }
    /// Resident populations per mid-year from the base (copies: for reports and tests, not loops).
    public var populations: [PopulationTable] { (0..<count).map { table(residentCells, $0) } }
    public func resident(_ year: Int) -> PopulationTable { table(residentCells, year - baseYear) }
    public func registered(_ year: Int) -> PopulationTable { table(registeredCells, year - baseYear) }

    /// The registered cells of mid-year `year`, without a copy (for cohort's own modules: not public API).
    @inlinable
    package func withRegistered<T>(_ year: Int, _ body: (UnsafeBufferPointer<Double>) -> T) -> T {
        let at = (year - baseYear) * Ages.cells
        precondition(at >= 0 && at + Ages.cells <= registeredCells.count, "mid-year \(year) is outside the projection")
        return registeredCells.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[at..<(at + Ages.cells)])) }
    }

    /// The registered cells of consecutive mid-years, one `Ages.cells` block a year, without a copy.
    @inlinable
    package func withRegistered<T>(years: ClosedRange<Int>, _ body: (UnsafeBufferPointer<Double>) -> T) -> T {
        let at = (years.lowerBound - baseYear) * Ages.cells, end = (years.upperBound + 1 - baseYear) * Ages.cells
        precondition(at >= 0 && end <= registeredCells.count, "mid-years \(years) are outside the projection")
        return registeredCells.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[at..<end])) }
    }

    private func table(_ cells: [Double], _ i: Int) -> PopulationTable {
        PopulationTable(values: Array(cells[(i * Ages.cells)..<((i + 1) * Ages.cells)]))
    }
}

/// The buffers one Place's projection writes, kept for the next projection (a Monte Carlo worker projects the same
/// Places draw after draw). Reuse is by copy-on-write: once the previous projection has been released, its buffers
/// are written in place; while it is still held, they are copied, so a kept projection never changes.
public struct ProjectionBuffers: Sendable {
    var resident: [Double] = []
    var registered: [Double] = []
    /// The year's components (see `ComponentsOfChange.reset` for why they need no clearing between years).
    var components = ComponentsOfChange(year: 0)
    /// Fertility rates x the draw's level.
    var rates = [Double](repeating: 0, count: Ages.count)
    public init() {}

    /// Room for `years` mid-years of cells (new buffers only when the size changes).
    mutating func prepare(years: Int) {
        let n = years * Ages.cells
        if resident.count != n { resident = unfilledDoubles(n); registered = unfilledDoubles(n) }
    }
}
