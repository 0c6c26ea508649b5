import Foundation
import Demand

/// One key of a scenario file: its type, unit, default, allowed range and what it means.
///
/// `ScenarioFormat.keys` is the one definition of the scenario format. From it come the loader's key checks
/// (`ScenarioFormat.validate`: unknown keys, types, ranges, missing keys), the JSON Schema (`cohort schema`) and
/// docs/scenario-reference.md. A new key is registered there (and read by the loader as before).
public struct KeySpec: Sendable {
    public indirect enum Kind: Sendable {
        case string
        /// One of a fixed list of strings.
        case choice([String])
        /// A file path, relative to the scenario file that sets it.
        case path
        case int, number, bool
        case strings
        /// An array of numbers.
        case numbers
        /// One of the scenario's `places`.
        case place
        /// `[first, last]`, whole numbers with first <= last.
        case yearRange
        case table([KeySpec])
        /// `[[key]]`: an array of tables.
        case tableArray([KeySpec])
        /// `{ Place = number, ... }`: a number for every Place of the scenario.
        case placeNumbers
        /// A number for all Places, or one for each Place.
        case numberOrPlaceNumbers
        /// A fixed number or a distribution table (`choices` allowed when `choice`).
        case uncertain(choice: Bool)
        /// A table whose keys are names (service groups, assumptions) and whose values are all of one kind.
        case map(of: Kind, names: [String]?)
    }

    public var name: String
    public var kind: Kind
    public var required: Bool
    public var defaultText: String?
    public var unit: String?
    public var min: Double?
    public var max: Double?
    /// Exclusive bounds (value > above, value < below).
    public var above: Double?
    public var below: Double?
    public var doc: String

    public init(_ name: String, _ kind: Kind, required: Bool = false, default d: String? = nil, unit: String? = nil,
                min: Double? = nil, max: Double? = nil, above: Double? = nil, below: Double? = nil, _ doc: String) {
        self.name = name; self.kind = kind; self.required = required; self.defaultText = d; self.unit = unit
        self.min = min; self.max = max; self.above = above; self.below = below; self.doc = doc
    }
}

public enum ScenarioFormat {
    public static let distributions: [(name: String, parameters: [String])] = [
        ("fixed", ["value"]), ("normal", ["mean", "sd"]), ("lognormal", ["mu", "sigma"]), ("uniform", ["min", "max"]),
        ("triangular", ["min", "mode", "max"]), ("beta", ["a", "b"]), ("gamma", ["shape", "scale"]),
        ("discrete", ["values", "weights"]), ("bernoulli", ["p"])]

    static let yearMin = 1900.0, yearMax = 2200.0

    /// Every key of a scenario file, in the order of the reference page.
    public static let keys: [KeySpec] = [
        KeySpec("extends", .path, "Parent scenario file: this file's keys override the parent's, tables merge key by key."),
        KeySpec("name", .string, required: true, "Name of the run and of its output folder: letters, digits, '-', '_' or '.'."),
        KeySpec("title", .string, default: "the name", "Title shown in the summary and report."),
        KeySpec("base_year", .int, required: true, unit: "mid-year", min: yearMin, max: yearMax,
                "Mid-year of the base population (the projection starts here)."),
        KeySpec("horizon", .int, required: true, unit: "mid-year", min: yearMin, max: 2300,
                "Last mid-year projected; after base_year."),
        KeySpec("places", .strings, required: true, "The Places (local authorities) projected, each once."),
        KeySpec("place_codes", .strings, "ONS codes of the Places (E06/E07/E08/E09 + 6 digits), same order as places; the place_code column of every table."),
        KeySpec("inputs", .table([
            KeySpec("population", .path, required: true, "Base population by Place, sex and single year of age (CSV)."),
            KeySpec("life_table", .path, required: true, "National life table: qx by sex and age (CSV)."),
            KeySpec("mortality_projection", .path, required: true, "Projected qx by year: improvement ratios (CSV)."),
            KeySpec("fertility_shape", .path, required: true, "Age-specific fertility rates: the age shape (CSV)."),
            KeySpec("fertility_levels", .path, required: true, "Total fertility rate by Place and year (CSV)."),
            KeySpec("migration", .path, required: true, "Net migration by Place, year, sex and age (CSV)."),
            KeySpec("migration_profiles", .path, required: true, "Rogers-Castro model schedule parameters (CSV)."),
            KeySpec("dwellings", .path, required: true, "Dwelling stock by scenario, Place and year (CSV)."),
            KeySpec("trend_projection", .path, "A trend projection shown beside the result (and used by `cohort derive`)."),
            KeySpec("published", .path, "Published figures compared in the summary (CSV)."),
            KeySpec("registration_profile", .path, "Relative registered / resident by sex and age band (CSV), for registration.profile = \"age-sex\"."),
        ]), required: true, "Input files; paths are relative to the scenario file that sets them."),
        KeySpec("mortality", .table([
            KeySpec("life_table_centre_year", .int, required: true, unit: "year", min: yearMin, max: yearMax,
                    "Year on which the life table is centred (improvement = projected qx(t) / qx(centre))."),
            KeySpec("improvement", .bool, default: "true", "Apply projected mortality improvement."),
            KeySpec("level", .number, default: "1", unit: "multiplier", above: 0, "Multiplier on every qx (1 = the national table)."),
            KeySpec("place_levels", .placeNumbers, unit: "multiplier", above: 0,
                    "Per-Place multipliers on top of level (local mortality relative to the national table), e.g. from `cohort new`."),
            KeySpec("calibration", .table([
                KeySpec("deaths", .number, required: true, unit: "deaths", above: 0, "Observed deaths in financial year `fy` (the deaths table's basis)."),
                KeySpec("fy", .int, required: true, unit: "financial year (start)", "Financial year of the observed deaths."),
                KeySpec("source", .string, "Where the deaths figure comes from."),
            ]), "Observed deaths that `cohort calibrate --fit mortality-level` fits level to."),
        ]), required: true, "Mortality assumptions."),
        KeySpec("fertility", .table([
            KeySpec("shape_year", .int, required: true, unit: "year", "Year of the fertility age shape used."),
            KeySpec("sex_ratio_at_birth", .number, default: "1.05", unit: "males per female", above: 0, "Sex ratio at birth."),
            KeySpec("level", .number, default: "1", unit: "multiplier", min: 0, "Multiplier on the Place TFRs."),
        ]), required: true, "Fertility assumptions."),
        KeySpec("migration", .table([
            KeySpec("mode", .choice(MigrationMode.allCases.map(\.rawValue)), required: true,
                    "How net migration is set: from trends, each year's residual, net totals or the dwellings (housing-led)."),
            KeySpec("trend_years", .yearRange, default: "[base_year + 1, horizon]", unit: "mid-years",
                    "Years of the migration file averaged into the trend schedule."),
            KeySpec("housing_led_from", .int, default: "base_year + 1", unit: "mid-year",
                    "First mid-year whose population is set by the dwellings (housing-led mode)."),
            KeySpec("adjustment_profile", .string, default: "\"Western standard\"",
                    "Rogers-Castro schedule carrying migration adjustments (a schedule of migration_profiles)."),
            KeySpec("adjustment", .choice(MigrationAdjustment.allCases.map(\.rawValue)), default: "\"gross-flows\"",
                    "How a housing-led (or net-total) gap is added: as net migrants with the adjustment profile, or as gross in-migrants (above trend) / out-migrants at rates x the population (below trend)."),
            KeySpec("in_migrant_profile", .choice(InMigrantProfile.allCases.map(\.rawValue)), default: "\"rates-x-population\"",
                    "Age/sex profile of the extra in-migrants of gross-flows adjustment."),
            KeySpec("trend_outflows", .choice(TrendOutflows.allCases.map(\.rawValue)), default: "\"counts\"",
                    "Trend mode: the trend's net out-migration as the same counts every year, or as rates of the people at risk (its count over the base population aged on one year), so a smaller cohort sends fewer and no cell goes below zero (cohort new writes rates; a cell with no one at risk at the base has no trend out-migration)."),
        ]), required: true, "Migration assumptions."),
        KeySpec("housing", .table([
            KeySpec("stock_scenario", .string, required: true, "Scenario of the dwellings file to use."),
            KeySpec("net_additions", .placeNumbers, unit: "dwellings a year", min: -1e9,
                    "Net additional dwellings a year for each Place, replacing the file's trajectory."),
            KeySpec("persons_per_dwelling_change", .number, default: "0", unit: "share a year", min: -0.2, max: 0.2,
                    "Annual change in household persons per dwelling."),
            KeySpec("communal_share", .number, default: "0", unit: "share", min: 0, max: 1,
                    "Share of residents in communal establishments (held constant in number)."),
        ]), required: true, "Housing assumptions."),
        KeySpec("registration", .table([
            KeySpec("list_inflation", .numberOrPlaceNumbers, required: true, unit: "multiplier", above: 0,
                    "GP-registered population / resident population, for all Places or per Place."),
            KeySpec("calibration", .table([
                KeySpec("registered_total", .number, required: true, unit: "people", above: 0, "Published registered total at 31 March of `year`."),
                KeySpec("year", .int, required: true, unit: "year", "Year of the 31 March count (inside the projection)."),
                KeySpec("source", .string, "Where the registered total comes from."),
            ]), "Published registered total that `cohort calibrate` fits list_inflation to."),
            KeySpec("profile", .choice(RegistrationProfile.allCases.map(\.rawValue)), default: "\"uniform\"",
                    "List inflation the same at every age, or by sex and age band (inputs.registration_profile), scaled to the same total."),
        ]), required: true, "GP registration."),
        KeySpec("demand", .table([
            KeySpec("base_fy", .int, required: true, unit: "financial year (start)", "Financial year of the base activity, e.g. 2023 for 2023/24."),
            KeySpec("referrals", .path, required: true, "Base-year referrals by service, age band and sex (CSV)."),
            KeySpec("referral_targets", .path, "Published service totals and projections (calibration targets, CSV)."),
            KeySpec("conditions", .path, "Condition prevalence and assumed age shapes (CSV)."),
            KeySpec("conditions_base_year", .int, default: "base_fy", unit: "mid-year",
                    "Mid-year whose registered population the published prevalences refer to."),
            KeySpec("rate_trends", .map(of: .number, names: nil), unit: "share a year", min: -0.5, max: 0.5,
                    "Annual non-demographic change in referral rates, per service group."),
            KeySpec("deaths_basis", .choice(DeathsBasis.allCases.map(\.rawValue)), default: "\"resident\"",
                    "Population the death rates apply to: usual residents, or GP-registered patients (list inflation included)."),
        ]), "Health-service demand."),
        KeySpec("workforce", .table([
            KeySpec("base_fy", .int, required: true, unit: "financial year (start)", "Financial year of the posts."),
            KeySpec("units", .path, required: true, "Posts by provider and unit, with their demand driver (CSV)."),
            KeySpec("staff_groups", .path, required: true, "Staff-group shares of posts and over-55 shares (CSV)."),
            KeySpec("vacancies", .number, required: true, unit: "posts", min: 0, "Vacant posts in the base year."),
            KeySpec("turnover", .number, required: true, unit: "share a year", min: 0, max: 1, "Leavers a year as a share of staff."),
            KeySpec("retirement_years", .number, required: true, unit: "years", above: 0, "Years over which today's over-55s retire."),
            KeySpec("recruitment_factor", .number, default: "1", unit: "multiplier", min: 0, "Joiners relative to today's."),
            KeySpec("productivity", .number, default: "0", unit: "share a year", min: -0.2, max: 0.2, "Annual productivity gain."),
        ]), "Workforce (needs [demand])."),
        KeySpec("finance", .table([
            KeySpec("base_fy", .int, required: true, unit: "financial year (start)", "Financial year of the allocation."),
            KeySpec("costs", .path, required: true, "Cost per referral by service (CSV)."),
            KeySpec("allocation_per_head", .number, required: true, unit: "GBP per head", above: 0, "Allocation per registered person."),
            KeySpec("allocation_real_growth", .number, default: "0", unit: "share a year", min: -0.2, max: 0.2,
                    "Real growth of the per-head allocation a year."),
        ]), "Finance (needs [demand])."),
        KeySpec("uncertainty", .table([
            KeySpec("draws", .int, default: "0", unit: "draws", min: 0, max: 10_000_000, "Monte Carlo draws (0 = central run only)."),
            KeySpec("seed", .int, default: "1", min: 0, "Master seed of the random streams."),
            KeySpec("percentiles", .numbers, default: "[5, 10, 50, 90, 95]", unit: "percent", above: 0, below: 100,
                    "Percentiles reported in the interval tables, each between 0 and 100."),
            KeySpec("interval_years", .numbers, default: "every year", unit: "years",
                    "Only these years' rows get intervals (mid-years, or the financial years they start): a big run stores one value per draw per row, so a few milestones cut its memory in proportion. Increasing, from base_year to horizon."),
            KeySpec("assumptions", .map(of: .uncertain(choice: true), names: AssumptionName.keys),
                    "Uncertain scalar assumptions: a number or a distribution each (choices for migration_profile)."),
            KeySpec("delivery", .table([
                KeySpec("common", .uncertain(choice: false), unit: "multiplier", "Housing delivery factor common to all Places in a draw."),
                KeySpec("place", .uncertain(choice: false), unit: "multiplier", "Delivery factor per Place."),
                KeySpec("year", .uncertain(choice: false), unit: "multiplier", "Delivery factor per Place and year."),
            ]), "Housing delivery as a share of the planned net additions."),
            KeySpec("referral_trends", .map(of: .uncertain(choice: false), names: nil), unit: "share a year",
                    "Annual referral-rate trend per service group (a distribution each)."),
        ]), "Monte Carlo settings."),
        KeySpec("report", .table([
            KeySpec("area_name", .string, "Name of the area; the all-Places rows read \"<area_name> total\" (default \"All Places\")."),
            KeySpec("milestones", .numbers, default: "every ten years from base_year, before horizon", unit: "years",
                    "Years shown beside the base in tables, charts, compare and the waterfall; increasing, after base_year, up to horizon."),
            KeySpec("headline_services", .strings, default: "the largest base-year service of each group", "Services whose intervals the summary shows."),
            KeySpec("cost_caveat", .string, "Said under every money table."),
            KeySpec("data_sources", .string, "One line on where the data came from (report.html)."),
            KeySpec("provenance", .strings, "Documents of provenance and assumptions cited in summary.md, relative to the file that sets them."),
        ]), "How the outputs describe the area."),
        KeySpec("new_towns", .tableArray([
            KeySpec("name", .string, required: true, "Site name."),
            KeySpec("place", .place, required: true, "The Place the site is in (one of places)."),
            KeySpec("dwellings", .number, required: true, unit: "dwellings", above: 0, "Total capacity of the site."),
            KeySpec("probability", .number, required: true, unit: "probability", min: 0, max: 1, "Chance the site goes ahead."),
            KeySpec("start_years", .yearRange, required: true, unit: "mid-years", "First completions, uniform over these years."),
            KeySpec("build_rate", .uncertain(choice: false), required: true, unit: "dwellings a year", "Completions a year once started."),
            KeySpec("note", .string, "Free text."),
        ]), "New Towns sites, [[new_towns]] once per site (housing-led mode)."),
    ]

    /// The spec at a key path ("finance.costs"), for the top-level tables' paths.
    static func spec(_ path: [String]) -> KeySpec? {
        var specs = keys
        var found: KeySpec? = nil
        for p in path {
            guard let s = specs.first(where: { $0.name == p }) else { return nil }
            found = s
            if case .table(let inner) = s.kind { specs = inner } else { specs = [] }
        }
        return found
    }
}
