import Foundation
import Scenarios

/// `cohort combine`'s tables: `<table>-intervals.csv` with a run's columns, one row per group (the whole batch, each
/// region, each chosen set) and key, groups in order; plus `shards.csv` (what went in) and `notes.md`.
public enum CombinedTables {
    public static func render(_ r: ShardCombine.Result, groups: [ShardCombine.Group], shards: [ShardDraws],
                              name: String) -> [String: String] {
        let ps = shards[0].header.percentiles
        var builders: [SeriesCatalog.Table: CSVBuilder] = [:]
        for row in r.rows where builders[row.table] == nil {
            let c = SeriesCatalog.columns(row.table)
            builders[row.table] = CSVBuilder(header: RowLabels.header(c[0], Array(c.dropFirst(2))) + ["central", "mean"]
                                             + ps.map(IntervalTables.percentileName))
        }
        for row in r.rows {
            let g = groups[row.group]
            var b = builders[row.table]!
            for f in [name, row.key[0], g.code, g.name] + row.key.dropFirst() { b.field(f) }
            for x in [row.central, row.mean] + row.percentiles { b.field(x, 3) }
            b.endRow()
            builders[row.table] = b
        }
        var out: [String: String] = [:]
        for (t, b) in builders { out["\(t.rawValue)-intervals.csv"] = b.text }
        var list = CSVBuilder(header: ["shard", "scenario", "scenario_sha256", "region", "places", "place_codes", "draws", "seed"])
        for s in shards {
            let h = s.header
            list.row([String(h.shard), h.scenario, h.scenarioSHA256, h.region ?? "", h.places.joined(separator: ";"),
                      h.placeCodes.joined(separator: ";"), String(h.draws), String(h.seed)])
        }
        out["shards.csv"] = list.text
        let h = shards[0].header
        var notes = """
            # \(name): combined totals of \(shards.count) shards

            Each total adds, draw by draw, the Place values of its shards in shard then Place order (double precision),
            then takes the same type-7 percentiles as a single run: a total equals the "All Places" row of one run of all
            its Places. \(h.draws) draws, seed \(h.seed). Shards are listed in shards.csv.

            | group | code | shards | rows | rows left out (not in every shard) |
            |---|---|---:|---:|---:|

            """
        for (i, g) in groups.enumerated() {
            let n = r.rows.filter { $0.group == i }.count
            notes += "| \(g.name) | \(g.code) | \(g.members.count) | \(n) | \(r.omitted[i]) |\n"
        }
        out["notes.md"] = notes
        return out
    }
}
