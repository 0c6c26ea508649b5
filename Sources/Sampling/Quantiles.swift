import CGSL

/// Percentiles of model outputs across runs, with the same definition as R's default (type 7), so
/// published intervals can be reproduced with `quantile(x, p)` in R.
public enum Quantiles {
    /// Type-7 quantile of already-sorted data (`gsl_stats_quantile_from_sorted_data`).
    ///
    /// Returns NaN for empty data. Sortedness is only checked in debug builds.
    /// - Precondition: `0 <= p <= 1` (GSL would read outside the array otherwise).
    public static func sorted(_ sortedData: [Double], p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "quantile probability must be in [0, 1] (got \(p))")
        guard !sortedData.isEmpty else { return .nan }
        assert(zip(sortedData, sortedData.dropFirst()).allSatisfy { $0 <= $1 }, "Quantiles.sorted needs ascending data")
        return sortedData.withUnsafeBufferPointer { buffer in
            gsl_stats_quantile_from_sorted_data(buffer.baseAddress, 1, buffer.count, p)
        }
    }

    /// Type-7 quantiles of unsorted data at each probability in `ps`; sorts a copy once with `gsl_sort`.
    ///
    /// If `data` is empty or contains NaN (a failed run), every result is NaN rather than a value computed
    /// from an ill-defined sort order.
    /// - Precondition: every p in `ps` is in [0, 1].
    public static func of(_ data: [Double], ps: [Double]) -> [Double] {
        if data.isEmpty || data.contains(where: { $0.isNaN }) {
            for p in ps { precondition(p >= 0 && p <= 1, "quantile probability must be in [0, 1] (got \(p))") }
            return ps.map { _ in .nan }
        }
        var sortedData = data
        sortedData.withUnsafeMutableBufferPointer { buffer in
            gsl_sort(buffer.baseAddress, 1, buffer.count)
        }
        return ps.map { sorted(sortedData, p: $0) }
    }
}
