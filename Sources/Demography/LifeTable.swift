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
        l[0] = 1
        for x in 0..<(n - 1) {
            let d = l[x] * qx[x]
            l[x + 1] = l[x] - d
            L[x] = l[x] - (1 - ax[x]) * d
        }
        L[n - 1] = mx[n - 1] > 0 ? l[n - 1] / mx[n - 1] : 0
        self.qx = qx; self.mx = mx; self.lx = l; self.Lx = L
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
        var s = [Double](repeating: 0, count: Ages.count)
        for a in 0..<(Ages.open - 1) { s[a] = t.Lx[a + 1] / t.Lx[a] }
        s[Ages.open - 1] = t.Lx[Ages.open] / t.Lx[Ages.open - 1]
        s[Ages.open] = t.personYears(from: Ages.open + 1) / t.personYears(from: Ages.open)
        var m = Array(t.mx[0..<Ages.open])
        // Open-group rate: deaths over person-years at 90+, i.e. l90 / T90.
        m.append(t.lx[Ages.open] / t.personYears(from: Ages.open))
        self.init(cohort: s, birth: t.Lx[0] / t.lx[0], mx: m)
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
        let i = min(max(year - firstYear, 0), ratios.count - 1)
        return ratios[i][sex.rawValue]
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
        var out: [[SurvivalRatios]] = []
        out.reserveCapacity(years.count)
        for y in years {
            var bySex: [SurvivalRatios] = []
            for sex in Sex.allCases {
                let q0 = baseQx[sex.rawValue], m0 = baseMx[sex.rawValue], a = ax[sex.rawValue]
                var q = q0, m = m0
                for x in 0..<q0.count {
                    let f = improvement(y, sex, x) * mortalityScale
                    q[x] = min(q0[x] * f, 1)
                    // Keep mx consistent with the improved qx through the same ax.
                    m[x] = q[x] / (1 - (1 - a[x]) * q[x])
                    if !m[x].isFinite || m[x] <= 0 { m[x] = m0[x] * f }
                }
                bySex.append(SurvivalRatios(table: LifeTable(qx: q, mx: m, ax: a)))
            }
            out.append(bySex)
        }
        return MortalitySchedule(firstYear: years.lowerBound, ratios: out)
    }
}
