#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Net migration by sex and age (at the end of the year), for one Place.
///
/// Two parts, because a signed net schedule cannot be scaled to a different total (its shares sum to the
/// small difference of large in- and out-flows, so scaling flips and amplifies it):
/// - `trend`: the trend net migration counts by sex/age (e.g. derived from ONS by the residual method);
/// - the adjustment that carries any extra net migration needed to reach a target (a housing-led population or a
///   given net total): either a positive net profile (`adjustmentShares`, summing to 1) whatever the sign of the gap,
///   or gross flows (`outRates` set): a gap above trend is added as in-migrants by `adjustmentShares`, a gap below
///   trend is taken as extra out-migrants at rates `outRates` applied to the population at risk.
public struct MigrationSchedule: Sendable, Equatable {
    public let trend: [Double]
    /// Net profile: shares of the extra net migrants. Gross flows: shares of the extra in-migrants.
    public let adjustmentShares: [Double]
    /// Gross flows only: relative out-migration rates by cell (any positive scale: the level is solved each year).
    public let outRates: [Double]?
    /// Sum of `trend` (read every housing-led year, so kept).
    public let trendTotal: Double
    /// Trend years with out-migration as rates: the trend's in-migration counts (trend + its out-migration) and, per
    /// cell, the out-migration rate of the people at risk; nil: the trend's net counts every year.
    public let trendInflow: [Double]?
    public let trendOutRates: [Double]?
    /// - Parameters:
    ///   - trendOutRates: rates of the people at risk at which the trend's out-migration `trendOutflow` leaves.
    ///   - trendOutflow: counts (>= 0) of the trend's out-migration at the population the rates were set from.
    public init(trend: [Double], adjustmentShares: [Double], outRates: [Double]? = nil,
                trendOutRates: [Double]? = nil, trendOutflow: [Double]? = nil) {
        precondition(trend.count == Ages.cells && adjustmentShares.count == Ages.cells)
        precondition(outRates.map { $0.count == Ages.cells && $0.allSatisfy { $0 >= 0 } } ?? true)
        precondition((trendOutRates == nil) == (trendOutflow == nil))
        precondition(trendOutRates.map { $0.count == Ages.cells && $0.allSatisfy { $0 >= 0 } } ?? true)
        self.trend = trend; self.adjustmentShares = adjustmentShares; self.outRates = outRates
        trendTotal = trend.withUnsafeBufferPointer { sum($0) }
        self.trendOutRates = trendOutRates
        trendInflow = trendOutflow.map { out in trend.indices.map { trend[$0] + out[$0] } }
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

    /// Net migration by cell totalling `total` for a population `atRisk` before migration (after deaths, ageing
    /// and births): the net profile, or gross flows when `outRates` is set (see `grossFlows`).
    public func adjust(total: Double, atRisk: [Double], into out: inout [Double]) {
        guard let r = outRates else { return distribute(total: total, into: &out) }
        grossFlows(total: total, atRisk: atRisk, outRates: r, into: &out)
    }

    /// Gross flows (as GLA popmodules `adjust_gross_migration`): above trend, the extra people arrive as in-migrants
    /// with the `adjustmentShares` profile; below trend, extra out-migrants leave each cell at hazard f x rate from
    /// the people there after trend migration, q = max(atRisk + trend, 0): out = q (1 - e^(-f rate)), which is
    /// rates x population (f rate q) while the extra is small and never more than q, so no cell goes negative.
    /// f is found by Newton's method from below (the sum is increasing and concave in f, so every step stays
    /// below the root). A deficit larger than everyone at risk cannot be met by leaving: it is taken in proportion
    /// to q, which makes cells negative, and the engine's check reports them.
    func grossFlows(total: Double, atRisk p: [Double], outRates r: [Double], into out: inout [Double]) {
        precondition(p.count == Ages.cells)
        let extra = total - trendTotal
        if extra >= 0 { return distribute(total: total, into: &out) }
        let deficit = -extra
        // The people at risk, in a stack buffer (this runs every housing-led year of every draw).
        withUnsafeTemporaryAllocation(of: Double.self, capacity: Ages.cells) { q in
            solveOutflows(deficit: deficit, atRisk: p, outRates: r, q: q, into: &out)
        }
    }

    /// The below-trend half of `grossFlows`: `q` is scratch of `Ages.cells`.
    private func solveOutflows(deficit: Double, atRisk p: [Double], outRates r: [Double], q: UnsafeMutableBufferPointer<Double>,
                               into out: inout [Double]) {
        var cap = 0.0, linear = 0.0
        for i in 0..<Ages.cells {
            q[i] = max(p[i] + trend[i], 0)
            cap += q[i]; linear += r[i] * q[i]
        }
        // Element by element, so `out` keeps its own buffer (assigning `trend` would share it, and the first write
        // below would copy it).
        for i in 0..<Ages.cells { out[i] = trend[i] }
        if deficit >= cap || linear <= 0 {
            // Leaving cannot meet it (or no one is at risk of leaving): proportional to q (or to the profile when q is
            // all zero), so the shortfall shows as negative cells rather than a silently missed target.
            for i in 0..<Ages.cells { out[i] -= cap > 0 ? deficit * q[i] / cap : deficit * adjustmentShares[i] }
            return
        }
        var f = deficit / linear
        for _ in 0..<100 {
            var g = -deficit, dg = 0.0
            for i in 0..<Ages.cells where r[i] > 0 && q[i] > 0 {
                let m = expm1(-f * r[i])  // e^(-f r) - 1, exact for small f r
                g -= q[i] * m; dg += q[i] * r[i] * (1 + m)
            }
            if g >= -1e-11 * deficit || dg <= 0 { break }
            f -= g / dg
        }
        for i in 0..<Ages.cells where r[i] > 0 && q[i] > 0 { out[i] -= q[i] * -expm1(-f * r[i]) }
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

/// Net migration at the end of the year: trend, given cells, a given net total, or whatever the housing target needs
/// (see `HousingTarget.netMigrationNeeded`). The result is checked by `Invariants` afterwards.
public enum MigrationStep {
    static func apply(_ rule: MigrationRule, schedule m: MigrationSchedule, into c: inout ComponentsOfChange) {
        switch rule {
        case .trend:
            if let r = m.trendOutRates, let inflow = m.trendInflow {
                // Out-migration at the trend's rates of the people at risk (after deaths, ageing and births).
                for i in 0..<Ages.cells { c.netMigration[i] = inflow[i] - r[i] * c.end[i] }
            } else {
                c.netMigration = m.trend
            }
            c.migrationBasis = "trend"
            c.migrationAdjustment = 0
        case .cells(let v):
            c.netMigration = v
            c.migrationBasis = "given"
            c.migrationAdjustment = 0
        case .netTotal(let t):
            m.adjust(total: t, atRisk: c.end, into: &c.netMigration)
            c.migrationBasis = "net-total"
            c.migrationAdjustment = t - m.trendTotal
        case .housingLed(let h):
            c.migrationBasis = "housing-led"
            let needed = h.netMigrationNeeded(natural: ComponentsOfChange.sum(c.end))
            m.adjust(total: needed, atRisk: c.end, into: &c.netMigration)
            c.migrationAdjustment = needed - m.trendTotal
            c.housing = h
        }
        let net = c.netMigration
        c.end.withUnsafeMutableBufferPointer { e in for i in 0..<Ages.cells { e[i] += net[i] } }
    }
}
