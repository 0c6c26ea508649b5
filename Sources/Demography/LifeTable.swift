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
