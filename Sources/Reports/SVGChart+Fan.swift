/// A time-series chart: central line (dashed when draws exist), median of the draws, and shaded percentile bands
/// (outer and inner pair, e.g. P5-P95 and P10-P90) where the points have intervals. Used for the registered
/// population fan, deaths, and the workforce-gap small multiples.
struct FanChart {
    var id: String
    var title: String
    var series: ReportData.Series
    var xLabel: String
    var yLabel: String
    /// Subject of the description sentence, e.g. "Registered patients".
    var subject: String
    var width = 880.0
    var height = 380.0
    /// Keep 0 inside the value axis and draw a zero line (for gaps).
    var zeroLine = false
    /// Whether `subject` takes a plural verb ("Registered patients rise", "The nurses gap rises").
    var plural = true

    private var points: [ReportData.Point] { series.points }

    func svg() -> String {
        let pairs = Array(IntervalReader.pairs(points).prefix(2))
        let hasMedian = points.contains { IntervalReader.value($0.interval, 50) != nil }
        let hasDraws = !pairs.isEmpty || hasMedian

        // Legend (wraps when the chart is narrow).
        var items: [(LegendKey, String)] = []
        for (k, p) in pairs.enumerated() { items.append((.fill(Palette.skyBlue, opacity: k == 0 ? 0.3 : 0.55), IntervalReader.label(p))) }
        if hasMedian { items.append((.line(Palette.blue, dash: nil, width: 2.5), "Median of draws")) }
        items.append((.line(Palette.vermillion, dash: hasDraws ? "7 4" : nil, width: 2), hasDraws ? "Central run" : "Central projection"))
        let legend = Legend.row(items, x: 8, y: 42, maxWidth: width - 16)
        let top = 42 + legend.height + 4

        // Value domain: everything drawn.
        var values: [Double] = points.map(\.central).filter(\.isFinite)
        for p in points {
            for pair in pairs {
                if let v = IntervalReader.value(p.interval, pair.lo) { values.append(v) }
                if let v = IntervalReader.value(p.interval, pair.hi) { values.append(v) }
            }
            if let v = IntervalReader.value(p.interval, 50) { values.append(v) }
        }
        if zeroLine { values.append(0) }
        // 2% headroom so lines do not run along the axes; never below zero for non-negative data.
        let vmin = values.min() ?? 0, vmax = values.max() ?? 1, pad = (vmax - vmin) * 0.02
        let ticks = NiceTicks(vmin >= 0 ? max(0, vmin - pad) : vmin - pad, vmax + pad, count: height < 300 ? 4 : 5)
        let tickLabel = Axis.numberLabel(ticks)
        let widestTick = ticks.values.map { SVG.textWidth(tickLabel($0)) }.max() ?? 0
        let lastLabel = SVG.textWidth(points.last?.label ?? "")
        let left = 8 + 18 + widestTick + 10, right = width - max(16, lastLabel / 2 + 6)
        let bottom = height - 44
        let y = LinearScale(d0: ticks.lo, d1: ticks.hi, r0: bottom, r1: top)
        let n = points.count
        func x(_ i: Int) -> Double { n <= 1 ? (left + right) / 2 : left + Double(i) * (right - left) / Double(n - 1) }

        var s = Axis.left(y, ticks: ticks.values, x0: left, x1: right, label: tickLabel)
        s += legend.svg

        // Bands, outermost first, over runs of consecutive points that have both bounds.
        for (k, pair) in pairs.enumerated() {
            var run: [(x: Double, lo: Double, hi: Double)] = []
            func flush() {
                if run.count == 1 {
                    let r = run[0]
                    s += SVG.rect(r.x - 4, y(r.hi), 8, y(r.lo) - y(r.hi), fill: Palette.skyBlue, opacity: k == 0 ? 0.3 : 0.55)
                } else if run.count > 1 {
                    let pts = run.map { ($0.x, y($0.lo)) } + run.reversed().map { ($0.x, y($0.hi)) }
                    s += SVG.polygon(pts, fill: Palette.skyBlue, opacity: k == 0 ? 0.3 : 0.55)
                }
                run = []
            }
            for (i, p) in points.enumerated() {
                if let lo = IntervalReader.value(p.interval, pair.lo), let hi = IntervalReader.value(p.interval, pair.hi) {
                    run.append((x(i), lo, hi))
                } else { flush() }
            }
            flush()
        }

        if zeroLine, ticks.lo <= 0, ticks.hi >= 0 { s += SVG.line(left, y(0), right, y(0), stroke: Palette.black, width: 1.2) }

        // Lines: median (solid) then central (dashed when there are draws), broken at missing or non-finite values.
        func drawLine(_ value: (ReportData.Point) -> Double?, colour: String, width w: Double, dash: String?) {
            var run: [(Double, Double)] = []
            func flush() {
                if run.count == 1 { s += SVG.circle(run[0].0, run[0].1, r: 3.5, fill: colour) }
                else { s += SVG.polyline(run, stroke: colour, width: w, dash: dash) }
                run = []
            }
            for (i, p) in points.enumerated() {
                if let v = value(p), v.isFinite { run.append((x(i), y(v))) } else { flush() }
            }
            flush()
        }
        if hasMedian { drawLine({ IntervalReader.value($0.interval, 50) }, colour: Palette.blue, width: 2.5, dash: nil) }
        drawLine({ $0.central }, colour: Palette.vermillion, width: 2, dash: hasDraws ? "7 4" : nil)

        // Axes and category labels.
        s += SVG.line(left, top, left, bottom, stroke: Palette.axis)
        s += SVG.line(left, bottom, right, bottom, stroke: Palette.axis)
        let widest = points.map { SVG.textWidth($0.label) }.max() ?? 0
        let shown = Axis.shownCategories(count: n, labelWidth: widest, span: right - left)
        for (i, p) in points.enumerated() {
            s += SVG.line(x(i), bottom, x(i), bottom + (shown[i] ? 5 : 3), stroke: Palette.axis)
            if shown[i] { s += SVG.text(x: x(i), y: bottom + 18, p.label, cls: "tick", anchor: "middle") }
        }
        s += SVG.text(x: (left + right) / 2, y: height - 8, xLabel, anchor: "middle")
        s += SVG.verticalLabel(x: 16, y0: top, y1: bottom, yLabel)
        if n == 0 { s += SVG.text(x: (left + right) / 2, y: (top + bottom) / 2, "No data in this run", anchor: "middle") }

        return SVG.document(id: id, width: width, height: height, title: title, desc: description(pairs: pairs), body: s)
    }

    /// e.g. "Registered patients rise from 1,111,002 in 2023 to 1,394,484 in 2043 (90% interval 1,300,000 to
    /// 1,500,000; 80% interval ...; median of draws 1,390,000)."
    func description(pairs: [(lo: Double, hi: Double)]) -> String {
        // The unit follows each number unless the subject already names it ("Registered patients rise from 1,111,002 ...").
        let unit = series.unit.isEmpty || subject.lowercased().contains(series.unit.lowercased()) ? "" : " " + series.unit
        let finite = points.filter { $0.central.isFinite }
        guard let first = finite.first, let last = finite.last else { return "\(subject): no data in this run." }
        var all = finite.map(\.central)
        for p in finite { if let iv = p.interval { all += iv.percentiles.keys.sorted().compactMap { iv.percentiles[$0] } } }
        let d = Describe.digits(all)
        func f(_ v: Double) -> String { v.isFinite ? Format.grouped(v, d) : "not available" }
        var s: String
        if finite.count == 1 {
            s = "\(subject): \(f(first.central))\(unit) in \(first.label)"
        } else if first.central == last.central {
            s = "\(subject) \(plural ? "stay" : "stays") at \(f(first.central))\(unit) from \(first.label) to \(last.label)"
        } else {
            s = "\(subject) \(Describe.verb(from: first.central, to: last.central, plural: plural)) \(f(first.central))\(unit) in "
            s += "\(first.label) to \(f(last.central))\(unit) in \(last.label)"
        }
        if zeroLine, finite.count > 1 {
            let lo = finite.min { $0.central < $1.central }!, hi = finite.max { $0.central < $1.central }!
            if lo != first && lo != last { s += "; lowest \(f(lo.central)) in \(lo.label)" }
            if hi != first && hi != last { s += "; highest \(f(hi.central)) in \(hi.label)" }
        }
        var extras: [String] = []
        for pair in pairs {
            if let lo = IntervalReader.value(last.interval, pair.lo), let hi = IntervalReader.value(last.interval, pair.hi) {
                extras.append("\(IntervalReader.coverage(pair)) interval \(f(lo)) to \(f(hi))")
            }
        }
        if let m = IntervalReader.value(last.interval, 50) { extras.append("median of draws \(f(m))") }
        if !extras.isEmpty { s += " (\(last.label): " + extras.joined(separator: "; ") + ")" }
        else { s += " (central projection only, no intervals)" }
        return s + "."
    }
}
