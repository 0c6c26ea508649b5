import Foundation
import Demography

/// How a Place's net migration is set each year.
public enum MigrationMode: String, Sendable, CaseIterable {
    /// The averaged residual schedule every year.
    case trend
    /// Each year's residual net migration by age and sex, as in the trend projection itself.
    case residual
    /// The trend schedule scaled (via the adjustment profile) to each year's net total in the migration file.
    case netTotals = "net-totals"
    /// Dwellings x persons per dwelling + communal sets the population; migration fills the gap.
    case housingLed = "housing-led"
}

/// How migration above or below the trend (to reach a housing-led population or a given net total) is spread by age.
public enum MigrationAdjustment: String, Sendable, CaseIterable {
    /// The gap added as net migrants with the adjustment profile, whatever its sign.
    case netProfile = "net-profile"
    /// A gap above trend added as in-migrants; below trend, extra out-migrants at rates x the population at risk.
    case grossFlows = "gross-flows"
}

/// How the out-migration of the trend (its cells with net out-migration) is applied in trend mode.
public enum TrendOutflows: String, Sendable, CaseIterable {
    /// The trend's net counts every year, whatever the size of the cohort (out-migration can exceed the people there).
    case counts
    /// Net out-migration as a rate of the people at risk: the trend's count over the base population aged on one
    /// year, times each year's population at risk (so a smaller cohort sends fewer; no cell is emptied below zero).
    case rates
}

/// Gross flows: the age/sex profile of the extra in-migrants.
public enum InMigrantProfile: String, Sendable, CaseIterable {
    /// The adjustment profile's Rogers-Castro rates x the Place's base population (migrants = rate x people).
    case ratesTimesPopulation = "rates-x-population"
    /// The positive part of the Place's trend net migration (ages that gain people in the trend).
    case trendPositive = "trend-positive"
}

/// How list inflation varies with age and sex.
public enum RegistrationProfile: String, Sendable, CaseIterable {
    case uniform
    case ageSex = "age-sex"
}

/// A validated scenario: every path resolved, every value checked. Built by `ScenarioLoader`.
public struct Scenario: Sendable {
    public struct Inputs: Sendable {
        public var population: URL
        public var lifeTable: URL
        public var mortalityProjection: URL
        public var fertilityShape: URL
        public var fertilityLevels: URL
        public var migration: URL
        public var migrationProfiles: URL
        public var dwellings: URL
        public var trendProjection: URL?
        public var published: URL?
        /// Relative registered / resident by sex and age band (`[registration] profile = "age-sex"`).
        public var registrationProfile: URL? = nil
    }
    public struct Mortality: Sendable {
        public var lifeTableCentreYear: Int
        public var improvement: Bool
        /// Multiplier on every qx (1 = as published).
        public var level: Double
        /// Per-Place multipliers on top of `level` (local mortality relative to the national table); empty = 1 everywhere.
        public var placeLevels: [String: Double] = [:]
        /// Observed deaths that `cohort calibrate --fit mortality-level` fits the level to.
        public var calibration: DeathsCalibration? = nil
    }
    public struct DeathsCalibration: Sendable {
        /// Deaths in financial year `fy` (start year) of the deaths table's basis.
        public var deaths: Double
        public var fy: Int
        public var source: String?
    }
    public struct Fertility: Sendable {
        public var shapeYear: Int
        public var sexRatioAtBirth: Double
        /// Multiplier on the Place TFRs (1 = as derived).
        public var level: Double
    }
    public struct Migration: Sendable {
        public var mode: MigrationMode
        public var trendYears: ClosedRange<Int>
        public var adjustmentProfile: String
        public var housingLedFrom: Int
        /// Gross flows by default: lower age-band errors than the net profile in every back-test window (docs/backtest.md).
        public var adjustment: MigrationAdjustment = .grossFlows
        public var inMigrantProfile: InMigrantProfile = .ratesTimesPopulation
        /// Trend mode: the trend's out-migration as counts (files without the key, as before) or rates.
        public var trendOutflows: TrendOutflows = .counts
    }
    public struct Housing: Sendable {
        public var stockScenario: String
        /// Annual net additional dwellings per Place; nil = the stock scenario's own trajectory.
        public var netAdditions: [String: Double]?
        /// Annual proportional change in household population per dwelling (0 = held at the base-year value).
        public var personsPerDwellingChange: Double
        /// Share of the base population living in communal establishments, held constant in number.
        public var communalShare: Double
    }
    public struct Registration: Sendable {
        /// Registered / resident per Place.
        public var listInflation: [String: Double]
        /// Published registered total used by `cohort calibrate` (31 March of `calibrationYear`).
        public var calibrationTotal: Double?
        public var calibrationYear: Int?
        /// One factor at every age, or list inflation shaped by age and sex (`inputs.registration_profile`).
        public var profile: RegistrationProfile = .uniform
    }

    public var name: String
    public var title: String
    public var file: URL
    public var baseYear: Int
    public var horizon: Int
    public var places: [String]
    /// ONS codes of the Places (`place_codes`, Place order); nil when the scenario gives none.
    public var placeCodes: [String]? = nil
    public var inputs: Inputs
    public var mortality: Mortality
    public var fertility: Fertility
    public var migration: Migration
    public var housing: Housing
    public var registration: Registration
    /// Demand, workforce and finance sections (issue 3+); nil when the scenario has none.
    public var demand: DemandConfig?
    /// Monte Carlo settings (draws = 0: central run only).
    public var uncertainty: UncertaintySpec
    /// New Towns sites on top of the dwelling trajectories.
    public var newTowns: [NewTownSite]
    /// Every file the scenario was loaded from, read once: the scenario file and its `extends` parents (role
    /// "scenario", the child first), then every input (`inputURLs` order) but one about to be derived.
    public var files: [InputFile] = []
    /// The scenario file and its `extends` parents, the child first.
    public var sourceFiles: [URL] { files.filter { $0.role == "scenario" }.map(\.url) }
    /// `[report]`: area name, milestone years, headline services, caveats (defaults from the scenario's own years).
    public var report: ReportConfig = ReportConfig(areaName: nil, milestones: [], headlineServices: nil,
                                                   costCaveat: ReportConfig.defaultCostCaveat, dataSources: nil, provenance: [])
    /// For a child scenario (`extends`): what it changes from its parent.
    public var parentChanges: ParentChanges? = nil

    /// The ONS code of a Place ("" when the scenario gives no codes or the name is not a Place, e.g. "All Places").
    public func placeCode(_ place: String) -> String {
        guard let codes = placeCodes, let i = places.firstIndex(of: place) else { return "" }
        return codes[i]
    }

    public var years: ClosedRange<Int> { baseYear...horizon }
}
