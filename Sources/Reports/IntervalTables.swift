import Scenarios

/// Monte Carlo outputs: `<table>-intervals.csv` (central value, mean and percentiles per row), `run-plan.csv`
/// (sampled assumptions per draw) and, on request, every draw in long form.
public enum IntervalTables {
    public static func percentileName(_ p: Double) -> String {
        let s = p == p.rounded() ? String(Int(p)) : Format.fixed(p, 1).replacingOccurrences(of: ".", with: "_")
        return "p" + (p < 10 ? "0" : "") + s
    }

    /// One CSV per table, rows in catalogue order; `scenario` first and `place_code` beside `place`, as in the central tables.
    public static func intervals(_ r: MonteCarloResult, summaries: [SeriesSummary], percentiles: [Double], labels l: RowLabels) -> [String: String] {
        var builders: [SeriesCatalog.Table: CSVBuilder] = [:]
        for t in SeriesCatalog.Table.allCases {
            let c = SeriesCatalog.columns(t)
            builders[t] = CSVBuilder(header: RowLabels.header(c[0], Array(c.dropFirst(2))) + ["central", "mean"] + percentiles.map(percentileName))
        }
        for (i, k) in r.catalog.keys.enumerated() {
            let s = summaries[i]
            for f in l.cells(k.fields[0], k.fields[1]) + k.fields.dropFirst(2) { builders[k.table]!.field(f) }
            for x in [r.central[i], s.mean] + s.percentiles { builders[k.table]!.field(x, 3) }
            builders[k.table]!.endRow()
        }
        var out: [String: String] = [:]
        for (t, b) in builders where r.catalog.keys.contains(where: { $0.table == t }) { out["\(t.rawValue)-intervals.csv"] = b.text }
        return out
    }

    /// `scenario,draw,<assumption columns>`; draw 0 is the central run. Choice columns show the chosen name.
    public static func runPlan(_ r: MonteCarloResult, labels l: RowLabels) -> String {
        var csv = CSVBuilder(header: ["scenario", "draw"] + r.plan.columns)
        let choices = r.plan.columns.map { r.plan.choiceNames[$0] }
        func cells(_ v: [Double]) {
            for (names, x) in zip(choices, v) {
                if let names { csv.field(x >= 0 && Int(x) < names.count ? names[Int(x)] : "") } else { csv.field(x, 6) }
            }
            csv.endRow()
        }
        csv.field(l.scenario); csv.field("0")
        cells(r.plan.centralValues())
        for (i, row) in r.planRows.enumerated() {
            csv.field(l.scenario); csv.field(String(i + 1))
            cells(row)
        }
        return csv.text
    }

    /// Every draw of every series: `scenario,table,key,draw,value` (only with --keep-draws), handed to `emit` in pieces
    /// of about 8 MB that end at row boundaries (the whole file can be many GB).
    public static func draws(_ r: MonteCarloResult, labels l: RowLabels, emit: (String) throws -> Void) rethrows {
        var csv = CSVBuilder(header: ["scenario", "table", "key", "draw", "value"])
        for (s, k) in r.catalog.keys.enumerated() {
            let key = k.fields.joined(separator: "|")
            for (d, x) in r.draws(ofSeries: s).enumerated() {
                csv.field(l.scenario); csv.field(k.table.rawValue); csv.field(key); csv.field(String(d + 1)); csv.field(Double(x), 3); csv.endRow()
            }
            if csv.byteCount >= 8 << 20 { try emit(csv.takeText()) }
        }
        try emit(csv.takeText())
    }
}
