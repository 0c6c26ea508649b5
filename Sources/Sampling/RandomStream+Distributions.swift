import CGSL

/// Samplers for the distributions scenarios use; each consumes draws from this stream only.
extension RandomStream {
    /// Normal draw; the ziggurat method is ~3x faster than GSL's polar method.
    public func normal(mean: Double, sd: Double) -> Double {
        mean + gsl_ran_gaussian_ziggurat(rng, sd)
    }

    /// exp(N(mu, sigma²)): `mu` and `sigma` are on the log scale.
    public func lognormal(mu: Double, sigma: Double) -> Double {
        gsl_ran_lognormal(rng, mu, sigma)
    }

    /// Gamma with mean `shape * scale` (scale, not rate).
    public func gamma(shape: Double, scale: Double) -> Double {
        gsl_ran_gamma(rng, shape, scale)
    }

    /// Beta(a, b) on [0, 1].
    ///
    /// - Precondition: `a > 0` and `b > 0`. Checked here, unlike the other samplers, because
    ///   `gsl_ran_beta` with a non-positive parameter never returns.
    public func beta(a: Double, b: Double) -> Double {
        precondition(a > 0 && b > 0, "beta parameters must be > 0 (got a=\(a), b=\(b)); GSL would hang")
        return gsl_ran_beta(rng, a, b)
    }

    /// Triangular draw by inverse CDF on one GSL uniform (GSL has no triangular distribution).
    public func triangular(min: Double, mode: Double, max: Double) -> Double {
        Triangular.quantile(uniform(), min: min, mode: mode, max: max)
    }

    /// Poisson count with the given mean.
    public func poisson(mean: Double) -> UInt32 {
        gsl_ran_poisson(rng, mean)
    }

    /// Number of successes in `n` trials with success probability `p`.
    public func binomial(p: Double, n: UInt32) -> UInt32 {
        gsl_ran_binomial(rng, p, n)
    }

    /// `true` with probability `p`.
    public func bernoulli(p: Double) -> Bool {
        gsl_ran_bernoulli(rng, p) == 1
    }

    /// Index `i` drawn with probability `weights[i] / weights.sum()`.
    ///
    /// Uses one uniform and a cumulative search rather than `gsl_ran_discrete_preproc`: scenario weight lists
    /// are short and sampled once per draw, so building GSL's alias table (an allocation) would cost more
    /// than it saves. Zero weights are never chosen.
    ///
    /// - Precondition: `weights` is non-empty with a positive, finite total (see `DistributionCheck`).
    public func discrete(weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += w }
        precondition(total > 0 && total.isFinite, "discrete weights must have a positive finite sum (got \(total))")
        let target = uniformHalfOpen() * total
        var cumulative = 0.0
        var lastPositive = 0
        for (index, w) in weights.enumerated() where w > 0 {
            cumulative += w
            if target < cumulative { return index }
            lastPositive = index
        }
        // Rounding can leave `target` a hair above the summed weights: fall back to the last possible index.
        return lastPositive
    }
}
