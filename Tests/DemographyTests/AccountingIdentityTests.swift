import XCTest
@testable import Demography

/// Property test: random small but valid inputs (seeded; the seed is in every failure message) through the
/// projector. Every cell of every year must satisfy end = start + births - deaths + net migration, no cell may
/// be negative, and each year's end must be the next year's population.
final class AccountingIdentityTests: XCTestCase {
    static let cases = 200

    /// Inputs built so that no cell can go negative within 4 years: cells 1000-2000, survival >= 0.95,
    /// net migration per cell at most a few dozen people a year.
    static func randomInputs(_ g: inout SplitMix64) -> (PlaceInputs, years: Int) {
        var p = PopulationTable.zero
        for i in p.values.indices { p.values[i] = g.uniform(1000, 2000) }
        let years = g.int(1...4)
        var ratios: [[SurvivalRatios]] = []
        for _ in 0..<years {
            ratios.append(Sex.allCases.map { _ in
                var c = (0..<Ages.count).map { _ in g.uniform(0.95, 0.9999) }
                c[Ages.open] = g.uniform(0.5, 0.9)
                return SurvivalRatios(cohort: c, birth: g.uniform(0.99, 0.999), mx: Array(repeating: 0.01, count: Ages.count))
            })
        }
        let fertility = (0..<g.int(1...years)).map { _ in
            var r = [Double](repeating: 0, count: Ages.count)
            for a in 15...49 { r[a] = g.uniform(0.01, 0.1) }
            return FertilitySchedule(rates: r)
        }
        let trend = (0..<Ages.cells).map { _ in g.uniform(-5, 20) }
        let w = (0..<Ages.cells).map { _ in g.uniform(0.5, 1.5) }
        let shares = w.map { $0 / w.reduce(0, +) }
        let total = p.total
        let trendTotal = trend.reduce(0, +)
        let rules: [MigrationRule] = (0..<years).map { step in
            switch g.int(0...3) {
            case 0: return .trend
            case 1: return .cells((0..<Ages.cells).map { _ in g.uniform(-10, 10) })
            case 2: return .netTotal(trendTotal + g.uniform(-0.02, 0.02) * total)
            default:
                let target = total * (1 + 0.005 * Double(step)) * g.uniform(0.99, 1.01)
                let ppd = g.uniform(2, 3)
                let communal = g.uniform(0, 0.02) * target
                return .housingLed(HousingTarget(dwellings: (target - communal) / ppd, personsPerDwelling: ppd, communal: communal))
            }
        }
        let input = PlaceInputs(name: "Random", base: p, mortality: MortalitySchedule(firstYear: 2000, ratios: ratios),
                                fertility: fertility, sexRatioAtBirth: g.uniform(1.0, 1.1),
                                migration: MigrationSchedule(trend: trend, adjustmentShares: shares),
                                migrationRules: rules, registration: Registration(uniform: 1))
        return (input, years)
    }

    func testIdentityHoldsInEveryCellOfEveryYear() {
        let masterSeed: UInt64 = 20_250_611
        var basis: [String: Int] = [:]
        defer {
            // The generator must actually exercise every migration rule, or the property says little.
            for b in ["trend", "given", "net-total", "housing-led"] {
                XCTAssertGreaterThan(basis[b] ?? 0, 10, "master seed \(masterSeed): rule \(b) exercised \(basis[b] ?? 0) times")
            }
        }
        for k in 0..<Self.cases {
            let seed = masterSeed &+ UInt64(k)
            var g = SplitMix64(seed: seed)
            let (input, years) = Self.randomInputs(&g)
            let r: PlaceProjection
            do { r = try Projector.project(input, baseYear: 2000, horizon: 2000 + years) } catch {
                XCTFail("seed \(seed): valid inputs threw \(error)"); continue
            }
            XCTAssertEqual(r.populations.count, years + 1, "seed \(seed)")
            XCTAssertEqual(r.components.count, years, "seed \(seed)")
            XCTAssertEqual(r.populations[0], input.base, "seed \(seed): base year is the input")
            var failures = 0
            for (i, c) in r.components.enumerated() {
                basis[c.migrationBasis, default: 0] += 1
                XCTAssertEqual(c.year, 2001 + i, "seed \(seed)")
                for j in 0..<Ages.cells where failures < 5 {
                    let rhs = c.start[j] + c.births[j] - c.deaths[j] + c.netMigration[j]
                    if abs(c.end[j] - rhs) > 1e-6 {
                        failures += 1
                        XCTFail("seed \(seed), year \(c.year), cell \(j): end \(c.end[j]) != start + births - deaths + nm = \(rhs)")
                    }
                    if !(c.end[j] >= 0) {
                        failures += 1
                        XCTFail("seed \(seed), year \(c.year), cell \(j): negative end \(c.end[j])")
                    }
                }
                // The year's end is the next population; its start column holds the whole previous population.
                XCTAssertEqual(r.populations[i + 1].values, c.end, "seed \(seed), year \(c.year): end != next population")
                assertClose(c.totalStart, r.populations[i].total, tol: 1e-6, "seed \(seed), year \(c.year): start total")
                assertClose(c.totalEnd, c.totalStart + c.totalBirths - c.totalDeaths + c.totalNetMigration, tol: 1e-6,
                            "seed \(seed), year \(c.year): totals")
                // Births only at age 0, start never at age 0.
                for s in Sex.allCases {
                    XCTAssertEqual(c.start[Ages.index(s, 0)], 0, "seed \(seed), year \(c.year)")
                    XCTAssertEqual(c.births[Ages.index(s, 1)...Ages.index(s, Ages.open)].reduce(0, +), 0, "seed \(seed)")
                }
                if case .housingLed(let h) = input.migrationRules[i] {
                    assertClose(c.totalEnd, h.population, tol: 1e-6, "seed \(seed), year \(c.year): housing target")
                }
            }
            if failures > 0 { return }
        }
    }

    /// Same inputs, same result (the projector is pure).
    func testProjectionIsDeterministic() throws {
        for seed: UInt64 in [1, 2, 3] {
            var g1 = SplitMix64(seed: seed), g2 = SplitMix64(seed: seed)
            let (a, ya) = Self.randomInputs(&g1), (b, _) = Self.randomInputs(&g2)
            let ra = try Projector.project(a, baseYear: 2000, horizon: 2000 + ya)
            let rb = try Projector.project(b, baseYear: 2000, horizon: 2000 + ya)
            XCTAssertEqual(ra.populations, rb.populations, "seed \(seed)")
            XCTAssertEqual(ra.components, rb.components, "seed \(seed)")
        }
    }
}
