import Foundation

/// Stock-flow workforce model for one staff group in one Place.
///
/// Required FTE follows the demand that drives the staff (establishment x demand index), less any productivity gain.
/// Supply starts from the staff in post and each year loses leavers (turnover other than retirement) and retirements
/// (the over-55s retiring evenly over `retirementYears`) and gains joiners at the base year's recruitment volume
/// (which replaced leavers at the base turnover) scaled by `recruitmentFactor`.
public enum Workforce {
    public struct Parameters: Sendable, Equatable {
        /// Annual leaving rate, all causes including retirement (e.g. 11.99% a year in the reference scenario).
        public var turnover: Double
        public var over55Share: Double
        public var retirementYears: Double
        /// Joiners as a multiple of the base year's (1 = recruitment holds at today's volume).
        public var recruitmentFactor: Double
        /// Annual productivity gain: required FTE falls by this share a year for the same demand.
        public var productivity: Double
        public init(turnover: Double, over55Share: Double, retirementYears: Double, recruitmentFactor: Double, productivity: Double) {
            self.turnover = turnover; self.over55Share = over55Share; self.retirementYears = retirementYears
            self.recruitmentFactor = recruitmentFactor; self.productivity = productivity
        }
        public var retirementRate: Double { retirementYears > 0 ? over55Share / retirementYears : 0 }
        /// Leavers other than retirements (turnover includes retirements).
        public var otherLeavingRate: Double { max(turnover - retirementRate, 0) }
    }

    /// The year paths of a staff group, for one FTE of establishment and one of staff in post: the model is linear in
    /// both (the floor at zero supply is too), so every unit and Place of the group scales these two paths.
    public struct Paths: Sendable, Equatable {
        /// Required FTE per FTE of establishment at base-year demand: (1 - productivity)^t.
        public var efficiency: [Double]
        /// Supply FTE per FTE in post in the base year.
        public var supplyPerInPost: [Double]
    }

    public static func paths(_ p: Parameters, years: Int) -> Paths {
        var out = Paths(efficiency: [], supplyPerInPost: [])
        fill(&out, p, years: years)
        return out
    }

    /// `paths` into existing paths (reused when they already have `years` entries: Monte Carlo builds them every draw).
    public static func fill(_ out: inout Paths, _ p: Parameters, years: Int) {
        let joiners = p.recruitmentFactor * p.turnover
        let stay = 1 - p.otherLeavingRate - p.retirementRate, gain = 1 - p.productivity
        if out.efficiency.count != years { out.efficiency = [Double](repeating: 0, count: years) }
        if out.supplyPerInPost.count != years { out.supplyPerInPost = [Double](repeating: 0, count: years) }
        var efficiency = 1.0, supply = 1.0
        for t in 0..<years {
            out.efficiency[t] = efficiency; out.supplyPerInPost[t] = supply
            efficiency *= gain
            supply = max(supply * stay + joiners, 0)
        }
    }

    /// - Parameters: drivers: demand index per year (first = base year); establishment: required FTE in the base year;
    ///   inPost: staff in post in the base year (establishment - vacancies).
    /// - Returns: required and supply FTE per year.
    public static func project(establishment: Double, inPost: Double, drivers: [Double], _ p: Parameters) -> (required: [Double], supply: [Double]) {
        var required = [Double](repeating: 0, count: drivers.count), supply = required
        let paths = paths(p, years: drivers.count)
        required.withUnsafeMutableBufferPointer { r in supply.withUnsafeMutableBufferPointer { s in
            drivers.withUnsafeBufferPointer { d in
                accumulate(establishment: establishment, inPost: inPost, drivers: d, paths, required: r, supply: s)
            }
        } }
        return (required, supply)
    }

    /// `project`, added into existing totals (Monte Carlo sums thousands of these without allocating).
    /// A base year without demand carries establishment and staff in post forward unchanged (nothing to scale by).
    @inline(__always)
    public static func accumulate(establishment: Double, inPost: Double, drivers d: UnsafeBufferPointer<Double>, _ paths: Paths,
                                  required: UnsafeMutableBufferPointer<Double>, supply: UnsafeMutableBufferPointer<Double>) {
        guard let d0 = d.first, d0 > 0 else {
            for t in 0..<d.count { required[t] += establishment; supply[t] += inPost }
            return
        }
        let perDriver = establishment / d0
        paths.efficiency.withUnsafeBufferPointer { e in paths.supplyPerInPost.withUnsafeBufferPointer { s in
            for t in 0..<d.count {
                required[t] += perDriver * d[t] * e[t]
                supply[t] += inPost * s[t]
            }
        } }
    }
}

/// Money: cost of demand in real terms, the allocation, and the gap if community and mental-health services keep
/// their base-year share of the allocation.
public enum Finance {
    /// Allocation for a population: per-head allocation (base year, real terms) x growth^(years after base) x people.
    public static func allocation(perHead: Double, realGrowth: Double, yearsAfterBase: Int, population: Double) -> Double {
        allocation(perHead: perHead, growthFactor: growthFactor(realGrowth: realGrowth, yearsAfterBase: yearsAfterBase), population: population)
    }
    public static func growthFactor(realGrowth: Double, yearsAfterBase: Int) -> Double { pow(1 + realGrowth, Double(yearsAfterBase)) }
    public static func allocation(perHead: Double, growthFactor: Double, population: Double) -> Double { perHead * growthFactor * population }
}
