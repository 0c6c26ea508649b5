import Foundation
import Demography
import Demand
import Sampling

/// Fits, per service, a smooth age profile to the only public figures (a base-year total and a published
/// projection): rate(age, sex) = exp(beta x (age - min_age)) for age >= min_age, equal for both sexes.
/// The level makes the base count exact; beta (GSL Brent root finding) makes the projected count match,
/// computed exactly as `cohort run` computes it (5-year band rates on the registered population).
public enum ReferralCalibration {
    /// Age-profile families, tried in order; each has one free parameter solved by root finding.
    public enum Family: String, Sendable {
        /// rate = exp(beta x (age - min_age)), beta in [-0.3, 0.3]: rising or falling with age.
        case logLinear = "log-linear"
        /// rate = exp(-((age - peak) / 12)^2 / 2), peak in [min_age, 90]: a single peak (e.g. working ages).
        case peaked = "peaked"

        var range: ClosedRange<Double> { self == .logLinear ? -0.3...0.3 : 0...Double(Ages.open) }

        func weight(_ age: Int, minAge: Int, _ x: Double) -> Double {
            switch self {
            case .logLinear: return exp(x * Double(age - minAge))
            case .peaked: let z = (Double(age) - max(x, Double(minAge))) / 12; return exp(-0.5 * z * z)
            }
        }
    }

    public struct Fit: Sendable {
        public var target: ReferralTarget
        public var bands: [AgeBand]
        /// [sex][band] fitted base-year counts.
        public var counts: [[Double]]
        public var family: Family
        public var parameter: Double
        public var fitted: Bool
        /// Growth the fit reproduces, and the range the log-linear family can reach.
        public var growth: Double
        public var reachable: ClosedRange<Double>
    }

    public static func fit(_ t: ReferralTarget, run: ProjectionRun) throws(GSLError) -> Fit {
        func fyPop(_ y: Int) -> PopulationTable {
            var out = PopulationTable.zero
            for p in run.places {
                let f = FinancialYear.population(mid: p.registered(y), next: p.registered(y + 1))
                for i in out.values.indices { out.values[i] += f.values[i] }
            }
            return out
        }
        let p0 = fyPop(t.baseFY), p1 = fyPop(t.targetFY)
        let bands = AgeBand.fiveYear(from: t.minAge)

        func counts(_ f: Family, _ x: Double) -> [[Double]] {
            var c = [[Double]](repeating: Array(repeating: 0, count: bands.count), count: 2)
            var total = 0.0
            for s in Sex.allCases { for (i, b) in bands.enumerated() { for a in b.ages {
                let v = f.weight(a, minAge: t.minAge, x) * p0[s, a]
                c[s.rawValue][i] += v; total += v
            } } }
            let k = total > 0 ? t.base / total : 0
            return c.map { $0.map { $0 * k } }
        }
        func projected(_ f: Family, _ x: Double) -> Double {
            let (r, _) = ServiceRates.derive(group: t.group, service: t.service, minAge: t.minAge, bands: bands,
                                             counts: counts(f, x), population: p0)
            return r?.apply(p1) ?? .nan
        }
        let goal = t.projected / t.base - 1
        var firstReach: ClosedRange<Double>? = nil
        var nearest: (Family, Double, Double)? = nil
        for f in [Family.logLinear, .peaked] {
            // Scan the parameter range for a sign change (the peaked family's growth need not be monotone).
            let n = 60
            let xs = (0...n).map { f.range.lowerBound + (f.range.upperBound - f.range.lowerBound) * Double($0) / Double(n) }
            let gs = xs.map { projected(f, $0) / t.base - 1 }
            if firstReach == nil { firstReach = gs.min()!...gs.max()! }
            for (x, g) in zip(xs, gs) where nearest == nil || abs(g - goal) < abs(nearest!.2 - goal) { nearest = (f, x, g) }
            // Growth need not be monotone in the parameter, so several members can fit: solve every bracket and keep
            // the flattest (log-linear: smallest |beta|; peaked: the peak nearest the middle of the age range).
            var roots: [Double] = []
            for i in 0..<n where (gs[i] - goal) * (gs[i + 1] - goal) <= 0 {
                roots.append(try RootFinder.brent({ projected(f, $0) - t.projected }, lo: xs[i], hi: xs[i + 1]))
            }
            let centre = f == .logLinear ? 0 : Double(t.minAge + Ages.open) / 2
            if let x = roots.min(by: { abs($0 - centre) < abs($1 - centre) }) {
                return Fit(target: t, bands: bands, counts: counts(f, x), family: f, parameter: x, fitted: true,
                           growth: projected(f, x) / t.base - 1, reachable: firstReach!)
            }
        }
        // Not forced: the nearest member of the families is kept and the service is flagged as not fitted.
        let (f, x, g) = nearest!
        return Fit(target: t, bands: bands, counts: counts(f, x), family: f, parameter: x, fitted: false,
                   growth: g, reachable: firstReach!)
    }

    /// The fitted counts as the activity file `cohort run` reads, with a header saying they are fitted.
    public static func csv(_ fits: [Fit], scenario: Scenario) -> String {
        var s = """
        # FITTED by `cohort calibrate \(displayPath(scenario.file)) --fit referrals`: NOT observed activity.
        # Only each service's base-year total and its published projection are public. Age profile families, tried in
        # order, the same for both sexes (ASSUMPTION: no public sex split):
        #   log-linear: rate = exp(parameter x (age - min_age)) for age >= min_age, parameter in [-0.3, 0.3];
        #   peaked:     rate = exp(-((age - parameter) / 12)^2 / 2) for age >= min_age (single peak at age = parameter).
        # Level: base-year counts sum to the published total on the registered population of \(scenario.name)
        # (financial year = 0.75 x mid-year + 0.25 x next mid-year). parameter: solved with GSL's Brent root finder so that
        # the projected count in the target year equals the published projection, computed as `cohort run` does (5-year
        # band rates). Where several members fit, the flattest is kept (log-linear: smallest |parameter|; peaked: peak
        # nearest the middle of the age range). fit = "no" marks a service no family member reaches; it keeps the nearest.

        """
        s += "group,service,min_age,age_from,age_to,sex,referrals,profile,parameter,fit\n"
        for f in fits { for sex in Sex.allCases { for (i, b) in f.bands.enumerated() {
            let name = f.target.service.contains(",") ? "\"\(f.target.service)\"" : f.target.service
            s += "\(f.target.group),\(name),\(f.target.minAge),\(b.from),\(b.to),\(sex),\(String(format: "%.6f", f.counts[sex.rawValue][i])),\(f.family.rawValue),\(String(format: "%.8f", f.parameter)),\(f.fitted ? "yes" : "no")\n"
        } } }
        return s
    }
}
