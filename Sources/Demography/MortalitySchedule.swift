/// Survival for every projection year and both sexes, from a base table and mortality improvement.
///
/// Held flat ([step][sex][age] in one buffer per column), not as a table of `SurvivalRatios`: a Monte Carlo draw
/// builds a schedule of 50 tables, and two arrays per table were a quarter of a draw's heap allocations.
public struct MortalitySchedule: Sendable {
    public private(set) var firstYear: Int
    /// Number of step years held (the first and last repeat outside them).
    public private(set) var steps: Int
    /// Cohort survival, [step][sex][age], `Ages.count` per sex (see `SurvivalRatios.cohort`).
    @usableFromInline private(set) var cohort: [Double]
    /// Central death rates, same layout (see `SurvivalRatios.mx`).
    @usableFromInline private(set) var mx: [Double]
    /// Birth survival L0/l0, [step][sex].
    @usableFromInline private(set) var birth: [Double]

    public init(firstYear: Int, ratios: [[SurvivalRatios]]) {
        precondition(!ratios.isEmpty && ratios.allSatisfy { $0.count == 2 })
        self.firstYear = firstYear
        steps = ratios.count
        cohort = ratios.flatMap { $0.flatMap(\.cohort) }
        mx = ratios.flatMap { $0.flatMap(\.mx) }
        birth = ratios.flatMap { $0.map(\.birth) }
    }

    /// An empty schedule, for `rebuild` to fill.
    public init() { firstYear = 0; steps = 0; cohort = []; mx = []; birth = [] }

    /// Per step year, both sexes (copies: for reports and tests, not loops).
    public var ratios: [[SurvivalRatios]] { (0..<steps).map { i in [ratios(i, 0), ratios(i, 1)] } }

    func ratios(_ i: Int, _ sex: Int) -> SurvivalRatios {
        let at = (i * 2 + sex) * Ages.count
        return SurvivalRatios(cohort: Array(cohort[at..<(at + Ages.count)]), birth: birth[i * 2 + sex], mx: Array(mx[at..<(at + Ages.count)]))
    }

    /// Index of the step from mid-year `year` to `year + 1` (clamped to the years held).
    @inlinable public func step(_ year: Int) -> Int { min(max(year - firstYear, 0), steps - 1) }

    /// Survival for the step from mid-year `year` to `year + 1`.
    public func survival(step year: Int, sex: Sex) -> SurvivalRatios { ratios(step(year), sex.rawValue) }

    /// Both sexes' survival for the step from `year` (indexed by `Sex.rawValue`).
    public func survival(step year: Int) -> [SurvivalRatios] { [survival(step: year, sex: .female), survival(step: year, sex: .male)] }

    /// Birth survival (female, male) of step `i`.
    func birthSurvival(_ i: Int) -> (female: Double, male: Double) { (birth[2 * i], birth[2 * i + 1]) }

    /// Cohort survival and death rates of step `i`, both sexes (`Ages.cells` each, female first), and the two birth
    /// survivals: the engine's view, without copies (for cohort's own modules: not public API).
    @inlinable
    package func withStep<T, E: Error>(_ i: Int, _ body: (_ cohort: UnsafeBufferPointer<Double>, _ mx: UnsafeBufferPointer<Double>,
                                                           _ birth: (female: Double, male: Double)) throws(E) -> T) throws(E) -> T {
        let at = i * Ages.cells
        precondition(i >= 0 && i < steps)
        return try cohort.withUnsafeBufferPointer { (c) throws(E) in try mx.withUnsafeBufferPointer { (m) throws(E) in
            try body(UnsafeBufferPointer(rebasing: c[at..<(at + Ages.cells)]), UnsafeBufferPointer(rebasing: m[at..<(at + Ages.cells)]),
                     (birth[2 * i], birth[2 * i + 1]))
        } }
    }

    /// Builds the schedule: qx(t) = qx_base x improvement(t) x scale, where improvement is the ratio of projected
    /// period qx in year t to the base table's central year.
    /// - Parameters:
    ///   - baseQx, baseMx: [sex][age 0...top] of the base life table.
    ///   - improvement: (step year, sex, age) -> multiplier on base qx (1 = no change).
    ///   - mortalityScale: a level multiplier on all rates (1 = base), for scenarios and uncertainty.
    public static func build(baseQx: [[Double]], baseMx: [[Double]], years: ClosedRange<Int>,
                             mortalityScale: Double = 1,
                             improvement: (Int, Sex, Int) -> Double) -> MortalitySchedule {
        let ax = Sex.allCases.map { LifeTable.separationFactors(qx: baseQx[$0.rawValue], mx: baseMx[$0.rawValue]) }
        return build(baseQx: baseQx, baseMx: baseMx, ax: ax, years: years, mortalityScale: mortalityScale) { y, sex, f in
            for x in 0..<f.count { f[x] = improvement(years.lowerBound + y, Sex(rawValue: sex)!, x) }
        }
    }

    /// The same with separation factors given and improvement filled a row at a time (see `rebuild`).
    package static func build(baseQx: [[Double]], baseMx: [[Double]], ax: [[Double]], years: ClosedRange<Int>,
                              mortalityScale: Double = 1,
                              factors: (Int, Int, UnsafeMutableBufferPointer<Double>) -> Void) -> MortalitySchedule {
        var s = MortalitySchedule()
        s.rebuild(baseQx: baseQx, baseMx: baseMx, ax: ax, years: years, mortalityScale: mortalityScale, factors: factors)
        return s
    }

    /// Fills the schedule in place (its buffers are reused when they fit and no copy of the schedule is held), with
    /// separation factors given (they depend only on the base table) and improvement filled a row at a time:
    /// `factors(yearIndex, sex, row)` writes the multiplier on base qx for every age. Each year, both sexes:
    /// improved rates (`LifeTableColumns.improve`), the life tables (`LifeTable.columns`), then the survival ratios
    /// (`SurvivalRatios.fill`).
    package mutating func rebuild(baseQx: [[Double]], baseMx: [[Double]], ax: [[Double]], years: ClosedRange<Int>,
                                  mortalityScale: Double = 1,
                                  factors: (Int, Int, UnsafeMutableBufferPointer<Double>) -> Void) {
        let n = baseQx[0].count, steps = years.count, cells = Ages.cells
        firstYear = years.lowerBound
        self.steps = steps
        if cohort.count != steps * cells {
            cohort = [Double](repeating: 0, count: steps * cells); mx = cohort; birth = [Double](repeating: 0, count: 2 * steps)
        }
        // The columns are taken out while they are written, so each has one owner and is written in place.
        var (co, ro, bi) = (cohort, mx, birth)
        (cohort, mx, birth) = ([], [], [])
        withUnsafeTemporaryAllocation(of: Double.self, capacity: LifeTableColumns.count * n) { tmp in
            let t = LifeTableColumns(tmp, ages: n, baseQx: baseQx, baseMx: baseMx, ax: ax)
            co.withUnsafeMutableBufferPointer { co in ro.withUnsafeMutableBufferPointer { ro in
                for y in 0..<steps {
                    for sex in 0..<2 {
                        factors(y, sex, t.column(.factors, sex))
                        t.improve(sex, scale: mortalityScale)
                    }
                    t.lifeTables()
                    for sex in 0..<2 {
                        let at = y * cells + sex * Ages.count
                        bi[2 * y + sex] = t.survival(sex, cohort: UnsafeMutableBufferPointer(rebasing: co[at..<(at + Ages.count)]),
                                                     rates: UnsafeMutableBufferPointer(rebasing: ro[at..<(at + Ages.count)]))
                    }
                }
            } }
        }
        (cohort, mx, birth) = (co, ro, bi)
    }

    /// qx = min(base qx x factor x scale, 1), and mx consistent with it through the base table's ax (falling back to
    /// base mx x factor x scale where that is not a positive finite rate). Two ages a step, without branches: the
    /// divisions are the cost of a Monte Carlo draw's 50 life tables.
    @inline(__always)
    static func improvedRates(q0: UnsafeBufferPointer<Double>, m0: UnsafeBufferPointer<Double>, ax a: UnsafeBufferPointer<Double>,
                              factors f: UnsafeBufferPointer<Double>, scale: Double,
                              qx q: UnsafeMutableBufferPointer<Double>, mx m: UnsafeMutableBufferPointer<Double>) {
        let n = q0.count
        var x = 0
        while x + 2 <= n {
            let fx = SIMD2(f[x], f[x + 1]) * scale
            var qv = SIMD2(q0[x], q0[x + 1]) * fx
            qv.replace(with: 1, where: SIMD2(repeating: 1) .< qv)
            var mv = qv / (1 - (1 - SIMD2(a[x], a[x + 1])) * qv)
            // Not finite (x - x is 0 only for finite x) or not positive: the base rate scaled instead.
            let bad = .!(mv - mv .== 0) .| (mv .<= 0)
            mv.replace(with: SIMD2(m0[x], m0[x + 1]) * fx, where: bad)
            q[x] = qv[0]; q[x + 1] = qv[1]; m[x] = mv[0]; m[x + 1] = mv[1]
            x += 2
        }
        while x < n {
            let fx = f[x] * scale
            q[x] = min(q0[x] * fx, 1)
            var mx = q[x] / (1 - (1 - a[x]) * q[x])
            if !mx.isFinite || mx <= 0 { mx = m0[x] * fx }
            m[x] = mx
            x += 1
        }
    }
}

/// The columns of one year's two life tables (female, male) while a schedule is built, in one scratch buffer: the
/// base table (qx, mx, ax), then per year the improvement factors, the improved qx and mx, and lx and Lx.
struct LifeTableColumns {
    enum Column: Int, CaseIterable { case baseQx, baseMx, ax, factors, qx, mx, lx, Lx }
    static let count = 2 * Column.allCases.count
    let tmp: UnsafeMutableBufferPointer<Double>
    let n: Int

    init(_ tmp: UnsafeMutableBufferPointer<Double>, ages n: Int, baseQx: [[Double]], baseMx: [[Double]], ax: [[Double]]) {
        self.tmp = tmp; self.n = n
        for sex in 0..<2 {
            _ = column(.baseQx, sex).update(fromContentsOf: baseQx[sex])
            _ = column(.baseMx, sex).update(fromContentsOf: baseMx[sex])
            _ = column(.ax, sex).update(fromContentsOf: ax[sex])
        }
    }

    func column(_ c: Column, _ sex: Int) -> UnsafeMutableBufferPointer<Double> {
        let k = 2 * c.rawValue + sex
        return UnsafeMutableBufferPointer(rebasing: tmp[(k * n)..<((k + 1) * n)])
    }
    func read(_ c: Column, _ sex: Int) -> UnsafeBufferPointer<Double> { UnsafeBufferPointer(column(c, sex)) }

    /// Step 1: the year's qx and mx of one sex from the base table, its improvement factors and the level.
    func improve(_ sex: Int, scale: Double) {
        MortalitySchedule.improvedRates(q0: read(.baseQx, sex), m0: read(.baseMx, sex), ax: read(.ax, sex), factors: read(.factors, sex),
                                        scale: scale, qx: column(.qx, sex), mx: column(.mx, sex))
    }

    /// Step 2: lx and Lx of both sexes' tables (interleaved: see `LifeTable.columns`).
    func lifeTables() {
        LifeTable.columns(qx: (read(.qx, 0), read(.qx, 1)), mx: (read(.mx, 0), read(.mx, 1)), ax: (read(.ax, 0), read(.ax, 1)),
                          lx: (column(.lx, 0), column(.lx, 1)), Lx: (column(.Lx, 0), column(.Lx, 1)))
    }

    /// Step 3: one sex's cohort survival and death rates into a schedule row; returns its birth survival.
    func survival(_ sex: Int, cohort: UnsafeMutableBufferPointer<Double>, rates: UnsafeMutableBufferPointer<Double>) -> Double {
        SurvivalRatios.fill(lx: read(.lx, sex), Lx: read(.Lx, sex), mx: read(.mx, sex), cohort: cohort, rates: rates)
    }
}
