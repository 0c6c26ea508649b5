import Foundation
import Demography

/// Interval coverage of a drawn back-test, and the calibration of `migration_shift` from a back-test's own errors.
public enum BacktestCoverage {
    public struct Row: Sendable {
        public var method: Backtest.Method
        public var base: Int
        public var target: Int
        public var crossesSeriesBreak: Bool
        /// What the draws sampled ("priors" or "priors + migration_shift sd=...").
        public var calibration: String
        public var bandSet: BacktestMeasures.BandSet
        /// "all" or "size:<100k" etc.
        public var group: String
        public var n: Int
        /// Nominal coverage (50, 80, 90) -> share of cells inside, percent.
        public var coverage: [Int: Double]
        /// Mean width of the 80% interval relative to the actual value, percent.
        public var width80: Double
    }

    /// Coverage of the persons cells (all ages; broad bands) of every LA that has intervals and is measured.
    public static func rows(_ r: Backtest.Result, data: EnglandData, calibration: String) -> [Row] {
        var out: [Row] = []
        let b = r.config.base, measured = Set(r.measured)
        for m in Backtest.Method.allCases { guard let iv = r.intervals[m] else { continue }
            for t in r.config.targets {
                for set in [BacktestMeasures.BandSet.all, .broad] {
                    var groups: [String: (n: Int, inside: [Int: Int], width: Double)] = [:]
                    for lad in r.config.lads where measured.contains(lad) {
                        guard let cells = iv[lad]?[t], let actual = data.estimates[t]?[lad], let base = data.estimates[b]?[lad] else { continue }
                        let range = set == .all ? 0..<1 : 1..<Backtest.drawnBands.count
                        for ci in range {
                            let a = actual.total(ages: Backtest.drawnBands[ci].ages), p = cells[ci]
                            for g in ["all", "size:" + BacktestMeasures.sizeClass(base.total)] {
                                var e = groups[g] ?? (0, [:], 0)
                                e.n += 1
                                for i in Backtest.intervals where a >= p[i.lo] && a <= p[i.hi] { e.inside[i.nominal, default: 0] += 1 }
                                e.width += a > 0 ? (p[5] - p[1]) / a * 100 : 0
                                groups[g] = e
                            }
                        }
                    }
                    for g in ["all"] + BacktestMeasures.sizeClasses.map({ "size:" + $0 }) {
                        guard let e = groups[g], e.n > 0 else { continue }
                        var cov: [Int: Double] = [:]
                        for i in Backtest.intervals { cov[i.nominal] = Double(e.inside[i.nominal] ?? 0) / Double(e.n) * 100 }
                        out.append(Row(method: m, base: b, target: t, crossesSeriesBreak: !data.sameSeries(b, t), calibration: calibration,
                                       bandSet: set, group: g, n: e.n, coverage: cov, width80: e.width / Double(e.n)))
                    }
                }
            }
        }
        return out
    }

    /// z of the 90th percentile of the standard normal (the 80% central interval is +/- z sd).
    static let z80 = 1.2815515655446004

    /// The standard deviation of `migration_shift` that puts 80% of the LA totals of a cohort-trend back-test inside
    /// their 80% intervals: the 80th percentile of |error| / horizon (as a share a year) over z. Nil without rows.
    public static func fitMigrationShift(_ rows: [BacktestMeasures.Row]) -> (sd: Double, n: Int)? {
        let x = rows.filter { $0.method == .cohortTrend && $0.sex == "persons" && $0.bandSet == .all }
            .map { abs($0.errorPct) / 100 / Double($0.horizon) }.sorted()
        guard !x.isEmpty else { return nil }
        return (BacktestMeasures.quantile(x, 0.8) / z80, x.count)
    }
}
