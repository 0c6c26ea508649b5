import Foundation
import Scenarios
import Demand

/// `backtest.html`: a self-contained page (inline CSS and SVG) with the headline table and four charts: error by
/// horizon and method, error against LA size, the worst LAs, and interval coverage (nominal against empirical).
public enum BacktestHTML {
    static let colours = [Palette.blue, Palette.vermillion, Palette.black, Palette.green, Palette.purple, Palette.orange]

    public static func page(_ results: [Backtest.Result], rows: [BacktestMeasures.Row], summary: [BacktestMeasures.SummaryRow],
                            coverage: [BacktestCoverage.Row], fitNote: String?, names: [String: String], command: String) -> String {
        let esc = HTMLReport.escape
        var h = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Back-test</title>\n"
        h += "<style>\n" + HTMLReport.css + "</style>\n</head>\n<body>\n<header>\n<h1>Back-test</h1>\n"
        h += "<p>Made by <code>\(esc(command))</code>. Projections from each base year use only what was knowable then, set beside the ONS mid-year estimates of the target years; error = (projected &minus; actual) / actual.</p>\n</header>\n<main>\n"
        for r in results {
            h += "<p>Base \(r.config.base): \(r.measured.count) of \(r.config.lads.count) LAs measured. \(esc(r.setup.lifeTable)); trend migration: \(esc(r.setup.migrationBasis)).</p>\n"
            for t in r.config.targets where rows.contains(where: { $0.base == r.config.base && $0.target == t && $0.crossesSeriesBreak }) {
                h += "<p><strong>Series break:</strong> mid-\(t) is Census-2021-based, mid-\(r.config.base) is not; errors at \(t) include ONS's rebasing.</p>\n"
            }
        }
        h += "<section>\n<h2>MAPE by method and target</h2>\n<table>\n<thead><tr><th>base</th><th>target</th><th>method</th><th>totals</th><th>broad bands</th><th>5-year bands</th><th>bias (totals)</th><th>within 5% (totals)</th></tr></thead>\n<tbody>\n"
        func stat(_ s: BacktestMeasures.SummaryRow) -> BacktestMeasures.Stats { s.stats }
        let persons = summary.filter { $0.sex == "persons" && $0.group == "all" }
        for s in persons where s.bandSet == .all {
            let broad = persons.first { $0.method == s.method && $0.target == s.target && $0.base == s.base && $0.bandSet == .broad }
            let five = persons.first { $0.method == s.method && $0.target == s.target && $0.base == s.base && $0.bandSet == .fiveYear }
            h += "<tr><td>\(s.base)</td><td>\(s.target)</td><td>\(esc(s.method.rawValue))</td><td>\(Format.fixed(s.stats.mape, 2))%</td>"
            h += "<td>\(broad.map { Format.fixed($0.stats.mape, 2) + "%" } ?? "-")</td><td>\(five.map { Format.fixed($0.stats.mape, 2) + "%" } ?? "-")</td>"
            h += "<td>\(Format.fixed(s.stats.bias, 2))%</td><td>\(Format.fixed(s.stats.within5, 0))%</td></tr>\n"
        }
        h += "</tbody>\n</table>\n</section>\n"
        h += "<section>\n<h2>Charts</h2>\n"
        h += HTMLReport.figure(horizonChart(persons), caption: "Mean absolute percentage error of LA totals (solid) and of LA x broad age bands (light), by target year and method.")
        h += HTMLReport.figure(sizeChart(rows), caption: "Error of each LA's total at the last target against its population at the base (log scale).")
        h += HTMLReport.figure(worstChart(rows, names: names), caption: "The LAs with the largest absolute error of the total at the last target (cohort trend).")
        if coverage.isEmpty {
            h += HTMLReport.empty("No coverage chart: run with --draws N to draw intervals.")
        } else {
            h += HTMLReport.figure(coverageChart(coverage), caption: "Share of LA totals inside the drawn 50%, 80% and 90% intervals against the nominal share (diagonal = calibrated)." + (fitNote.map { " Calibration: " + $0 + "." } ?? ""))
        }
        h += "</section>\n</main>\n</body>\n</html>\n"
        return h
    }

    static let width = 720.0, height = 320.0, left = 64.0, right = 16.0, top = 40.0, bottom = 56.0

    static func horizonChart(_ persons: [BacktestMeasures.SummaryRow]) -> String {
        let totals = persons.filter { $0.bandSet == .all }, bands = persons.filter { $0.bandSet == .broad }
        let groups = Array(Set(totals.map { "\($0.base)->\($0.target)" })).sorted()
        let methods = Backtest.Method.allCases.filter { m in totals.contains { $0.method == m } }
        let top0 = max(totals.map(\.stats.mape).max() ?? 1, bands.map(\.stats.mape).max() ?? 1)
        let ticks = NiceTicks(0, top0)
        let y = LinearScale(d0: 0, d1: ticks.hi, r0: height - bottom, r1: top)
        let gw = (width - left - right) / Double(max(groups.count, 1)), bw = gw * 0.8 / Double(max(methods.count, 1)) / 2
        var b = Axis.left(y, ticks: ticks.values, x0: left, x1: width - right) { Format.fixed($0, ticks.digits) + "%" }
        for (gi, g) in groups.enumerated() {
            let x0 = left + Double(gi) * gw + gw * 0.1
            b += SVG.text(x: left + (Double(gi) + 0.5) * gw, y: height - bottom + 18, g.replacingOccurrences(of: "->", with: " \u{2192} "), cls: "tick", anchor: "middle")
            for (mi, m) in methods.enumerated() {
                let key = { (s: BacktestMeasures.SummaryRow) in "\(s.base)->\(s.target)" == g && s.method == m }
                let x = x0 + Double(mi) * 2 * bw
                if let t = totals.first(where: key) { b += SVG.rect(x, y(t.stats.mape), bw, y(0) - y(t.stats.mape), fill: colours[mi % colours.count]) }
                if let t = bands.first(where: key) { b += SVG.rect(x + bw, y(t.stats.mape), bw, y(0) - y(t.stats.mape), fill: colours[mi % colours.count], opacity: 0.4) }
            }
        }
        b += Legend.row(methods.enumerated().map { (LegendKey.fill(colours[$0.offset % colours.count], opacity: 1), $0.element.rawValue) },
                        x: left, y: height - 14, maxWidth: width - left - right).svg
        return SVG.document(id: "bt-horizon", width: width, height: height, title: "Error by horizon and method",
                            desc: "Bar chart of the mean absolute percentage error of LA totals and broad bands for each method and target year.", body: b)
    }

    static func sizeChart(_ rows: [BacktestMeasures.Row]) -> String {
        let last = rows.map(\.target).max() ?? 0
        let sel = rows.filter { $0.target == last && $0.sex == "persons" && $0.bandSet == .all && ($0.method == .cohortTrend || $0.method == .hamiltonPerry) }
        let xs = sel.map { log10(max($0.actual, 1)) }, es = sel.map(\.errorPct)
        let xt = NiceTicks(xs.min() ?? 3, xs.max() ?? 6, count: 4), yt = NiceTicks(es.min() ?? -1, es.max() ?? 1)
        let x = LinearScale(d0: xt.lo, d1: xt.hi, r0: left, r1: width - right), y = LinearScale(d0: yt.lo, d1: yt.hi, r0: height - bottom, r1: top)
        var b = Axis.left(y, ticks: yt.values, x0: left, x1: width - right) { Format.fixed($0, yt.digits) + "%" }
        b += Axis.bottom(x, ticks: xt.values, y0: top, y1: height - bottom) { Format.grouped(pow(10, $0), 0) }
        b += SVG.line(left, y(0), width - right, y(0), stroke: Palette.axis)
        for r in sel { b += SVG.circle(x(log10(max(r.actual, 1))), y(r.errorPct), r: 2.5, fill: r.method == .cohortTrend ? colours[0] : colours[3]) }
        b += Legend.row([(.fill(colours[0], opacity: 1), "cohort-trend"), (.fill(colours[3], opacity: 1), "hamilton-perry")],
                        x: left, y: height - 14, maxWidth: width - left - right).svg
        return SVG.document(id: "bt-size", width: width, height: height, title: "Error against LA size, \(last)",
                            desc: "Scatter of each LA's signed error of the total at \(last) against its population.", body: b)
    }

    static func worstChart(_ rows: [BacktestMeasures.Row], names: [String: String]) -> String {
        let last = rows.map(\.target).max() ?? 0
        let sel = rows.filter { $0.target == last && $0.sex == "persons" && $0.bandSet == .all && $0.method == .cohortTrend }
            .sorted { abs($0.errorPct) != abs($1.errorPct) ? abs($0.errorPct) > abs($1.errorPct) : $0.lad < $1.lad }.prefix(15)
        let lab = 220.0, rowH = 18.0, h = top + Double(max(sel.count, 1)) * rowH + 30
        let m = sel.map { abs($0.errorPct) }.max() ?? 1, t = NiceTicks(-m, m)
        let x = LinearScale(d0: t.lo, d1: t.hi, r0: lab, r1: width - right)
        var b = Axis.bottom(x, ticks: t.values, y0: top, y1: h - 30) { Format.fixed($0, t.digits) + "%" }
        for (i, r) in sel.enumerated() {
            let yy = top + Double(i) * rowH
            b += SVG.text(x: lab - 6, y: yy + 12, "\(names[r.lad] ?? r.lad)", cls: "tick", anchor: "end")
            b += SVG.rect(min(x(0), x(r.errorPct)), yy + 3, abs(x(r.errorPct) - x(0)), rowH - 6, fill: r.errorPct < 0 ? colours[0] : colours[1])
        }
        if sel.isEmpty { b += SVG.text(x: lab, y: top + 14, "no cohort-trend rows") }
        return SVG.document(id: "bt-worst", width: width, height: h, title: "Worst LAs, cohort trend, \(last)",
                            desc: "Horizontal bars of the signed error of the \(sel.count) LAs with the largest absolute error.", body: b)
    }

    static func coverageChart(_ coverage: [BacktestCoverage.Row]) -> String {
        let sel = coverage.filter { $0.group == "all" && $0.bandSet == .all }
        let x = LinearScale(d0: 0, d1: 100, r0: left, r1: width - right), y = LinearScale(d0: 0, d1: 100, r0: height - bottom, r1: top)
        let ticks = [0.0, 20, 40, 60, 80, 100]
        var b = Axis.left(y, ticks: ticks, x0: left, x1: width - right) { Format.fixed($0, 0) + "%" }
        b += Axis.bottom(x, ticks: ticks, y0: top, y1: height - bottom) { Format.fixed($0, 0) + "%" }
        b += SVG.line(x(0), y(0), x(100), y(100), stroke: Palette.axis, dash: "4 3")
        var legend: [(LegendKey, String)] = []
        for (i, c) in sel.enumerated() {
            let colour = colours[i % colours.count], dash: String? = c.calibration == "priors" ? "6 3" : nil
            let pts = Backtest.intervals.map { (x(Double($0.nominal)), y(c.coverage[$0.nominal] ?? 0)) }
            b += SVG.polyline(pts, stroke: colour, width: 2, dash: dash)
            for p in pts { b += SVG.circle(p.0, p.1, r: 3, fill: colour) }
            legend.append((.line(colour, dash: dash, width: 2), "\(c.method.rawValue) \(c.base)\u{2192}\(c.target) \(c.calibration)"))
        }
        let l = Legend.row(legend, x: left, y: height + 4, maxWidth: width - left - right)
        return SVG.document(id: "bt-coverage", width: width, height: height + l.height + 8, title: "Interval coverage, LA totals",
                            desc: "Empirical against nominal coverage of the drawn intervals of LA totals.", body: b + l.svg)
    }
}
