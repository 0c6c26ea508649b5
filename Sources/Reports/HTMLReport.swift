/// report.html: one self-contained HTML5 page (inline CSS and inline SVG charts; no scripts, fonts, images or links
/// to fetch), rendered from `ReportData` only. Equal inputs give byte-identical pages: numbers go through `Format`,
/// ids are derived from positions, and interval percentiles are always read in sorted order.
public enum HTMLReport {
    public static func render(_ d: ReportData) -> String {
        var figures = FigureCounter()
        var h = head(d)
        h += "<body>\n<header>\n<h1>\(escape(d.title))</h1>\n"
        h += "<p class=\"scenario\">Scenario: <strong>\(escape(d.scenario))</strong></p>\n"
        if !d.about.isEmpty {
            h += "<ul class=\"about\">\n" + d.about.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        h += "</header>\n<main>\n"

        // 1. Headline (sections without data are left out, never shown empty).
        if !d.headline.rows.isEmpty {
            h += "<section id=\"headline\">\n<h2>Headline</h2>\n" + table(d.headline) + "</section>\n"
        }

        // 2. Pyramids.
        h += "<section id=\"pyramids\">\n<h2>Population by age and sex</h2>\n"
        if d.pyramids.isEmpty {
            h += empty("No population pyramids in this run.")
        } else {
            h += "<div class=\"multiples\">\n"
            for (i, p) in d.pyramids.enumerated() {
                let chart = PyramidChart(id: "pyramid-\(i + 1)", pyramid: p)
                h += figure(chart.svg(), cls: "pyramid", caption: "\(figures.next()) People by 5-year age band and sex in \(p.place): "
                    + "\(p.horizonYear) as filled bars (males left, females right), \(p.baseYear) as black outlines.")
            }
            h += "</div>\n"
        }
        h += "</section>\n"

        // 3. Registered population fan.
        h += "<section id=\"registered\">\n<h2>Registered population</h2>\n"
        if d.registered.points.isEmpty {
            h += empty("No registered population series in this run.")
        } else {
            let hasDraws = !IntervalReader.pairs(d.registered.points).isEmpty
            let chart = FanChart(id: "registered", title: d.registered.name.isEmpty ? "Registered population" : d.registered.name,
                                 series: d.registered, xLabel: "Mid-year", yLabel: axisTitle(d.registered.unit, fallback: "People"),
                                 subject: Describe.capitalised(d.registered.unit.isEmpty ? "registered population" : d.registered.unit))
            var cap = "\(figures.next()) \(d.registered.name.isEmpty ? "Registered population" : d.registered.name), by mid-year."
            cap += hasDraws
                ? " Shaded bands: percentile intervals of the Monte Carlo draws (darker = narrower); solid line: median of the draws; dashed line: central run."
                : " Central projection only (this run has no draws, so no intervals)."
            h += figure(chart.svg(), caption: cap)
        }
        h += "</section>\n"

        // 3a. Components of change.
        if !d.components.isEmpty {
            h += "<section id=\"components\">\n<h2>Components of change</h2>\n"
            let chart = ComponentsChart(id: "components", years: d.components, place: d.totalLabel)
            h += figure(chart.svg(), caption: "\(figures.next()) Resident population: births, deaths and net migration each year (central run); "
                + "trend migration is the schedule derived from the trend, the housing-led adjustment is what dwellings add or remove. "
                + "components.csv has every Place and year.")
            h += "</section>\n"
        }

        // 3b. What changes and why.
        if let w = d.waterfall, !w.steps.isEmpty {
            let figs = w.figures(totalLabel: d.totalLabel)
            // The heading, its lede and the first figure stay on one printed page.
            h += "<section id=\"waterfall\">\n<div class=\"keep\">\n<h2>What changes and why</h2>\n"
            h += "<p class=\"lede\">Change from the base to the last milestone, all Places, in parts that add up exactly: population "
            h += "by natural change, trend migration and the housing-led adjustment; demand by population size, age structure "
            h += "(at base-year rates) and rate trends (waterfall.csv has every Place and milestone).</p>\n"
            h += (figs.first ?? "") + "</div>\n" + figs.dropFirst().joined()
            h += "</section>\n"
        }

        // 4. Referral growth.
        if !d.referralGrowth.isEmpty {
            h += "<section id=\"referrals\">\n<h2>Referral growth by service</h2>\n"
            let chart = GrowthChart(id: "referral-growth", growth: d.referralGrowth, baseYear: d.baseYear, growthYear: d.growthYear)
            var cap = "\(figures.next()) Growth in referrals a year by service from \(d.baseYear) to \(d.growthYear), grouped by service group."
            if d.referralGrowth.contains(where: { GrowthChart.whisker($0) != nil }) {
                cap += " Whiskers: interval of the \(d.growthYear) value across the draws, relative to the \(d.baseYear) value."
            }
            h += figure(chart.svg(), caption: cap)
            h += "</section>\n"
        }

        // 4b. Long-term conditions.
        if !d.conditionGrowth.isEmpty {
            h += "<section id=\"conditions\">\n<h2>Long-term conditions</h2>\n"
            let later = d.conditionGrowth.first.map { _ in d.conditionsLater } ?? ""
            let chart = GrowthChart(id: "condition-growth", growth: d.conditionGrowth, baseYear: d.conditionsBase, growthYear: later,
                                    subject: "people on each register", itemName: "condition")
            var cap = "\(figures.next()) Change in the number of people on each long-term-condition register from mid-\(d.conditionsBase) to mid-\(later), all Places (prevalence by age and sex x the registered population)."
            if d.conditionGrowth.contains(where: { GrowthChart.whisker($0) != nil }) { cap += " Whiskers: interval of the later value across the draws." }
            h += figure(chart.svg(), caption: cap)
            h += "</section>\n"
        }

        // 5. Deaths.
        if !d.deaths.points.isEmpty {
            h += "<section id=\"deaths\">\n<h2>Deaths</h2>\n"
            let chart = FanChart(id: "deaths", title: d.deaths.name.isEmpty ? "Deaths by financial year" : d.deaths.name,
                                 series: d.deaths, xLabel: yearAxisTitle(d.deaths), yLabel: axisTitle(d.deaths.unit, fallback: "Deaths"),
                                 subject: Describe.capitalised(d.deaths.unit.isEmpty ? "deaths" : d.deaths.unit))
            let name = d.deaths.name.isEmpty ? "Deaths" : d.deaths.name
            var cap = "\(figures.next()) \(name)\(name.lowercased().contains("financial year") ? "" : " by financial year")."
            if !IntervalReader.pairs(d.deaths.points).isEmpty { cap += " Shaded bands: intervals of the draws; dashed line: central run." }
            h += figure(chart.svg(), caption: cap)
            h += "</section>\n"
        }

        // 6. Workforce gap small multiples.
        let gaps = d.workforceGap.filter { !$0.points.isEmpty }
        if !gaps.isEmpty {
            h += "<section id=\"workforce\">\n<h2>Workforce gap</h2>\n"
            h += "<p class=\"lede\">\(figures.next()) Gap = required \u{2212} supply (FTE) by staff group, all Places; above the zero line "
            h += "more staff are needed than will be in post. Each panel has its own vertical scale.</p>\n<div class=\"multiples\">\n"
            for (i, g) in gaps.enumerated() {
                let chart = FanChart(id: "gap-\(i + 1)", title: g.name, series: g, xLabel: yearAxisTitle(g),
                                     yLabel: "Gap (" + (g.unit.isEmpty ? "FTE" : g.unit) + ")",
                                     subject: "The \(g.name) gap (required \u{2212} supply)", width: 370, height: 270, zeroLine: true, plural: false)
                var cap = "\(g.name): required \u{2212} supply, \(g.unit.isEmpty ? "FTE" : g.unit)"
                cap += IntervalReader.pairs(g.points).isEmpty ? ", central projection." : ", with intervals of the draws."
                h += figure(chart.svg(), cls: "small", caption: cap)
            }
            h += "</div>\n"
            if gaps.contains(where: { !IntervalReader.pairs($0.points).isEmpty }) {
                h += "<p class=\"note\">Why the median of the draws can sit away from the central run: the central run uses each "
                h += "assumption's central value (e.g. no productivity gain), while the draws sample a range that need not be centred "
                h += "on it (e.g. productivity between -0.5% and +2% a year, most likely +1%), so a skewed or off-centre range moves the "
                h += "median and the bands but not the central line.</p>\n"
            }
            h += "</section>\n"
        }

        // 7. Finance and other tables.
        if !d.finance.rows.isEmpty {
            h += "<section id=\"finance\">\n<h2>Finance</h2>\n"
            h += "<p class=\"lede\">Gap = cost of demand \u{2212} the budget that services would have at their base-year share of the "
            h += "allocation. Above zero, demand costs more than that budget; below zero (negative gap) there is headroom. Real terms, base-year prices.</p>\n"
            if !d.financeGap.points.isEmpty {
                let chart = FanChart(id: "finance-gap", title: d.financeGap.name, series: d.financeGap, xLabel: yearAxisTitle(d.financeGap),
                                     yLabel: "Gap (GBP m)", subject: "The finance gap", zeroLine: true, plural: false)
                var cap = "\(figures.next()) \(d.financeGap.name) by financial year (GBP m a year, real terms); negative = headroom."
                if !IntervalReader.pairs(d.financeGap.points).isEmpty { cap += " Shaded bands: intervals of the draws; dashed line: central run." }
                h += figure(chart.svg(), caption: cap)
            }
            h += table(d.finance) + "</section>\n"
        }
        if !d.tables.isEmpty {
            h += "<section id=\"tables\">\n<h2>Tables</h2>\n" + d.tables.map(table).joined() + "</section>\n"
        }
        h += "</main>\n</body>\n</html>\n"
        return h
    }

    /// Escapes text for HTML and SVG content and attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    // MARK: - Pieces

    struct FigureCounter {
        var n = 0
        mutating func next() -> String { n += 1; return "Figure \(n)." }
    }

    static func head(_ d: ReportData) -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        s += "<title>\(escape(d.title)) \u{2014} \(escape(d.scenario))</title>\n"
        s += "<style>\n" + css + "</style>\n</head>\n"
        return s
    }

    static func figure(_ svg: String, cls: String? = nil, caption: String) -> String {
        let c = cls.map { " class=\"\($0)\"" } ?? ""
        return "<figure\(c)>\n\(svg)\n<figcaption>\(escape(caption))</figcaption>\n</figure>\n"
    }

    static func empty(_ message: String) -> String { "<p class=\"empty\">\(escape(message))</p>\n" }

    /// "Financial year" when the labels look like "2033/34", else "Year".
    static func yearAxisTitle(_ s: ReportData.Series) -> String {
        !s.points.isEmpty && s.points.allSatisfy { $0.label.contains("/") } ? "Financial year" : "Year"
    }

    /// "registered patients" -> "Registered patients"; an empty unit gives the fallback.
    static func axisTitle(_ unit: String, fallback: String) -> String { unit.isEmpty ? fallback : Describe.capitalised(unit) }

    /// A table with a caption; numeric columns (every non-empty cell looks like a number) are right-aligned.
    static func table(_ t: ReportData.Table) -> String {
        let columns = max(t.header.count, t.rows.map(\.count).max() ?? 0)
        guard columns > 0 else {
            return (t.title.isEmpty ? "" : "<h3>\(escape(t.title))</h3>\n") + empty("No rows.")
        }
        let numeric = (0..<columns).map { c in
            let cells = t.rows.compactMap { $0.indices.contains(c) ? $0[c] : nil }.filter { !$0.isEmpty }
            return c > 0 && !cells.isEmpty && cells.allSatisfy(looksNumeric)
        }
        var s = "<div class=\"table-wrap\">\n<table>\n"
        if !t.title.isEmpty { s += "<caption>\(escape(t.title))</caption>\n" }
        s += "<thead>\n<tr>"
        for c in 0..<columns {
            let text = t.header.indices.contains(c) ? t.header[c] : ""
            s += "<th scope=\"col\"\(numeric[c] ? " class=\"num\"" : "")>\(escape(text))</th>"
        }
        s += "</tr>\n</thead>\n<tbody>\n"
        for r in t.rows {
            s += "<tr>"
            for c in 0..<columns {
                let text = r.indices.contains(c) ? r[c] : ""
                if c == 0 { s += "<th scope=\"row\">\(escape(text))</th>" }
                else { s += "<td\(numeric[c] ? " class=\"num\"" : "")>\(escape(text))</td>" }
            }
            s += "</tr>\n"
        }
        s += "</tbody>\n</table>\n</div>\n"
        if !t.note.isEmpty { s += "<p class=\"note\">\(escape(t.note))</p>\n" }
        return s
    }

    /// "1,234", "-5.2%", "+3.0%", "12.5 (10.1 to 14.9)": starts with a digit or a sign followed by a digit.
    static func looksNumeric(_ s: String) -> Bool {
        let c = Array(s.unicodeScalars.prefix(2))
        guard let first = c.first else { return false }
        let isDigit: (Unicode.Scalar) -> Bool = { $0.value >= 48 && $0.value <= 57 }
        if isDigit(first) { return true }
        return (first == "-" || first == "+" || first == "\u{2212}") && c.count > 1 && isDigit(c[1])
    }

    static let css = """
        :root { color-scheme: light; }
        html { background: #fff; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
          color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px; line-height: 1.45; }
        h1 { font-size: 1.9rem; margin: 0 0 .3rem; }
        h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid #d0d0d0; }
        h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
        .scenario { margin: 0 0 .4rem; font-size: 1.05rem; }
        .about { margin: 0; padding-left: 1.2rem; color: #444; font-size: .92rem; }
        .empty, .note { color: #444; font-size: .92rem; }
        .note { margin: -.4rem 0 1.2rem; max-width: 60em; }
        .lede { max-width: 60em; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; margin: .4rem 0 1rem; font-variant-numeric: tabular-nums; font-size: .92rem; }
        caption { text-align: left; font-weight: 600; padding: 0 0 .35rem; }
        th, td { border-bottom: 1px solid #d8d8d8; padding: .28rem .65rem; text-align: left; vertical-align: top; }
        thead th { background: #f0f0f0; border-bottom: 2px solid #999; }
        tbody th { font-weight: normal; }
        .num { text-align: right; white-space: nowrap; }
        figure { margin: .8rem 0 1.6rem; }
        figure svg { display: block; max-width: 100%; height: auto; }
        figcaption { font-size: .9rem; color: #333; margin-top: .35rem; max-width: 60em; }
        .multiples { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: flex-start; }
        .multiples figure { margin: .4rem 0 1rem; }
        .multiples figure.pyramid { width: 440px; max-width: 100%; }
        .multiples figure.small { width: 370px; max-width: 100%; }
        svg.chart text { font-family: inherit; fill: #1a1a1a; }
        svg.chart .t { font-size: 15px; font-weight: 600; }
        svg.chart .lab, svg.chart .val { font-size: 12px; }
        svg.chart .tick { font-size: 12px; fill: #333; }
        svg.chart .grp { font-size: 13px; font-weight: 600; }
        svg.chart .val { font-variant-numeric: tabular-nums; }
        @media print {
          @page { size: A4; margin: 14mm 12mm; }
          html, body { background: #fff; color: #000; }
          body { max-width: none; width: 100%; padding: 0; font-size: 10pt; }
          h2, h3, caption { break-after: avoid; page-break-after: avoid; }
          figure, .multiples figure { break-inside: avoid; page-break-inside: avoid; }
          figure svg { width: 100%; max-width: 100%; }
          .multiples figure.pyramid, .multiples figure.small { width: 48%; }
          /* Block flow (not flex) in print, so that a heading's break-after: avoid keeps it with the first panels. */
          .multiples { display: block; }
          .multiples figure { display: inline-block; vertical-align: top; margin-right: 1.5%; }
          .lede, .note { break-after: avoid; page-break-after: avoid; }
          .keep { break-inside: avoid; page-break-inside: avoid; }
          .multiples figure svg { width: 100%; }
          tr { break-inside: avoid; page-break-inside: avoid; }
          thead { display: table-header-group; }
          .table-wrap { overflow: visible; }
          thead th { background: #eee; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}
