extension Comparison {
    /// `compare.csv`: one row per series and period, identifiers in their own columns (tidy).
    public func csv() -> String {
        let p = percentiles.map { "diff_" + IntervalTables.percentileName($0) }
        var csv = CSVBuilder(header: ["table", "period", "place_code", "place", "group", "item", "measure", "unit",
                                      "a_scenario", "b_scenario", "a_central", "b_central", "diff_central", "diff_mean"] + p
                             + ["share_of_draws_b_above_a", "share_of_draws_changed"] + p.map { $0.replacingOccurrences(of: "diff_", with: "diff_if_changed_") })
        for r in rows {
            let t = tidy(r.key)
            let drawn = r.meanDiff != nil
            csv.row([t.table, t.period, t.placeCode, t.place, t.group, t.item, t.measure, t.unit, nameA, nameB,
                     Format.fixed(r.a, 3), Format.fixed(r.b, 3), Format.fixed(r.difference, 3), r.meanDiff.map { Format.fixed($0, 3) } ?? ""]
                    + (drawn ? r.percentiles.map { Format.fixed($0, 3) } : percentiles.map { _ in "" })
                    + [r.shareAbove.map { Format.fixed($0, 4) } ?? "", r.shareChanged.map { Format.fixed($0, 4) } ?? ""]
                    + (drawn ? r.changedPercentiles.map { Format.fixed($0, 3) } : percentiles.map { _ in "" }))
        }
        return csv.text
    }
}
