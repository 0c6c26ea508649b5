import Foundation

/// The numeric assumptions of one run. Draw 0 (the central run) takes them from the scenario; Monte Carlo
/// draws replace some of them (see `RunPlan`). Everything else comes from the input files.
public struct Assumptions: Sendable, Equatable {
    public var mortalityLevel: Double
    /// Power on the improvement ratios (1 = ONS 2020-based improvement as published, 0 = none).
    public var improvementScale: Double
    public var fertilityLevel: Double
    public var sexRatioAtBirth: Double
    /// Multiplier on each Place's net additional dwellings in each year (index 0 = the year after the base);
    /// a missing Place means 1 throughout.
    public var delivery: [String: [Double]]
    public var personsPerDwellingChange: Double
    public var communalShare: Double
    public var listInflation: [String: Double]
    /// Extra dwellings completed by Place and mid-year (New Towns sites).
    public var extraDwellings: [String: [Int: Double]]
    /// Rogers-Castro schedule carrying migration above or below trend.
    public var migrationProfile: String
    /// Annual change in referral rates per service group.
    public var referralTrends: [String: Double]
    /// Annual proportional change in every condition's prevalence.
    public var conditionTrend: Double
    /// Workforce: annual productivity gain and recruitment (multiple of base-year joiners).
    public var productivity: Double
    public var recruitmentFactor: Double
    /// Real growth of the per-head allocation a year.
    public var allocationGrowth: Double
    /// Net migration added every year, as a share of each Place's base-year population, spread over ages by the
    /// adjustment profile (uncertainty assumption `migration_shift`; 0 in the central run). Not applied in
    /// housing-led years, where dwellings set the population.
    public var migrationShift: Double = 0

    public init(_ s: Scenario) {
        mortalityLevel = s.mortality.level
        improvementScale = 1
        fertilityLevel = s.fertility.level
        sexRatioAtBirth = s.fertility.sexRatioAtBirth
        delivery = [:]
        personsPerDwellingChange = s.housing.personsPerDwellingChange
        communalShare = s.housing.communalShare
        listInflation = s.registration.listInflation
        migrationProfile = s.migration.adjustmentProfile
        referralTrends = s.demand?.rateTrends ?? [:]
        conditionTrend = 0
        productivity = s.demand?.workforce?.productivity ?? 0
        recruitmentFactor = s.demand?.workforce?.recruitmentFactor ?? 1
        allocationGrowth = s.demand?.finance?.allocationRealGrowth ?? 0
        // Central New Towns delivery: each site's expected completions (probability x build-out from the middle start year).
        extraDwellings = [:]
        for site in s.newTowns {
            let start = (site.startYears.lowerBound + site.startYears.upperBound) / 2
            for (y, n) in site.completions(start: start, rate: site.buildRate.mean, through: s.horizon) {
                extraDwellings[site.place, default: [:]][y, default: 0] += n * site.probability
            }
        }
    }
}
