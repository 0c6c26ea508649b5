import Scenarios

/// Which sampled assumptions drive the spread of an output: Spearman rank correlation between each run-plan
/// column and the output over the draws (robust to non-linear but monotone effects).
public enum Sensitivity {
    public static func ranks(_ x: [Double]) -> [Double] {
        // Sorted as (value, draw) pairs: a plain comparison of stored pairs, ~4x faster than sorting indices through
        // a closure that reads `x` (a 10,000-draw run ranks ~140 run-plan columns).
        var pairs = x.enumerated().map { (value: $0.element, index: Int32(truncatingIfNeeded: $0.offset)) }
        pairs.sort { $0.value < $1.value || ($0.value == $1.value && $0.index < $1.index) }
        let order = pairs.map { Int($0.index) }
        var r = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let avg = Double(i + j) / 2 + 1
            for k in i...j { r[order[k]] = avg }
            i = j + 1
        }
        return r
    }

    public static func spearman(_ a: [Double], _ b: [Double]) -> Double? {
        guard a.count == b.count, a.count > 2 else { return nil }
        return pearson(ranks(a), ranks(b))
    }

    /// Correlation of two rank vectors (Spearman's rho when given ranks).
    static func pearson(_ ra: [Double], _ rb: [Double]) -> Double? {
        let n = Double(ra.count)
        guard ra.count == rb.count, ra.count > 2 else { return nil }
        let ma = ra.reduce(0, +) / n, mb = rb.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in ra.indices { sab += (ra[i] - ma) * (rb[i] - mb); saa += (ra[i] - ma) * (ra[i] - ma); sbb += (rb[i] - mb) * (rb[i] - mb) }
        guard saa > 0, sbb > 0 else { return nil }
        return sab / (saa * sbb).squareRoot()
    }

    /// Markdown: for each chosen output, the assumptions ranked by |rank correlation| (top `limit`).
    public static func markdown(_ r: MonteCarloResult, outputs: [SeriesCatalog.Key], limit: Int = 6) -> String {
        guard r.draws > 2 else { return "" }
        var md = "## What drives the spread (rank correlation over \(r.draws) draws)\n\n"
        md += "Spearman rank correlation between each sampled assumption and the output; |rho| near 1 means that assumption "
        md += "alone orders the draws. Per-Place-year delivery noise columns are summarised by their largest |rho|.\n\n"
        // Each assumption's ranks are computed once and reused for every output.
        // The run plan is stored a row per draw; read it once into columns (not once per column).
        let nc = r.plan.columns.count, nd = r.planRows.count
        var byColumn = [Double](repeating: .nan, count: nc * nd)
        for (d, row) in r.planRows.enumerated() { for c in 0..<min(nc, row.count) { byColumn[c * nd + d] = row[c] } }
        let columnRanks = (0..<nc).map { c in ranks(Array(byColumn[(c * nd)..<((c + 1) * nd)])) }
        for key in outputs {
            guard let s = r.catalog.keys.firstIndex(of: key) else { continue }
            let y = ranks(r.draws(ofSeries: s).map(Double.init))
            var rows: [(String, Double)] = []
            var yearNoise = 0.0
            for (c, name) in r.plan.columns.enumerated() {
                guard let rho = pearson(columnRanks[c], y) else { continue }
                if name.hasPrefix("delivery_year_") { yearNoise = max(yearNoise, abs(rho)); continue }
                rows.append((name, rho))
            }
            rows.sort { abs($0.1) > abs($1.1) || (abs($0.1) == abs($1.1) && $0.0 < $1.0) }
            md += "**\(key.fields.joined(separator: ", "))** (\(key.table.rawValue))\n\n"
            var t = MarkdownTable(["Assumption", "Rank correlation"])
            for (n, rho) in rows.prefix(limit) { t.row([n, Format.fixed(rho, 3)]) }
            if yearNoise > 0 { t.row(["delivery_year_* (largest single year)", Format.fixed(yearNoise, 3)]) }
            md += t.text + "\n"
        }
        return md
    }
}
