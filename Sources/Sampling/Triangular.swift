/// Triangular distribution helpers: GSL has none, so sampling and quantiles use this inverse CDF.
enum Triangular {
    /// Inverse CDF of the triangular distribution on [min, max] with peak at `mode`.
    static func quantile(_ p: Double, min: Double, mode: Double, max: Double) -> Double {
        let width = max - min
        guard width > 0 else { return min }
        let split = (mode - min) / width  // CDF at the mode
        if p < split {
            return min + (p * width * (mode - min)).squareRoot()
        } else {
            return max - ((1 - p) * width * (max - mode)).squareRoot()
        }
    }

    /// CDF, the inverse of `quantile`; kept beside it so tests can check one against the other.
    static func cdf(_ x: Double, min: Double, mode: Double, max: Double) -> Double {
        if x <= min { return 0 }
        if x >= max { return 1 }
        let width = max - min
        if x <= mode {
            return (x - min) * (x - min) / (width * (mode - min))
        } else {
            return 1 - (max - x) * (max - x) / (width * (max - mode))
        }
    }
}
