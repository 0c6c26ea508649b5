/// The engine's checks, a pass of their own after each component of change: every cell is a valid count (not
/// negative, NaN or infinite), and after the year's last component the accounting identity
/// end = start + births - deaths + net migration holds in every cell.
public enum Invariants {
    /// Largest residual of the identity allowed in a cell, relative to max(1, |end|).
    public static let identityTolerance = 1e-6

    /// The index of the first cell that is not a valid count, or nil when every cell is one.
    public static func firstInvalidCount(_ cells: [Double]) -> Int? {
        cells.firstIndex { !($0 >= 0 && $0 < .infinity) }
    }

    /// Whether every cell's residual |end - (start + births - deaths + net migration)| is within
    /// tolerance x max(1, |end|) (a NaN residual is not).
    public static func isBalanced(_ c: ComponentsOfChange, tolerance: Double = identityTolerance) -> Bool {
        let (e, s, b, d, m) = (c.end, c.start, c.births, c.deaths, c.netMigration)
        for i in e.indices {
            let r = e[i] - (s[i] + b[i] - d[i] + m[i])
            if !(abs(r) <= tolerance * max(1, abs(e[i]))) { return false }
        }
        return true
    }

    /// Throws for the first cell that is not a valid count, naming it and the component that made it.
    public static func checkCounts(_ cells: [Double], place: String, year: Int, component: String) throws(ProjectionError) {
        guard let i = firstInvalidCount(cells) else { return }
        throw .negativeCell(place: place, sex: i < Ages.count ? .female : .male, age: i % Ages.count, year: year,
                            component: component, value: cells[i])
    }

    /// Throws when the identity fails, naming the cell whose residual most exceeds its tolerance.
    public static func checkIdentity(_ c: ComponentsOfChange, place: String, tolerance: Double = identityTolerance) throws(ProjectionError) {
        guard !isBalanced(c, tolerance: tolerance) else { return }
        let (worst, residual) = c.worstResidual(tolerance: tolerance)
        throw .identityBroken(place: place, sex: worst < Ages.count ? .female : .male, age: worst % Ages.count,
                              year: c.year, residual: residual)
    }

    /// Both checks of a finished year: valid end counts (named after `component`), then the identity.
    public static func check(_ c: ComponentsOfChange, place: String, component: String) throws(ProjectionError) {
        try checkCounts(c.end, place: place, year: c.year, component: component)
        try checkIdentity(c, place: place)
    }
}
