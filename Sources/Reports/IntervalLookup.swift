import Scenarios

/// Finds a series' Monte Carlo interval by key, for tables that show intervals beside central values.
public struct IntervalLookup: Sendable {
    let index: [SeriesCatalog.Key: Int]
    public let summaries: [SeriesSummary]
    public let percentiles: [Double]

    public init(_ r: MonteCarloResult, summaries: [SeriesSummary], percentiles: [Double]) {
        var idx: [SeriesCatalog.Key: Int] = [:]
        for (i, k) in r.catalog.keys.enumerated() { idx[k] = i }
        index = idx; self.summaries = summaries; self.percentiles = percentiles
    }

    /// Outer interval (first and last configured percentiles).
    public func interval(_ key: SeriesCatalog.Key) -> (lo: Double, hi: Double)? {
        guard let i = index[key] else { return nil }
        return (summaries[i].percentiles.first!, summaries[i].percentiles.last!)
    }

    public func text(_ key: SeriesCatalog.Key, digits: Int = 0, scale: Double = 1) -> String {
        guard let (lo, hi) = interval(key) else { return "" }
        return "\(Format.grouped(lo * scale, digits)) to \(Format.grouped(hi * scale, digits))"
    }

    public var label: String { "P\(Format.fixed(percentiles.first!, 0))-P\(Format.fixed(percentiles.last!, 0))" }
}
