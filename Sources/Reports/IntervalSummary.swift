import Scenarios

/// Summary.md section for Monte Carlo runs: headline figures with their intervals.
public enum IntervalSummary {
    public static func markdown(_ r: MonteCarloResult, summaries: [SeriesSummary], percentiles: [Double], seed: UInt64) -> String {
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
        for y in [2033, 2043, r.catalog.keys.compactMap { $0.table == .population ? Int($0.fields[0]) : nil }.max() ?? 0] {
            add("Registered patients, all ages, mid-\(y)", .init(table: .population, fields: [String(y), all, "all ages", "registered"]))
            add("Registered patients aged 65+, mid-\(y)", .init(table: .population, fields: [String(y), all, "65+", "registered"]))
        }
        let services = Array(Set(r.catalog.keys.filter { $0.table == .referrals }.map { $0.fields[3] }))
        for fy in ["2033/34", "2043/44"] {
            for svc in ["District Nursing Service", "Community Mental Health Team - Functional"] where services.contains(svc) {
                let g = r.catalog.keys.first { $0.table == .referrals && $0.fields[3] == svc }!.fields[2]
                add("\(svc) referrals \(fy)", .init(table: .referrals, fields: [fy, all, g, svc]))
            }
            add("Deaths \(fy)", .init(table: .deaths, fields: [fy, all]))
        }
        md += t.text + "\n"
        return md
    }
}
