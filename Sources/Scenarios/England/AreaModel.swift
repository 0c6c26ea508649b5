import Foundation
import Demography

/// Everything a scenario for a set of English LAs needs, measured from the England inputs as they stood at a base
/// year: each Place's base population, fertility and mortality levels relative to England, trend net migration by age
/// and sex (residual method), dwelling stock and planned net additions. Written to files by `AreaScenarioWriter`.
///
/// What the model may read is set by `Options`: a back-test from base B passes only years up to B (plus, for a
/// "perfect housing foresight" run, the completions after B), and `yearsRead` records what was read.
public struct AreaModel: Sendable {
    public struct Options: Sendable {
        public var baseYear: Int
        public var horizon: Int
        /// Steps (into mid-year y from y-1) whose residual net migration is averaged into the trend.
        public var migrationYears: [Int]
        /// Years to mid-year whose births and deaths measure the fertility and mortality levels.
        public var ratesYears: [Int]
        /// England's total fertility rate for each step out of a mid-year (the last one given holds after).
        public var englandTFR: [Int: Double]
        /// Where englandTFR came from (for the file header).
        public var englandTFRSource: String
        /// Last financial year (start) of net additions that may be read (completions after the base are read only
        /// for a perfect-foresight back-test).
        public var lastNetAdditionsFY: Int
        /// Financial years (start) averaged for the delivery trend where an LA has no adopted plan figure.
        public var deliveryTrendFYs: ClosedRange<Int>
        /// Use adopted local-plan requirements (else every Place follows its delivery trend).
        public var usePlanRequirements: Bool
        /// Share of residents in communal establishments (ASSUMPTION: no LA figures in the inputs).
        public var communalShare: Double
        /// A Place with fewer residents at the base has no trend net migration (its measured mean is kept in
        /// `Place.omittedNetMigration`): its single-year cells hold a handful of people each, too few for a signed
        /// schedule of counts, which takes some cell below zero within the horizon. 0 = every Place keeps its trend.
        public var minimumMigrationPopulation: Double = 0

        public init(baseYear: Int, horizon: Int, migrationYears: [Int], ratesYears: [Int], englandTFR: [Int: Double],
                    englandTFRSource: String, lastNetAdditionsFY: Int, deliveryTrendFYs: ClosedRange<Int>,
                    usePlanRequirements: Bool, communalShare: Double = 0.015) {
            self.baseYear = baseYear; self.horizon = horizon; self.migrationYears = migrationYears
            self.ratesYears = ratesYears; self.englandTFR = englandTFR; self.englandTFRSource = englandTFRSource
            self.lastNetAdditionsFY = lastNetAdditionsFY; self.deliveryTrendFYs = deliveryTrendFYs
            self.usePlanRequirements = usePlanRequirements; self.communalShare = communalShare
        }

        /// The forward-looking defaults of `cohort new` from the mid-2022 base. Migration: the mean of the residuals of
        /// the pre-Census-2021 steps into 2016, 2018, 2019 and 2020 (2017 is left out: it carries ONS's March 2018
        /// revision of mid-2016) and of the Census-based step into 2022; never 2020 -> 2021 (a rebasing, not
        /// migration). Rates: births and deaths of the years to mid-2016..mid-2020 (whole years of one series).
        /// Places under 5,000 residents get no trend net migration (ASSUMPTION: the smallest LA in England has about
        /// 2,300 residents and its residual schedule, tens of cells of -1 to +1 people a year, takes a cell below zero
        /// within five years; the next smallest, over 11,000 residents, run to the horizon).
        public static func forward(baseYear: Int = 2022, horizon: Int = 2047, englandTFR: [Int: Double],
                                   englandTFRSource: String) -> Options {
            var o = Options(baseYear: baseYear, horizon: horizon, migrationYears: [2016, 2018, 2019, 2020, 2022].filter { $0 <= baseYear },
                    ratesYears: [2016, 2017, 2018, 2019, 2020].filter { $0 <= baseYear }, englandTFR: englandTFR,
                    englandTFRSource: englandTFRSource, lastNetAdditionsFY: 2023, deliveryTrendFYs: 2018...2022,
                    usePlanRequirements: true)
            o.minimumMigrationPopulation = 5000
            return o
        }
    }

    public struct Place: Sendable {
        public var code: String
        /// Place name in outputs: the LA name, with "(part)" for the part of a split LA.
        public var name: String
        public var share: Double
        public var base: PopulationTable
        public var fertilityLevel: Double
        public var mortalityLevel: Double
        /// Mean residual net migration by cell over the steps in `migrationYearsUsed`, times the share.
        public var trendMigration: [Double]
        /// Dwelling stock at each mid-year held (31 March properties + a quarter of the financial year's net
        /// additions), times the share.
        public var stock: [Int: Double]
        /// Net additional dwellings a year after the last year of `stock`, times the share.
        public var plannedAdditions: Double
        public var plannedAdditionsBasis: String
        /// The measured mean net migration a year that is not applied (a Place below
        /// `Options.minimumMigrationPopulation`); nil when the trend is applied.
        public var omittedNetMigration: Double? = nil
    }

    public var selection: AreaSelection
    public var options: Options
    public var places: [Place]
    public var migrationYearsUsed: [Int]
    /// Every estimate year, components year and financial year of net additions that was read.
    public var yearsRead: (estimates: Set<Int>, components: Set<Int>, netAdditionsFYs: Set<Int>, stock: Set<Int>)

    public enum BuildError: Error, CustomStringConvertible {
        case input(InputError)
        case option(String)
        public var description: String {
            switch self { case .input(let e): return e.description; case .option(let m): return m }
        }
    }

    /// Measures every Place of `selection` with what `options` allows.
    public static func build(_ selection: AreaSelection, data: EnglandData, national: NationalSchedules,
                             options o: Options) throws(BuildError) -> AreaModel {
        guard data.estimates[o.baseYear] != nil else {
            throw .option("--base \(o.baseYear): no ONS estimate for mid-\(o.baseYear) in \(EnglandData.defaultFolder); years held: \(data.estimates.keys.sorted().map(String.init).joined(separator: ", "))")
        }
        guard o.horizon > o.baseYear else { throw .option("--horizon \(o.horizon): must be after the base year \(o.baseYear)") }
        // Nothing after the base may be read (completions excepted, see Options).
        let migYears = o.migrationYears.filter { $0 <= o.baseYear }, rateYears = o.ratesYears.filter { $0 <= o.baseYear }
        var restricted = data
        restricted.estimates = data.estimates.filter { $0.key <= o.baseYear }
        restricted.components = data.components.filter { $0.key <= o.baseYear }
        let ld = LocalDerivation(data: restricted, national: national)
        let schedule = national.mortality(steps: (min(migYears.min() ?? o.baseYear, rateYears.min() ?? o.baseYear) - 1)...o.horizon)
        let fert = ld.fertilityLevels(yearsToMid: rateYears)
        let mort = ld.mortalityLevels(yearsToMid: rateYears, schedule: schedule)
        var used = Set<Int>(), estYears = Set<Int>([o.baseYear]), fys = Set<Int>(), stockYears = Set<Int>()
        var places: [Place] = []
        for m in selection.members {
            let base: PopulationTable
            do { base = try data.estimate(m.lad, o.baseYear) } catch { throw .input(error) }
            let level = mort[m.lad] ?? 1
            let local = national.mortality(steps: (migYears.min().map { $0 - 1 } ?? o.baseYear)...o.horizon, level: level)
            let trend = ld.trendMigration(m.lad, into: migYears, schedule: local)
            used.formUnion(trend.used)
            for y in trend.used { estYears.insert(y); estYears.insert(y - 1) }
            // Stock at mid-year y: properties at 31 March y + a quarter of the financial year starting then.
            var stock: [Int: Double] = [:]
            for y in (o.baseYear - 10)...o.baseYear {
                guard let p = data.stock[y]?[m.lad], let a = data.netAdditions[y]?[m.lad], y <= o.lastNetAdditionsFY else { continue }
                stock[y] = (p + 0.25 * a) * m.share
                stockYears.insert(y); fys.insert(y)
            }
            // After the base, stock grows by completions where they may be read (perfect foresight), then by the plan.
            var y = o.baseYear + 1
            while y <= o.horizon, y - 1 <= o.lastNetAdditionsFY, let prev = stock[y - 1],
                  let a0 = data.netAdditions[y - 1]?[m.lad], let a1 = data.netAdditions[y]?[m.lad] ?? data.netAdditions[y - 1]?[m.lad] {
                // Mid-year y - mid-year y-1 = 3/4 of FY y-1 + 1/4 of FY y.
                stock[y] = prev + (0.75 * a0 + 0.25 * (y <= o.lastNetAdditionsFY ? a1 : a0)) * m.share
                fys.insert(y - 1); if y <= o.lastNetAdditionsFY { fys.insert(y) }
                y += 1
            }
            let trendFYs = o.deliveryTrendFYs.filter { $0 <= o.lastNetAdditionsFY }
            let delivered = trendFYs.compactMap { data.netAdditions[$0]?[m.lad] }
            fys.formUnion(trendFYs)
            let deliveryTrend = delivered.isEmpty ? 0 : delivered.reduce(0, +) / Double(delivered.count)
            var planned = deliveryTrend * m.share
            var basis = "mean net additions \(trendFYs.first.map(String.init) ?? "-")/\(trendFYs.last.map { String(($0 + 1) % 100).leftPad2 } ?? "-") (MHCLG Live Table 122)"
            if o.usePlanRequirements, let r = data.requirements[m.lad], let per = r.perYear {
                planned = per * m.share
                basis = "local plan requirement \(String(format: "%.0f", per)) a year (\(r.basis): \(r.planTitle), \(r.periodStart.map(String.init) ?? "?")-\(r.periodEnd.map(String.init) ?? "?"))"
            }
            if m.share < 1 { basis += " x \(String(format: "%.4f", m.share)) (share of the LA in this area)" }
            var migration = trend.cells.map { $0 * m.share }, omitted: Double? = nil
            if base.total * m.share < o.minimumMigrationPopulation {
                omitted = migration.reduce(0, +)
                migration = [Double](repeating: 0, count: migration.count)
            }
            places.append(Place(code: m.lad, name: m.isWhole ? m.name : "\(m.name) (part)", share: m.share,
                                base: PopulationTable(values: base.values.map { $0 * m.share }),
                                fertilityLevel: fert[m.lad] ?? 1, mortalityLevel: level,
                                trendMigration: migration, stock: stock,
                                plannedAdditions: planned, plannedAdditionsBasis: basis, omittedNetMigration: omitted))
        }
        for y in rateYears { estYears.insert(y); estYears.insert(y - 1) }
        return AreaModel(selection: selection, options: o, places: places, migrationYearsUsed: used.sorted(),
                         yearsRead: (estYears, Set(rateYears.filter { data.components[$0] != nil }), fys, stockYears))
    }
}

extension String {
    /// "5" -> "05" (two-digit financial-year suffixes).
    var leftPad2: String { count >= 2 ? self : String(repeating: "0", count: 2 - count) + self }
}
