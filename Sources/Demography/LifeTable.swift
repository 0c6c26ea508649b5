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
        for x in 0..<(n - 1) {
            let d0 = l.0[x] * qx.0[x], d1 = l.1[x] * qx.1[x]
            l.0[x + 1] = l.0[x] - d0; l.1[x + 1] = l.1[x] - d1
            L.0[x] = l.0[x] - (1 - ax.0[x]) * d0; L.1[x] = l.1[x] - (1 - ax.1[x]) * d1
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
        let open = Ages.open
        // Person-years at 91+ and at 90+, each summed from the youngest age up.
        var t91 = 0.0, t90 = 0.0
        for x in (open + 1)..<L.count { t91 += L[x] }
        for x in open..<L.count { t90 += L[x] }
        cohort = [Double](unsafeUninitializedCapacity: Ages.count) { s, count in
            for a in 0..<open { s[a] = L[a + 1] / L[a] }
            s[open] = t91 / t90
            count = Ages.count
        }
        // Open-group rate: deaths over person-years at 90+, i.e. l90 / T90.
        self.mx = [Double](unsafeUninitializedCapacity: Ages.count) { m, count in
            for a in 0..<open { m[a] = mx[a] }
            m[open] = l[open] / t90
            count = Ages.count
        }
        birth = L[0] / l[0]
    }
}

/// Survival for every projection year and both sexes, from a base table and mortality improvement.
public struct MortalitySchedule: Sendable {
    public let firstYear: Int
    /// [yearIndex][sex]
    public let ratios: [[SurvivalRatios]]

    public init(firstYear: Int, ratios: [[SurvivalRatios]]) {
        self.firstYear = firstYear; self.ratios = ratios
    }

    /// Survival for the step from mid-year `year` to `year + 1`.
    public func survival(step year: Int, sex: Sex) -> SurvivalRatios {
        survival(step: year)[sex.rawValue]
    }

    /// Both sexes' survival for the step from `year` (indexed by `Sex.rawValue`).
    public func survival(step year: Int) -> [SurvivalRatios] {
        ratios[min(max(year - firstYear, 0), ratios.count - 1)]
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
        let n = baseQx[0].count
        var out: [[SurvivalRatios]] = []
        out.reserveCapacity(years.count)
        // Per sex: improvement factors, qx, mx, lx, Lx (5 columns of n), both sexes side by side.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 10 * n) { tmp in
            func column(_ sex: Int, _ k: Int) -> UnsafeMutableBufferPointer<Double> {
                UnsafeMutableBufferPointer(rebasing: tmp[((sex * 5 + k) * n)..<((sex * 5 + k + 1) * n)])
            }
            let f = [column(0, 0), column(1, 0)], q = [column(0, 1), column(1, 1)], m = [column(0, 2), column(1, 2)]
            let l = [column(0, 3), column(1, 3)], L = [column(0, 4), column(1, 4)]
            for y in 0..<years.count {
                for sex in 0..<2 {
                    factors(y, sex, f[sex])
                    baseQx[sex].withUnsafeBufferPointer { q0 in baseMx[sex].withUnsafeBufferPointer { m0 in ax[sex].withUnsafeBufferPointer { a in
                        improvedRates(q0: q0, m0: m0, ax: a, factors: UnsafeBufferPointer(f[sex]), scale: mortalityScale, qx: q[sex], mx: m[sex])
                    } } }
                }
                ax[0].withUnsafeBufferPointer { a0 in ax[1].withUnsafeBufferPointer { a1 in
                    LifeTable.columns(qx: (UnsafeBufferPointer(q[0]), UnsafeBufferPointer(q[1])), mx: (UnsafeBufferPointer(m[0]), UnsafeBufferPointer(m[1])),
                                      ax: (a0, a1), lx: (l[0], l[1]), Lx: (L[0], L[1]))
                } }
                out.append((0..<2).map { sex in
                    SurvivalRatios(lx: UnsafeBufferPointer(l[sex]), Lx: UnsafeBufferPointer(L[sex]), mx: UnsafeBufferPointer(m[sex]))
                })
            }
        }
        return MortalitySchedule(firstYear: years.lowerBound, ratios: out)
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
