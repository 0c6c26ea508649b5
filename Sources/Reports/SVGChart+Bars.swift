/// Horizontal bars of referral growth by service (later / base - 1), grouped by service group in order of first
/// appearance, with whiskers for the outer percentile pair of the later value (growth at P5 and P95).
struct GrowthChart {
    var id: String
    var growth: [ReportData.Growth]
    var baseYear: String
    var growthYear: String
    /// What grows, in the title and axis ("referrals a year", "people on the register").
    var subject = "referrals a year"
    var itemName = "service"
    var width = 880.0
    var plotWidth = 460.0
    /// Service names longer than this are shortened with an ellipsis on the chart (the description and tables keep them).
    static let maxLabel = 56

    var title: String { "Growth in \(subject) by \(itemName), \(baseYear) to \(growthYear)" }

    static func rate(_ g: ReportData.Growth) -> Double? {
        guard g.base != 0, g.base.isFinite, g.later.isFinite else { return nil }
        return g.later / g.base - 1
    }

    static func whisker(_ g: ReportData.Growth) -> (lo: Double, hi: Double, pair: (lo: Double, hi: Double))? {
        guard let pair = IntervalReader.pairs(g.laterInterval).first, g.base != 0, g.base.isFinite,
              let lo = IntervalReader.value(g.laterInterval, pair.lo), let hi = IntervalReader.value(g.laterInterval, pair.hi)
        else { return nil }
        return (lo / g.base - 1, hi / g.base - 1, pair)
    }

    static func shortName(_ s: String) -> String { s.count <= maxLabel ? s : String(s.prefix(maxLabel - 1)) + "\u{2026}" }

    /// Groups in order of first appearance, services in input order.
    var groups: [(name: String, items: [ReportData.Growth])] {
        var out: [(name: String, items: [ReportData.Growth])] = []
        for g in growth {
            if let k = out.firstIndex(where: { $0.name == g.group }) { out[k].items.append(g) } else { out.append((g.group, [g])) }
        }
        return out
    }

    func svg() -> String {
        let groups = self.groups
        let whiskerPair = growth.lazy.compactMap { Self.whisker($0)?.pair }.first
        var items: [(LegendKey, String)] = [(.fill(Palette.blue, opacity: 1), "Central growth")]
        if let wp = whiskerPair { items.append((.whisker(Palette.black), "\(IntervalReader.label(wp)) of the \(growthYear) value")) }
        let legend = Legend.row(items, x: 8, y: 42, maxWidth: self.width - 16)
        let top = 42 + legend.height + 6
        let rowH = 22.0, groupH = 24.0
        let bottom = top + Double(groups.count) * groupH + Double(growth.count) * rowH + 4
        let height = bottom + 48

        var values: [Double] = [0]
        for g in growth {
            if let r = Self.rate(g) { values.append(r) }
            if let w = Self.whisker(g) { values += [w.lo, w.hi].filter(\.isFinite) }
        }
        let ticks = NiceTicks(values.min() ?? 0, values.max() ?? 0.1, count: 5)
        let pd = ticks.percentDigits
        let names = growth.map { SVG.textWidth(Self.shortName($0.service)) } + groups.map { SVG.textWidth($0.name, char: 7.6) - 8 }
        let left = max(90, (names.max() ?? 0) + 18)
        // The plot keeps at least `plotWidth`; long service names widen the chart rather than being clipped.
        let width = max(self.width, left + plotWidth + 70)
        let right = width - 70
        let x = LinearScale(d0: ticks.lo, d1: ticks.hi, r0: left, r1: right)

        var s = Axis.bottom(x, ticks: ticks.values, y0: top, y1: bottom) { Format.percent($0, pd) }
        s += legend.svg
        var yc = top
        for group in groups {
            s += SVG.text(x: 8, y: yc + 17, group.name, cls: "grp")
            yc += groupH
            for g in group.items {
                let mid = yc + rowH / 2
                s += SVG.text(x: left - 8, y: mid + 4, Self.shortName(g.service), anchor: "end")
                var end = x(0)
                if let r = Self.rate(g) {
                    s += SVG.rect(min(x(0), x(r)), mid - 7, abs(x(r) - x(0)), 14, fill: Palette.blue)
                    end = max(end, x(r))
                    if let w = Self.whisker(g) {
                        let a = x(w.lo), b = x(w.hi)
                        s += SVG.line(a, mid, b, mid, stroke: Palette.black, width: 1.3)
                        s += SVG.line(a, mid - 5, a, mid + 5, stroke: Palette.black, width: 1.3)
                        s += SVG.line(b, mid - 5, b, mid + 5, stroke: Palette.black, width: 1.3)
                        end = max(end, a, b)
                    }
                    s += SVG.text(x: end + 5, y: mid + 4, Format.signedPercent(r), cls: "val")
                } else {
                    s += SVG.text(x: end + 5, y: mid + 4, "n/a (no base referrals)", cls: "val")
                }
                yc += rowH
            }
        }
        s += SVG.line(x(0), top, x(0), bottom, stroke: Palette.black, width: 1.2)
        s += SVG.line(left, bottom, right, bottom, stroke: Palette.axis)
        s += SVG.text(x: (left + right) / 2, y: height - 8, "Change in \(subject), \(baseYear) to \(growthYear) (% of the \(baseYear) value)", anchor: "middle")
        if growth.isEmpty { s += SVG.text(x: (left + right) / 2, y: (top + bottom) / 2 + 4, "Nothing to show in this run", anchor: "middle") }
        return SVG.document(id: id, width: width, height: height, title: title, desc: description, body: s)
    }

    /// Every service's growth (up to 24, then a count), with the interval when present.
    var description: String {
        guard !growth.isEmpty else { return "No referral growth in this run." }
        var parts: [String] = []
        for g in growth.prefix(24) {
            var t = "\(g.service) (\(g.group)) "
            if let r = Self.rate(g) { t += Format.signedPercent(r) } else { t += "not available (no base referrals)" }
            if let w = Self.whisker(g) {
                t += " (\(IntervalReader.label(w.pair)) \(Format.signedPercent(w.lo)) to \(Format.signedPercent(w.hi)))"
            }
            parts.append(t)
        }
        var s = "Growth in \(subject) from \(baseYear) to \(growthYear): " + parts.joined(separator: "; ")
        if growth.count > 24 { s += "; and \(growth.count - 24) more services" }
        return s + "."
    }
}
