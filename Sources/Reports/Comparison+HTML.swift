import Scenarios

/// Horizontal bars of B - A for a set of rows, with a whisker for the outer percentiles of the per-draw differences.
struct DifferenceChart {
    var id: String
    var title: String
    var unit: String
    var rows: [(label: String, row: Comparison.Row)]
    var digits: Int

    func svg() -> String {
        let rowH = 22.0, top = 40.0
        let bottom = top + Double(rows.count) * rowH + 4
        let height = bottom + 44
        var values: [Double] = [0]
        for (_, r) in rows {
            values.append(r.difference)
            if let lo = r.percentiles.first, let hi = r.percentiles.last { values += [lo, hi].filter(\.isFinite) }
        }
        let ticks = NiceTicks(values.min() ?? 0, values.max() ?? 1, count: 5)
        let left = max(90, (rows.map { SVG.textWidth(GrowthChart.shortName($0.label)) }.max() ?? 0) + 18)
        let width = max(880, left + 460 + 90), right = width - 90
        let x = LinearScale(d0: ticks.lo, d1: ticks.hi, r0: left, r1: right)
        var s = Axis.bottom(x, ticks: ticks.values, y0: top, y1: bottom) { Format.grouped($0, max(ticks.digits, 0)) }
        for (i, (label, r)) in rows.enumerated() {
            let mid = top + Double(i) * rowH + rowH / 2
            s += SVG.text(x: left - 8, y: mid + 4, GrowthChart.shortName(label), anchor: "end")
            let d = r.difference
            s += SVG.rect(min(x(0), x(d)), mid - 7, abs(x(d) - x(0)), 14, fill: d >= 0 ? Palette.blue : Palette.vermillion)
            var end = max(x(0), x(d))
            if let lo = r.percentiles.first, let hi = r.percentiles.last, lo.isFinite, hi.isFinite {
                let a = x(lo), b = x(hi)
                s += SVG.line(a, mid, b, mid, stroke: Palette.black, width: 1.3)
                s += SVG.line(a, mid - 5, a, mid + 5, stroke: Palette.black, width: 1.3)
                s += SVG.line(b, mid - 5, b, mid + 5, stroke: Palette.black, width: 1.3)
                end = max(end, a, b)
            }
            s += SVG.text(x: end + 5, y: mid + 4, (d >= 0 ? "+" : "") + Format.grouped(d, digits), cls: "val")
        }
        s += SVG.line(x(0), top, x(0), bottom, stroke: Palette.black, width: 1.2)
        s += SVG.text(x: (left + right) / 2, y: height - 8, "Difference B - A (\(unit))", anchor: "middle")
        let desc = rows.map { item -> String in
            var t = "\(item.label): \(Format.grouped(item.row.difference, digits))"
            if let lo = item.row.percentiles.first, let hi = item.row.percentiles.last {
                t += " (interval \(Format.grouped(lo, digits)) to \(Format.grouped(hi, digits)))"
            }
            return t
        }.joined(separator: "; ")
        return SVG.document(id: id, width: width, height: height, title: title, desc: desc.isEmpty ? "No rows." : desc + ".", body: s)
    }
}

extension Comparison {
    /// `compare.html`: one self-contained page (no network): the difference charts for every period, then the
    /// board tables of compare.md.
    public func html(seed: UInt64) -> String {
        let all = SeriesCatalog.allPlaces
        var h = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(HTMLReport.escape(nameB)) compared with \(HTMLReport.escape(nameA))</title>\n<style>\n\(HTMLReport.css)</style>\n</head>\n<body>\n<main>\n"
        h += "<h1>\(HTMLReport.escape(nameB)) compared with \(HTMLReport.escape(nameA))</h1>\n"
        h += draws > 0
            ? "<p>Difference = B - A, draw by draw on common random numbers (\(draws) draws, seed \(seed)). Bars: central difference; whiskers: P\(Format.fixed(percentiles.first ?? 5, 0)) to P\(Format.fixed(percentiles.last ?? 95, 0)) of the per-draw differences.</p>\n"
            : "<p>Difference = B - A of the central runs only (no draws, so no intervals).</p>\n"
        h += "<p>Money is GBP million a year in real terms; a negative finance gap is headroom.</p>\n"
        var n = 0
        func chart(_ title: String, _ unit: String, _ digits: Int, _ rows: [(String, Row)]) -> String {
            guard !rows.isEmpty else { return "" }
            n += 1
            let svg = DifferenceChart(id: "d\(n)", title: title, unit: unit, rows: rows.map { (label: $0.0, row: $0.1) }, digits: digits).svg()
            return HTMLReport.figure(svg, caption: "Figure \(n). \(title).")
        }
        for (year, labels) in periodsByYear {
            let fy = Format.fy(year)
            h += "<section>\n<h2>\(HTMLReport.escape(labels.joined(separator: " and ")))</h2>\n"
            h += chart("Registered patients by age, all Places, mid-\(year)", "people", 0,
                       rows.filter { $0.key.table == .population && Int($0.key.fields[0]) == year && $0.key.fields[1] == all }.map { ($0.key.fields[2], $0) })
            h += chart("Registered patients by Place, mid-\(year)", "people", 0,
                       rows.filter { $0.key.table == .population && Int($0.key.fields[0]) == year && $0.key.fields[2] == "all ages" }.map { ($0.key.fields[1], $0) })
            h += chart("Deaths by Place, \(fy)", "deaths a year", 0,
                       rows.filter { $0.key.table == .deaths && $0.key.fields[0] == fy }.map { ($0.key.fields[1], $0) })
            let refs = rows.filter { $0.key.table == .referrals && $0.key.fields[0] == fy && $0.key.fields[1] == all }
                .sorted { abs($0.difference) > abs($1.difference) }.prefix(15)
            h += chart("Referrals \(fy), all Places: the 15 largest differences", "referrals a year", 0, refs.map { ($0.key.fields[3], $0) })
            h += chart("People on condition registers, all Places, mid-\(year)", "people", 0,
                       rows.filter { $0.key.table == .conditions && Int($0.key.fields[0]) == year && $0.key.fields[1] == all }.map { ($0.key.fields[2], $0) })
            h += chart("Workforce gap (required - supply) by staff group, all Places, \(fy)", "FTE", 1,
                       rows.filter { $0.key.table == .workforce && $0.key.fields[0] == fy && $0.key.fields[1] == all && $0.key.fields[3] == "gap_fte" }.map { ($0.key.fields[2], $0) })
            h += chart("Finance by Place, \(fy)", "GBP m", 3,
                       rows.filter { $0.key.table == .finance && $0.key.fields[0] == fy }.map { ("\($0.key.fields[1]): \($0.key.fields[2].replacingOccurrences(of: "_gbp_m", with: "").replacingOccurrences(of: "_", with: " "))", $0) })
            h += "</section>\n"
        }
        h += "<section>\n<h2>Tables</h2>\n" + HTMLMarkdownTables.render(markdown(seed: seed)) + "</section>\n"
        h += "</main>\n</body>\n</html>\n"
        return h
    }
}

/// The tables and headings of a generated Markdown text as HTML (only what `Comparison.markdown` writes:
/// headings, paragraphs and pipe tables with escaped pipes).
enum HTMLMarkdownTables {
    static func render(_ md: String) -> String {
        var out = "", inTable = false, headerDone = false
        func cells(_ line: Substring) -> [String] {
            var parts: [String] = [], cur = "", escape = false
            for c in line.dropFirst().dropLast() {
                if escape { cur.append(c); escape = false } else if c == "\\" { escape = true } else if c == "|" { parts.append(cur); cur = "" } else { cur.append(c) }
            }
            parts.append(cur)
            return parts.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("|") {
                if !inTable { out += "<table>\n"; inTable = true; headerDone = false }
                if line.hasPrefix("|---") || line.hasPrefix("| ---") || line.allSatisfy({ "|-: ".contains($0) }) { headerDone = true; continue }
                let tag = headerDone ? "td" : "th"
                out += "<tr>" + cells(line).map { "<\(tag)>\(HTMLReport.escape($0))</\(tag)>" }.joined() + "</tr>\n"
                continue
            }
            if inTable { out += "</table>\n"; inTable = false }
            if line.hasPrefix("## ") { out += "<h3>\(HTMLReport.escape(String(line.dropFirst(3))))</h3>\n" }
            else if line.hasPrefix("# ") { continue }
            else if !line.isEmpty { out += "<p>\(HTMLReport.escape(String(line)))</p>\n" }
        }
        if inTable { out += "</table>\n" }
        return out
    }
}
