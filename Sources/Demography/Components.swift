/// Components of change for one Place over one year (mid-year `year - 1` to mid-year `year`), per end cell.
///
/// Cells are indexed by sex and age at the END of the year, so `start` is the cohort that ages into the
/// cell (age a-1 a year earlier; 89 and 90+ both feed 90+; zero for age 0, which is fed by births).
/// The identity end = start + births - deaths + netMigration holds in every cell.
public struct ComponentsOfChange: Sendable, Equatable {
    public private(set) var year: Int
    public var start: [Double]
    public var births: [Double]
    public var deaths: [Double]
    public var netMigration: [Double]
    public var end: [Double]
    /// Set when the year was housing-led.
    public var housing: HousingTarget?
    /// What set the year's net migration: trend, given, net-total or housing-led.
    public var migrationBasis = ""
    /// The part of the year's net migration (all cells) above the trend schedule: the migration a housing-led target
    /// or a given net total added (negative: removed). 0 when the trend or given cells set migration.
    public var migrationAdjustment = 0.0

    public init(year: Int) {
        self.year = year
        let z = [Double](repeating: 0, count: Ages.cells)
        start = z; births = z; deaths = z; netMigration = z; end = z
    }

    /// Starts another year in the same buffers. The components need no clearing: ageing writes every start, death
    /// and end cell, births only the age-0 cells (zero elsewhere from `init`), migration every net migration cell.
    mutating func reset(year: Int) {
        self.year = year
        housing = nil
        migrationBasis = ""
    }

    public static func sum(_ a: [Double]) -> Double { a.withUnsafeBufferPointer { Demography.sum($0) } }
    public var totalStart: Double { Self.sum(start) }
    public var totalBirths: Double { Self.sum(births) }
    public var totalDeaths: Double { Self.sum(deaths) }
    public var totalNetMigration: Double { Self.sum(netMigration) }
    public var totalEnd: Double { Self.sum(end) }

    /// The cell whose residual |end - (start + births - deaths + net migration)| most exceeds its tolerance x
    /// max(1, |end|) (NaN first), with that residual; with tolerance 0, the largest residual.
    public func worstResidual(tolerance: Double) -> (index: Int, residual: Double) {
        var worst = (0, 0.0), most = -Double.infinity
        for i in end.indices {
            let (x, r) = excess(i, tolerance: tolerance)
            if x > most { most = x; worst = (i, r) }
        }
        return worst
    }

    /// The five columns as buffers (start, births, deaths, net migration, end), for the engine's passes over every cell.
    func withCells<T>(_ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>,
                               UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> T) -> T {
        precondition(start.count == end.count && births.count == end.count && deaths.count == end.count && netMigration.count == end.count)
        return start.withUnsafeBufferPointer { s in births.withUnsafeBufferPointer { b in deaths.withUnsafeBufferPointer { d in
            netMigration.withUnsafeBufferPointer { m in end.withUnsafeBufferPointer { e in body(s, b, d, m, e) } }
        } } }
    }

    /// How far cell `i`'s residual is over tolerance x max(1, |end|) (infinite for NaN), and the residual.
    func excess(_ i: Int, tolerance: Double) -> (over: Double, residual: Double) {
        let r = end[i] - (start[i] + births[i] - deaths[i] + netMigration[i])
        return (r.isNaN ? .infinity : abs(r) - tolerance * max(1, abs(end[i])), r)
    }
}
