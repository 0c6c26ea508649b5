/// Net migration by sex and age (at the end of the year), for one Place.
///
/// Two parts, because a signed net schedule cannot be scaled to a different total (its shares sum to the
/// small difference of large in- and out-flows, so scaling flips and amplifies it):
/// - `trend`: the trend net migration counts by sex/age (e.g. derived from ONS by the residual method);
/// - `adjustmentShares`: a positive age/sex profile of migrants (summing to 1) that carries any extra
///   net migration needed to reach a target (a housing-led population or a given net total).
public struct MigrationSchedule: Sendable, Equatable {
    public let trend: [Double]
    public let adjustmentShares: [Double]
    /// Sum of `trend` (read every housing-led year, so kept).
    public let trendTotal: Double
    public init(trend: [Double], adjustmentShares: [Double]) {
        precondition(trend.count == Ages.cells && adjustmentShares.count == Ages.cells)
        self.trend = trend; self.adjustmentShares = adjustmentShares
        trendTotal = trend.withUnsafeBufferPointer { sum($0) }
    }

    /// Net migration by cell that totals `total`: trend plus the difference spread by the adjustment profile.
    public func distribute(total: Double) -> [Double] {
        var out = trend
        distribute(total: total, into: &out)
        return out
    }

    /// The same into a reused buffer (Ages.cells long).
    public func distribute(total: Double, into out: inout [Double]) {
        let extra = total - trendTotal
        out.withUnsafeMutableBufferPointer { o in trend.withUnsafeBufferPointer { t in adjustmentShares.withUnsafeBufferPointer { a in
            for i in 0..<Ages.cells { o[i] = t[i] + extra * a[i] }
        } } }
    }
}

/// What sets a Place's net migration in a year.
public enum MigrationRule: Sendable, Equatable {
    /// The trend schedule as it is.
    case trend
    /// Net migration given cell by cell (e.g. a year of a residual-method schedule).
    case cells([Double])
    /// A given net migration total (e.g. ONS's projected net flow for the year).
    case netTotal(Double)
    /// Housing-led: the migration needed for the resident population to reach the housing target.
    case housingLed(HousingTarget)
}
