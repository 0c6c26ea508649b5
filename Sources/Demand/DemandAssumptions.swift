/// The demand knobs of one run: the central run takes them from the scenario, Monte Carlo draws sample them.
public struct DemandAssumptions: Sendable, Equatable {
    /// Annual change in referral rates per service group (a group not named: 0).
    public var referralTrends: [String: Double]
    /// Annual proportional change in every condition's prevalence.
    public var conditionTrend: Double
    /// Workforce: annual productivity gain and recruitment (multiple of base-year joiners).
    public var productivity: Double
    public var recruitmentFactor: Double
    /// Real growth of the per-head allocation a year.
    public var allocationGrowth: Double

    public init(referralTrends: [String: Double], conditionTrend: Double, productivity: Double, recruitmentFactor: Double,
                allocationGrowth: Double) {
        self.referralTrends = referralTrends; self.conditionTrend = conditionTrend; self.productivity = productivity
        self.recruitmentFactor = recruitmentFactor; self.allocationGrowth = allocationGrowth
    }
}
