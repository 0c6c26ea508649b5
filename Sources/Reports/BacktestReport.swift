import Foundation
import Scenarios
import Demand

/// The files of a back-test: the tidy comparison (`backtest.csv`), the accuracy measures (`backtest-summary.csv`) and
/// a readable note (`backtest.md`).
public enum BacktestReport {
    static func f(_ x: Double, _ d: Int = 2) -> String { Format.fixed(x, d) }

    /// One row per method x target x LA x sex x band; with `intervals`, the drawn percentiles p05..p95 of the persons
    /// rows of all ages and the broad bands (empty elsewhere: only those cells are drawn).
    public static func csv(_ rows: [BacktestMeasures.Row], intervals: [Backtest.Method: [String: [Int: [[Double]]]]]? = nil) -> String {
        let pcols = Backtest.percentiles.map { String(format: "p%02d", Int($0)) }
        var t = "method,base_year,target_year,horizon,crosses_series_break,lad23_code,sex,age_band,projected,actual,error_pct"
        t += intervals == nil ? "\n" : "," + pcols.joined(separator: ",") + "\n"
        t.reserveCapacity(rows.count * 90)
        let drawnLabels: [(String, Int)] = Backtest.drawnBands.enumerated().map { ($0.offset == 0 ? "all" : $0.element.description, $0.offset) }
        let index = Dictionary(uniqueKeysWithValues: drawnLabels)
        for r in rows {
            t += "\(r.method.rawValue),\(r.base),\(r.target),\(r.horizon),\(r.crossesSeriesBreak),\(r.lad),\(r.sex),\(r.band),"
            t += "\(f(r.projected, 1)),\(f(r.actual, 1)),\(f(r.errorPct, 3))"
            if let intervals {
                if r.sex == "persons", r.bandSet != .fiveYear, let ci = index[r.band], let p = intervals[r.method]?[r.lad]?[r.target]?[ci] {
                    t += "," + p.map { f($0, 1) }.joined(separator: ",")
                } else {
                    t += String(repeating: ",", count: pcols.count)
                }
            }
            t += "\n"
        }
        return t
    }

    public static func coverageCSV(_ rows: [BacktestCoverage.Row]) -> String {
        var t = "method,base_year,target_year,horizon,crosses_series_break,calibration,band_set,group,n,coverage_50,coverage_80,coverage_90,width_80_pct\n"
        for r in rows {
            t += "\(r.method.rawValue),\(r.base),\(r.target),\(r.target - r.base),\(r.crossesSeriesBreak),\(r.calibration),\(r.bandSet.rawValue),\(r.group),\(r.n),"
            t += Backtest.intervals.map { f(r.coverage[$0.nominal] ?? 0, 1) }.joined(separator: ",") + ",\(f(r.width80, 2))\n"
        }
        return t
    }

    public static func summaryCSV(_ s: [BacktestMeasures.SummaryRow]) -> String {
        var t = "method,base_year,target_year,horizon,crosses_series_break,sex,band_set,group,n,mape,bias,median_ape,p90_ape,within_5pct,within_10pct\n"
        for r in s {
            let x = r.stats
            t += "\(r.method.rawValue),\(r.base),\(r.target),\(r.target - r.base),\(r.crossesSeriesBreak),\(r.sex),\(r.bandSet.rawValue),\(r.group),"
            t += "\(x.n),\(f(x.mape, 3)),\(f(x.bias, 3)),\(f(x.medianAPE, 3)),\(f(x.p90APE, 3)),\(f(x.within5, 1)),\(f(x.within10, 1))\n"
        }
        return t
    }

    /// The note: what was used, the headline table (MAPE of totals and of broad bands per method and target, persons
    /// and by sex), measures by LA size, and the worst LAs of each method's last target.
    public static func markdown(_ results: [Backtest.Result], rows: [BacktestMeasures.Row], summary: [BacktestMeasures.SummaryRow],
                                coverage: [BacktestCoverage.Row] = [], fitNote: String? = nil, names: [String: String], command: String) -> String {
        var t = "# Back-test\n\nMade by `\(command)`. Projections from each base year use only what was knowable then; they are set beside\n"
        t += "the ONS mid-year estimates of the target years. Errors are (projected - actual) / actual. MAPE = mean absolute\n"
        t += "percentage error over LAs (totals) or LA x band cells; bias = mean signed error.\n\n"
        for r in results {
            let s = r.setup, b = r.config.base
            t += "## Base \(b): inputs\n\n"
            t += "- LAs: \(r.config.lads.count) (measured: \(r.measured.count)); targets: \(r.config.targets.map(String.init).joined(separator: ", ")); methods: \(r.config.methods.map(\.rawValue).joined(separator: ", "))\n"
            t += "- Life table: \(s.lifeTable); improvement \(s.improvement)\n"
            t += "- England TFR \(f(s.englandTFR, 3)): \(s.englandTFRSource); held flat\n"
            t += "- Trend migration (cohort): \(s.migrationBasis)\n"
            t += "- Fertility and mortality levels: components of the years to mid-\(s.ratesYears.isEmpty ? "(none held: levels from the age-0 estimate and 1)" : s.ratesYears.map(String.init).joined(separator: ", "))\n"
            t += "- Hamilton-Perry: estimates of mid-\(s.hamiltonPerryYears.map(String.init).joined(separator: ", "))\n"
            t += "- Read: estimates \(s.estimatesRead.map(String.init).joined(separator: ", ")); components \(s.componentsRead.isEmpty ? "none" : s.componentsRead.map(String.init).joined(separator: ", "))"
            for (m, fys) in s.netAdditionsRead.sorted(by: { $0.key < $1.key }) {
                t += "; net additions for \(m): FY \(fys.first.map(String.init) ?? "-")..\(fys.last.map(String.init) ?? "-")"
            }
            t += "\n"
            for f in r.failures {
                t += "- **Not measured**: \(f.lad) \(names[f.lad] ?? ""): \(f.method.rawValue) failed (\(f.message)); the LA is left out of every method's measures.\n"
            }
            for tg in r.config.targets where rows.contains(where: { $0.base == b && $0.target == tg && $0.crossesSeriesBreak }) {
                t += "- **Series break**: mid-\(tg) is Census-2021-based, mid-\(b) is not: the error at \(tg) includes ONS's rebasing of the estimates, which no projection from \(b) could know.\n"
            }
            t += "\n"
        }
        t += "## MAPE of LA totals and of LA x broad age bands (0-19, 20-39, 40-64, 65-79, 80+)\n\n"
        t += "| base | target | method | totals persons | female | male | bands persons | female | male | bias totals |\n|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n"
        func find(_ m: Backtest.Method, _ b: Int, _ tg: Int, _ sex: String, _ set: BacktestMeasures.BandSet, _ g: String = "all") -> BacktestMeasures.Stats? {
            summary.first { $0.method == m && $0.base == b && $0.target == tg && $0.sex == sex && $0.bandSet == set && $0.group == g }?.stats
        }
        for r in results { for tg in r.config.targets { for m in Backtest.Method.allCases where r.projected[m] != nil {
            let b = r.config.base
            let cells = [("persons", BacktestMeasures.BandSet.all), ("female", .all), ("male", .all), ("persons", .broad), ("female", .broad), ("male", .broad)]
                .map { find(m, b, tg, $0.0, $0.1).map { f($0.mape) + "%" } ?? "-" }
            t += "| \(b) | \(tg) | \(m.rawValue) | \(cells.joined(separator: " | ")) | \(find(m, b, tg, "persons", .all).map { f($0.bias) + "%" } ?? "-") |\n"
        } } }
        let broad = BacktestMeasures.BandSet.broad.bands.map(BacktestMeasures.BandSet.broad.label)
        t += "\n## MAPE (bias) by broad age band, persons\n\n| base | target | method | " + broad.joined(separator: " | ") + " |\n|---:|---:|---|" + broad.map { _ in "---:|" }.joined() + "\n"
        for r in results { for tg in r.config.targets { for m in Backtest.Method.allCases where r.projected[m] != nil {
            let sel = rows.filter { $0.method == m && $0.base == r.config.base && $0.target == tg && $0.sex == "persons" && $0.bandSet == .broad }
            let cells = broad.map { band -> String in
                let x = BacktestMeasures.stats(sel.filter { $0.band == band }.map(\.errorPct))
                return "\(f(x.mape))% (\(x.bias >= 0 ? "+" : "")\(f(x.bias))%)"
            }
            t += "| \(r.config.base) | \(tg) | \(m.rawValue) | " + cells.joined(separator: " | ") + " |\n"
        } } }
        t += "\n## Totals by LA size (persons; size at the base year)\n\n"
        t += "| base | target | method | group | LAs | MAPE | bias | median APE | 90th pct APE | within 5% | within 10% |\n|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
        for s in summary where s.sex == "persons" && s.bandSet == .all && !s.group.hasPrefix("icb:") {
            let x = s.stats
            t += "| \(s.base) | \(s.target) | \(s.method.rawValue) | \(s.group) | \(x.n) | \(f(x.mape))% | \(f(x.bias))% | \(f(x.medianAPE))% | \(f(x.p90APE))% | \(f(x.within5, 0))% | \(f(x.within10, 0))% |\n"
        }
        t += "\n## 5-year bands (persons): MAPE over LA x band cells\n\n| base | target | method | MAPE | bias | 90th pct APE |\n|---:|---:|---|---:|---:|---:|\n"
        for s in summary where s.sex == "persons" && s.bandSet == .fiveYear && s.group == "all" {
            t += "| \(s.base) | \(s.target) | \(s.method.rawValue) | \(f(s.stats.mape))% | \(f(s.stats.bias))% | \(f(s.stats.p90APE))% |\n"
        }
        t += "\n## Worst LAs (persons, all ages; largest absolute error at the last target of each base)\n\n"
        t += "| base | target | method | LA | projected | actual | error |\n|---:|---:|---|---|---:|---:|---:|\n"
        for r in results { for m in Backtest.Method.allCases where r.projected[m] != nil {
            let tg = r.config.targets.last!
            let worst = rows.filter { $0.method == m && $0.base == r.config.base && $0.target == tg && $0.sex == "persons" && $0.bandSet == .all }
                .sorted { abs($0.errorPct) != abs($1.errorPct) ? abs($0.errorPct) > abs($1.errorPct) : $0.lad < $1.lad }.prefix(5)
            for w in worst {
                t += "| \(w.base) | \(w.target) | \(m.rawValue) | \(w.lad) \(names[w.lad] ?? "") | \(Format.grouped(w.projected)) | \(Format.grouped(w.actual)) | \(f(w.errorPct))% |\n"
            }
        } }
        if !coverage.isEmpty {
            t += "\n## Interval coverage (persons; share of LA totals or LA x broad-band cells inside the drawn intervals)\n\n"
            t += "Draws: \(results.first.map { "\($0.config.draws), seed \($0.config.seed)" } ?? ""). Priors: the shipped reference scenario's mortality level, improvement scale and fertility level"
            t += " (and persons per dwelling for the housing-led run); no migration uncertainty unless `migration_shift` is sampled.\n"
            if let fitNote { t += "Calibration: \(fitNote). The windows below were not used to fit it.\n" }
            t += "\n| base | target | method | draws sample | cells | n | 50% | 80% | 90% | mean 80% width |\n|---:|---:|---|---|---|---:|---:|---:|---:|---:|\n"
            for c in coverage where c.group == "all" {
                t += "| \(c.base) | \(c.target) | \(c.method.rawValue) | \(c.calibration) | \(c.bandSet == .all ? "totals" : "broad bands") | \(c.n) | "
                t += Backtest.intervals.map { f(c.coverage[$0.nominal] ?? 0, 0) + "%" }.joined(separator: " | ") + " | \(f(c.width80, 1))% |\n"
            }
            t += "\nBy LA size: `backtest-coverage.csv`.\n"
        }
        for r in results where !r.intervalFailures.isEmpty {
            t += "\nNo intervals (the engine refused a draw): " + r.intervalFailures.map { "\($0.method.rawValue) \($0.lad) (\($0.message))" }.joined(separator: "; ") + "\n"
        }
        t += "\nRolled up by ICB: `backtest-summary.csv`, rows with group `icb:<code>` (the measures of each ICB's LAs; a split LA counts in the ICB holding most of its residents).\n"
        return t
    }
}
