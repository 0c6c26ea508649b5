/// Small, deterministic building blocks for the inline SVG charts of report.html: a linear scale, "nice" axis ticks,
/// an interval reader, element writers, axes and legends. Every number written into the SVG goes through `SVG.n`
/// (fixed decimals, never NaN or Inf) and every text through `HTMLReport.escape`, so equal inputs give equal bytes.
/// The charts themselves live in `SVGChart+Fan.swift`, `SVGChart+Pyramid.swift` and `SVGChart+Bars.swift`.

/// Okabe-Ito colours (safe for the common colour-vision deficiencies). Pairs used together also differ in lightness
/// (or in dash pattern), so charts stay readable when printed in greyscale.
enum Palette {
    static let black = "#000000"
    static let orange = "#E69F00"
    static let skyBlue = "#56B4E9"
    static let green = "#009E73"
    static let blue = "#0072B2"
    static let vermillion = "#D55E00"
    static let purple = "#CC79A7"
    static let grid = "#E0E0E0"
    static let axis = "#333333"
}

/// Maps the domain `d0...d1` linearly onto the range `r0...r1` (an empty domain maps to the middle of the range).
struct LinearScale {
    var d0: Double, d1: Double, r0: Double, r1: Double

    func callAsFunction(_ x: Double) -> Double {
        let span = d1 - d0
        guard span != 0, span.isFinite, x.isFinite else { return (r0 + r1) / 2 }
        return r0 + (x - d0) / span * (r1 - r0)
    }
}

/// Axis ticks at 1, 2 or 5 x 10^k that cover a range.
struct NiceTicks {
    var values: [Double]
    var step: Double
    /// Power of ten of the step (step = 1, 2 or 5 x 10^exponent); sets how many decimals tick labels need.
    var exponent: Int
    var lo: Double { values.first ?? 0 }
    var hi: Double { values.last ?? 1 }

    /// About `count` intervals covering `lo...hi`; non-finite input falls back to 0...1, an empty range is widened.
    init(_ lo: Double, _ hi: Double, count: Int = 5) {
        var a = lo.isFinite ? lo : 0, b = hi.isFinite ? hi : 1
        if a > b { swap(&a, &b) }
        if a == b {
            let pad = a == 0 ? 1 : abs(a) * 0.1
            a -= pad; b += pad
        }
        let raw = (b - a) / Double(max(1, count))
        // Integer exponent by comparison (no log10/pow), so ticks do not depend on the C math library.
        var e = 0
        while Self.pow10(e + 1) <= raw && e < 300 { e += 1 }
        while Self.pow10(e) > raw && e > -300 { e -= 1 }
        let mag = Self.pow10(e), norm = raw / mag
        var mult: Double
        switch norm {
        case ...1: mult = 1
        case ...2: mult = 2
        case ...5: mult = 5
        default: mult = 1; e += 1
        }
        let step = mult * Self.pow10(e)
        let first = (a / step).rounded(.down), last = (b / step).rounded(.up)
        let n = min(Int(last - first), 100)
        var v: [Double] = []
        for i in 0...max(n, 1) {
            let t = (first + Double(i)) * step
            v.append(abs(t) < step * 1e-9 ? 0 : t)
        }
        values = v; self.step = step; exponent = e
    }

    static func pow10(_ e: Int) -> Double {
        var x = 1.0
        for _ in 0..<abs(e) { x *= 10 }
        return e >= 0 ? x : 1 / x
    }

    /// Decimals needed to show the ticks as plain numbers.
    var digits: Int { max(0, -exponent) }
    /// Decimals needed to show fractions (0.05) as percentages (5%).
    var percentDigits: Int { max(0, -(exponent + 2)) }
}

/// Reads the percentile pairs of `ReportData.Interval`s: always by sorted keys, never in dictionary order.
enum IntervalReader {
    /// Symmetric pairs (lo, hi) below and above 50, outermost first: [(5, 95), (10, 90)] for the usual five percentiles.
    static func pairs(_ iv: ReportData.Interval?) -> [(lo: Double, hi: Double)] {
        guard let iv else { return [] }
        let keys = iv.percentiles.keys.filter(\.isFinite).sorted()
        let below = keys.filter { $0 < 50 }, above = keys.filter { $0 > 50 }.reversed()
        return zip(below, above).map { (lo: $0, hi: $1) }
    }

    /// The pairs of the first point that has any (charts use one set of bands for the whole series).
    static func pairs(_ points: [ReportData.Point]) -> [(lo: Double, hi: Double)] {
        for p in points {
            let r = pairs(p.interval)
            if !r.isEmpty { return r }
        }
        return []
    }

    static func value(_ iv: ReportData.Interval?, _ p: Double) -> Double? {
        guard let v = iv?.percentiles[p], v.isFinite else { return nil }
        return v
    }

    /// "P5" / "P2.5".
    static func label(_ p: Double) -> String {
        "P" + SVG.trim(Format.fixed(p, 1))
    }

    /// "P5-P95" written with an en dash.
    static func label(_ pair: (lo: Double, hi: Double)) -> String { label(pair.lo) + "\u{2013}" + label(pair.hi) }

    /// Coverage of a pair in percent, e.g. "90%".
    static func coverage(_ pair: (lo: Double, hi: Double)) -> String { SVG.trim(Format.fixed(pair.hi - pair.lo, 1)) + "%" }
}

/// Writers for SVG elements. Coordinates have at most one decimal; non-finite numbers are written as 0.
enum SVG {
    static let fontChar = 7.0        // estimated width of a 12px character (digits and average text)
    static let titleChar = 8.6       // estimated width of a 15px bold character

    static func n(_ x: Double) -> String { x.isFinite ? trim(Format.fixed(x, 1)) : "0" }

    /// Drops a trailing ".0" (and a trailing "." decimal part of zeros) from a fixed-point string.
    static func trim(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = Substring(s)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return t == "-0" ? "0" : String(t)
    }

    static func esc(_ s: String) -> String { HTMLReport.escape(s) }

    static func textWidth(_ s: String, char: Double = fontChar) -> Double { Double(s.count) * char }

    /// The whole `<svg>`: accessible name (`<title>`) and description (`<desc>`) first, visible title at the top left.
    /// `heading` is the visible title (defaults to `title`); one estimated wider than the chart is squeezed to fit.
    static func document(id: String, width: Double, height: Double, title: String, heading: String? = nil, desc: String,
                         body: String) -> String {
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\""
        s += " width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\">\n"
        s += "<title id=\"\(id)-t\">\(esc(title))</title>\n"
        s += "<desc id=\"\(id)-d\">\(esc(desc))</desc>\n"
        let visible = heading ?? title
        let fit = textWidth(visible, char: titleChar) > width - 8
            ? " textLength=\"\(n(width - 8))\" lengthAdjust=\"spacingAndGlyphs\"" : ""
        s += text(x: 4, y: 20, visible, cls: "t", extra: fit)
        s += body
        s += "</svg>"
        return s
    }

    static func text(x: Double, y: Double, _ s: String, cls: String = "lab", anchor: String = "start", extra: String = "") -> String {
        let a = anchor == "start" ? "" : " text-anchor=\"\(anchor)\""
        return "<text x=\"\(n(x))\" y=\"\(n(y))\" class=\"\(cls)\"\(a)\(extra)>\(esc(s))</text>\n"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil,
                     cls: String? = nil) -> String {
        var s = "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\""
        if width != 1 { s += " stroke-width=\"\(n(width))\"" }
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        if let cls { s += " class=\"\(cls)\"" }
        return s + "/>\n"
    }

    static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, opacity: Double? = nil,
                     stroke: String? = nil, strokeWidth: Double = 1) -> String {
        var s = "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, w)))\" height=\"\(n(max(0, h)))\" fill=\"\(fill)\""
        if let opacity { s += " fill-opacity=\"\(n2(opacity))\"" }
        if let stroke { s += " stroke=\"\(stroke)\"" + (strokeWidth != 1 ? " stroke-width=\"\(n(strokeWidth))\"" : "") }
        return s + "/>\n"
    }

    static func circle(_ x: Double, _ y: Double, r: Double, fill: String, stroke: String? = nil) -> String {
        "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"\(fill)\"" + (stroke.map { " stroke=\"\($0)\"" } ?? "") + "/>\n"
    }

    /// An open polyline through `pts`.
    static func polyline(_ pts: [(Double, Double)], stroke: String, width: Double, dash: String? = nil) -> String {
        guard !pts.isEmpty else { return "" }
        var d = ""
        for (i, p) in pts.enumerated() { d += (i == 0 ? "M" : " L") + n(p.0) + "," + n(p.1) }
        var s = "<path d=\"\(d)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\""
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        return s + "/>\n"
    }

    /// A closed, filled polygon.
    static func polygon(_ pts: [(Double, Double)], fill: String, opacity: Double) -> String {
        guard !pts.isEmpty else { return "" }
        var d = ""
        for (i, p) in pts.enumerated() { d += (i == 0 ? "M" : " L") + n(p.0) + "," + n(p.1) }
        return "<path d=\"\(d) Z\" fill=\"\(fill)\" fill-opacity=\"\(n2(opacity))\" stroke=\"none\"/>\n"
    }

    static func n2(_ x: Double) -> String { x.isFinite ? trim(Format.fixed(x, 2)) : "0" }

    /// y-axis rotated title centred on `y0...y1`, at `x`.
    static func verticalLabel(x: Double, y0: Double, y1: Double, _ s: String) -> String {
        let cy = (y0 + y1) / 2
        return "<text x=\"\(n(x))\" y=\"\(n(cy))\" class=\"lab\" text-anchor=\"middle\" transform=\"rotate(-90 \(n(x)) \(n(cy)))\">\(esc(s))</text>\n"
    }
}

/// Axis pieces shared by the charts.
enum Axis {
    /// Horizontal gridlines and tick labels of a value axis on the left of the plot `x0...x1`.
    static func left(_ scale: LinearScale, ticks: [Double], x0: Double, x1: Double, label: (Double) -> String) -> String {
        var s = ""
        for t in ticks {
            let y = scale(t)
            s += SVG.line(x0, y, x1, y, stroke: Palette.grid)
            s += SVG.text(x: x0 - 6, y: y + 4, label(t), cls: "tick", anchor: "end")
        }
        return s
    }

    /// Vertical gridlines and tick labels of a value axis under the plot `y0...y1`.
    static func bottom(_ scale: LinearScale, ticks: [Double], y0: Double, y1: Double, label: (Double) -> String) -> String {
        var s = ""
        for t in ticks {
            let x = scale(t)
            s += SVG.line(x, y0, x, y1, stroke: Palette.grid)
            s += SVG.text(x: x, y: y1 + 16, label(t), cls: "tick", anchor: "middle")
        }
        return s
    }

    /// Which of `count` category labels to show so that labels about `labelWidth` wide do not overlap in `span`
    /// pixels; counted back from the last label, which is always shown (the horizon matters most).
    static func shownCategories(count: Int, labelWidth: Double, span: Double) -> [Bool] {
        guard count > 0 else { return [] }
        guard count > 1 else { return [true] }
        let spacing = span / Double(count - 1)
        var every = 1
        while Double(every) * spacing < labelWidth + 14 && every < count { every += 1 }
        return (0..<count).map { (count - 1 - $0) % every == 0 }
    }

    /// Tick labels formatted with thousands separators and the decimals the step needs.
    static func numberLabel(_ ticks: NiceTicks) -> (Double) -> String {
        let d = ticks.digits
        return { Format.grouped($0, d) }
    }
}

/// One legend entry: a filled swatch, an outlined swatch or a line sample.
enum LegendKey {
    case fill(String, opacity: Double)
    case outline(String)
    case line(String, dash: String?, width: Double)
    case whisker(String)
}

enum Legend {
    /// Entries laid out left to right from (`x`, `y`), wrapping at `maxWidth`. Returns the SVG and the height used.
    static func row(_ items: [(LegendKey, String)], x: Double, y: Double, maxWidth: Double) -> (svg: String, height: Double) {
        var s = "", cx = x, cy = y
        for (key, label) in items {
            let w = 26 + SVG.textWidth(label) + 16
            if cx > x && cx + w > x + maxWidth { cx = x; cy += 18 }
            switch key {
            case let .fill(c, o): s += SVG.rect(cx, cy - 9, 20, 11, fill: c, opacity: o)
            case let .outline(c): s += SVG.rect(cx, cy - 9, 20, 11, fill: "none", stroke: c, strokeWidth: 1.2)
            case let .line(c, dash, width): s += SVG.line(cx, cy - 3.5, cx + 20, cy - 3.5, stroke: c, width: width, dash: dash)
            case let .whisker(c):
                s += SVG.line(cx + 2, cy - 3.5, cx + 18, cy - 3.5, stroke: c)
                s += SVG.line(cx + 2, cy - 8, cx + 2, cy + 1, stroke: c)
                s += SVG.line(cx + 18, cy - 8, cx + 18, cy + 1, stroke: c)
            }
            s += SVG.text(x: cx + 26, y: cy, label)
            cx += w
        }
        return (s, cy - y + 18)
    }
}

/// Number words for the text alternatives.
enum Describe {
    /// Decimals for values of this size: 0 from 100 up, 1 from 10, else 2.
    static func digits(_ values: [Double]) -> Int {
        let m = values.filter(\.isFinite).map(abs).max() ?? 0
        return m >= 100 ? 0 : m >= 10 ? 1 : 2
    }

    static func verb(from a: Double, to b: Double, plural: Bool) -> String {
        if a == b { return plural ? "stay at" : "stays at" }
        return b > a ? (plural ? "rise from" : "rises from") : (plural ? "fall from" : "falls from")
    }

    /// Capitalises the first letter ("registered patients" -> "Registered patients").
    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
}
