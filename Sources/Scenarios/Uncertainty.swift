import Foundation
import Sampling

/// An uncertain numeric assumption: a distribution (sampled with GSL) or a fixed value.
public enum UncertainValue: Sendable, Equatable {
    case distribution(Distribution)
    /// A string assumption chosen with weights (e.g. the migration age profile).
    case choice([String], weights: [Double])
}

/// The Monte Carlo settings of a scenario: what varies, how, and how many draws.
public struct UncertaintySpec: Sendable {
    public var draws: Int
    public var seed: UInt64
    /// Percentiles reported in `<table>-intervals.csv`, e.g. [5, 10, 50, 90, 95].
    public var percentiles: [Double]
    /// Named scalar assumptions, in the order of the scenario's keys (sorted).
    public var assumptions: [(name: AssumptionName, value: UncertainValue)]
    /// Housing delivery multipliers: common to all Places in a draw, per Place, per Place-year.
    public var deliveryCommon: Distribution?
    public var deliveryPlace: Distribution?
    public var deliveryYear: Distribution?
    /// Annual referral-rate trend per service group.
    public var referralTrends: [(group: String, value: Distribution)]
    /// Years whose rows get intervals (mid-years, or the financial years they start); nil: every year. A big run
    /// keeps one value per draw per row, so intervals at a few milestones cut its draw store in proportion.
    public var intervalYears: [Int]? = nil

    public static let none = UncertaintySpec(draws: 0, seed: 1, percentiles: [5, 10, 50, 90, 95], assumptions: [],
                                             deliveryCommon: nil, deliveryPlace: nil, deliveryYear: nil, referralTrends: [])
}

/// A New Towns site: extra dwellings on top of a Place's trajectory, which may or may not go ahead.
public struct NewTownSite: Sendable {
    public var name: String
    public var place: String
    public var dwellings: Double
    public var probability: Double
    public var startYears: ClosedRange<Int>
    /// Completions a year once building starts (a distribution or fixed).
    public var buildRate: Distribution

    /// Completions by mid-year when the site goes ahead starting in `start` at `rate` a year.
    public func completions(start: Int, rate: Double, through horizon: Int) -> [Int: Double] {
        var out: [Int: Double] = [:]
        var left = dwellings
        var y = start
        while left > 0 && y <= horizon && rate > 0 {
            let n = min(rate, left)
            out[y] = n; left -= n; y += 1
        }
        return out
    }
}

extension Distribution {
    /// The smallest and largest values a draw can take, where the distribution reaches them (nil: unbounded or
    /// approached but never reached, as 0 by a lognormal).
    var support: (lower: Double?, upper: Double?) {
        switch self {
        case .fixed(let v): return (v, v)
        case .uniform(let lo, let hi), .triangular(let lo, _, let hi): return (lo, hi)
        case .discrete(let values, _): return (values.min(), values.max())
        case .bernoulli: return (0, 1)
        default: return (nil, nil)
        }
    }
}

extension ConfigReader {
    /// `key = 1.0`, `key = { distribution = "normal", mean = 1, sd = 0.1 }`, `key = { interval = [lo, hi], coverage = 0.8 }`
    /// or `key = { choices = ["a", "b"], weights = [1, 1] }` (when `allowChoice`).
    func uncertain(_ key: String, allowChoice: Bool = false) throws(InputError) -> UncertainValue {
        guard let v = raw(key) else { throw error(key, "missing") }
        switch v {
        case .int(let i): return .distribution(.fixed(Double(i)))
        case .double(let d): return .distribution(.fixed(d))
        case .table: break
        default: throw error(key, "= \(v.shown) is \(v.typeName); expected a number or a distribution table such as { distribution = \"normal\", mean = 1, sd = 0.1 }")
        }
        let t = try requiredTable(key)
        if t.has("choices") {
            guard allowChoice else { throw error(key, "choices are only allowed for string assumptions (migration_profile)") }
            let c = try t.strings("choices")
            var w = try t.doubles("weights") ?? Array(repeating: 1, count: c.count)
            guard w.count == c.count, !c.isEmpty else { throw t.error("weights", "has \(w.count) weights for \(c.count) choices; expected one weight per choice") }
            do { try DistributionCheck.validate(.discrete(values: c.indices.map(Double.init), weights: w)) }
            catch let e { throw t.error("weights", "= \(w.map(show)); \(e.message)") }
            let total = w.reduce(0, +); w = w.map { $0 / total }
            try t.finish()
            return .choice(c, weights: w)
        }
        let d: Distribution
        if t.has("interval") {
            guard let iv = try t.doubles("interval"), iv.count == 2 else { throw t.error("interval", "expected [low, high]") }
            let coverage = try t.double("coverage", default: 0.8, above: 0)
            guard coverage < 1 else { throw t.error("coverage", "= \(show(coverage)); expected a share below 1 (e.g. 0.8 for 80%)") }
            guard iv[0] < iv[1] else { throw t.error("interval", "= [\(show(iv[0])), \(show(iv[1]))]: low must be below high") }
            let shape = try t.string("shape", default: "normal", oneOf: ["normal", "lognormal"])
            // The interval holds `coverage` of the probability, symmetric in the (log) scale.
            let z: Double
            do { z = try Distribution.normal(mean: 0, sd: 1).quantile(0.5 + coverage / 2) } catch let e { throw t.error("coverage", "\(e)") }
            if shape == "normal" {
                d = .normal(mean: (iv[0] + iv[1]) / 2, sd: (iv[1] - iv[0]) / (2 * z))
            } else {
                guard iv[0] > 0 else { throw t.error("interval", "a lognormal interval needs low > 0 (got \(show(iv[0])))") }
                d = .lognormal(mu: (log(iv[0]) + log(iv[1])) / 2, sigma: (log(iv[1]) - log(iv[0])) / (2 * z))
            }
        } else {
            let name = try t.string("distribution", oneOf: ["fixed", "normal", "lognormal", "uniform", "triangular", "beta", "gamma", "discrete", "bernoulli"])
            switch name {
            case "fixed": d = .fixed(try t.double("value"))
            case "normal": d = .normal(mean: try t.double("mean"), sd: try t.double("sd"))
            case "lognormal": d = .lognormal(mu: try t.double("mu"), sigma: try t.double("sigma"))
            case "uniform": d = .uniform(min: try t.double("min"), max: try t.double("max"))
            case "triangular": d = .triangular(min: try t.double("min"), mode: try t.double("mode"), max: try t.double("max"))
            case "beta": d = .beta(a: try t.double("a"), b: try t.double("b"))
            case "gamma": d = .gamma(shape: try t.double("shape"), scale: try t.double("scale"))
            case "discrete":
                let vals = try t.doubles("values") ?? []
                d = .discrete(values: vals, weights: try t.doubles("weights") ?? Array(repeating: 1, count: vals.count))
            default: d = .bernoulli(p: try t.double("p"))
            }
        }
        do { try DistributionCheck.validate(d) } catch let e { throw self.error(key, e.message) }
        try t.finish()
        return .distribution(d)
    }

    func distribution(_ key: String) throws(InputError) -> Distribution? {
        guard has(key) else { return nil }
        guard case .distribution(let d) = try uncertain(key) else { throw error(key, "expected a number or distribution") }
        return d
    }

    /// An array of tables (`[[key]]`).
    func tables(_ key: String) throws(InputError) -> [ConfigReader] {
        guard let v = raw(key) else { return [] }
        guard case .array(let a) = v else { throw error(key, "= \(v.shown) is \(v.typeName); expected [[\(keyPath(key))]] tables") }
        var out: [ConfigReader] = []
        for (i, x) in a.enumerated() {
            guard case .table(let t) = x else { throw error(key, "item \(i + 1) is \(x.typeName); expected a table") }
            out.append(child("\(keyPath(key))[\(i + 1)]", t))
        }
        return out
    }
}

enum UncertaintyParser {
    static func parse(_ r: ConfigReader, places: [String], baseYear: Int, horizon: Int) throws(InputError) -> UncertaintySpec {
        guard let u = try r.table("uncertainty") else { return .none }
        var spec = UncertaintySpec.none
        spec.draws = try u.int("draws", default: 0, min: 0, max: 10_000_000)
        let seed = try u.int("seed", default: 1, min: 0)
        spec.seed = UInt64(seed)
        if let p = try u.doubles("percentiles") {
            guard !p.isEmpty, p.allSatisfy({ $0 > 0 && $0 < 100 }), Set(p).count == p.count else {
                throw u.error("percentiles", "= \(p.map(show)); expected distinct percentiles between 0 and 100, e.g. [5, 10, 50, 90, 95]")
            }
            spec.percentiles = p.sorted()
        }
        if let y = try u.ints("interval_years") {
            guard !y.isEmpty, y == y.sorted(), Set(y).count == y.count, y.allSatisfy({ $0 >= baseYear && $0 <= horizon }) else {
                throw u.error("interval_years", "= \(y); expected years in increasing order, each once, from the base year \(baseYear) to the horizon \(horizon)")
            }
            spec.intervalYears = y
        }
        if let a = try u.table("assumptions") {
            for k in a.keys {
                guard let name = AssumptionName(rawValue: k) else {
                    throw a.error(k, "unknown assumption '\(k)'; known: \(AssumptionName.keys.joined(separator: ", "))")
                }
                let v = try a.uncertain(k, allowChoice: name.isChoice)
                if case .distribution(let d) = v, let (ok, expected) = name.validRange {
                    let s = d.support
                    if let lo = s.lower, !ok(lo) { throw a.error(k, "can be \(show(lo)); expected \(expected)") }
                    if let hi = s.upper, !ok(hi) { throw a.error(k, "can be \(show(hi)); expected \(expected)") }
                }
                spec.assumptions.append((name, v))
            }
            try a.finish()
        }
        if let d = try u.table("delivery") {
            spec.deliveryCommon = try d.distribution("common")
            spec.deliveryPlace = try d.distribution("place")
            spec.deliveryYear = try d.distribution("year")
            try d.finish()
        }
        if let t = try u.table("referral_trends") {
            for k in t.keys { if let d = try t.distribution(k) { spec.referralTrends.append((k, d)) } }
            try t.finish()
        }
        try u.finish()
        return spec
    }

    static func sites(_ r: ConfigReader, places: [String], baseYear: Int, horizon: Int) throws(InputError) -> [NewTownSite] {
        var out: [NewTownSite] = []
        for t in try r.tables("new_towns") {
            let name = try t.string("name")
            let place = try t.string("place", oneOf: places)
            let dw = try t.double("dwellings", above: 0)
            let p = try t.double("probability", min: 0, max: 1)
            guard let sy = try t.years("start_years"), sy.count == 2, sy[0] <= sy[1] else {
                throw t.error("start_years", "expected [first, last] with first <= last")
            }
            guard sy[0] > baseYear else { throw t.error("start_years", "= \(sy): building must start after the base year \(baseYear)") }
            guard sy[0] <= horizon else {
                throw t.error("start_years", "= \(sy): building would start after the horizon \(horizon), so the site could never add a dwelling; expected a first year up to \(horizon)")
            }
            guard let rate = try t.distribution("build_rate") else { throw t.error("build_rate", "missing; expected dwellings completed a year") }
            if let lo = rate.support.lower, lo <= 0 {
                throw t.error("build_rate", "can be \(show(lo)); expected dwellings completed a year > 0 (a site that never builds adds nothing)")
            }
            _ = try t.optionalString("note")
            try t.finish()
            out.append(NewTownSite(name: name, place: place, dwellings: dw, probability: p, startYears: sy[0]...sy[1], buildRate: rate))
        }
        return out
    }
}
