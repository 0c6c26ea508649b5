/// Population pyramid of one Place: males to the left, females to the right, 5-year age bands up the middle;
/// the horizon year as filled bars, the base year as black outlines on top of them.
struct PyramidChart {
    var id: String
    var pyramid: ReportData.Pyramid
    var width = 440.0

    private static func at(_ a: [Double], _ i: Int) -> Double { a.indices.contains(i) && a[i].isFinite ? max(0, a[i]) : 0 }

    var title: String { "Population by age and sex, \(pyramid.place), \(pyramid.baseYear) and \(pyramid.horizonYear)" }

    func svg() -> String {
        let p = pyramid
        let bands = p.bands
        let rowH = bands.count > 12 ? 16.0 : 22.0
        let items: [(LegendKey, String)] = [
            (.fill(Palette.blue, opacity: 1), "Males \(p.horizonYear)"),
            (.fill(Palette.orange, opacity: 1), "Females \(p.horizonYear)"),
            (.outline(Palette.black), "\(p.baseYear) (outline)"),
        ]
        let legend = Legend.row(items, x: 8, y: 42, maxWidth: width - 16)
        let top = 42 + legend.height + 16
        let bottom = top + max(1, Double(bands.count)) * rowH
        let height = bottom + 48

        var maxV = 0.0
        for i in bands.indices {
            maxV = max(maxV, Self.at(p.baseFemale, i), Self.at(p.baseMale, i), Self.at(p.horizonFemale, i), Self.at(p.horizonMale, i))
        }
        let ticks = NiceTicks(0, maxV > 0 ? maxV : 1, count: 3)
        let label = Axis.numberLabel(ticks)
        let edge = max(12, SVG.textWidth(label(ticks.hi)) / 2 + 4)
        let gap = max(48, (bands.map { SVG.textWidth($0) }.max() ?? 0) + 14)
        let cx = width / 2
        let male = LinearScale(d0: 0, d1: ticks.hi, r0: cx - gap / 2, r1: edge)
        let female = LinearScale(d0: 0, d1: ticks.hi, r0: cx + gap / 2, r1: width - edge)

        var s = Axis.bottom(male, ticks: ticks.values, y0: top, y1: bottom, label: label)
        s += legend.svg
        s += Axis.bottom(female, ticks: ticks.values, y0: top, y1: bottom, label: label)
        let barH = rowH * 0.78
        for (i, band) in bands.enumerated() {
            let yTop = bottom - Double(i + 1) * rowH + (rowH - barH) / 2
            let hm = Self.at(p.horizonMale, i), hf = Self.at(p.horizonFemale, i)
            let bm = Self.at(p.baseMale, i), bf = Self.at(p.baseFemale, i)
            s += SVG.rect(male(hm), yTop, male(0) - male(hm), barH, fill: Palette.blue)
            s += SVG.rect(female(0), yTop, female(hf) - female(0), barH, fill: Palette.orange)
            s += SVG.rect(male(bm), yTop, male(0) - male(bm), barH, fill: "none", stroke: Palette.black, strokeWidth: 1.2)
            s += SVG.rect(female(0), yTop, female(bf) - female(0), barH, fill: "none", stroke: Palette.black, strokeWidth: 1.2)
            s += SVG.text(x: cx, y: yTop + barH / 2 + 4, band, cls: "tick", anchor: "middle")
        }
        s += SVG.line(male(0), top, male(0), bottom, stroke: Palette.axis)
        s += SVG.line(female(0), top, female(0), bottom, stroke: Palette.axis)
        s += SVG.line(edge, bottom, male(0), bottom, stroke: Palette.axis)
        s += SVG.line(female(0), bottom, width - edge, bottom, stroke: Palette.axis)
        s += SVG.text(x: cx, y: top - 6, "Age (years)", anchor: "middle")
        s += SVG.text(x: (edge + male(0)) / 2, y: height - 8, "\u{2190} Males (people)", anchor: "middle")
        s += SVG.text(x: (female(0) + width - edge) / 2, y: height - 8, "Females (people) \u{2192}", anchor: "middle")
        if bands.isEmpty { s += SVG.text(x: cx, y: (top + bottom) / 2 + 4, "No age bands in this run", anchor: "middle") }
        return SVG.document(id: id, width: width, height: height, title: title,
                            heading: "\(p.place): \(p.baseYear) and \(p.horizonYear)", desc: description, body: s)
    }

    /// Totals by year and sex, growth, and the share aged 65 and over (from band labels starting at 65 or more).
    var description: String {
        let p = pyramid
        func sum(_ a: [Double]) -> Double { p.bands.indices.reduce(0) { $0 + Self.at(a, $1) } }
        let bm = sum(p.baseMale), bf = sum(p.baseFemale), hm = sum(p.horizonMale), hf = sum(p.horizonFemale)
        let b = bm + bf, h = hm + hf
        var s = "\(p.place): \(Format.grouped(b)) people in \(p.baseYear) (\(Format.grouped(bm)) males, \(Format.grouped(bf)) females) "
        s += "and \(Format.grouped(h)) in \(p.horizonYear) (\(Format.grouped(hm)) males, \(Format.grouped(hf)) females)"
        if b > 0 { s += ", \(Format.signedPercent(h / b - 1))" }
        let old = p.bands.indices.filter { Self.lowerAge(p.bands[$0]).map { $0 >= 65 } ?? false }
        if !old.isEmpty, b > 0, h > 0 {
            let ob = old.reduce(0) { $0 + Self.at(p.baseMale, $1) + Self.at(p.baseFemale, $1) }
            let oh = old.reduce(0) { $0 + Self.at(p.horizonMale, $1) + Self.at(p.horizonFemale, $1) }
            s += "; aged 65 and over: \(Format.percent(ob / b)) in \(p.baseYear), \(Format.percent(oh / h)) in \(p.horizonYear)"
        }
        return s + "."
    }

    /// Leading integer of a band label: "65-69" -> 65, "90+" -> 90.
    static func lowerAge(_ band: String) -> Int? { Int(band.prefix { $0.isASCII && $0.isNumber }) }
}
