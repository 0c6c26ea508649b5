/// Components of change by year, all Places: births above the zero line, deaths below, trend migration and the
/// housing-led adjustment stacked on the side of their sign, and a dot at each year's net change.
struct ComponentsChart {
    var id: String
    var years: [ReportData.ComponentsYear]
    var place: String
    var width = 880.0

    var title: String { "Components of population change by year, \(place)" }

    func svg() -> String {
        let colours = [Palette.blue, Palette.vermillion, Palette.green, Palette.orange]
        let names = ["Births", "Deaths", "Trend migration", "Housing-led adjustment"]
        let hasAdjustment = years.contains { $0.adjustment != 0 }
        var items: [(LegendKey, String)] = (0..<(hasAdjustment ? 4 : 3)).map { (.fill(colours[$0], opacity: 1), names[$0]) }
        items.append((.outline(Palette.black), "Net change (dot)"))
        let legend = Legend.row(items, x: 8, y: 42, maxWidth: width - 16)
        let top = 42 + legend.height + 6, bottom = top + 300, left = 80.0, right = width - 20
        func parts(_ c: ReportData.ComponentsYear) -> [Double] { [c.births, -c.deaths, c.trendMigration, c.adjustment] }
        var lo = 0.0, hi = 0.0
        for c in years {
            let p = parts(c)
            lo = min(lo, p.filter { $0 < 0 }.reduce(0, +)); hi = max(hi, p.filter { $0 > 0 }.reduce(0, +))
        }
        let ticks = NiceTicks(lo, hi, count: 6)
        let y = LinearScale(d0: ticks.lo, d1: ticks.hi, r0: bottom, r1: top)
        var s = legend.svg + Axis.left(y, ticks: ticks.values, x0: left, x1: right) { Format.grouped($0, ticks.digits) }
        let slot = (right - left) / Double(max(years.count, 1))
        for (i, c) in years.enumerated() {
            let x0 = left + Double(i) * slot + slot * 0.15, w = slot * 0.7
            var up = 0.0, down = 0.0
            for (k, v) in parts(c).enumerated() where v != 0 {
                let from = v > 0 ? up : down, to = from + v
                s += SVG.rect(x0, min(y(from), y(to)), w, abs(y(from) - y(to)), fill: colours[k])
                if v > 0 { up = to } else { down = to }
            }
            let net = parts(c).reduce(0, +)
            s += SVG.circle(x0 + w / 2, y(net), r: 2.6, fill: "#ffffff", stroke: Palette.black)
            if i % max(1, years.count / 10) == 0 || i == years.count - 1 {
                s += SVG.text(x: x0 + w / 2, y: bottom + 16, String(c.year), cls: "tick", anchor: "middle")
            }
        }
        s += SVG.line(left, y(0), right, y(0), stroke: Palette.black, width: 1.2)
        s += SVG.text(x: (left + right) / 2, y: bottom + 36, "Year to mid-year", anchor: "middle")
        s += SVG.text(x: 14, y: (top + bottom) / 2, "People a year", anchor: "middle", extra: " transform=\"rotate(-90 14 \(SVG.n((top + bottom) / 2)))\"")
        let desc = years.map { c in "\(c.year): births \(Format.grouped(c.births)), deaths \(Format.grouped(c.deaths)), trend migration \(Format.grouped(c.trendMigration))"
            + (hasAdjustment ? ", adjustment \(Format.grouped(c.adjustment))" : "") }.joined(separator: "; ")
        return SVG.document(id: id, width: width, height: bottom + 48, title: title, desc: desc + ".", body: s)
    }
}
