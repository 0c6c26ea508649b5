import Demography

/// Demand of one projection: referrals by service, deaths and condition registers, by Place.
/// All on the GP-registered basis; financial-year values use 0.75 x mid-year y + 0.25 x mid-year y+1.
public struct DemandResult: Sendable {
    /// One series of a table (a service's referrals, a condition's register) for every Place and period. Every series
    /// of a table shares one buffer: Monte Carlo builds all of them in every draw.
    public struct Series: Sendable {
        public var group: String
        public var name: String
        /// The table's buffer; this series is `places x periods` values from `offset`, Place-major.
        let storage: [Double]
        let offset: Int
        public let periods: Int
        public let places: Int

        public init(group: String, name: String, flat: [Double], periods: Int) {
            precondition(periods > 0 ? flat.count % periods == 0 : flat.isEmpty)
            self.init(group: group, name: name, storage: flat, offset: 0, places: periods > 0 ? flat.count / periods : 0, periods: periods)
        }

        init(group: String, name: String, storage: [Double], offset: Int, places: Int, periods: Int) {
            precondition(offset >= 0 && offset + places * periods <= storage.count)
            self.group = group; self.name = name; self.storage = storage; self.offset = offset
            self.places = places; self.periods = periods
        }

        /// Value for Place `place` (scenario order) in period `i`.
        @inline(__always) public func value(_ place: Int, _ i: Int) -> Double { storage[offset + place * periods + i] }
        /// Values of every Place and period, Place-major (a copy).
        public var flat: [Double] { Array(storage[offset..<(offset + places * periods)]) }
        /// Per Place, per period (copies: for reports, not loops).
        public var values: [[Double]] { (0..<places).map { p in (0..<periods).map { value(p, $0) } } }
        /// Sum over Places in scenario order (a fixed order, so sums are reproducible to the bit).
        public func total(_ i: Int) -> Double {
            var s = 0.0
            for p in 0..<places { s += value(p, i) }
            return s
        }
    }
    /// Places, in scenario order: the first index of every `values` array.
    public var places: [String]
    /// Financial years (start year) of the referral table.
    public var referralFYs: [Int]
    public var referrals: [Series]
    /// Financial years of the deaths table.
    public var deathFYs: [Int]
    /// Deaths per Place (scenario order) and financial year.
    public var deaths: [[Double]]
    /// The population the deaths are of.
    public var deathsBasis: DeathsBasis = .resident
    /// Mid-years of the condition table.
    public var conditionYears: [Int]
    public var conditions: [Series]
    /// Registered population per Place (scenario order) and mid-year (denominator of prevalence).
    public var registered: [[Double]]

    public struct StaffSeries: Sendable {
        public var staffGroup: String
        public var place: Int
        public var required: [Double]
        public var supply: [Double]
    }
    public struct MoneySeries: Sendable {
        public var place: Int
        /// Real terms, base financial year prices (GBP).
        public var cost: [Double]
        public var allocation: [Double]
        /// What community & mental-health services would get if they kept their base-year share of the allocation.
        public var budgetAtBaseShare: [Double]
    }
    public var workforceFYs: [Int] = []
    /// Staff group names, in file order.
    public var staffGroups: [String] = []
    /// Required and supplied FTE, [staff group][place][financial year], flat.
    public internal(set) var workforceRequired: [Double] = []
    public internal(set) var workforceSupply: [Double] = []
    public var financeFYs: [Int] = []
    /// Cost of demand, allocation and budget at the base share (GBP, real terms), [place][financial year], flat.
    public internal(set) var financeCost: [Double] = []
    public internal(set) var financeAllocation: [Double] = []
    public internal(set) var financeBudget: [Double] = []

    /// Staff groups (in file order) x Places (copies: for reports, not loops).
    public var workforce: [StaffSeries] {
        let np = places.count, nt = workforceFYs.count
        return staffGroups.enumerated().flatMap { gi, g in
            (0..<np).map { pi in
                let at = (gi * np + pi) * nt
                return StaffSeries(staffGroup: g, place: pi, required: Array(workforceRequired[at..<(at + nt)]),
                                   supply: Array(workforceSupply[at..<(at + nt)]))
            }
        }
    }
    /// Per Place (copies: for reports, not loops).
    public var finance: [MoneySeries] {
        let nt = financeFYs.count
        guard nt > 0 else { return [] }
        return places.indices.map { pi in
            let r = (pi * nt)..<((pi + 1) * nt)
            return MoneySeries(place: pi, cost: Array(financeCost[r]), allocation: Array(financeAllocation[r]),
                               budgetAtBaseShare: Array(financeBudget[r]))
        }
    }

    public func place(_ name: String) -> Int { places.firstIndex(of: name)! }
    public func totalDeaths(_ i: Int) -> Double { deaths.reduce(0) { $0 + $1[i] } }
    public func totalRegistered(_ i: Int) -> Double { registered.reduce(0) { $0 + $1[i] } }
}
