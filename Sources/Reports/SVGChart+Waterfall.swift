/// A waterfall: the start bar, each part floating from where the previous one ended (up or down), and the end bar.
struct WaterfallChart {
    var id: String
    var step: Waterfall.Step
    var digits: Int
    /// How the all-Places rows are named in this report.
    var totalLabel = "All Places"
    var width = 880.0

    var title: String {
        let m = Waterfall.displayName(step.measure)
        let place = step.place == Waterfall.allPlaces ? totalLabel : step.place
        return "\(m.prefix(1).uppercased() + m.dropFirst()), \(place), \(step.from) to \(step.to): what changes and why"
    }

    func svg() -> String {
        let parts = step.parts
        let top = 40.0, bottom = 300.0, left = 90.0, right = width - 20
        var level = 0.0, lows: [Double] = [0], highs: [Double] = [0]
        var bars: [(label: String, from: Double, to: Double, kind: Int)] = []  // kind 0 total, 1 up, 2 down
        for (i, p) in parts.enumerated() {
            if i == 0 || i == parts.count - 1 {
                bars.append((p.label, 0, p.value, 0)); level = p.value
            } else {
                bars.append((p.label, level, level + p.value, p.value >= 0 ? 1 : 2)); level += p.value
            }
            lows.append(min(bars.last!.from, bars.last!.to)); highs.append(max(bars.last!.from, bars.last!.to))
        }
        // Start the axis near the smallest level shown so that the parts are visible beside large totals.
        let floor = max(0, (lows.filter { $0 > 0 }.min() ?? 0) - (highs.max()! - (lows.filter { $0 > 0 }.min() ?? 0)) * 0.6)
        let ticks = NiceTicks(floor, highs.max() ?? 1, count: 5)
        let y = LinearScale(d0: ticks.lo, d1: ticks.hi, r0: bottom, r1: top)
        var s = Axis.left(y, ticks: ticks.values, x0: left, x1: right) { Format.grouped($0, ticks.digits) }
        let slot = (right - left) / Double(max(bars.count, 1))
        for (i, b) in bars.enumerated() {
            let x0 = left + Double(i) * slot + slot * 0.18, w = slot * 0.64
            let a = y(max(b.from, ticks.lo)), c = y(max(b.to, ticks.lo))
            let fill = b.kind == 0 ? Palette.axis : (b.kind == 1 ? Palette.blue : Palette.vermillion)
            s += SVG.rect(x0, min(a, c), w, max(abs(a - c), 1), fill: fill)
            let value = b.kind == 0 ? b.to : b.to - b.from
            s += SVG.text(x: x0 + w / 2, y: min(a, c) - 5, (b.kind == 1 ? "+" : "") + Format.grouped(value, digits), cls: "val", anchor: "middle")
            s += SVG.text(x: x0 + w / 2, y: bottom + 18, b.label, anchor: "middle")
            if i + 1 < bars.count { s += SVG.line(x0 + w, c, x0 + slot, c, stroke: Palette.axis, width: 0.8, dash: "3 2") }
        }
        s += SVG.line(left, bottom, right, bottom, stroke: Palette.axis)
        if ticks.lo > 0 { s += SVG.text(x: left, y: bottom + 36, "The axis starts at \(Format.grouped(ticks.lo, ticks.digits)), not 0.", cls: "tick") }
        let desc = parts.map { "\($0.label) \(Format.grouped($0.value, digits))" }.joined(separator: "; ")
        return SVG.document(id: id, width: width, height: bottom + 48, title: title, desc: desc + ".", body: s)
    }
}

extension Waterfall {
    /// The report's waterfall figures: every measure for all Places at the last milestone.
    public func figures(totalLabel: String = Waterfall.allPlaces) -> [String] {
        guard let last = steps.filter({ $0.table == "population" }).map(\.to).last else { return [] }
        var h: [String] = []
        let chosen = steps.filter { $0.place == Self.allPlaces && ($0.to == last || $0.to == Format.fy(Int(last.suffix(4)) ?? 0)) }
        for (i, s) in chosen.enumerated() {
            let c = WaterfallChart(id: "wf\(i)", step: s, digits: s.measure.hasSuffix("gbp_m") ? 1 : 0, totalLabel: totalLabel)
            h.append(HTMLReport.figure(c.svg(), caption: c.title + ". Parts add up exactly to the change."))
        }
        return h
    }
}
