/// Everything the engine needs to project one Place. Values only: the Scenarios layer builds these.
public struct PlaceInputs: Sendable {
    public var name: String
    public var base: PopulationTable
    public var mortality: MortalitySchedule
    /// Fertility for each step, first entry for the step out of the base year; the last repeats.
    public var fertility: [FertilitySchedule]
    /// Multiplier on every step's rates (so Monte Carlo draws share one set of schedules).
    public var fertilityLevel: Double
    /// Males per female at birth.
    public var sexRatioAtBirth: Double
    public var migration: MigrationSchedule
    /// Rule for each step (first = the step out of the base year); the last repeats.
    public var migrationRules: [MigrationRule]
    public var registration: Registration

    public init(name: String, base: PopulationTable, mortality: MortalitySchedule, fertility: [FertilitySchedule],
                sexRatioAtBirth: Double, migration: MigrationSchedule, migrationRules: [MigrationRule],
                registration: Registration, fertilityLevel: Double = 1) {
        self.name = name; self.base = base; self.mortality = mortality; self.fertility = fertility
        self.fertilityLevel = fertilityLevel
        self.sexRatioAtBirth = sexRatioAtBirth; self.migration = migration
        self.migrationRules = migrationRules; self.registration = registration
    }
}
