import Scenarios

/// Monte Carlo outputs: `<table>-intervals.csv` (central value, mean and percentiles per row), `run-plan.csv`
/// (sampled assumptions per draw) and, on request, every draw in long form.
public enum IntervalTables {
    public static func percentileName(_ p: Double) -> String {
        let s = p == p.rounded() ? String(Int(p)) : Format.fixed(p, 1).replacingOccurrences(of: ".", with: "_")
        return "p" + (p < 10 ? "0" : "") + s
    }

    /// One CSV per table, rows in catalogue order.
    public static func intervals(_ r: MonteCarloResult, summaries: [SeriesSummary], percentiles: [Double]) -> [String: String] {
        var builders: [SeriesCatalog.Table: CSVBuilder] = [:]
        for t in SeriesCatalog.Table.allCases {
            builders[t] = CSVBuilder(header: SeriesCatalog.columns(t) + ["central", "mean"] + percentiles.map(percentileName))
        }
        for (i, k) in r.catalog.keys.enumerated() {
            let s = summaries[i]
            builders[k.table]!.row(k.fields + [Format.fixed(r.central[i], 3), Format.fixed(s.mean, 3)] + s.percentiles.map { Format.fixed($0, 3) })
        }
        var out: [String: String] = [:]
        for (t, b) in builders where r.catalog.keys.contains(where: { $0.table == t }) { out["\(t.rawValue)-intervals.csv"] = b.text }
        return out
    }

    /// `draw,seed,<assumption columns>`; draw 0 is the central run. Choice columns show the chosen name.
    public static func runPlan(_ r: MonteCarloResult) -> String {
        var csv = CSVBuilder(header: ["draw", "stream_seed"] + r.plan.columns)
        func cells(_ v: [Double]) -> [String] {
            zip(r.plan.columns, v).map { c, x in
                if let names = r.plan.choiceNames[c] { return x >= 0 && Int(x) < names.count ? names[Int(x)] : "" }
                return Format.fixed(x, 6)
            }
        }
        csv.row(["0", "central"] + cells(r.plan.centralValues()))
        for (i, row) in r.planRows.enumerated() { csv.row([String(i + 1), String(r.drawSeeds[i])] + cells(row)) }
        return csv.text
    }

    /// Every draw of every series: `table,key,draw,value` (only with --keep-draws).
    public static func draws(_ r: MonteCarloResult) -> String {
        var csv = CSVBuilder(header: ["table", "key", "draw", "value"])
        for (s, k) in r.catalog.keys.enumerated() {
            let key = k.fields.joined(separator: "|")
            for (d, x) in r.draws(ofSeries: s).enumerated() {
                csv.row([k.table.rawValue, key, String(d + 1), Format.fixed(Double(x), 3)])
            }
        }
        return csv.text
    }
}
