import Scenarios

extension Comparison {
    /// The periods present, in order (e.g. ["mid-2033", "2033/34", ...] grouped by start year).
    var periodsByYear: [(year: Int, labels: [String])] {
        var out: [(year: Int, labels: [String])] = []
        for r in rows {
            let t = tidy(r.key)
            guard let y = Int(r.key.fields[0].prefix(4)) else { continue }
            if let i = out.firstIndex(where: { $0.year == y }) {
                if !out[i].labels.contains(t.period) { out[i].labels.append(t.period) }
            } else { out.append((y, [t.period])) }
        }
        return out.sorted { $0.year < $1.year }
    }

    static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    func money(_ unit: String) -> Int { unit.hasPrefix("GBP") ? 3 : (unit == "FTE" ? 1 : 0) }

    /// A board table of the given rows: label, A, B, difference and (with draws) its interval and P(B > A).
    func table(_ rows: [Row], label: String, name: (Row) -> String) -> String {
        guard !rows.isEmpty else { return "" }
        let lo = percentiles.first.map { "P" + Format.fixed($0, 0) } ?? "", hi = percentiles.last.map { "P" + Format.fixed($0, 0) } ?? ""
        var header = [label, nameA, nameB, "Difference (B - A)"]
        if draws > 0 { header += ["\(lo) to \(hi) of the difference", "Share of draws B > A"] }
        var t = MarkdownTable(header.map(Self.cell))
        for r in rows {
            let d = money(tidy(r.key).unit)
            var cells = [name(r), Format.grouped(r.a, d), Format.grouped(r.b, d), Format.grouped(r.difference, d)]
            if draws > 0 {
                cells.append("\(Format.grouped(r.percentiles.first ?? .nan, d)) to \(Format.grouped(r.percentiles.last ?? .nan, d))" + (r.significant ? "" : " (includes 0)"))
                cells.append(r.shareAbove.map { Format.percent($0, 0) } ?? "")
            }
            t.row(cells.map(Self.cell))
        }
        return t.text + "\n"
    }

    public func markdown(seed: UInt64) -> String {
        let all = SeriesCatalog.allPlaces
        var md = "# \(nameB) compared with \(nameA)\n\n"
        if draws > 0 {
            md += "Difference = \(nameB) - \(nameA), computed draw by draw on common random numbers (\(draws) draws, seed \(seed)): "
            md += "every assumption the two scenarios share takes the same value in the same draw, so the interval is the "
            md += "uncertainty of the difference itself. \"Share of draws B > A\" is how often \(nameB) is the higher.\n\n"
        } else {
            md += "Difference = \(nameB) - \(nameA) of the central runs only (no Monte Carlo draws were asked for: `--draws 0`), "
            md += "so no interval of the difference is given.\n\n"
        }
        md += "Money is GBP million a year in real terms (base-year prices); a negative finance gap is headroom. Workforce in FTE.\n\n"
        for (year, labels) in periodsByYear {
            md += "## \(labels.joined(separator: " and "))\n\n"
            let pop = rows.filter { $0.key.table == .population && Int($0.key.fields[0]) == year }
            md += table(pop.filter { $0.key.fields[2] == "all ages" }, label: "Registered patients, all ages, mid-\(year)") { $0.key.fields[1] }
            md += table(pop.filter { $0.key.fields[1] == all && $0.key.fields[2] != "all ages" }, label: "Registered patients by age, all Places, mid-\(year)") { $0.key.fields[2] }
            let fy = Format.fy(year)
            md += table(rows.filter { $0.key.table == .deaths && $0.key.fields[0] == fy }, label: "Deaths, \(fy)") { $0.key.fields[1] }
            md += table(rows.filter { $0.key.table == .referrals && $0.key.fields[0] == fy && $0.key.fields[1] == all },
                        label: "Referrals \(fy), all Places") { "\($0.key.fields[3]) (\($0.key.fields[2]))" }
            md += table(rows.filter { $0.key.table == .conditions && Int($0.key.fields[0]) == year && $0.key.fields[1] == all },
                        label: "People on condition registers, mid-\(year), all Places") { $0.key.fields[2] }
            md += table(rows.filter { $0.key.table == .workforce && $0.key.fields[0] == fy && $0.key.fields[1] == all },
                        label: "Workforce \(fy), all Places (FTE)") { "\($0.key.fields[2]): \($0.key.fields[3].replacingOccurrences(of: "_fte", with: ""))" }
            md += table(rows.filter { $0.key.table == .finance && $0.key.fields[0] == fy },
                        label: "Finance \(fy) (GBP m)") { "\($0.key.fields[1]): \($0.key.fields[2].replacingOccurrences(of: "_gbp_m", with: "").replacingOccurrences(of: "_", with: " "))" }
        }
        return md
    }
}

