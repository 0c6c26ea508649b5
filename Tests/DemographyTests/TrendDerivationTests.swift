import XCTest
@testable import Demography

/// Round trip: project with known TFRs and known net migration, derive them back from the projected populations
/// with TrendDerivation, and re-project with what was derived.
final class TrendDerivationTests: XCTestCase {
    let baseYear = 2020, years = 5
    let tfrs = [1.6, 1.5, 1.7, 1.45, 1.55]
    let sexRatio = 1.05

    /// Gompertz-like rates m(x) = 0.0002 e^(0.085 x), ax = 0.5, qx improving 2% a year.
    func mortality() -> MortalitySchedule {
        let mx = (0...100).map { 0.0002 * exp(0.085 * Double($0)) }
        let qx = mx.map { $0 / (1 + 0.5 * $0) }
        return MortalitySchedule.build(baseQx: [qx, qx.map { $0 * 1.2 }], baseMx: [mx, mx.map { $0 * 1.2 }],
                                       years: baseYear...(baseYear + years - 1)) { y, _, _ in pow(0.98, Double(y - 2020)) }
    }

    var unitShape: FertilitySchedule {
        FertilitySchedule.from(groups: [(15, 19, 0.01), (20, 24, 0.05), (25, 29, 0.1), (30, 34, 0.11), (35, 39, 0.06), (40, 44, 0.01)], tfr: 1)
    }

    /// Random migration cells in [-20, 30] (seeded), with the age-0 cells set to `infant`.
    func migration(seed: UInt64, infant: (female: Double, male: Double)) -> [[Double]] {
        var g = SplitMix64(seed: seed)
        return (0..<years).map { _ in
            var v = (0..<Ages.cells).map { _ in g.uniform(-20, 30) }
            v[Ages.index(.female, 0)] = infant.female
            v[Ages.index(.male, 0)] = infant.male
            return v
        }
    }

    func synthetic(migration cells: [[Double]], seed: UInt64) throws -> [PopulationTable] {
        var g = SplitMix64(seed: seed)
        var base = PopulationTable.zero
        for i in base.values.indices { base.values[i] = g.uniform(800, 1500) }
        let input = PlaceInputs(name: "Synthetic", base: base, mortality: mortality(),
                                fertility: tfrs.map { t in FertilitySchedule(rates: unitShape.rates.map { $0 * t }) },
                                sexRatioAtBirth: sexRatio,
                                migration: MigrationSchedule(trend: Make.zeros(), adjustmentShares: Make.uniformShares()),
                                migrationRules: cells.map { .cells($0) }, registration: Registration(uniform: 1))
        return try Projector.project(input, baseYear: baseYear, horizon: baseYear + years).populations
    }

    func reproject(_ pops: [PopulationTable], tfr: [Double], residual: [[Double]]) throws -> [PopulationTable] {
        let input = PlaceInputs(name: "Re-projected", base: pops[0], mortality: mortality(),
                                fertility: tfr.map { t in FertilitySchedule(rates: unitShape.rates.map { $0 * t }) },
                                sexRatioAtBirth: sexRatio,
                                migration: MigrationSchedule(trend: Make.zeros(), adjustmentShares: Make.uniformShares()),
                                migrationRules: residual.map { .cells($0) }, registration: Registration(uniform: 1))
        return try Projector.project(input, baseYear: baseYear, horizon: baseYear + years).populations
    }

    func testRoundTripRecoversFertilityAndMigration() throws {
        let seed: UInt64 = 424_242
        let cells = migration(seed: seed, infant: (0, 0))
        let pops = try synthetic(migration: cells, seed: seed)
        let m = mortality()

        // A shape with any level gives the same TFRs (the function normalises it).
        let shape = FertilitySchedule(rates: unitShape.rates.map { $0 * 1.8 })
        let tfr = TrendDerivation.fertilityLevels(projection: pops, firstYear: baseYear, shape: shape, mortality: m, sexRatio: sexRatio)
        XCTAssertEqual(tfr.count, years)
        for (i, t) in tfr.enumerated() { assertClose(t, tfrs[i], tol: 1e-9, "seed \(seed): TFR \(baseYear + i)") }

        let schedules = tfr.map { t in FertilitySchedule(rates: unitShape.rates.map { $0 * t }) }
        let nm = TrendDerivation.residualMigration(projection: pops, firstYear: baseYear, mortality: m, fertility: schedules,
                                                   sexRatio: sexRatio)
        XCTAssertEqual(nm.count, years)
        for (i, v) in nm.enumerated() {
            for j in v.indices { assertClose(v[j], cells[i][j], tol: 1e-6, "seed \(seed): migration \(baseYear + i + 1) cell \(j)") }
        }

        let again = try reproject(pops, tfr: tfr, residual: nm)
        for (i, p) in again.enumerated() {
            for j in p.values.indices { assertClose(p.values[j], pops[i].values[j], tol: 1e-6, "seed \(seed): mid-\(baseYear + i) cell \(j)") }
        }
    }

    /// Infant net migration is folded into fertility: the derived TFR carries it and the age-0 residual nets to zero,
    /// yet re-projection still reproduces the projection cell by cell.
    func testInfantMigrationFoldsIntoFertility() throws {
        let seed: UInt64 = 77
        let cells = migration(seed: seed, infant: (10, 5))
        let pops = try synthetic(migration: cells, seed: seed)
        let m = mortality()
        let tfr = TrendDerivation.fertilityLevels(projection: pops, firstYear: baseYear, shape: unitShape, mortality: m, sexRatio: sexRatio)
        for t in 0..<years {
            // Births per unit TFR from the women at t, and their mean infant survival.
            let perUnit = Births.compute(population: pops[t], fertility: unitShape, sexRatio: sexRatio)
            let pm = sexRatio / (1 + sexRatio)
            let sf = m.survival(step: baseYear + t, sex: .female).birth, sm = m.survival(step: baseYear + t, sex: .male).birth
            let survival = (1 - pm) * sf + pm * sm
            // 15 extra infants at t + 1 need 15 / survival extra births.
            let expected = tfrs[t] + 15 / survival / (perUnit.female + perUnit.male)
            assertClose(tfr[t], expected, tol: 1e-9, "seed \(seed): TFR \(baseYear + t)")
        }
        let nm = TrendDerivation.residualMigration(projection: pops, firstYear: baseYear, mortality: m,
                                                   fertility: tfr.map { t in FertilitySchedule(rates: unitShape.rates.map { $0 * t }) },
                                                   sexRatio: sexRatio)
        for (i, v) in nm.enumerated() {
            assertClose(v[Ages.index(.female, 0)] + v[Ages.index(.male, 0)], 0, tol: 1e-6, "seed \(seed): age-0 residual \(baseYear + i + 1)")
            assertClose(v[Ages.index(.male, 30)], cells[i][Ages.index(.male, 30)], tol: 1e-6, "seed \(seed): male 30")
        }
        let again = try reproject(pops, tfr: tfr, residual: nm)
        for (i, p) in again.enumerated() {
            for j in p.values.indices { assertClose(p.values[j], pops[i].values[j], tol: 1e-6, "seed \(seed): mid-\(baseYear + i) cell \(j)") }
        }
    }
}
