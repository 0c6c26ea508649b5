import Scenarios

/// Summary.md section for Monte Carlo runs: headline figures with their intervals.
public enum IntervalSummary {
    public static func markdown(_ r: MonteCarloResult, scenario s: Scenario, summaries: [SeriesSummary], percentiles: [Double], seed: UInt64) -> String {
        let lo = percentiles.first!, hi = percentiles.last!
        var md = "## Uncertainty (\(r.draws) Monte Carlo draws, seed \(seed))\n\n"
        md += "Central = the deterministic run (draw 0). Interval = P\(Format.fixed(lo, 0))-P\(Format.fixed(hi, 0)) of the draws "
        md += "(\(Format.fixed(hi - lo, 0))% interval). Every sampled value is in `run-plan.csv`; all rows are in `*-intervals.csv`.\n\n"
        var t = MarkdownTable(["Output", "Central", "Median", "Interval"])
        func add(_ label: String, _ key: SeriesCatalog.Key, digits: Int = 0) {
            guard let i = r.catalog.keys.firstIndex(of: key) else { return }
            let s = summaries[i]
            t.row([label, Format.grouped(r.central[i], digits), Format.grouped(s.percentiles[percentiles.firstIndex(of: 50) ?? 0], digits),
                   "\(Format.grouped(s.percentiles.first!, digits)) to \(Format.grouped(s.percentiles.last!, digits))"])
        }
        let all = SeriesCatalog.allPlaces
        for y in Array(Set(s.report.milestones + [s.horizon])).sorted() {
            add("Registered patients, all ages, mid-\(y)", .init(table: .population, fields: [String(y), all, "all ages", "registered"]))
            add("Registered patients aged 65+, mid-\(y)", .init(table: .population, fields: [String(y), all, "65+", "registered"]))
        }
        let services = headlineServices(r, s)
        for fy in s.report.milestones.map(Format.fy) {
            for (g, svc) in services {
                add("\(svc) referrals \(fy)", .init(table: .referrals, fields: [fy, all, g, svc]))
            }
            add("Deaths \(fy)", .init(table: .deaths, fields: [fy, all]))
        }
        md += t.text + "\n"
        return md
    }
}

extension IntervalSummary {
    /// (group, service) of `[report] headline_services`, or else of the largest base-year service of each group
    /// (all Places), in the order of the referrals file.
    public static func headlineServices(_ r: MonteCarloResult, _ s: Scenario) -> [(String, String)] {
        let rows = r.catalog.keys.enumerated().filter { $0.element.table == .referrals && $0.element.fields[1] == SeriesCatalog.allPlaces }
        guard let first = rows.first?.element.fields[0] else { return [] }
        let base = rows.filter { $0.element.fields[0] == first }
        if let named = s.report.headlineServices {
            return named.compactMap { n in base.first { $0.element.fields[3] == n }.map { ($0.element.fields[2], n) } }
        }
        var best: [(String, String, Double)] = []
        for (i, k) in base {
            let g = k.fields[2], v = r.central[i]
            if let j = best.firstIndex(where: { $0.0 == g }) { if v > best[j].2 { best[j] = (g, k.fields[3], v) } } else { best.append((g, k.fields[3], v)) }
        }
        return best.map { ($0.0, $0.1) }
    }
}
