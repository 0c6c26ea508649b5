import Foundation
import Demography

/// Renders an `AreaModel` as a scenario file and its derived inputs, every value commented with where it came from.
/// The files are returned as text keyed by path relative to the scenario's folder; the caller writes them.
public struct AreaScenarioWriter {
    public enum Mode: String, Sendable, CaseIterable {
        /// Trend net migration every year (no housing constraint).
        case trend
        /// Dwellings x persons per dwelling set the population; migration fills the gap.
        case housingLed = "housing-led"
    }

    public var name: String
    public var model: AreaModel
    public var mode: Mode
    /// Paths of the national inputs relative to the scenario's folder.
    public var national: (lifeTable: String, mortalityProjection: String, fertilityShape: String, profiles: String)
    /// The command line that made the files (for their headers).
    public var command: String
    /// GP list inflation when the area has no published registered total (registered / resident).
    public var listInflation: Double
    public var listInflationNote: String
    /// A published registered total to fit list inflation to with `cohort calibrate` (31 March of `year`).
    public var registeredTotal: (total: Double, year: Int, source: String)?
    /// How a housing-led gap is added to migration (`migration.adjustment`).
    public var adjustment: MigrationAdjustment = .grossFlows
    /// Trend mode: the trend's out-migration as rates of the people at risk (`migration.trend_outflows`): counts made
    /// 16 of the 42 ICBs' scenarios fail inside 1,000 draws (a cohort emptied below zero), for 0.01-0.16 points of
    /// back-test MAPE (docs/backtest.md).
    public var trendOutflows: TrendOutflows = .rates

    public init(name: String, model: AreaModel, mode: Mode,
                national: (lifeTable: String, mortalityProjection: String, fertilityShape: String, profiles: String),
                command: String, listInflation: Double, listInflationNote: String,
                registeredTotal: (total: Double, year: Int, source: String)? = nil) {
        self.name = name; self.model = model; self.mode = mode; self.national = national; self.command = command
        self.listInflation = listInflation; self.listInflationNote = listInflationNote; self.registeredTotal = registeredTotal
    }

    /// How the national inputs are read: the life table's central year (2020-22), the year of the fertility age shape,
    /// and the sex ratio at birth; the same values measure the local levels (NationalSchedules.load) and are written.
    public static let lifeTableCentreYear = 2021, fertilityShapeYear = 2022, sexRatioAtBirth = 1.05

    /// Monte Carlo section of the written scenario (nil: none, a central run only).
    public var uncertainty: (draws: Int, seed: UInt64)? = (500, 20251124)

    /// Standard deviation of `migration_shift` (net migration a year as a share of the base population, one draw per
    /// Monte Carlo draw): fitted by `cohort backtest --base 2018 --to 2020,2022 --draws 1000 --calibrate-on 2016:2018`
    /// on the cohort-trend errors of every English LA from 2016 to 2018, and checked on 2018 -> 2020, a window not used
    /// to fit it (80% intervals covered 89% of LA totals, 90% covered 95%; without it, 28% and 34%). See docs/backtest.md.
    public static let fittedMigrationShiftSD = 0.00525

    /// The `[uncertainty]` section: the shipped reference scenario's population priors (mortality level, improvement scale,
    /// fertility level; persons per dwelling for a housing-led run) and, when given, `migration_shift`. The back-test
    /// validates its coverage with exactly this section.
    public static func uncertaintyTOML(draws: Int, seed: UInt64, shiftSD: Double?, housing: Bool, comments: Bool = false,
                                       percentiles: [Double] = [5, 10, 25, 50, 75, 90, 95]) -> String {
        var t = "\n[uncertainty]\ndraws = \(draws)\nseed = \(seed)\npercentiles = [\(percentiles.map { String(Int($0)) }.joined(separator: ", "))]\n"
        t += "[uncertainty.assumptions]  # the population priors of the shipped reference scenario (stated judgements; see its comments)\n"
        t += "mortality_level = { interval = [0.92, 1.08], coverage = 0.8, shape = \"lognormal\" }\n"
        t += "improvement_scale = { interval = [0.5, 1.5], coverage = 0.8 }\n"
        t += "fertility_level = { interval = [0.9, 1.1], coverage = 0.8, shape = \"lognormal\" }\n"
        if housing { t += "persons_per_dwelling_change = { interval = [-0.003, 0.003], coverage = 0.8 }\n" }
        if let shiftSD {
            if comments {
                t += "# Net migration shift a year (share of the base population, the same in every year of a draw), fitted by the\n"
                t += "# back-test on 2016 -> 2018 and checked on 2018 -> 2020 (80% intervals covered 89% of LA totals; docs/backtest.md).\n"
                t += "# Not applied in housing-led years, where dwellings set the population.\n"
            }
            t += "migration_shift = { distribution = \"normal\", mean = 0, sd = \(shiftSD) }\n"
        }
        return t
    }

    /// The data folder, relative to the scenario's folder.
    public var dataFolder: String { "data/\(name)" }

    public func files() -> [(path: String, text: String)] {
        [("\(name).toml", scenario()), ("\(dataFolder)/population_mid\(model.options.baseYear).csv", population()),
         ("\(dataFolder)/fertility_levels.csv", fertility()), ("\(dataFolder)/migration_trend.csv", migration()),
         ("\(dataFolder)/dwellings.csv", dwellings()), ("\(dataFolder)/DEMAND-TEMPLATE.md", demandTemplate())]
    }

    static func q(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
    static func num(_ x: Double, _ d: Int) -> String {
        let s = String(format: "%.\(d)f", x)
        return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s
    }
    static func csvField(_ s: String) -> String { s.contains(",") || s.contains("\"") ? q(s).replacingOccurrences(of: "\\\"", with: "\"\"") : s }

    var o: AreaModel.Options { model.options }
    var firstSimYear: Int { o.baseYear + 1 }

    func population() -> String {
        var t = "# ONS mid-\(o.baseYear) estimates (\(EnglandData.defaultFolder)/mye_sya.csv) of \(model.selection.label);\n"
        t += "# the part of a split LA is its share of the LA's Census 2021 residents x the LA estimate (same age structure).\n"
        t += "place,sex,age,population\n"
        for p in model.places { for sex in Sex.allCases { for a in Ages.all {
            t += "\(Self.csvField(p.name)),\(sex),\(a),\(Self.num(p.base[sex, a], 3))\n"
        } } }
        return t
    }

    func tfrYears() -> [Int] {
        let last = max(o.englandTFR.keys.max() ?? o.baseYear, o.baseYear)
        return Array(o.baseYear...last)
    }

    func englandTFR(_ y: Int) -> Double {
        if let v = o.englandTFR[y] { return v }
        let before = o.englandTFR.keys.filter { $0 <= y }.max() ?? o.englandTFR.keys.min()!
        return o.englandTFR[before]!
    }

    func fertility() -> String {
        var t = "# DERIVED by `\(command)`: not observed data.\n"
        t += "# TFR per Place for the step out of mid-year `year` = the Place's fertility level x England's TFR.\n"
        t += "# Level = births (ONS components, years to mid-\(o.ratesYears.map(String.init).joined(separator: ", "))) over the births the UN WPP 2022 age\n"
        t += "# shape gives the Place's women at TFR 1, relative to the same ratio for England. England's TFR: \(o.englandTFRSource).\n"
        t += "# The last year holds after.\nplace,year,tfr\n"
        for p in model.places { for y in tfrYears() {
            t += "\(Self.csvField(p.name)),\(y),\(Self.num(p.fertilityLevel * englandTFR(y), 6))\n"
        } }
        return t
    }

    func migration() -> String {
        var t = "# DERIVED by `\(command)`: not observed data.\n"
        t += "# Trend net migration by age and sex: the mean of the residual net migration (estimate at y less the survivors\n"
        t += "# of the estimate at y-1 and the surviving births, with the England 2020-22 life table x ONS 2020-based\n"
        t += "# improvement x the Place's mortality level) over the steps into mid-\(model.migrationYearsUsed.map(String.init).joined(separator: ", ")).\n"
        t += "# The 2020 -> 2021 step is never used: it crosses the Census 2021 rebasing. Held under `year` \(firstSimYear)\n"
        t += "# (migration.trend_years). Age is age at the end of the year (90 = 90 and over).\n"
        for p in model.places { if let n = p.omittedNetMigration { t += "# \(omittedNote(p.name, n))\n" } }
        t += "place,year,sex,age,net_migration\n"
        for p in model.places { for sex in Sex.allCases { for a in Ages.all {
            t += "\(Self.csvField(p.name)),\(firstSimYear),\(sex),\(a),\(Self.num(p.trendMigration[Ages.index(sex, a)], 3))\n"
        } } }
        return t
    }

    func dwellings() -> String {
        var t = "# Dwelling stock at mid-year `year`: VOA council-tax properties at 31 March + a quarter of that financial year's\n"
        t += "# MHCLG net additional dwellings (\(EnglandData.defaultFolder)); for the part of a split LA, times its share.\n"
        t += "scenario,place,year,dwellings\n"
        for p in model.places { for y in p.stock.keys.sorted() {
            t += "observed,\(Self.csvField(p.name)),\(y),\(Self.num(p.stock[y]!, 1))\n"
        } }
        return t
    }

    func omittedNote(_ place: String, _ net: Double) -> String {
        "\(place): NO trend net migration (ASSUMPTION: under \(Self.num(o.minimumMigrationPopulation, 0)) residents, too few for a signed schedule by single year of age; its measured mean is \(Self.num(net, 1)) a year)."
    }

    func scenario() -> String {
        let sel = model.selection
        var t = "# \(sel.name): \(mode == .trend ? "trend" : "housing-led") projection of the population of \(model.places.count) Place\(model.places.count == 1 ? "" : "s"), mid-\(o.baseYear) to mid-\(o.horizon).\n"
        t += "# Written by `\(command)` from the England inputs in \(EnglandData.defaultFolder) (provenance in its PROVENANCE.md).\n"
        t += "# Area: \(sel.label).\n"
        for p in model.places where p.share < 1 {
            t += "# \(p.name): \(Self.num(p.share * 100, 2))% of \(p.code)'s Census 2021 residents are in this area; its estimates, migration\n"
            t += "#   and dwellings are scaled by that share (ASSUMPTION: the part has the LA's age structure and trends).\n"
        }
        for m in sel.leftOut {
            t += "# Left out: \(Self.num(m.share * 100, 2))% of \(m.lad) \(m.name) (below the minimum share of an LA; `cohort new --min-share 0` includes it).\n"
        }
        for p in model.places { if let n = p.omittedNetMigration { t += "# \(omittedNote(p.name, n))\n" } }
        t += "# No demand, workforce or finance inputs: this scenario projects population only (see `\(dataFolder)/DEMAND-TEMPLATE.md`\n"
        t += "# for the CSV layouts an ICB adds to get referrals, conditions, workforce and finance).\n"
        t += "name = \(Self.q(name))\n"
        t += "title = \(Self.q("\(sel.name): \(mode == .trend ? "trend" : "housing-led") population projection"))\n"
        t += "base_year = \(o.baseYear)   # ONS mid-year estimates (first release on 2023 boundaries)\n"
        t += "horizon = \(o.horizon)\n"
        t += "places = [\(model.places.map { Self.q($0.name) }.joined(separator: ", "))]\n"
        t += "place_codes = [\(model.places.map { Self.q($0.code) }.joined(separator: ", "))]   # ONS 2023 LA codes\n\n"
        t += "[inputs]  # paths are relative to this file\n"
        t += "population = \(Self.q("\(dataFolder)/population_mid\(o.baseYear).csv"))\n"
        t += "life_table = \(Self.q(national.lifeTable))                  # ONS National Life Tables, England 2020-22\n"
        t += "mortality_projection = \(Self.q(national.mortalityProjection))  # ONS 2020-based projected qx: improvement ratios only\n"
        t += "fertility_shape = \(Self.q(national.fertilityShape))        # UN WPP 2022 UK ASFR: age shape only\n"
        t += "fertility_levels = \(Self.q("\(dataFolder)/fertility_levels.csv"))        # DERIVED: Place level x England TFR\n"
        t += "migration = \(Self.q("\(dataFolder)/migration_trend.csv"))               # DERIVED: residual method, see its header\n"
        t += "migration_profiles = \(Self.q(national.profiles))  # Rogers-Castro model schedules (UN DESA 1992)\n"
        t += "dwellings = \(Self.q("\(dataFolder)/dwellings.csv"))                     # VOA properties + MHCLG net additions\n\n"
        t += "[mortality]\nlife_table_centre_year = \(Self.lifeTableCentreYear)\nimprovement = true\nlevel = 1.0\n"
        t += "[mortality.place_levels]  # DERIVED: deaths (ONS components, years to mid-\(o.ratesYears.first.map(String.init) ?? "")..\(o.ratesYears.last.map(String.init) ?? "")) over the deaths the national\n"
        t += "                          # schedule gives each Place's population, relative to England's own ratio\n"
        for p in model.places { t += "\(Self.q(p.name)) = \(Self.num(p.mortalityLevel, 4))\n" }
        t += "\n[fertility]\nshape_year = \(Self.fertilityShapeYear)\nsex_ratio_at_birth = \(Self.sexRatioAtBirth)  # males per female; England and Wales births have run at 1.04-1.06 for decades\n"
        t += "level = 1.0                # Place levels are in the fertility levels file\n"
        t += "# England's TFR in that file: \(o.englandTFRSource).\n\n"
        t += "[migration]\nmode = \(Self.q(mode == .trend ? "trend" : "housing-led"))"
        t += mode == .trend ? "   # trend net migration every year; `cohort new --mode housing-led` lets dwellings set the population\n"
                            : "   # dwellings x persons per dwelling set the population; migration fills the gap\n"
        t += "trend_years = [\(firstSimYear), \(firstSimYear)]   # the derived file holds one averaged schedule, under this year\n"
        if mode == .housingLed { t += "housing_led_from = \(firstSimYear)\n" }
        t += "adjustment_profile = \"Western standard\"  # ASSUMPTION: migrants above or below trend have the Rogers-Castro Western standard profile\n"
        t += adjustment == .grossFlows
            ? "adjustment = \"gross-flows\"   # the housing-led gap as gross in-migrants (above trend) or out-migrants at rates x population (below):\n                                # lower age-band errors than the net profile in every back-test window (docs/backtest.md)\n"
            : "adjustment = \(Self.q(adjustment.rawValue))\n"
        if mode == .trend {
            t += trendOutflows == .rates
                ? "trend_outflows = \"rates\"   # the trend's out-migration as rates of the people at risk: as counts, Monte Carlo draws emptied\n                           # cohorts below zero over long horizons (docs/backtest.md)\n"
                : "trend_outflows = \"counts\"\n"
        }
        t += "\n"
        t += "[housing]\nstock_scenario = \"observed\"\n"
        t += "persons_per_dwelling_change = 0.0  # ASSUMPTION: household persons per dwelling held at the mid-\(o.baseYear) value\n"
        t += "communal_share = \(Self.num(o.communalShare, 3))             # ASSUMPTION: residents in communal establishments (England, Census 2021: about 1.7%)\n"
        t += "[housing.net_additions]  # dwellings a year after mid-\(model.places.compactMap { $0.stock.keys.max() }.max().map(String.init) ?? "")\n"
        for p in model.places { t += "\(Self.q(p.name)) = \(Self.num(p.plannedAdditions, 1))   # \(p.plannedAdditionsBasis)\n" }
        t += "\n[registration]\n"
        t += "list_inflation = \(Self.num(listInflation, 6))  # \(listInflationNote)\n"
        if let r = registeredTotal {
            t += "[registration.calibration]  # fit list inflation with `cohort calibrate \(name).toml --fit list-inflation`\n"
            t += "registered_total = \(Self.num(r.total, 0))\nyear = \(r.year)\nsource = \(Self.q(r.source))\n"
        }
        if let u = uncertainty {
            t += Self.uncertaintyTOML(draws: u.draws, seed: u.seed, shiftSD: Self.fittedMigrationShiftSD, housing: mode == .housingLed, comments: true)
        }
        return t
    }
}
