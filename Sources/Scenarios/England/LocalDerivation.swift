import Foundation
import Demography
import Demand

/// Local assumptions of an LA measured from the England estimates and components against national schedules:
/// fertility and mortality levels (relative to England), and net migration by age and sex by the residual method.
///
/// Every function takes the years it may use, so a back-test can prove that nothing after its base year is read.
public struct LocalDerivation: Sendable {
    public let data: EnglandData
    public let national: NationalSchedules

    public init(data: EnglandData, national: NationalSchedules) {
        self.data = data; self.national = national
    }

    /// Births per unit of TFR that the national age shape gives the women of `p`.
    func unitBirths(_ p: PopulationTable) -> Double {
        let b = Births.compute(population: p, fertility: national.unitFertility, sexRatio: national.sexRatioAtBirth)
        return b.female + b.male
    }

    /// (observed births, births per unit TFR) summed over the years to mid-year `years` for `lads`; years without
    /// components (or without the estimate a year earlier) are skipped and not returned in `used`.
    func fertilitySums(_ lads: [String], yearsToMid years: [Int]) -> (births: Double, unit: Double, used: [Int]) {
        var births = 0.0, unit = 0.0, used: [Int] = []
        for y in years {
            guard let comps = data.components[y], let start = data.estimates[y - 1], data.sameSeries(y - 1, y) else { continue }
            for lad in lads {
                guard let c = comps[lad], let p = start[lad] else { continue }
                births += c.births; unit += unitBirths(p)
            }
            used.append(y)
        }
        return (births, unit, used)
    }

    /// Total fertility the national age shape needs to give an LA's observed births over `years` (to mid-year).
    public func impliedTFR(_ lad: String, yearsToMid years: [Int]) -> Double? {
        let s = fertilitySums([lad], yearsToMid: years)
        return s.unit > 0 ? s.births / s.unit : nil
    }

    /// The same for England (all LAs).
    public func englandImpliedTFR(yearsToMid years: [Int]) -> Double? {
        let s = fertilitySums(data.lads, yearsToMid: years)
        return s.unit > 0 ? s.births / s.unit : nil
    }

    /// Every LA's fertility relative to England's over the same years (1 = England's age-standardised level).
    public func fertilityLevels(yearsToMid years: [Int]) -> [String: Double] {
        relative(data.lads.map { ($0, fertilitySums([$0], yearsToMid: years)) }.map { ($0.0, ($0.1.births, $0.1.unit)) })
    }

    /// (observed deaths, expected deaths from the national schedule's central rates x mean population) over `years`.
    func mortalitySums(_ lads: [String], yearsToMid years: [Int], schedule: MortalitySchedule) -> (observed: Double, expected: Double) {
        var obs = 0.0, exp = 0.0
        for y in years {
            guard let comps = data.components[y], let start = data.estimates[y - 1], let end = data.estimates[y],
                  data.sameSeries(y - 1, y) else { continue }
            let s = schedule.survival(step: y - 1)
            for lad in lads {
                guard let c = comps[lad], let a = start[lad], let b = end[lad] else { continue }
                obs += c.deaths
                exp += Deaths.expected(PopulationTable(values: zip(a.values, b.values).map { 0.5 * ($0 + $1) }), survival: s)
            }
        }
        return (obs, exp)
    }

    /// Every LA's mortality relative to England's: its standardised mortality ratio against the national schedule,
    /// over England's own ratio. This is the multiplier on every qx that the engine's `mortality.level` is.
    public func mortalityLevels(yearsToMid years: [Int], schedule: MortalitySchedule) -> [String: Double] {
        relative(data.lads.map { ($0, mortalitySums([$0], yearsToMid: years, schedule: schedule)) })
    }

    /// Each LA's observed / expected over England's (sums of all LAs); LAs with nothing expected are left out.
    func relative(_ sums: [(String, (Double, Double))]) -> [String: Double] {
        let o = sums.reduce(0) { $0 + $1.1.0 }, e = sums.reduce(0) { $0 + $1.1.1 }
        guard o > 0, e > 0 else { return [:] }
        var out: [String: Double] = [:]
        for (lad, (lo, le)) in sums where le > 0 { out[lad] = (lo / le) / (o / e) }
        return out
    }

    /// Net migration by cell (sex x age at the end) into mid-year `y` from `y - 1`: the estimate at `y` less the
    /// survivors of the estimate at `y - 1` aged on, less surviving births, with the LA's mortality `schedule`
    /// (national x its level). Births are the year's registered births where the components hold them (so infant
    /// net migration stays in age 0), otherwise those the age-0 estimate implies (infant migration then folds into
    /// fertility). Nil when the two estimates are not of one series (a revision is not migration).
    public func residualMigration(_ lad: String, into y: Int, schedule: MortalitySchedule) -> [Double]? {
        guard data.sameSeries(y - 1, y), let a = data.estimates[y - 1]?[lad], let b = data.estimates[y]?[lad] else { return nil }
        let tfr: Double
        if let c = data.components[y]?[lad], data.components[y]?[lad]?.periodStart.hasSuffix("-06-30") == true {
            let u = unitBirths(a)
            tfr = u > 0 ? c.births / u : 0
        } else {
            tfr = TrendDerivation.fertilityLevels(projection: [a, b], firstYear: y - 1, shape: national.unitFertility,
                                                  mortality: schedule, sexRatio: national.sexRatioAtBirth)[0]
        }
        let f = FertilitySchedule(rates: national.unitFertility.rates.map { $0 * tfr })
        return TrendDerivation.residualMigration(projection: [a, b], firstYear: y - 1, mortality: schedule,
                                                 fertility: [f], sexRatio: national.sexRatioAtBirth)[0]
    }

    /// Mean of the residual net migration over the steps into `years` that are within one series; the years used.
    public func trendMigration(_ lad: String, into years: [Int], schedule: MortalitySchedule) -> (cells: [Double], used: [Int]) {
        var sum = [Double](repeating: 0, count: Ages.cells), used: [Int] = []
        for y in years {
            guard let r = residualMigration(lad, into: y, schedule: schedule) else { continue }
            for i in sum.indices { sum[i] += r[i] }
            used.append(y)
        }
        let n = Double(max(used.count, 1))
        return (sum.map { $0 / n }, used)
    }
}
