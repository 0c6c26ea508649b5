/// A period life table by single year of age with an open top interval, built from qx.
///
/// Why build it ourselves rather than read lx/Lx: mortality improvement changes qx every year, so the
/// person-years (Lx) that turn mid-year populations into survivors must be recomputed per year.
/// The separation factors ax (share of the year lived by those who die) are taken from the base table
/// (ax = 1 - 1/qx + 1/mx) and held fixed; the open interval uses L = l / m.
public struct LifeTable: Sendable, Equatable {
    public let qx: [Double]
    public let mx: [Double]
    public let lx: [Double]
    /// Person-years lived in each age interval; the last entry is the open interval.
    public let Lx: [Double]

    /// - Parameters: qx and mx for ages 0...top (top is the open interval, whose qx is ignored), ax per age.
    public init(qx: [Double], mx: [Double], ax: [Double]) {
        precondition(qx.count == mx.count && qx.count == ax.count && qx.count >= Ages.count + 1)
        let n = qx.count
        var l = [Double](repeating: 0, count: n)
        var L = [Double](repeating: 0, count: n)
        qx.withUnsafeBufferPointer { q in mx.withUnsafeBufferPointer { m in ax.withUnsafeBufferPointer { a in
            l.withUnsafeMutableBufferPointer { l in L.withUnsafeMutableBufferPointer { L in
                Self.columns(qx: q, mx: m, ax: a, lx: l, Lx: L)
            } }
        } } }
        self.qx = qx; self.mx = mx; self.lx = l; self.Lx = L
    }

    /// lx and Lx into caller buffers (all `qx.count` long): the life table without its allocations, for the
    /// thousands of tables a Monte Carlo run builds.
    @inline(__always)
    static func columns(qx: UnsafeBufferPointer<Double>, mx: UnsafeBufferPointer<Double>, ax: UnsafeBufferPointer<Double>,
                        lx l: UnsafeMutableBufferPointer<Double>, Lx L: UnsafeMutableBufferPointer<Double>) {
        let n = qx.count
        l[0] = 1
        for x in 0..<(n - 1) {
            let d = l[x] * qx[x]
            l[x + 1] = l[x] - d
            L[x] = l[x] - (1 - ax[x]) * d
        }
        L[n - 1] = mx[n - 1] > 0 ? l[n - 1] / mx[n - 1] : 0
    }

    /// Two tables at once (the two sexes of a year): their lx recursions are independent, so interleaving them
    /// overlaps two chains of dependent arithmetic. Each table is computed exactly as by the one-table version.
    @inline(__always)
    static func columns(qx: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>),
                        mx: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>),
                        ax: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>),
                        lx l: (UnsafeMutableBufferPointer<Double>, UnsafeMutableBufferPointer<Double>),
                        Lx L: (UnsafeMutableBufferPointer<Double>, UnsafeMutableBufferPointer<Double>)) {
        let n = qx.0.count
        precondition(qx.1.count == n)
        l.0[0] = 1; l.1[0] = 1
        // lx carried in registers: reading back the value just stored would add a store-to-load delay to each
        // age's step of the chain.
        var l0 = 1.0, l1 = 1.0
        for x in 0..<(n - 1) {
            let d0 = l0 * qx.0[x], d1 = l1 * qx.1[x]
            L.0[x] = l0 - (1 - ax.0[x]) * d0; L.1[x] = l1 - (1 - ax.1[x]) * d1
            l0 = l0 - d0; l1 = l1 - d1
            l.0[x + 1] = l0; l.1[x + 1] = l1
        }
        L.0[n - 1] = mx.0[n - 1] > 0 ? l.0[n - 1] / mx.0[n - 1] : 0
        L.1[n - 1] = mx.1[n - 1] > 0 ? l.1[n - 1] / mx.1[n - 1] : 0
    }

    /// Separation factors implied by a published table's mx and qx (qx = mx / (1 + (1 - ax) mx)).
    public static func separationFactors(qx: [Double], mx: [Double]) -> [Double] {
        zip(qx, mx).map { q, m in
            guard q > 0, m > 0 else { return 0.5 }
            let a = 1 - 1 / q + 1 / m
            return a.isFinite && a > 0 && a < 1 ? a : 0.5
        }
    }

    /// Person-years at ages x and over.
    public func personYears(from x: Int) -> Double { Lx[x...].reduce(0, +) }
}

/// Mid-year to mid-year survival for one sex and one projection year.
///
/// `cohort[a]` carries people aged a at mid-year t to age a+1 at t+1 (a = 0...89: L(a+1)/L(a));
/// `cohort[90]` is the open group: those 90+ at t still alive and 90+ at t+1, T(91)/T(90).
/// `birth` takes births during the year to age 0 at the next mid-year: L0 / l0.
public struct SurvivalRatios: Sendable, Equatable {
    public var cohort: [Double]
    public var birth: Double
    /// Central death rates by single age 0...90 (90 = 90+ from T-weighted person-years), for deaths demand.
    public var mx: [Double]

    public init(cohort: [Double], birth: Double, mx: [Double]) {
        self.cohort = cohort; self.birth = birth; self.mx = mx
    }

    public init(table t: LifeTable) {
        self = t.lx.withUnsafeBufferPointer { l in t.Lx.withUnsafeBufferPointer { L in t.mx.withUnsafeBufferPointer { m in
            SurvivalRatios(lx: l, Lx: L, mx: m)
        } } }
    }

    /// From a life table's columns (ages 0...top, top >= 91).
    init(lx l: UnsafeBufferPointer<Double>, Lx L: UnsafeBufferPointer<Double>, mx: UnsafeBufferPointer<Double>) {
        var c = [Double](repeating: 0, count: Ages.count), m = c
        let b = c.withUnsafeMutableBufferPointer { co in m.withUnsafeMutableBufferPointer { mo in
            Self.fill(lx: l, Lx: L, mx: mx, cohort: co, rates: mo)
        } }
        self.init(cohort: c, birth: b, mx: m)
    }

    /// Cohort survival and death rates (`Ages.count` each) into caller buffers; returns birth survival.
    @inline(__always)
    static func fill(lx l: UnsafeBufferPointer<Double>, Lx L: UnsafeBufferPointer<Double>, mx: UnsafeBufferPointer<Double>,
                     cohort s: UnsafeMutableBufferPointer<Double>, rates m: UnsafeMutableBufferPointer<Double>) -> Double {
        let open = Ages.open
        // Person-years at 91+ and at 90+, each summed from the youngest age up.
        var t91 = 0.0, t90 = 0.0
        for x in (open + 1)..<L.count { t91 += L[x] }
        for x in open..<L.count { t90 += L[x] }
        // Two ages a step: the same divisions, in vector registers.
        var a = 0
        while a + 2 <= open {
            let r = SIMD2(L[a + 1], L[a + 2]) / SIMD2(L[a], L[a + 1])
            s[a] = r[0]; s[a + 1] = r[1]
            a += 2
        }
        while a < open { s[a] = L[a + 1] / L[a]; a += 1 }
        s[open] = t91 / t90
        // Open-group rate: deaths over person-years at 90+, i.e. l90 / T90.
        m.baseAddress!.update(from: mx.baseAddress!, count: open)
        m[open] = l[open] / t90
        return L[0] / l[0]
    }
}

/// Survival for every projection year and both sexes, from a base table and mortality improvement.
///
/// Held flat ([step][sex][age] in one buffer per column), not as a table of `SurvivalRatios`: a Monte Carlo draw
/// builds a schedule of 50 tables, and two arrays per table were a quarter of a draw's heap allocations.
public struct MortalitySchedule: Sendable {
    public let firstYear: Int
    /// Number of step years held (the first and last repeat outside them).
    public let steps: Int
    /// Cohort survival, [step][sex][age], `Ages.count` per sex (see `SurvivalRatios.cohort`).
    @usableFromInline let cohort: [Double]
    /// Central death rates, same layout (see `SurvivalRatios.mx`).
    @usableFromInline let mx: [Double]
    /// Birth survival L0/l0, [step][sex].
    @usableFromInline let birth: [Double]

    public init(firstYear: Int, ratios: [[SurvivalRatios]]) {
        precondition(!ratios.isEmpty && ratios.allSatisfy { $0.count == 2 })
        self.firstYear = firstYear
        steps = ratios.count
        cohort = ratios.flatMap { $0.flatMap(\.cohort) }
        mx = ratios.flatMap { $0.flatMap(\.mx) }
        birth = ratios.flatMap { $0.map(\.birth) }
    }

    init(firstYear: Int, steps: Int, cohort: [Double], mx: [Double], birth: [Double]) {
        self.firstYear = firstYear; self.steps = steps; self.cohort = cohort; self.mx = mx; self.birth = birth
    }

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

    /// Cohort survival and death rates of step `i`, both sexes (`Ages.cells` each, female first), and the two birth
    /// survivals: the engine's view, without copies.
    @inlinable
    public func withStep<T, E: Error>(_ i: Int, _ body: (_ cohort: UnsafeBufferPointer<Double>, _ mx: UnsafeBufferPointer<Double>,
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

    /// The same with separation factors given (they depend only on the base table) and improvement filled a row
    /// at a time: `factors(yearIndex, sex, row)` writes the multiplier on base qx for every age.
    public static func build(baseQx: [[Double]], baseMx: [[Double]], ax: [[Double]], years: ClosedRange<Int>,
                             mortalityScale: Double = 1,
                             factors: (Int, Int, UnsafeMutableBufferPointer<Double>) -> Void) -> MortalitySchedule {
        let n = baseQx[0].count, steps = years.count, cells = Ages.cells
        var cohort = [Double](repeating: 0, count: steps * cells), rates = cohort
        var birth = [Double](repeating: 0, count: 2 * steps)
        // Per sex: improvement factors, qx, mx, lx, Lx (5 columns of n), both sexes side by side.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 10 * n) { tmp in
            func column(_ sex: Int, _ k: Int) -> UnsafeMutableBufferPointer<Double> {
                UnsafeMutableBufferPointer(rebasing: tmp[((sex * 5 + k) * n)..<((sex * 5 + k + 1) * n)])
            }
            let f = (column(0, 0), column(1, 0)), q = (column(0, 1), column(1, 1)), m = (column(0, 2), column(1, 2))
            let l = (column(0, 3), column(1, 3)), L = (column(0, 4), column(1, 4))
            cohort.withUnsafeMutableBufferPointer { co in rates.withUnsafeMutableBufferPointer { ro in
            baseQx[0].withUnsafeBufferPointer { q00 in baseQx[1].withUnsafeBufferPointer { q01 in
            baseMx[0].withUnsafeBufferPointer { m00 in baseMx[1].withUnsafeBufferPointer { m01 in
            ax[0].withUnsafeBufferPointer { a0 in ax[1].withUnsafeBufferPointer { a1 in
                for y in 0..<steps {
                    factors(y, 0, f.0)
                    improvedRates(q0: q00, m0: m00, ax: a0, factors: UnsafeBufferPointer(f.0), scale: mortalityScale, qx: q.0, mx: m.0)
                    factors(y, 1, f.1)
                    improvedRates(q0: q01, m0: m01, ax: a1, factors: UnsafeBufferPointer(f.1), scale: mortalityScale, qx: q.1, mx: m.1)
                    LifeTable.columns(qx: (UnsafeBufferPointer(q.0), UnsafeBufferPointer(q.1)), mx: (UnsafeBufferPointer(m.0), UnsafeBufferPointer(m.1)),
                                      ax: (a0, a1), lx: l, Lx: L)
                    func ratios(_ sex: Int, _ ls: UnsafeMutableBufferPointer<Double>, _ Ls: UnsafeMutableBufferPointer<Double>,
                                _ ms: UnsafeMutableBufferPointer<Double>) {
                        let at = y * cells + sex * Ages.count
                        birth[2 * y + sex] = SurvivalRatios.fill(lx: UnsafeBufferPointer(ls), Lx: UnsafeBufferPointer(Ls), mx: UnsafeBufferPointer(ms),
                                                                 cohort: UnsafeMutableBufferPointer(rebasing: co[at..<(at + Ages.count)]),
                                                                 rates: UnsafeMutableBufferPointer(rebasing: ro[at..<(at + Ages.count)]))
                    }
                    ratios(0, l.0, L.0, m.0)
                    ratios(1, l.1, L.1, m.1)
                }
            } } } } } }
            } }
        }
        return MortalitySchedule(firstYear: years.lowerBound, steps: steps, cohort: cohort, mx: rates, birth: birth)
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
