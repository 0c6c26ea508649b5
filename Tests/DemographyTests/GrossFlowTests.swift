import XCTest
@testable import Demography

/// Gross-flow adjustment (`MigrationSchedule.outRates` set): in-migrants above trend, out-migrants at rates x the
/// population at risk below it.
final class GrossFlowTests: XCTestCase {
    /// Trend +10 at female 20; in-migrant shares 0.25 female 20, 0.75 male 25; out-rates 0.1 at female 20 and
    /// 0.02 at male 80, zero elsewhere.
    private func schedule() -> MigrationSchedule {
        var trend = Make.zeros(), shares = Make.zeros(), rates = Make.zeros()
        trend[Ages.index(.female, 20)] = 10
        shares[Ages.index(.female, 20)] = 0.25
        shares[Ages.index(.male, 25)] = 0.75
        rates[Ages.index(.female, 20)] = 0.1
        rates[Ages.index(.male, 80)] = 0.02
        return MigrationSchedule(trend: trend, adjustmentShares: shares, outRates: rates)
    }

    func testAboveTrendAddsInMigrantsByTheirProfile() {
        var out = Make.zeros()
        schedule().adjust(total: 50, atRisk: Make.zeros(), into: &out)
        // Extra 40: female 20 = 10 + 10, male 25 = 30.
        assertClose(out[Ages.index(.female, 20)], 20, tol: 1e-12, "female 20")
        assertClose(out[Ages.index(.male, 25)], 30, tol: 1e-12, "male 25")
        XCTAssertEqual(out.filter { $0 != 0 }.count, 2, "no other cell changes")
    }

    func testBelowTrendRemovesOutMigrantsByRatesTimesPeopleAtRisk() {
        var p = Make.zeros()
        p[Ages.index(.female, 20)] = 990   // 1000 at risk after the trend's +10
        p[Ages.index(.male, 80)] = 500
        p[Ages.index(.male, 25)] = 700     // rate 0: nobody leaves
        var out = Make.zeros()
        // Total 10 - 6 = 4: six extra leave. Rates x people: 100 : 10, so about 5.45 and 0.55 (a hazard, not exactly linear).
        schedule().adjust(total: 4, atRisk: p, into: &out)
        assertClose(out.reduce(0, +), 4, tol: 1e-9, "total")
        let young = 10 - out[Ages.index(.female, 20)], old = -out[Ages.index(.male, 80)]
        assertClose(young + old, 6, tol: 1e-9, "extra out-migrants")
        // Hazard f x rate: young/old = 1000 (1 - e^(-0.1 f)) / (500 (1 - e^(-0.02 f))), close to 10 for a small f.
        XCTAssertEqual(young / old, 10, accuracy: 0.05, "out-migrants in proportion to rate x people")
        XCTAssertEqual(out[Ages.index(.male, 25)], 0, "a zero rate loses no one")
    }

    func testDeficitNearEveryoneAtRiskNeverEmptiesACellPastZero() {
        var p = Make.zeros()
        p[Ages.index(.female, 20)] = 990
        p[Ages.index(.male, 80)] = 500
        var out = Make.zeros()
        // Everyone at risk is 1,500; the target keeps 1 person: the young cell (higher rate) empties first, never below 0.
        schedule().adjust(total: 10 - 1499, atRisk: p, into: &out)
        let endYoung = p[Ages.index(.female, 20)] + out[Ages.index(.female, 20)], endOld = p[Ages.index(.male, 80)] + out[Ages.index(.male, 80)]
        XCTAssertGreaterThanOrEqual(endYoung, 0); XCTAssertGreaterThanOrEqual(endOld, 0)
        assertClose(endYoung + endOld, 1, tol: 1e-6, "one person left")
        XCTAssertLessThan(endYoung, endOld, "the higher rate empties first")
    }

    /// Property: random populations (some cells empty, some tiny) and random housing targets from 30% to 150% of the
    /// population, through the projector. Every cell balances, none goes negative, and each housing-led year ends on
    /// its target. The seed of any failing case is in the message.
    func testGrossFlowsKeepTheIdentityAndNeverMakeANegativeCell() {
        let masterSeed: UInt64 = 20_261_201
        var below = 0, above = 0
        for k in 0..<300 {
            let seed = masterSeed &+ UInt64(k)
            var g = SplitMix64(seed: seed)
            var base = PopulationTable.zero
            for i in base.values.indices {
                switch g.int(0...9) {
                case 0: base.values[i] = 0
                case 1: base.values[i] = g.uniform(0, 1)
                default: base.values[i] = g.uniform(10, 3000)
                }
            }
            let years = g.int(1...5)
            let ratios: [[SurvivalRatios]] = (0..<years).map { _ in Sex.allCases.map { _ in
                var c = (0..<Ages.count).map { _ in g.uniform(0.9, 0.9999) }
                c[Ages.open] = g.uniform(0.4, 0.9)
                return SurvivalRatios(cohort: c, birth: g.uniform(0.99, 0.999), mx: Array(repeating: 0.01, count: Ages.count))
            } }
            var rates = [Double](repeating: 0, count: Ages.count)
            for a in 15...49 { rates[a] = g.uniform(0.01, 0.1) }
            // Trend: a small inflow everywhere (so no cell is made negative by the trend alone).
            let trend = (0..<Ages.cells).map { _ in g.uniform(0, 15) }
            let w = (0..<Ages.cells).map { _ in g.uniform(0, 1) }
            let outRates = (0..<Ages.cells).map { _ in g.int(0...19) == 0 ? 0 : g.uniform(0.001, 0.3) }
            let schedule = MigrationSchedule(trend: trend, adjustmentShares: w.map { $0 / w.reduce(0, +) }, outRates: outRates)
            let total = base.total
            let rules: [MigrationRule] = (0..<years).map { _ in
                let target = total * g.uniform(0.3, 1.5)
                return .housingLed(HousingTarget(dwellings: target / 2.5, personsPerDwelling: 2.5, communal: 0))
            }
            let input = PlaceInputs(name: "Random", base: base, mortality: MortalitySchedule(firstYear: 2000, ratios: ratios),
                                    fertility: [FertilitySchedule(rates: rates)], sexRatioAtBirth: 1.05, migration: schedule,
                                    migrationRules: rules, registration: Registration(uniform: 1))
            let r: PlaceProjection
            do { r = try Projector.project(input, baseYear: 2000, horizon: 2000 + years) } catch {
                XCTFail("seed \(seed): gross flows threw \(error)"); return
            }
            for (i, c) in r.components.enumerated() {
                guard case .housingLed(let h) = rules[i] else { continue }
                for j in 0..<Ages.cells {
                    let rhs = c.start[j] + c.births[j] - c.deaths[j] + c.netMigration[j]
                    guard abs(c.end[j] - rhs) <= 1e-6 * max(1, abs(c.end[j])), c.end[j] >= 0 else {
                        XCTFail("seed \(seed), year \(c.year), cell \(j): end \(c.end[j]), start + births - deaths + nm = \(rhs)"); return
                    }
                }
                assertClose(c.totalEnd, h.population, tol: 1e-6 * h.population, "seed \(seed), year \(c.year): housing target")
                if c.totalNetMigration < schedule.trendTotal { below += 1 } else { above += 1 }
            }
        }
        // Both branches must be exercised, or the property says little.
        XCTAssertGreaterThan(below, 100, "master seed \(masterSeed): below-trend years")
        XCTAssertGreaterThan(above, 100, "master seed \(masterSeed): above-trend years")
    }

    /// A target below zero cannot be met by people leaving: the engine reports a negative cell, as with the net profile.
    func testATargetBelowZeroIsANegativeCellError() {
        var base = PopulationTable.zero
        for i in base.values.indices { base.values[i] = 100 }
        var rates = Make.zeros(); for i in rates.indices { rates[i] = 0.1 }
        var input = Make.inputs(base: base, mortality: Make.mortality(Make.survival(cohort: 1, open: 1, birth: 1), firstYear: 2000),
                                rules: [.netTotal(-50_000)])
        input.migration = MigrationSchedule(trend: Make.zeros(), adjustmentShares: Make.uniformShares(), outRates: rates)
        XCTAssertThrowsError(try Projector.project(input, baseYear: 2000, horizon: 2001)) { e in
            guard case .negativeCell(_, _, _, 2001, "net migration", let v)? = e as? ProjectionError else {
                return XCTFail("expected a negative cell after net migration, got \(e)")
            }
            XCTAssertLessThan(v, 0)
        }
    }

    /// Without out-rates the schedule is the net profile, bit for bit.
    func testNetProfileIsUnchangedByTheAtRiskPopulation() {
        var trend = Make.zeros(); trend[3] = 5
        let s = MigrationSchedule(trend: trend, adjustmentShares: Make.uniformShares())
        var a = Make.zeros(), b = Make.zeros()
        s.adjust(total: -100, atRisk: (0..<Ages.cells).map(Double.init), into: &a)
        s.distribute(total: -100, into: &b)
        XCTAssertEqual(a, b)
    }
}
