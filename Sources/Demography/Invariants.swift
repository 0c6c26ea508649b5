/// The engine's checks, a pass of their own after each component of change: every cell is a valid count (not
/// negative, NaN or infinite), and after the year's last component the accounting identity
/// end = start + births - deaths + net migration holds in every cell.
public enum Invariants {
    /// Largest residual of the identity allowed in a cell, relative to max(1, |end|).
    public static let identityTolerance = 1e-6

    /// The index of the first cell that is not a valid count, or nil when every cell is one.
    public static func firstInvalidCount(_ cells: [Double]) -> Int? {
        cells.withUnsafeBufferPointer { allValid($0) } ? nil : cells.firstIndex { !($0 >= 0 && $0 < .infinity) }
    }

    /// Whether every cell's residual |end - (start + births - deaths + net migration)| is within
    /// tolerance x max(1, |end|) (a NaN residual is not).
    public static func isBalanced(_ c: ComponentsOfChange, tolerance: Double = identityTolerance) -> Bool {
        c.withCells { s, b, d, m, e in
            // Nearly always every |residual| is within the tolerance itself, which passes (max(1, |end|) >= 1): that is
            // checked first, over all cells; only otherwise is each cell checked against its own bound.
            largestSquare(s, b, d, m, e) <= tolerance * tolerance
        } || c.end.indices.allSatisfy { c.excess($0, tolerance: tolerance).over <= 0 }
    }

    // The two scans run after every component of every Place-year of every draw, so they are written to be cheap: a
    // few cells a step with independent accumulators, no branch per cell, and `x - x`, whose bits are all clear only when x
    // is finite, to catch NaN and infinity (which compare false with everything).

    /// Whether every value is finite and not negative.
    static func allValid(_ v: UnsafeBufferPointer<Double>) -> Bool {
        var lo = (SIMD2<Double>(repeating: .infinity), SIMD2<Double>(repeating: .infinity))
        var nonFinite = (SIMD2<UInt64>.zero, SIMD2<UInt64>.zero), i = 0
        while i + 4 <= v.count {
            let x = SIMD2(v[i], v[i + 1]), y = SIMD2(v[i + 2], v[i + 3])
            lo.0 = lo.0.replacing(with: x, where: x .< lo.0); lo.1 = lo.1.replacing(with: y, where: y .< lo.1)
            nonFinite.0 |= bits(x - x); nonFinite.1 |= bits(y - y)
            i += 4
        }
        var valid = (nonFinite.0 | nonFinite.1) == .zero && min(lo.0.min(), lo.1.min()) >= 0
        while i < v.count { valid = valid && v[i] >= 0 && v[i] < .infinity; i += 1 }
        return valid
    }

    /// The largest squared residual of the identity over the cells (infinite when any end or residual is NaN or infinite);
    /// cells come in pairs (`Ages.cells` is even).
    static func largestSquare(_ s: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>, _ d: UnsafeBufferPointer<Double>,
                              _ m: UnsafeBufferPointer<Double>, _ e: UnsafeBufferPointer<Double>) -> Double {
        precondition(e.count.isMultiple(of: 2))
        var most = SIMD2<Double>.zero, nonFinite = SIMD2<UInt64>.zero, i = 0
        while i < e.count {
            let x = SIMD2(e[i], e[i + 1])
            let r = x - (SIMD2(s[i], s[i + 1]) + SIMD2(b[i], b[i + 1]) - SIMD2(d[i], d[i + 1]) + SIMD2(m[i], m[i + 1]))
            let r2 = r * r
            most = most.replacing(with: r2, where: r2 .> most)
            nonFinite |= bits((x - x) + (r - r))
            i += 2
        }
        return nonFinite == .zero ? most.max() : .infinity
    }

    @inline(__always) static func bits(_ v: SIMD2<Double>) -> SIMD2<UInt64> { unsafeBitCast(v, to: SIMD2<UInt64>.self) }

    /// Throws for the first cell that is not a valid count, naming it and the component that made it.
    public static func checkCounts(_ cells: [Double], place: String, year: Int, component: String) throws(ProjectionError) {
        guard let i = firstInvalidCount(cells) else { return }
        throw .negativeCell(place: place, sex: i < Ages.count ? .female : .male, age: i % Ages.count, year: year,
                            component: component, value: cells[i])
    }

    /// The same for the cells of ages `ages` of both sexes only (births change only age 0).
    public static func checkCounts(_ cells: [Double], ages: ClosedRange<Int>, place: String, year: Int, component: String) throws(ProjectionError) {
        for sex in Sex.allCases {
            for a in ages where !(cells[Ages.index(sex, a)] >= 0 && cells[Ages.index(sex, a)] < .infinity) {
                throw .negativeCell(place: place, sex: sex, age: a, year: year, component: component, value: cells[Ages.index(sex, a)])
            }
        }
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
