/// Parameter validation used when scenarios are loaded.
///
/// GSL does not check distribution parameters: binomial with p = 1.5 quietly returns n, and `gsl_ran_beta`
/// with a negative parameter loops forever. Checking once at load time reports the mistake with the file
/// still in view, and keeps the per-draw sampling path free of checks.
public enum DistributionCheck {
    /// Throws if any parameter is NaN or infinite, or outside the distribution's domain:
    /// sd, sigma, beta a/b and gamma shape/scale must be > 0; min <= max (and min <= mode <= max);
    /// p in [0, 1]; discrete values non-empty, matching weights in count, weights >= 0 with a positive
    /// finite sum. Degenerate ranges (min == max) are accepted: they sample as a fixed value.
    public static func validate(_ d: Distribution) throws(DistributionError) {
        switch d {
        case .fixed(let value):
            try finite("value", value)
        case .normal(let mean, let sd):
            try finite("mean", mean)
            try positive("sd", sd)
        case .lognormal(let mu, let sigma):
            try finite("mu", mu)
            try positive("sigma", sigma)
        case .uniform(let min, let max):
            try finite("min", min)
            try finite("max", max)
            try ordered(min, max)
        case .triangular(let min, let mode, let max):
            try finite("min", min)
            try finite("mode", mode)
            try finite("max", max)
            try ordered(min, max)
            guard min <= mode && mode <= max else {
                throw DistributionError(message: "mode must be in [min, max] = [\(show(min)), \(show(max))] (got \(show(mode)))")
            }
        case .beta(let a, let b):
            try positive("a", a)
            try positive("b", b)
        case .gamma(let shape, let scale):
            try positive("shape", shape)
            try positive("scale", scale)
        case .discrete(let values, let weights):
            guard !values.isEmpty else {
                throw DistributionError(message: "discrete needs at least one value")
            }
            guard values.count == weights.count else {
                throw DistributionError(message: "discrete needs one weight per value (got \(values.count) values, \(weights.count) weights)")
            }
            for (i, v) in values.enumerated() { try finite("values[\(i)]", v) }
            var total = 0.0
            for (i, w) in weights.enumerated() {
                try finite("weights[\(i)]", w)
                guard w >= 0 else {
                    throw DistributionError(message: "weights[\(i)] must be >= 0 (got \(show(w)))")
                }
                total += w
            }
            guard total > 0 && total.isFinite else {
                throw DistributionError(message: "weights must sum to a positive finite number (got \(show(total)))")
            }
        case .bernoulli(let p):
            try finite("p", p)
            guard p >= 0 && p <= 1 else {
                throw DistributionError(message: "p must be in [0, 1] (got \(show(p)))")
            }
        }
    }

    private static func finite(_ name: String, _ value: Double) throws(DistributionError) {
        guard value.isFinite else {
            throw DistributionError(message: "\(name) must be a finite number (got \(show(value)))")
        }
    }

    private static func positive(_ name: String, _ value: Double) throws(DistributionError) {
        try finite(name, value)
        guard value > 0 else {
            throw DistributionError(message: "\(name) must be > 0 (got \(show(value)))")
        }
    }

    private static func ordered(_ min: Double, _ max: Double) throws(DistributionError) {
        guard min <= max else {
            throw DistributionError(message: "min must be <= max (got min \(show(min)), max \(show(max)))")
        }
    }

    /// Prints whole numbers without a trailing ".0" so messages read like the scenario file ("got -1").
    private static func show(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }
}
