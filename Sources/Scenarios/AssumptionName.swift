/// A scalar assumption the Monte Carlo can sample (`[uncertainty.assumptions]`). Every switch over it is exhaustive,
/// so a new assumption cannot be silently ignored by the sampler or the run plan.
///
/// The raw value is the scenario key and the `run-plan.csv` column, and it is hashed into the seed of the
/// assumption's random stream: renaming one changes every draw.
public enum AssumptionName: String, Sendable, CaseIterable {
    case mortalityLevel = "mortality_level"
    case improvementScale = "improvement_scale"
    case fertilityLevel = "fertility_level"
    case sexRatioAtBirth = "sex_ratio_at_birth"
    case personsPerDwellingChange = "persons_per_dwelling_change"
    case communalShare = "communal_share"
    case listInflationFactor = "list_inflation_factor"
    case migrationProfile = "migration_profile"
    case conditionPrevalenceTrend = "condition_prevalence_trend"
    case workforceProductivity = "workforce_productivity"
    case recruitmentFactor = "recruitment_factor"
    case allocationRealGrowth = "allocation_real_growth"
    case migrationShift = "migration_shift"

    /// The scenario keys, sorted (as messages and the format reference list them).
    public static var keys: [String] { allCases.map(\.rawValue).sorted() }

    /// A choice among names (the migration age profile) rather than a number.
    public var isChoice: Bool {
        switch self {
        case .migrationProfile: return true
        case .mortalityLevel, .improvementScale, .fertilityLevel, .sexRatioAtBirth, .personsPerDwellingChange,
             .communalShare, .listInflationFactor, .conditionPrevalenceTrend, .workforceProductivity,
             .recruitmentFactor, .allocationRealGrowth, .migrationShift: return false
        }
    }

    /// Values the assumption may take, and how to say so (checked at load time on a fixed value or a bounded
    /// distribution's ends, and on every sampled value); nil when any finite value is allowed.
    public var validRange: (contains: @Sendable (Double) -> Bool, expected: String)? {
        switch self {
        case .mortalityLevel, .fertilityLevel, .sexRatioAtBirth, .listInflationFactor: return ({ $0 > 0 }, "a value > 0")
        case .communalShare: return ({ $0 >= 0 && $0 < 1 }, "a share from 0 up to (not including) 1")
        case .recruitmentFactor: return ({ $0 >= 0 }, "a value >= 0")
        case .improvementScale, .personsPerDwellingChange, .migrationProfile, .conditionPrevalenceTrend,
             .workforceProductivity, .allocationRealGrowth, .migrationShift: return nil
        }
    }
}
