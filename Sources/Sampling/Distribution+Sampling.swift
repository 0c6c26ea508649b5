import CGSL

/// Moments, sampling and quantiles, so a run plan can draw inputs and reports can show their ranges.
extension Distribution {
    /// Expected value; used for the central run and to sanity-check sampled inputs.
    public var mean: Double {
        switch self {
        case .fixed(let value): return value
        case .normal(let mean, _): return mean
        case .lognormal(let mu, let sigma): return exp(mu + sigma * sigma / 2)
        case .uniform(let min, let max): return (min + max) / 2
        case .triangular(let min, let mode, let max): return (min + mode + max) / 3
        case .beta(let a, let b): return a / (a + b)
        case .gamma(let shape, let scale): return shape * scale
        case .discrete(let values, let weights):
            var total = 0.0, weighted = 0.0
            for (v, w) in zip(values, weights) {
                total += w
                weighted += v * w
            }
            return weighted / total
        case .bernoulli(let p): return p
        }
    }

    /// One draw from `s`. Parameters must have passed `DistributionCheck.validate(_:)`.
    /// `.fixed` consumes no random numbers.
    public func sample(_ s: RandomStream) -> Double {
        switch self {
        case .fixed(let value): return value
        case .normal(let mean, let sd): return s.normal(mean: mean, sd: sd)
        case .lognormal(let mu, let sigma): return s.lognormal(mu: mu, sigma: sigma)
        case .uniform(let min, let max): return min + (max - min) * s.uniform()
        case .triangular(let min, let mode, let max): return s.triangular(min: min, mode: mode, max: max)
        case .beta(let a, let b): return s.beta(a: a, b: b)
        case .gamma(let shape, let scale): return s.gamma(shape: shape, scale: scale)
        case .discrete(let values, let weights): return values[s.discrete(weights: weights)]
        case .bernoulli(let p): return s.bernoulli(p: p) ? 1 : 0
        }
    }

    /// The value below which a fraction `p` of the distribution lies (inverse CDF).
    ///
    /// Continuous cases use GSL's `gsl_cdf_*_Pinv` (triangular: its own inverse CDF); discrete cases return
    /// the smallest value whose cumulative probability reaches `p`. `p` = 0 or 1 may give ±infinity for
    /// unbounded distributions.
    ///
    /// - Throws: `GSLError` with `GSL_EDOM` if `p` is outside [0, 1] or the parameters fail
    ///   `DistributionCheck` (some `Pinv` functions misbehave on bad parameters), and if GSL returns NaN,
    ///   which `gsl_cdf_*_Pinv` can do without reporting an error.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        GSLLibrary.configure()
        guard p >= 0 && p <= 1 else {
            throw GSLError(GSL_EDOM, "quantile probability must be in [0, 1] (got \(p))")
        }
        do {
            try DistributionCheck.validate(self)
        } catch {
            throw GSLError(GSL_EDOM, "cannot take a quantile of \(self): \(error.message)")
        }
        let q: Double
        switch self {
        case .fixed(let value): q = value
        case .normal(let mean, let sd): q = mean + gsl_cdf_gaussian_Pinv(p, sd)
        case .lognormal(let mu, let sigma): q = gsl_cdf_lognormal_Pinv(p, mu, sigma)
        case .uniform(let min, let max): q = min == max ? min : gsl_cdf_flat_Pinv(p, min, max)
        case .triangular(let min, let mode, let max): q = Triangular.quantile(p, min: min, mode: mode, max: max)
        case .beta(let a, let b): q = gsl_cdf_beta_Pinv(p, a, b)
        case .gamma(let shape, let scale): q = gsl_cdf_gamma_Pinv(p, shape, scale)
        case .discrete(let values, let weights): q = Self.discreteQuantile(p, values: values, weights: weights)
        case .bernoulli(let prob): q = Self.discreteQuantile(p, values: [0, 1], weights: [1 - prob, prob])
        }
        guard !q.isNaN else {
            throw GSLError(GSL_EDOM, "quantile(\(p)) of \(self) is not a number")
        }
        return q
    }

    /// Smallest value with positive weight whose cumulative probability is >= `p`.
    private static func discreteQuantile(_ p: Double, values: [Double], weights: [Double]) -> Double {
        let support = zip(values, weights).filter { $0.1 > 0 }.sorted { $0.0 < $1.0 }
        let total = support.reduce(0.0) { $0 + $1.1 }
        var cumulative = 0.0
        for (value, weight) in support {
            cumulative += weight
            if cumulative / total >= p { return value }
        }
        return support[support.count - 1].0  // rounding left the sum a hair below p = 1
    }
}
