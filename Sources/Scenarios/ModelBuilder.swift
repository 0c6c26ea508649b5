import Foundation
import Demography

/// Turns a scenario, its inputs and a set of assumptions into the engine's per-Place inputs.
public struct ModelBuilder: Sendable {
    public let scenario: Scenario
    public let inputs: InputSet
    /// Improvement ratios on base qx for each step year: [yearIndex][sex][age], and their logarithms (so a draw's
    /// improvement scale is one exp per cell, not a pow).
    let improvement: [[[Double]]]
    let logImprovement: [[[Double]]]
    /// Separation factors of the base life table by sex (fixed for every draw).
    let ax: [[Double]]
    /// Planned net additions by Place for each year after the base (index 0 = base + 1).
    let plannedAdditions: [String: [Double]]
    /// Fixed for every draw, so built once: the fertility shape (TFR 1) and each Place's trend migration.
    public let unitFertility: FertilitySchedule
    let trend: [String: [Double]]
    /// Trend mode with `trend_outflows = "rates"`: each Place's base population aged on one year (the people at risk
    /// the trend's out-migration rates are taken over); empty otherwise.
    let atRisk: [String: [Double]]
    /// Per Place (scenario order), per step: the unit shape x that year's TFR, shared by every draw (a draw's
    /// fertility level is applied by the engine).
    let fertility: [[FertilitySchedule]]

    public init(scenario s: Scenario, inputs: InputSet) {
        scenario = s; self.inputs = inputs
        let imp = Self.improvementRatios(s.mortality.improvement ? inputs.projectedQx : [:],
                                         centreYear: s.mortality.lifeTableCentreYear,
                                         steps: s.baseYear..<max(s.horizon, s.baseYear + 1))
        improvement = imp
        logImprovement = imp.map { $0.map { $0.map { log($0) } } }
        ax = Sex.allCases.map { LifeTable.separationFactors(qx: inputs.baseQx[$0.rawValue], mx: inputs.baseMx[$0.rawValue]) }
        atRisk = s.migration.mode == .trend && s.migration.trendOutflows == .rates
            ? Dictionary(uniqueKeysWithValues: s.places.map { ($0, Self.agedOn(inputs.base[$0]!.values)) }) : [:]
        var planned: [String: [Double]] = [:]
        for p in s.places {
            let stock = inputs.dwellings[p] ?? [:]
            let lastYear = stock.keys.max() ?? s.baseYear
            planned[p] = (s.baseYear + 1...max(s.horizon, s.baseYear + 1)).map { y in
                if let net = s.housing.netAdditions?[p] { return net }
                let a = stock[min(y, lastYear)] ?? 0, b = stock[min(y - 1, lastYear)] ?? 0
                return a - b
            }
        }
        plannedAdditions = planned
        unitFertility = FertilitySchedule.from(groups: inputs.fertilityGroups, tfr: 1)
        trend = Dictionary(uniqueKeysWithValues: s.places.map { p in (p, Self.trendMigration(p, scenario: s, inputs: inputs)) })
        let unit = unitFertility
        fertility = s.places.map { p in
            let tfrs = inputs.tfr[p] ?? [:]
            guard let lastTFRYear = tfrs.keys.max() else { return [] }
            return (s.baseYear..<max(s.horizon, s.baseYear + 1)).map { y in
                let tfr = tfrs[y] ?? tfrs[lastTFRYear]!
                return FertilitySchedule(rates: unit.rates.map { $0 * tfr })
            }
        }
    }

    /// Multipliers on the base table's qx for each step year, [step][sex][age]: the mean of the projected qx of the two
    /// calendar years a mid-year step straddles, over the projected qx of the table's centre year (1 where either is
    /// missing or zero; all 1 when `projectedQx` is empty, i.e. no improvement).
    public static func improvementRatios(_ projectedQx: [Int: [[Double]]], centreYear: Int, steps: Range<Int>) -> [[[Double]]] {
        steps.map { y in
            Sex.allCases.map { sex in
                var r = [Double](repeating: 1, count: InputSet.lifeTableTop + 1)
                if let c = projectedQx[centreYear] {
                    // The step from mid-year y to y+1 straddles calendar years y and y+1.
                    let a = projectedQx[y] ?? c, b = projectedQx[y + 1] ?? a
                    for x in r.indices where c[sex.rawValue][x] > 0 {
                        r[x] = 0.5 * (a[sex.rawValue][x] + b[sex.rawValue][x]) / c[sex.rawValue][x]
                    }
                }
                return r
            }
        }
    }

    /// The schedule of a draw's assumptions, times `placeLevel` (a Place's local level; 1 = the national table).
    public func mortality(_ a: Assumptions, placeLevel: Double = 1) -> MortalitySchedule {
        var m = MortalitySchedule()
        mortality(a, placeLevel: placeLevel, into: &m)
        return m
    }

    /// The years of every mortality schedule (one step a year).
    var mortalityYears: ClosedRange<Int> { scenario.baseYear...max(scenario.horizon - 1, scenario.baseYear) }

    /// The improvement factors r^scale of every year, sex and age, flat (as `mortality` fills them one column at a time).
    func improvementFactors(_ scale: Double, into out: inout [Double]) {
        let n = InputSet.lifeTableTop + 1, steps = mortalityYears.count
        if out.count != steps * 2 * n { out = [Double](repeating: 0, count: steps * 2 * n) }
        out.withUnsafeMutableBufferPointer { o in
            for y in 0..<steps { for sex in 0..<2 {
                logImprovement[y][sex].withUnsafeBufferPointer { r in
                    ScaledExp.fill(r, scale: scale, into: UnsafeMutableBufferPointer(rebasing: o[((y * 2 + sex) * n)..<((y * 2 + sex + 1) * n)]))
                }
            } }
        }
    }

    /// The same into a schedule kept from an earlier draw (its buffers are reused).
    /// - Parameter factors: the draw's improvement factors from `improvementFactors` (computed here when nil).
    func mortality(_ a: Assumptions, placeLevel: Double = 1, into m: inout MortalitySchedule, factors: [Double]? = nil) {
        let scale = a.improvementScale
        let n = InputSet.lifeTableTop + 1
        m.rebuild(baseQx: inputs.baseQx, baseMx: inputs.baseMx, ax: ax,
                  years: mortalityYears,
                  mortalityScale: placeLevel == 1 ? a.mortalityLevel : a.mortalityLevel * placeLevel) { y, sex, f in
            if scale != 1, let factors {
                factors.withUnsafeBufferPointer { p in
                    let at = (y * 2 + sex) * n
                    precondition(f.count == n && at + n <= p.count)
                    for x in 0..<n { f[x] = p[at + x] }
                }
            } else if scale == 1 {
                improvement[y][sex].withUnsafeBufferPointer { r in for x in 0..<f.count { f[x] = r[x] } }
            } else {
                // r^scale = e^(scale log r), by the vector exp (one draw's 5,050 values).
                logImprovement[y][sex].withUnsafeBufferPointer { r in
                    precondition(r.count == f.count)
                    ScaledExp.fill(r, scale: scale, into: f)
                }
            }
        }
    }

    /// Per cell, the out-migration of a trend and a shift: the negative parts of each (counts, >= 0).
    static func outflow(trend: [Double], shift: [Double]?) -> [Double] {
        trend.indices.map { i in max(-trend[i], 0) + max(-(shift?[i] ?? 0), 0) }
    }

    /// A Place's migration schedule: the trend, and the net profile or gross flows that carry any gap to a target.
    /// Gross flows use the Rogers-Castro profile as relative out-migration rates (by the people at risk), and as in-migrant
    /// shares either those rates x the Place's base population or the positive part of the trend (`in_migrant_profile`).
    /// - Parameter given: the Place's trend schedule when a draw shifts it (`migration_shift`); nil = the scenario's.
    /// - Parameter trendOutflow: trend mode with `trend_outflows = "rates"`: the trend's out-migration counts, made
    ///   rates of the base population aged on one year (`atRisk`, the people at risk in the first projected year).
    public func migrationSchedule(_ place: String, profile shares: [Double], trend given: [Double]? = nil,
                                  trendOutflow: [Double]? = nil) -> MigrationSchedule {
        let trend = given ?? trendMigration(place)
        let outRates = trendOutflow.map { out in
            let ref = atRisk[place]!
            return out.indices.map { ref[$0] > 0 ? out[$0] / ref[$0] : 0 }
        }
        guard scenario.migration.adjustment == .grossFlows else {
            return MigrationSchedule(trend: trend, adjustmentShares: shares, trendOutRates: outRates, trendOutflow: trendOutflow)
        }
        let inflow: [Double]
        switch scenario.migration.inMigrantProfile {
        case .ratesTimesPopulation: inflow = zip(shares, inputs.base[place]!.values).map { $0 * $1 }
        case .trendPositive: inflow = trend.map { max($0, 0) }
        }
        let total = inflow.reduce(0, +)
        // An empty in-migrant profile is refused when the inputs load (`InputSet.checkInMigrantProfiles`).
        return MigrationSchedule(trend: trend, adjustmentShares: inflow.map { total > 0 ? $0 / total : 0 }, outRates: shares,
                                 trendOutRates: outRates, trendOutflow: trendOutflow)
    }

    /// A population one year on without deaths or births: age a takes age a-1, the open group takes 89 and 90+, age
    /// 0 keeps its own (the cohort the next year's births replace).
    static func agedOn(_ v: [Double]) -> [Double] {
        var out = v
        for sex in 0..<2 {
            let o = sex * Ages.count
            for a in 1..<Ages.open { out[o + a] = v[o + a - 1] }
            out[o + Ages.open] = v[o + Ages.open - 1] + v[o + Ages.open]
        }
        return out
    }

    /// Registered / resident by cell: the list inflation, shaped by the registration profile when there is one
    /// (divided by the profile's mean over the Place's base population, so the base-year registered total is the same).
    public func registration(_ place: String, _ listInflation: Double) -> Registration {
        guard let rel = inputs.registrationProfile, let base = inputs.base[place] else { return Registration(uniform: listInflation) }
        let people = base.total
        let mean = people > 0 ? zip(rel, base.values).reduce(0) { $0 + $1.0 * $1.1 } / people : 1
        return Registration(factors: rel.map { listInflation * $0 / mean })
    }

    /// Mean residual net migration over the trend years, by cell.
    public func trendMigration(_ place: String) -> [Double] {
        trend[place] ?? Self.trendMigration(place, scenario: scenario, inputs: inputs)
    }

    static func trendMigration(_ place: String, scenario: Scenario, inputs: InputSet) -> [Double] {
        var sum = [Double](repeating: 0, count: Ages.cells)
        let years = scenario.migration.trendYears
        for y in years { if let v = inputs.residualMigration[place]?[y] { for i in sum.indices { sum[i] += v[i] } } }
        return sum.map { $0 / Double(years.count) }
    }

    /// Dwelling stock at every mid-year from the base: base stock + delivery-scaled net additions + extra sites.
    public func dwellingStock(_ place: String, _ a: Assumptions) -> [Double] {
        let s = scenario
        var stock = [inputs.dwellings[place]?[s.baseYear] ?? 0]
        stock.reserveCapacity(s.horizon - s.baseYear + 1)
        let planned = plannedAdditions[place] ?? []
        let factors = a.delivery[place]
        let extra = a.extraDwellings[place]
        for (i, y) in (s.baseYear + 1...s.horizon).enumerated() {
            let f = factors.map { $0[min(i, $0.count - 1)] } ?? 1
            stock.append(stock.last! + planned[i] * f + (extra?[y] ?? 0))
        }
        return stock
    }

    public func housingTargets(_ place: String, _ a: Assumptions) -> [HousingTarget] {
        housingTargets(place, a, trend: personsPerDwellingTrend(a))
    }

    /// (1 + annual change)^t for every mid-year from the base: the same for every Place, so computed once a run.
    func personsPerDwellingTrend(_ a: Assumptions) -> [Double] {
        (0...max(scenario.horizon - scenario.baseYear, 0)).map { pow(1 + a.personsPerDwellingChange, Double($0)) }
    }

    func housingTargets(_ place: String, _ a: Assumptions, trend: [Double]) -> [HousingTarget] {
        let basePop = inputs.base[place]!.total
        let communal = basePop * a.communalShare
        let stock = dwellingStock(place, a)
        let ppd0 = (basePop - communal) / max(stock[0], 1)
        return stock.enumerated().map { i, d in
            HousingTarget(dwellings: d, personsPerDwelling: ppd0 * trend[i], communal: communal)
        }
    }

    public func placeInputs(_ a: Assumptions, mortality: MortalitySchedule? = nil) -> [PlaceInputs] {
        var workspace = ProjectionWorkspace()
        return placeInputs(a, mortality: mortality, workspace: &workspace)
    }

    /// The same with the mortality schedules built in `workspace`'s buffers (kept from the worker's previous draw).
    public func placeInputs(_ a: Assumptions, mortality: MortalitySchedule? = nil, workspace w: inout ProjectionWorkspace) -> [PlaceInputs] {
        let s = scenario
        // The improvement factors once for the draw, shared by every schedule (exp is most of a schedule's cost).
        let levels = Set(s.mortality.placeLevels.values).filter { $0 != 1 }
        var factors: [Double]? = nil
        if a.improvementScale != 1, !levels.isEmpty {
            improvementFactors(a.improvementScale, into: &w.improvement)
            factors = w.improvement
        }
        if mortality == nil { self.mortality(a, into: &w.national, factors: factors) }
        let mort = mortality ?? w.national
        // Places with a local level get their own schedule (one per distinct level).
        for l in levels { self.mortality(a, placeLevel: l, into: &w.local[l, default: MortalitySchedule()], factors: factors) }
        let local = w.local
        let ppdTrend = s.migration.mode == .housingLed ? personsPerDwellingTrend(a) : []
        let shares = inputs.profiles[a.migrationProfile] ?? inputs.adjustmentShares
        return s.places.enumerated().map { pi, p in
            var rules: [MigrationRule] = []
            var mig = inputs.residualMigration[p]!
            let unshifted = trendMigration(p)
            var trend = unshifted, shift: [Double]? = nil
            if a.migrationShift != 0 {
                let n = a.migrationShift * inputs.base[p]!.total
                let by = shares.map { $0 * n }
                for i in trend.indices { trend[i] += by[i] }
                for (y, v) in mig { mig[y] = zip(v, by).map { $0 + $1 } }
                shift = by
            }
            // Trend mode with rates: the out-migration of the trend and of a shift below it, by cell, as counts at the
            // base population aged on one year (the in-migration, trend + out, stays counts).
            let outflow: [Double]? = atRisk.isEmpty ? nil : Self.outflow(trend: unshifted, shift: shift)
            let lastMigYear = mig.keys.max()!
            let targets = s.migration.mode == .housingLed ? housingTargets(p, a, trend: ppdTrend) : []
            for y in s.baseYear..<s.horizon {
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
                        rules.append(.housingLed(targets[end - s.baseYear]))
                    } else {
                        rules.append(.cells(mig[end] ?? mig[lastMigYear]!))
                    }
                }
            }
            return PlaceInputs(name: p, base: inputs.base[p]!, mortality: s.mortality.placeLevels[p].flatMap { local[$0] } ?? mort,
                               fertility: fertility[pi],
                               sexRatioAtBirth: a.sexRatioAtBirth,
                               migration: migrationSchedule(p, profile: shares, trend: trend, trendOutflow: outflow),
                               migrationRules: rules, registration: registration(p, a.listInflation[p] ?? 1),
                               fertilityLevel: a.fertilityLevel)
        }
    }
}
