import Foundation
import Demography

/// The numeric assumptions of one run. Draw 0 (the central run) takes them from the scenario; Monte Carlo
/// draws replace some of them. Everything else comes from the input files.
public struct Assumptions: Sendable, Equatable {
    public var mortalityLevel: Double
    /// Scales the improvement relative to the base table (1 = ONS 2020-based improvement as published).
    public var improvementScale: Double
    public var fertilityLevel: Double
    public var sexRatioAtBirth: Double
    /// Multiplier on every Place's net additional dwellings (1 = as planned).
    public var deliveryFactor: [String: Double]
    public var personsPerDwellingChange: Double
    public var communalShare: Double
    public var listInflation: [String: Double]
    /// Extra dwellings by Place and year (New Towns sites), on top of the trajectory.
    public var extraDwellings: [String: [Int: Double]]

    public init(_ s: Scenario) {
        mortalityLevel = s.mortality.level
        improvementScale = 1
        fertilityLevel = s.fertility.level
        sexRatioAtBirth = s.fertility.sexRatioAtBirth
        deliveryFactor = Dictionary(uniqueKeysWithValues: s.places.map { ($0, 1.0) })
        personsPerDwellingChange = s.housing.personsPerDwellingChange
        communalShare = s.housing.communalShare
        listInflation = s.registration.listInflation
        extraDwellings = [:]
    }
}

/// Turns a scenario, its inputs and a set of assumptions into the engine's per-Place inputs.
public struct ModelBuilder: Sendable {
    public let scenario: Scenario
    public let inputs: InputSet
    /// Improvement multipliers on base qx for each step year: [yearIndex][sex][age].
    let improvement: [[[Double]]]

    public init(scenario s: Scenario, inputs: InputSet) {
        scenario = s; self.inputs = inputs
        var imp: [[[Double]]] = []
        for y in s.baseYear..<max(s.horizon, s.baseYear + 1) {
            var bySex: [[Double]] = []
            for sex in Sex.allCases {
                var r = [Double](repeating: 1, count: InputSet.lifeTableTop + 1)
                if s.mortality.improvement, let c = inputs.projectedQx[s.mortality.lifeTableCentreYear] {
                    // The step from mid-year y to y+1 straddles calendar years y and y+1.
                    let a = inputs.projectedQx[y] ?? c, b = inputs.projectedQx[y + 1] ?? a
                    for x in r.indices where c[sex.rawValue][x] > 0 {
                        r[x] = 0.5 * (a[sex.rawValue][x] + b[sex.rawValue][x]) / c[sex.rawValue][x]
                    }
                }
                bySex.append(r)
            }
            imp.append(bySex)
        }
        improvement = imp
    }

    public func mortality(_ a: Assumptions) -> MortalitySchedule {
        let s = scenario
        return MortalitySchedule.build(baseQx: inputs.baseQx, baseMx: inputs.baseMx,
                                       years: s.baseYear...max(s.horizon - 1, s.baseYear), mortalityScale: a.mortalityLevel) { y, sex, x in
            let r = improvement[y - s.baseYear][sex.rawValue][x]
            return pow(r, a.improvementScale)
        }
    }

    public var unitFertility: FertilitySchedule { FertilitySchedule.from(groups: inputs.fertilityGroups, tfr: 1) }

    /// Mean residual net migration over the trend years, by cell.
    public func trendMigration(_ place: String) -> [Double] {
        var sum = [Double](repeating: 0, count: Ages.cells)
        let years = scenario.migration.trendYears
        for y in years { if let v = inputs.residualMigration[place]?[y] { for i in sum.indices { sum[i] += v[i] } } }
        return sum.map { $0 / Double(years.count) }
    }

    /// Dwelling stock at mid-year `year` (base-year stock plus delivery-scaled net additions plus extra sites).
    public func dwellings(_ place: String, _ year: Int, _ a: Assumptions) -> Double {
        let s = scenario
        let stock = inputs.dwellings[place] ?? [:]
        let base = stock[s.baseYear] ?? 0
        let additions: Double
        if let net = s.housing.netAdditions?[place] {
            additions = net * Double(year - s.baseYear)
        } else {
            additions = (stock[year] ?? stock[stock.keys.max() ?? s.baseYear] ?? base) - base
        }
        var extra = 0.0
        if let sites = a.extraDwellings[place] { for (y, n) in sites where y <= year { extra += n } }
        return base + additions * (a.deliveryFactor[place] ?? 1) + extra
    }

    public func housingTarget(_ place: String, _ year: Int, _ a: Assumptions) -> HousingTarget {
        let s = scenario
        let basePop = inputs.base[place]!.total
        let communal = basePop * a.communalShare
        let ppd0 = (basePop - communal) / max(dwellings(place, s.baseYear, a), 1)
        let ppd = ppd0 * pow(1 + a.personsPerDwellingChange, Double(year - s.baseYear))
        return HousingTarget(dwellings: dwellings(place, year, a), personsPerDwelling: ppd, communal: communal)
    }

    public func placeInputs(_ a: Assumptions, mortality: MortalitySchedule? = nil) -> [PlaceInputs] {
        let s = scenario
        let mort = mortality ?? self.mortality(a)
        let unit = unitFertility
        return s.places.map { p in
            var fert: [FertilitySchedule] = []
            var rules: [MigrationRule] = []
            let tfrs = inputs.tfr[p]!
            let lastTFRYear = tfrs.keys.max()!
            let mig = inputs.residualMigration[p]!
            let lastMigYear = mig.keys.max()!
            for y in s.baseYear..<s.horizon {
                let tfr = tfrs[y] ?? tfrs[lastTFRYear]!
                fert.append(FertilitySchedule(rates: unit.rates.map { $0 * tfr * a.fertilityLevel }))
                let end = y + 1
                switch s.migration.mode {
                case .trend:
                    rules.append(.trend)
                case .residual:
                    rules.append(.cells(mig[end] ?? mig[lastMigYear]!))
                case .netTotals:
                    rules.append(.netTotal((mig[end] ?? mig[lastMigYear]!).reduce(0, +)))
                case .housingLed:
                    if end >= s.migration.housingLedFrom {
                        rules.append(.housingLed(housingTarget(p, end, a)))
                    } else {
                        rules.append(.cells(mig[end] ?? mig[lastMigYear]!))
                    }
                }
            }
            return PlaceInputs(name: p, base: inputs.base[p]!, mortality: mort, fertility: fert,
                               sexRatioAtBirth: a.sexRatioAtBirth,
                               migration: MigrationSchedule(trend: trendMigration(p), adjustmentShares: inputs.adjustmentShares),
                               migrationRules: rules, registration: Registration(uniform: a.listInflation[p] ?? 1))
        }
    }
}
