/// An uncertain scenario input: what a parameter file says about one quantity.
///
/// Values are plain data (Equatable, Sendable) so a run plan can be built, stored and compared before any
/// sampling happens. Check them with `DistributionCheck.validate(_:)` when the scenario is loaded.
public enum Distribution: Equatable, Sendable {
    /// Always the same value (the central run, or a quantity treated as known).
    case fixed(Double)
    case normal(mean: Double, sd: Double)
    /// Log-scale parameters: the median is `exp(mu)`.
    case lognormal(mu: Double, sigma: Double)
    case uniform(min: Double, max: Double)
    case triangular(min: Double, mode: Double, max: Double)
    case beta(a: Double, b: Double)
    /// Mean `shape * scale`.
    case gamma(shape: Double, scale: Double)
    /// `values[i]` with probability `weights[i] / weights.sum()`; weights need not sum to 1.
    case discrete(values: [Double], weights: [Double])
    /// 1 with probability `p`, else 0.
    case bernoulli(p: Double)
}

/// Why a distribution's parameters were rejected, naming the parameter and the offending value.
public struct DistributionError: Error, CustomStringConvertible, Equatable {
    /// e.g. "sd must be > 0 (got -1)".
    public let message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
