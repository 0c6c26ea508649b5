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
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 5 * n) { tmp in
            let f = UnsafeMutableBufferPointer(rebasing: tmp[0..<n]), q = UnsafeMutableBufferPointer(rebasing: tmp[n..<(2 * n)])
            let m = UnsafeMutableBufferPointer(rebasing: tmp[(2 * n)..<(3 * n)])
            let l = UnsafeMutableBufferPointer(rebasing: tmp[(3 * n)..<(4 * n)]), L = UnsafeMutableBufferPointer(rebasing: tmp[(4 * n)..<(5 * n)])
            for y in 0..<years.count {
                var bySex: [SurvivalRatios] = []
                bySex.reserveCapacity(2)
                for sex in 0..<2 {
                    factors(y, sex, f)
                    baseQx[sex].withUnsafeBufferPointer { q0 in baseMx[sex].withUnsafeBufferPointer { m0 in ax[sex].withUnsafeBufferPointer { a in
                        for x in 0..<n {
                            let fx = f[x] * mortalityScale
                            q[x] = min(q0[x] * fx, 1)
                            // Keep mx consistent with the improved qx through the same ax.
                            var mx = q[x] / (1 - (1 - a[x]) * q[x])
                            if !mx.isFinite || mx <= 0 { mx = m0[x] * fx }
                            m[x] = mx
                        }
                        LifeTable.columns(qx: UnsafeBufferPointer(q), mx: UnsafeBufferPointer(m), ax: a, lx: l, Lx: L)
                    } } }
                    bySex.append(SurvivalRatios(lx: UnsafeBufferPointer(l), Lx: UnsafeBufferPointer(L), mx: UnsafeBufferPointer(m)))
                }
                out.append(bySex)
            }
        }
        return MortalitySchedule(firstYear: years.lowerBound, ratios: out)
    }
}
