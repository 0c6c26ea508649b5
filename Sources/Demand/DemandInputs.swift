/// The demand model's input data, read from the scenario's demand files (plain values: no paths; reading them is the
/// scenario loader's job).
public struct DemandInputs: Sendable {
    public var activity: [ServiceActivity]
    public var targets: [ReferralTarget]
    public let conditions: [ConditionSpec]
    /// The registers' shapes, prepared once for every run of these inputs.
    public let registers: ConditionRegisters
    public var units: [WorkforceUnit] = []
    public var staffGroups: [StaffGroup] = []
    /// Cost per referral by service (empty without a `[finance]` section).
    public var costs: [String: Double] = [:]

    public init(activity: [ServiceActivity], targets: [ReferralTarget], conditions: [ConditionSpec]) {
        self.activity = activity; self.targets = targets; self.conditions = conditions
        registers = ConditionRegisters(conditions.map {
            ConditionRegisters.Spec(condition: $0.condition, shape: $0.shape, allAgePrevalence: $0.allAgePrevalence)
        })
    }
}

/// Base-year activity counts of one service by band and sex (observed, or fitted by `cohort calibrate`).
public struct ServiceActivity: Sendable {
    public var group: String
    public var service: String
    public var minAge: Int
    public var bands: [AgeBand]
    /// [sex][band]
    public var counts: [[Double]]
    public var note: String

    public init(group: String, service: String, minAge: Int, bands: [AgeBand], counts: [[Double]], note: String) {
        self.group = group; self.service = service; self.minAge = minAge; self.bands = bands; self.counts = counts; self.note = note
    }
}

/// A published service total and its published projection (calibration target).
public struct ReferralTarget: Sendable {
    public var group: String
    public var service: String
    public var minAge: Int
    public var baseFY: Int
    public var base: Double
    public var targetFY: Int
    public var projected: Double

    public init(group: String, service: String, minAge: Int, baseFY: Int, base: Double, targetFY: Int, projected: Double) {
        self.group = group; self.service = service; self.minAge = minAge; self.baseFY = baseFY; self.base = base
        self.targetFY = targetFY; self.projected = projected
    }
}

/// Condition shape parameters and the published all-age prevalence.
public struct ConditionSpec: Sendable {
    public var condition: String
    public var allAgePrevalence: Double
    public var shape: [[Double]]

    public init(condition: String, allAgePrevalence: Double, shape: [[Double]]) {
        self.condition = condition; self.allAgePrevalence = allAgePrevalence; self.shape = shape
    }
}
