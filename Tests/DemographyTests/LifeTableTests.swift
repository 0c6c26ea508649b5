import XCTest
@testable import Demography

final class LifeTableTests: XCTestCase {
    /// Constant central death rate m at every age with ax = 0.5: qx = m / (1 + 0.5 m), a stationary population.
    private let m = 0.03
    private var q: Double { m / (1 + 0.5 * m) }  // 0.029556650246...

    private func constantTable(top: Int = 100) -> LifeTable {
        let qx = [Double](repeating: q, count: top + 1), mx = [Double](repeating: m, count: top + 1)
        return LifeTable(qx: qx, mx: mx, ax: LifeTable.separationFactors(qx: qx, mx: mx))
    }

    func testSeparationFactorsOfConstantRateAreOneHalf() {
        let a = LifeTable.separationFactors(qx: [q, q], mx: [m, m])
        for x in a { assertClose(x, 0.5, tol: 1e-12, "ax") }
    }

    func testConstantRateTableColumns() {
        let t = constantTable()
        // lx = (1 - q)^x; Lx = lx - 0.5 dx = lx (1 - 0.5 q); open interval L100 = l100 / m.
        for x in [0, 1, 45, 99] {
            assertClose(t.lx[x], pow(1 - q, Double(x)), tol: 1e-12, "l\(x)")
            assertClose(t.Lx[x], pow(1 - q, Double(x)) * (1 - 0.5 * q), tol: 1e-12, "L\(x)")
        }
        assertClose(t.Lx[100], pow(1 - q, 100) / m, tol: 1e-12, "L100+")
    }

    /// Stationary case: every cohort survives at L(x+1)/L(x) = 1 - q. For the open group, T(x) = l(x) / m at every
    /// age when the rate is constant (sum of l(x)(1 - q)^k (1 - 0.5 q) = l(x)(1 - 0.5 q) / q = l(x) / m), so
    /// T(91)/T(90) = l91/l90 = 1 - q too. Births survive to age 0 at L0/l0 = 1 - 0.5 q.
    func testSurvivalRatiosInStationaryCase() {
        let s = SurvivalRatios(table: constantTable())
        for a in 0..<Ages.open { assertClose(s.cohort[a], 1 - q, tol: 1e-12, "cohort \(a)") }
        assertClose(s.cohort[Ages.open], 1 - q, tol: 1e-12, "open group")
        assertClose(s.birth, 1 - 0.5 * q, tol: 1e-12, "birth")
        for a in Ages.all { assertClose(s.mx[a], m, tol: 1e-12, "mx \(a)") }
    }

    /// Shortest allowed table: ages 0...91, 91 the open interval. Worked by hand:
    /// q0 = 0.02 with a0 = 0.1; q = 0 at 1-88; q89 = 0.1, q90 = 0.2 (a = 0.5); m(91+) = 0.5.
    /// l1...l89 = 0.98, l90 = 0.882, l91 = 0.7056.
    /// L0 = 1 - 0.9 x 0.02 = 0.982; L88 = 0.98; L89 = 0.98 - 0.5 x 0.098 = 0.931; L90 = 0.882 - 0.5 x 0.1764 = 0.7938;
    /// L91+ = 0.7056 / 0.5 = 1.4112. T(91) = 1.4112, T(90) = 2.205.
    func testOpenGroupSurvivalOfShortTableByHand() {
        var qx = [Double](repeating: 0, count: 92), mx = qx, ax = [Double](repeating: 0.5, count: 92)
        qx[0] = 0.02; ax[0] = 0.1; mx[0] = 0.02 / (1 - 0.9 * 0.02)
        qx[89] = 0.1; mx[89] = 0.1 / 0.95
        qx[90] = 0.2; mx[90] = 0.2 / 0.9
        qx[91] = 1; mx[91] = 0.5
        let t = LifeTable(qx: qx, mx: mx, ax: ax)
        assertClose(t.Lx[0], 0.982, tol: 1e-12, "L0")
        assertClose(t.Lx[89], 0.931, tol: 1e-12, "L89")
        assertClose(t.Lx[90], 0.7938, tol: 1e-12, "L90")
        assertClose(t.Lx[91], 1.4112, tol: 1e-12, "L91+")
        assertClose(t.personYears(from: 90), 2.205, tol: 1e-12, "T90")

        let s = SurvivalRatios(table: t)
        assertClose(s.cohort[0], 0.98 / 0.982, tol: 1e-12, "0 -> 1")
        assertClose(s.cohort[1], 1, tol: 1e-12, "1 -> 2")
        assertClose(s.cohort[88], 0.95, tol: 1e-12, "88 -> 89: 0.931 / 0.98")
        assertClose(s.cohort[89], 0.7938 / 0.931, tol: 1e-12, "89 -> 90: L90 / L89")
        assertClose(s.cohort[90], 0.64, tol: 1e-12, "90+ -> 90+: T91 / T90 = 1.4112 / 2.205")
        assertClose(s.birth, 0.982, tol: 1e-12, "births -> age 0: L0 / l0")
        assertClose(s.mx[90], 0.4, tol: 1e-12, "open-group rate l90 / T90 = 0.882 / 2.205")
        assertClose(s.mx[89], 0.1 / 0.95, tol: 1e-12, "single-age rate passed through")
    }

    func testSeparationFactorsInvertTheQxFormula() {
        for a in [0.05, 0.3, 0.5, 0.72, 0.95] {
            for m in [0.001, 0.05, 0.4, 1.5] {
                let q = m / (1 + (1 - a) * m)
                let back = LifeTable.separationFactors(qx: [q], mx: [m])[0]
                assertClose(back, a, tol: 1e-9, "a = \(a), m = \(m)")
            }
        }
    }

    func testSeparationFactorsFallBackToOneHalf() {
        // q = 0 or m = 0: undefined; q = m gives a = 1 (outside (0, 1)); q > m gives a > 1.
        let a = LifeTable.separationFactors(qx: [0, 0.1, 0.1, 0.2], mx: [0.1, 0, 0.1, 0.1])
        XCTAssertEqual(a, [0.5, 0.5, 0.5, 0.5])
    }

    /// MortalitySchedule.build keeps mx consistent with the improved qx through the base ax:
    /// m' = q' / (1 - (1 - a) q'), and survival follows the improved qx.
    func testScheduleAppliesImprovementAndScale() {
        let qx = [Double](repeating: q, count: 101), mx = [Double](repeating: m, count: 101)
        let s = MortalitySchedule.build(baseQx: [qx, qx], baseMx: [mx, mx], years: 2020...2021, mortalityScale: 1) { y, _, _ in
            y == 2020 ? 1 : 0.5
        }
        let y0 = s.survival(step: 2020, sex: .female), y1 = s.survival(step: 2021, sex: .male)
        assertClose(y0.cohort[40], 1 - q, tol: 1e-12, "no improvement in 2020")
        assertClose(y0.mx[40], m, tol: 1e-12, "mx unchanged in 2020")
        let q1 = q / 2
        assertClose(y1.cohort[40], 1 - q1, tol: 1e-12, "qx halved in 2021")
        assertClose(y1.mx[40], q1 / (1 - 0.5 * q1), tol: 1e-12, "mx from the halved qx")
        // A scale of 2 undoes the improvement of 0.5.
        let back = MortalitySchedule.build(baseQx: [qx, qx], baseMx: [mx, mx], years: 2021...2021, mortalityScale: 2) { _, _, _ in 0.5 }
        assertClose(back.survival(step: 2021, sex: .female).cohort[40], 1 - q, tol: 1e-12, "scale 2 x improvement 0.5")
        // qx is capped at 1.
        let capped = MortalitySchedule.build(baseQx: [qx, qx], baseMx: [mx, mx], years: 2021...2021, mortalityScale: 100) { _, _, _ in 1 }
        assertClose(capped.survival(step: 2021, sex: .male).cohort[0], 0, tol: 1e-12, "qx capped at 1: nobody survives from 0 to 1")
    }

    /// The schedule (two ages a step, both sexes' tables interleaved) equals, to the bit, one table at a time built
    /// from the plain formulas: an odd number of ages (a scalar tail), qx pushed over the cap of 1 above 95, and ax = 0 at
    /// those ages so mx = q / (1 - (1 - a) q) divides by zero and falls back to the scaled base mx.
    func testScheduleEqualsOneTableAtATime() {
        let n = 101
        let q0 = (0..<2).map { sex in (0..<n).map { x in 0.0004 * pow(1.08, Double(x)) * (sex == 0 ? 1 : 1.1) } }
        let m0 = q0.map { $0.map { $0 * 1.05 } }
        let ax = (0..<2).map { sex in (0..<n).map { x in x >= 96 ? 0 : 0.3 + 0.002 * Double(x + sex) } }
        let years = 2020...2022, scale = 1.4
        func factor(_ y: Int, _ sex: Int, _ x: Int) -> Double { 1 - 0.01 * Double(y) * (1 + 0.1 * Double(sex)) + 0.0003 * Double(x) }
        let s = MortalitySchedule.build(baseQx: q0, baseMx: m0, ax: ax, years: years, mortalityScale: scale) { y, sex, f in
            for x in 0..<f.count { f[x] = factor(y, sex, x) }
        }
        var fellBack = 0, capped = 0
        for (y, year) in years.enumerated() {
            for sex in Sex.allCases {
                let i = sex.rawValue
                var q = [Double](repeating: 0, count: n), m = q
                for x in 0..<n {
                    let fx = factor(y, i, x) * scale
                    q[x] = min(q0[i][x] * fx, 1)
                    m[x] = q[x] / (1 - (1 - ax[i][x]) * q[x])
                    if !m[x].isFinite || m[x] <= 0 { m[x] = m0[i][x] * fx; fellBack += 1 }
                    if q[x] == 1 { capped += 1 }
                }
                let want = SurvivalRatios(table: LifeTable(qx: q, mx: m, ax: ax[i]))
                XCTAssertEqual(s.survival(step: year, sex: sex), want, "\(sex) \(year)")
            }
        }
        XCTAssertGreaterThan(fellBack, 0, "the fallback path was exercised")
        XCTAssertFalse(s.ratios.joined().contains { $0.cohort.contains { !$0.isFinite } }, "a test of finite tables")
        XCTAssertGreaterThan(capped, 0, "the cap was exercised")
    }

    func testScheduleClampsYearsOutsideItsRange() {
        let a = Make.survival(cohort: 0.9, open: 0.5, birth: 1), b = Make.survival(cohort: 0.8, open: 0.5, birth: 1)
        let s = MortalitySchedule(firstYear: 2020, ratios: [[a, a], [b, b]])
        XCTAssertEqual(s.survival(step: 2010, sex: .female), a, "before the first year: the first year")
        XCTAssertEqual(s.survival(step: 2021, sex: .male), b)
        XCTAssertEqual(s.survival(step: 2050, sex: .male), b, "after the last year: the last year")
    }
}
