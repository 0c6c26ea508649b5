import Scenarios

/// B - A on common random numbers: for every series both runs have, the central difference and the percentiles
/// of the per-draw differences (draw d of A and draw d of B share every assumption they have in common).
public struct Comparison {
    public struct Row {
        public let key: SeriesCatalog.Key
        public let a: Double, b: Double
        public let meanDiff: Double
        public let percentiles: [Double]
        /// Share of draws in which B differs from A, and the percentiles over those draws only.
        public let shareChanged: Double
        public let changedPercentiles: [Double]
    }
    public let nameA: String, nameB: String
    public let draws: Int
    public let percentiles: [Double]
    public let rows: [Row]

    public init(a: MonteCarloResult, b: MonteCarloResult, nameA: String, nameB: String, percentiles: [Double]) {
        self.nameA = nameA; self.nameB = nameB; self.percentiles = percentiles
        draws = min(a.draws, b.draws)
        var index: [SeriesCatalog.Key: Int] = [:]
        for (i, k) in b.catalog.keys.enumerated() { index[k] = i }
        var out: [Row] = []
        var scratch = [Double](repeating: 0, count: draws)
        for (i, k) in a.catalog.keys.enumerated() {
            guard let j = index[k] else { continue }
            let da = a.draws(ofSeries: i), db = b.draws(ofSeries: j)
            var sum = 0.0
            for d in 0..<draws {
                scratch[d] = Double(db[db.startIndex + d]) - Double(da[da.startIndex + d]); sum += scratch[d]
            }
            // Float storage: differences below a millionth of the level are rounding, not change.
            let eps = 1e-6 * max(abs(a.central[i]), 1)
            let changed = scratch.filter { abs($0) > eps }
            let ps = draws > 0 ? Percentiles.type7(scratch, percentiles) : percentiles.map { _ in .nan }
            let cps = changed.isEmpty ? percentiles.map { _ in 0.0 } : Percentiles.type7(changed, percentiles)
            out.append(Row(key: k, a: a.central[i], b: b.central[j], meanDiff: draws > 0 ? sum / Double(draws) : .nan, percentiles: ps,
                           shareChanged: draws > 0 ? Double(changed.count) / Double(draws) : 0, changedPercentiles: cps))
        }
        rows = out
    }

    public func csv() -> String {
        var csv = CSVBuilder(header: ["table", "key", "central_a", "central_b", "difference_central", "difference_mean"]
                             + percentiles.map { "difference_" + IntervalTables.percentileName($0) }
                             + ["share_of_draws_changed"] + percentiles.map { "difference_if_changed_" + IntervalTables.percentileName($0) })
        for r in rows {
            csv.row([r.key.table.rawValue, r.key.fields.joined(separator: "|"), Format.fixed(r.a, 3), Format.fixed(r.b, 3),
                     Format.fixed(r.b - r.a, 3), Format.fixed(r.meanDiff, 3)] + r.percentiles.map { Format.fixed($0, 3) }
                     + [Format.fixed(r.shareChanged, 4)] + r.changedPercentiles.map { Format.fixed($0, 3) })
        }
        return csv.text
    }

    /// - Parameters: milestones: mid-years of the headlines (the tables show the last); services: (group, service) of the
    ///   headline referrals (`IntervalSummary.headlineServices`).
    public func markdown(seed: UInt64, milestones: [Int], services: [(String, String)]) -> String {
        let last = milestones.last ?? 0, lastFY = Format.fy(last)
        let lo = percentiles.first!, hi = percentiles.last!
        let span = Format.fixed(hi - lo, 0)
        var md = "# \(nameB) compared with \(nameA)\n\n"
        md += "Difference = \(nameB) - \(nameA), computed draw by draw on common random numbers (\(draws) draws, seed \(seed)): "
        md += "every assumption the two scenarios share takes the same value in the same draw, so the interval is the "
        md += "uncertainty of the difference itself. Interval = P\(Format.fixed(lo, 0))-P\(Format.fixed(hi, 0)).\n\n"
        let all = SeriesCatalog.allPlaces
        func sentence(_ r: Row, _ what: String) -> String {
            let verb = r.b - r.a >= 0 ? "adds" : "removes"
            let excl = (r.percentiles.first! > 0 || r.percentiles.last! < 0) ? "excludes 0" : "includes 0"
            var s = "- \(nameB) \(verb) \(Format.grouped(abs(r.b - r.a))) \(what) (\(span)% interval \(Format.grouped(r.percentiles.first!)) to \(Format.grouped(r.percentiles.last!)); the interval \(excl))."
            if r.shareChanged < 1 && r.shareChanged > 0 {
                let cexcl = (r.changedPercentiles.first! > 0 || r.changedPercentiles.last! < 0) ? "excludes 0" : "includes 0"
                s += " It differs in \(Format.percent(r.shareChanged, 0)) of draws (in the others no site goes ahead by then); in those draws the \(span)% interval is \(Format.grouped(r.changedPercentiles.first!)) to \(Format.grouped(r.changedPercentiles.last!)) and \(cexcl)."
            }
            return s + "\n"
        }
        md += "## Headlines\n\n"
        for r in rows where r.key.table == .population && r.key.fields[1] == all && r.key.fields[2] == "all ages" && milestones.map(String.init).contains(r.key.fields[0]) {
            md += sentence(r, "registered patients by mid-\(r.key.fields[0])")
        }
        for r in rows where r.key.table == .referrals && r.key.fields[0] == lastFY && r.key.fields[1] == all
            && services.contains(where: { $0.1 == r.key.fields[3] }) {
            md += sentence(r, "\(r.key.fields[3]) referrals in \(lastFY)")
        }
        for r in rows where r.key.table == .deaths && r.key.fields == [lastFY, all] { md += sentence(r, "deaths in \(lastFY)") }
        md += "\n## Referrals by service, \(lastFY), all Places\n\n"
        var t = MarkdownTable(["Service", nameA, nameB, "Difference", "Interval of the difference", "Share of draws changed", "Interval if changed"])
        for r in rows where r.key.table == .referrals && r.key.fields[0] == lastFY && r.key.fields[1] == all {
            t.row([r.key.fields[3], Format.grouped(r.a), Format.grouped(r.b), Format.grouped(r.b - r.a),
                   "\(Format.grouped(r.percentiles.first!)) to \(Format.grouped(r.percentiles.last!))", Format.percent(r.shareChanged, 0),
                   "\(Format.grouped(r.changedPercentiles.first!)) to \(Format.grouped(r.changedPercentiles.last!))"])
        }
        md += t.text + "\n## Registered patients by Place, mid-\(last)\n\n"
        var p = MarkdownTable(["Place", nameA, nameB, "Difference", "Interval of the difference", "Share of draws changed", "Interval if changed"])
        for r in rows where r.key.table == .population && r.key.fields[0] == String(last) && r.key.fields[2] == "all ages" {
            p.row([r.key.fields[1], Format.grouped(r.a), Format.grouped(r.b), Format.grouped(r.b - r.a),
                   "\(Format.grouped(r.percentiles.first!)) to \(Format.grouped(r.percentiles.last!))", Format.percent(r.shareChanged, 0),
                   "\(Format.grouped(r.changedPercentiles.first!)) to \(Format.grouped(r.changedPercentiles.last!))"])
        }
        return md + p.text
    }
}
