import Scenarios

/// Which sampled assumptions drive the spread of an output: Spearman rank correlation between each run-plan
/// column and the output over the draws (robust to non-linear but monotone effects).
public enum Sensitivity {
    /// Ranks 1...n, ties given their average rank.
    public static func ranks(_ x: [Double]) -> [Double] {
        let order = sortedOrder(x)
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

    /// Indices of `x` in ascending order of value (equal values in index order; -0 and +0 are equal).
    ///
    /// A 10,000-draw run ranks ~150 columns. Finite values with a finite range go into ~n/4 equal-width buckets
    /// (a monotone function of the value, so bucket order is value order), stably, and each bucket is sorted by
    /// (value, index): two passes and a few tiny sorts. Anything else takes the radix sort below.
    static func sortedOrder(_ x: [Double]) -> [Int] {
        let n = x.count
        guard n > 1 else { return Array(0..<n) }
        var lo = x[0], hi = x[0]
        for v in x { lo = min(lo, v); hi = max(hi, v) }
        guard x.allSatisfy({ $0.isFinite }), (hi - lo).isFinite else { return radixOrder(x) }
        if hi == lo { return Array(0..<n) }
        let nb = max(n / 4, 1), scale = Double(nb) / (hi - lo)
        var start = [Int](repeating: 0, count: nb + 1)
        let bucket = x.map { min(Int((($0 - lo) * scale).rounded(.down)), nb - 1) }
        for b in bucket { start[b + 1] += 1 }
        for b in 0..<nb { start[b + 1] += start[b] }
        var order = [Int](repeating: 0, count: n), fill = start
        for i in 0..<n { order[fill[bucket[i]]] = i; fill[bucket[i]] += 1 }
        x.withUnsafeBufferPointer { v in order.withUnsafeMutableBufferPointer { o in
            for b in 0..<nb where start[b + 1] - start[b] > 1 {
                let lower = start[b], upper = start[b + 1]
                if upper - lower > 32 {
                    // A point mass (a discrete assumption): already in index order.
                    let first = v[o[lower]]
                    if (lower..<upper).allSatisfy({ v[o[$0]] == first }) { continue }
                    o[lower..<upper].sort { v[$0] < v[$1] || (v[$0] == v[$1] && $0 < $1) }
                    continue
                }
                // Insertion sort: stable, and indices arrive in ascending order, so ties stay in index order.
                for i in (lower + 1)..<upper {
                    let k = o[i], key = v[k]
                    var j = i
                    while j > lower && v[o[j - 1]] > key { o[j] = o[j - 1]; j -= 1 }
                    o[j] = k
                }
            }
        } }
        return order
    }

    /// The same by an LSD radix sort on the values' order-preserving bit patterns, 11 bits a pass, skipping digits
    /// all values share (any values, including infinities, NaN and ranges wider than the largest double).
    static func radixOrder(_ x: [Double]) -> [Int] {
        let n = x.count
        // Order-preserving keys: flip all bits of negatives, the sign bit of the rest (-0 sorts just before +0;
        // they compare equal, so `ranks` still averages them together).
        var keys = x.map { v -> UInt64 in
            let b = v.bitPattern
            return b & (1 << 63) != 0 ? ~b : b | (1 << 63)
        }
        var order = Array(0..<n)
        var k2 = keys, o2 = order
        var counts = [Int](repeating: 0, count: 2048)
        var shift: UInt64 = 0
        while shift < 64 {
            for i in counts.indices { counts[i] = 0 }
            for k in keys { counts[Int((k >> shift) & 2047)] += 1 }
            if counts.contains(n) { shift += 11; continue }  // every key has this digit: nothing to move
            var run = 0
            for i in counts.indices { let c = counts[i]; counts[i] = run; run += c }
            for i in 0..<n {
                let d = Int((keys[i] >> shift) & 2047)
                k2[counts[d]] = keys[i]; o2[counts[d]] = order[i]
                counts[d] += 1
            }
            swap(&keys, &k2); swap(&order, &o2)
            shift += 11
        }
        return order
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
        var md = ""
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
            // No assumption varies with this output (e.g. nothing is sampled): no table rather than an empty one.
            guard !rows.isEmpty || yearNoise > 0 else { continue }
            md += "**\(key.fields.joined(separator: ", "))** (\(key.table.rawValue))\n\n"
            var t = MarkdownTable(["Assumption", "Rank correlation"])
            for (n, rho) in rows.prefix(limit) { t.row([n, Format.fixed(rho, 3)]) }
            if yearNoise > 0 { t.row(["delivery_year_* (largest single year)", Format.fixed(yearNoise, 3)]) }
            md += t.text + "\n"
        }
        guard !md.isEmpty else { return "" }
        return "## What drives the spread (rank correlation over \(r.draws) draws)\n\n"
            + "Spearman rank correlation between each sampled assumption and the output; |rho| near 1 means that assumption "
            + "alone orders the draws. Per-Place-year delivery noise columns are summarised by their largest |rho|.\n\n" + md
    }
}
