/// Everything demand needs besides a projection and a draw's assumptions: the scenario's demand settings and the
/// input data, as plain values (the scenario loader turns `[demand]`, `[workforce]` and `[finance]` into this).
public struct DemandModel: Sendable {
    /// Financial year (start year) of the base activity, e.g. 2023 for 2023/24.
    public var baseFY: Int
    /// Mid-year whose registered population the published all-age prevalences refer to.
    public var conditionsBaseYear: Int
    /// Population the deaths table applies death rates to.
    public var deathsBasis: DeathsBasis
    public var workforce: WorkforceSettings?
    public var finance: FinanceSettings?
    public var inputs: DemandInputs

    public init(baseFY: Int, conditionsBaseYear: Int, deathsBasis: DeathsBasis, workforce: WorkforceSettings?,
                finance: FinanceSettings?, inputs: DemandInputs) {
        self.baseFY = baseFY; self.conditionsBaseYear = conditionsBaseYear; self.deathsBasis = deathsBasis
        self.workforce = workforce; self.finance = finance; self.inputs = inputs
    }
}

/// The fixed parameters of the workforce model (the sampled ones are in `DemandAssumptions`).
public struct WorkforceSettings: Sendable {
    public var baseFY: Int
    /// Vacant FTE in the base year, across every unit.
    public var vacancies: Double
    public var turnover: Double
    public var retirementYears: Double

    public init(baseFY: Int, vacancies: Double, turnover: Double, retirementYears: Double) {
        self.baseFY = baseFY; self.vacancies = vacancies; self.turnover = turnover; self.retirementYears = retirementYears
    }
}

/// The fixed parameters of the finance model (the allocation's real growth is in `DemandAssumptions`).
public struct FinanceSettings: Sendable {
    public var baseFY: Int
    /// Allocation per registered patient in the base financial year (GBP, real terms).
    public var allocationPerHead: Double

    public init(baseFY: Int, allocationPerHead: Double) { self.baseFY = baseFY; self.allocationPerHead = allocationPerHead }
}
