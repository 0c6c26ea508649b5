import Foundation
import Demography
import Sampling
import Demand

/// Fits `mortality.level` (the multiplier on every qx) so that the deaths table's total in one financial year equals
/// an observed figure (`[mortality.calibration]`), on the scenario's deaths basis.
///
/// Each trial level re-runs the projection with the migration the scenario loaded: the derived trend migration was
/// made with the scenario's current level, so after writing the fitted level the trend scenario must be re-derived
/// with it (`cohort derive`), which moves the deaths a little; a second fit then converges.
public enum MortalityCalibration {
    public struct Fit: Sendable {
        public var level: Double
        public var deaths: Double
        /// Deaths at the scenario's own level, for the note.
        public var deathsBefore: Double
    }

    /// Levels searched: qx x level is capped at 1 by the engine, so very high levels stop meaning anything.
    public static let range = 0.2...3.0

    public static func deaths(_ b: ModelBuilder, level: Double, fy: Int, config: DemandConfig, inputs: DemandInputs,
                              plan: DemandPlan) throws -> Double {
        var a = Assumptions(b.scenario)
        a.mortalityLevel = level
        let run = try ProjectionRun.run(b, a)
        let d = try DemandRun.run(run, config: config, inputs: inputs, plan: plan)
        guard let i = d.deathFYs.firstIndex(of: fy) else {
            throw InputError(file: displayPath(b.scenario.file), location: "key mortality.calibration.fy", "= \(fy) is not a financial year of the deaths table")
        }
        return d.totalDeaths(i)
    }

    public static func fit(_ b: ModelBuilder, target: Scenario.DeathsCalibration, config: DemandConfig,
                           inputs: DemandInputs) throws -> Fit {
        let plan = DemandPlan(inputs, places: b.scenario.places)
        let f = { (x: Double) throws -> Double in try deaths(b, level: x, fy: target.fy, config: config, inputs: inputs, plan: plan) }
        // Deaths are close to proportional to the level: bracket the proportional guess, widening until the target is
        // inside (levels far from the one the migration was derived with can make the projection fail).
        let own = b.scenario.mortality.level, before = try f(own)
        let guess = min(max(own * target.deaths / before, range.lowerBound), range.upperBound)
        var lo = max(guess * 0.97, range.lowerBound), hi = min(guess * 1.03, range.upperBound)
        var dLo = try f(lo), dHi = try f(hi)
        while dLo > target.deaths || dHi < target.deaths {
            guard lo > range.lowerBound || hi < range.upperBound else {
                throw InputError(file: displayPath(b.scenario.file), location: "key mortality.calibration.deaths",
                                 "= \(target.deaths): levels \(range.lowerBound)-\(range.upperBound) give \(Int(dLo.rounded()))-\(Int(dHi.rounded())) deaths in \(target.fy); expected a figure in that range")
            }
            let w = hi - lo
            if dLo > target.deaths { lo = max(lo - w, range.lowerBound); dLo = try f(lo) }
            if dHi < target.deaths { hi = min(hi + w, range.upperBound); dHi = try f(hi) }
        }
        // Brent's callback cannot throw: a failed run (which the bracket evaluations above rule out in practice) is NaN,
        // which GSL reports as a bad function value.
        var failure: (any Error)? = nil
        let level = try RootFinder.brent({ x in
            do { return try f(x) - target.deaths } catch { failure = error; return .nan }
        }, lo: lo, hi: hi, relTolerance: 1e-10)
        if let failure { throw failure }
        return Fit(level: level, deaths: try f(level), deathsBefore: before)
    }
}
