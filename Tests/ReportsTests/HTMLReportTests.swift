import Foundation
import XCTest
@testable import Reports

/// report.html from a small hand-made `ReportData` (2 Places, 5 years, 4 services, 2 staff groups).
///
/// Golden: `render()` must equal Tests/Fixtures/golden/report-small.html byte for byte. Re-record with
/// `COHORT_RECORD=1 swift test --filter HTMLReportTests`; a recording run FAILS so it never passes unnoticed —
/// review the new file (git diff, and open it in a browser) before committing.
final class HTMLReportTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let golden = packageRoot.appendingPathComponent("Tests/Fixtures/golden/report-small.html")

    // MARK: - Golden

    func testGoldenSmallReport() throws {
        let html = HTMLReport.render(Self.small())
        let fm = FileManager.default
        let path = Self.golden.path
        if ProcessInfo.processInfo.environment["COHORT_RECORD"] == "1" {
            try fm.createDirectory(at: Self.golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(html.utf8).write(to: Self.golden)
            XCTFail("""
                COHORT_RECORD=1: re-recorded \(path) (\(html.utf8.count) bytes). It must be reviewed (git diff, and open it \
                in a browser) before committing; run again without COHORT_RECORD to compare.
                """)
            return
        }
        guard let data = fm.contents(atPath: path) else {
            XCTFail("""
                golden file \(path) is missing. Record it with
                COHORT_RECORD=1 swift test --filter HTMLReportTests
                and review it (open it in a browser) before committing it.
                """)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if html != expected {
            let a = html.split(separator: "\n", omittingEmptySubsequences: false)
            let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            XCTFail("""
                report.html drifted from \(path) at line \(i + 1):
                  golden: \(i < b.count ? String(b[i].prefix(300)) : "<end of file>")
                  actual: \(i < a.count ? String(a[i].prefix(300)) : "<end of file>")
                If the change is intended, re-record with COHORT_RECORD=1 swift test --filter HTMLReportTests and review.
                """)
        }
    }

    func testRenderIsDeterministic() {
        // Dictionaries with the same contents can iterate differently in different instances; build the data twice.
        XCTAssertEqual(HTMLReport.render(Self.small()), HTMLReport.render(Self.small()))
        XCTAssertEqual(HTMLReport.render(Self.small(intervals: false)), HTMLReport.render(Self.small(intervals: false)))
    }

    // MARK: - Structure

    func testSelfContainedNoNetworkNoScript() {
        for html in [HTMLReport.render(Self.small()), HTMLReport.render(Self.small(intervals: false))] {
            let lower = html.lowercased()
            XCTAssertFalse(lower.contains("<script"), "no scripts")
            XCTAssertFalse(lower.contains("https://"), "no https references")
            XCTAssertFalse(lower.contains("<link"), "no external stylesheets")
            XCTAssertFalse(lower.contains("url("), "no CSS url()")
            XCTAssertFalse(lower.contains("<img"), "no images")
            XCTAssertFalse(lower.contains("@import"), "no CSS imports")
            // The only "http" allowed is the SVG namespace, once per <svg>.
            let svgCount = count(lower, "<svg")
            XCTAssertEqual(count(lower, "http"), svgCount, "only the SVG xmlns may contain http")
            XCTAssertEqual(count(lower, "http://"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""))
            XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n"))
            XCTAssertTrue(html.hasSuffix("</html>\n"))
            XCTAssertEqual(count(html, "<style>"), 1)
        }
    }

    func testEverySVGIsAccessible() {
        let html = HTMLReport.render(Self.small())
        let svgs = elements(html, "svg")
        // 2 pyramids, registered fan, referral growth, deaths, 2 workforce panels.
        XCTAssertEqual(svgs.count, 7)
        for svg in svgs {
            let open = String(svg.prefix { $0 != ">" })
            XCTAssertTrue(open.contains("role=\"img\""), "svg without role=img: \(open)")
            XCTAssertTrue(open.contains("aria-labelledby="), open)
            XCTAssertTrue(svg.contains("<title id="), "svg without <title>: \(open)")
            XCTAssertTrue(svg.contains("<desc id="), "svg without <desc>: \(open)")
            XCTAssertEqual(count(svg, "<title"), 1, open)
            XCTAssertEqual(count(svg, "<desc"), 1, open)
        }
        // Every chart sits in a figure with a caption.
        XCTAssertEqual(count(html, "<figure"), svgs.count)
        XCTAssertEqual(count(html, "<figcaption>"), svgs.count)
        // ids are unique.
        let ids = html.components(separatedBy: " id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        XCTAssertEqual(Set(ids).count, ids.count, "duplicate ids: \(ids)")
    }

    func testDescriptionsSummariseNumbers() {
        let html = HTMLReport.render(Self.small())
        XCTAssertTrue(html.contains("Registered patients rise from 1,111,002 in 2023 to 1,394,484 in 2027 (2027: 90% interval "
            + "1,310,000 to 1,480,000; 80% interval 1,330,000 to 1,460,000; median of draws 1,390,000)."), "registered desc")
        XCTAssertTrue(html.contains("Growth in referrals a year from 2023/24 to 2027/28: Community nursing (Community) +20.0% "
            + "(P5\u{2013}P95 +10.0% to +30.0%)"), "growth desc")
        let flat = HTMLReport.render(Self.small(intervals: false))
        XCTAssertTrue(flat.contains("(central projection only, no intervals)"))
    }

    func testEscapesText() {
        let html = HTMLReport.render(Self.small())
        XCTAssertTrue(html.contains("Tier &lt;4&gt; &amp; &quot;crisis&quot; &#39;team&#39;"), "escaped service name")
        XCTAssertFalse(html.contains("Tier <4>"))
        XCTAssertFalse(html.contains("\"crisis\""))
        XCTAssertEqual(HTMLReport.escape("a<&>\"'b"), "a&lt;&amp;&gt;&quot;&#39;b")
        XCTAssertTrue(html.contains("<title>Cohort &amp; demand"), "escaped page title")
    }

    func testNoNaNOrInfinity() {
        var d = Self.small()
        // Hostile values: NaN and infinite points, zero base, a non-finite percentile.
        d.registered.points.append(.init(label: "2028", central: .nan, interval: .init(percentiles: [5: .infinity, 95: 1])))
        d.referralGrowth.append(.init(service: "New service", group: "Community", base: 0, later: 10, laterInterval: nil))
        d.deaths.points[1].central = .infinity
        for html in [HTMLReport.render(Self.small()), HTMLReport.render(Self.small(intervals: false)), HTMLReport.render(d)] {
            XCTAssertFalse(html.contains("NaN"), "NaN in output")
            XCTAssertNil(html.range(of: #"(?i)(?<![a-z])-?inf(inity)?(?![a-z])"#, options: .regularExpression), "Inf in output")
        }
    }

    func testEmptyIntervalsAndEmptySeriesRender() {
        let flat = HTMLReport.render(Self.small(intervals: false))
        XCTAssertEqual(elements(flat, "svg").count, 7)
        XCTAssertFalse(flat.contains("Median of draws"))
        XCTAssertFalse(flat.contains("stroke-dasharray=\"7 4\""), "central line is solid without draws")
        XCTAssertTrue(flat.contains("Central projection"))

        // Interval present but with no percentiles.
        var d = Self.small(intervals: false)
        d.registered.points = d.registered.points.map { .init(label: $0.label, central: $0.central, interval: .init(percentiles: [:])) }
        XCTAssertFalse(HTMLReport.render(d).contains("NaN"))

        // Nothing at all.
        let none = ReportData(title: "Empty", scenario: "none", about: [], headline: .init(title: "", header: [], rows: [], note: ""),
                              pyramids: [], registered: .init(name: "", unit: "", points: []), growthYear: "", baseYear: "",
                              referralGrowth: [], deaths: .init(name: "", unit: "", points: []), workforceGap: [],
                              finance: .init(title: "Finance", header: ["Measure"], rows: [], note: ""), tables: [])
        let html = HTMLReport.render(none)
        XCTAssertEqual(elements(html, "svg").count, 0)
        XCTAssertTrue(html.contains("No registered population series in this run."))
        XCTAssertFalse(html.contains("NaN"))

        // One point, one band, constant values, empty pyramid arrays.
        var one = Self.small()
        one.registered.points = [one.registered.points[0]]
        one.deaths.points = one.deaths.points.map { .init(label: $0.label, central: 5, interval: nil) }
        one.pyramids[0].horizonMale = []
        one.pyramids[1].bands = []
        let h1 = HTMLReport.render(one)
        XCTAssertFalse(h1.contains("NaN"))
        XCTAssertTrue(h1.contains("stay at 5.00"))
    }

    func testTablesRightAlignNumbersAndKeepRows() {
        let html = HTMLReport.render(Self.small())
        XCTAssertTrue(html.contains("<td class=\"num\">1,394,484</td>"))
        XCTAssertTrue(html.contains("<caption>Finance (GBP m, 2025/26 prices)</caption>"))
        XCTAssertTrue(html.contains("<caption>Referrals by service</caption>"))
        XCTAssertTrue(html.contains("<p class=\"note\">Illustrative unit costs.</p>"))
        // Sections in the required order.
        let order = ["id=\"headline\"", "id=\"pyramids\"", "id=\"registered\"", "id=\"referrals\"", "id=\"deaths\"",
                     "id=\"workforce\"", "id=\"finance\"", "id=\"tables\""]
        let positions = order.map { html.range(of: $0)?.lowerBound }
        XCTAssertFalse(positions.contains(nil), "missing section")
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted())
    }

    func testNiceTicks() {
        let t = NiceTicks(1_111_002, 1_480_000, count: 5)
        XCTAssertEqual(t.values.first, 1_100_000)
        XCTAssertEqual(t.values.last, 1_500_000)
        XCTAssertEqual(t.step, 100_000)
        let p = NiceTicks(-0.03, 0.3, count: 5)
        XCTAssertEqual(p.step, 0.1, accuracy: 1e-12)
        XCTAssertEqual(p.values.first!, -0.1, accuracy: 1e-12)
        XCTAssertEqual(p.percentDigits, 0)
        let flat = NiceTicks(0, 0)
        XCTAssertTrue(flat.values.count >= 2)
        XCTAssertTrue(NiceTicks(.nan, .infinity).values.allSatisfy(\.isFinite))
        XCTAssertEqual(Axis.shownCategories(count: 5, labelWidth: 30, span: 600), [true, true, true, true, true])
        XCTAssertEqual(Axis.shownCategories(count: 21, labelWidth: 50, span: 300).last, true)
        XCTAssertEqual(IntervalReader.pairs(.init(percentiles: [95: 1, 5: 0, 50: 0.5, 90: 0.9, 10: 0.1])).map { [$0.lo, $0.hi] },
                       [[5, 95], [10, 90]])
    }

    // MARK: - Helpers

    func count(_ s: String, _ needle: String) -> Int { s.components(separatedBy: needle).count - 1 }

    /// The text of each `<tag ...>...</tag>` element (not nested).
    func elements(_ s: String, _ tag: String) -> [String] {
        s.components(separatedBy: "<\(tag) ").dropFirst().map { String($0.components(separatedBy: "</\(tag)>")[0]) }
    }

    // MARK: - Fixture

    static func iv(_ p5: Double, _ p10: Double, _ p50: Double, _ p90: Double, _ p95: Double) -> ReportData.Interval {
        .init(percentiles: [5: p5, 10: p10, 50: p50, 90: p90, 95: p95])
    }

    /// 2 Places, 5 years (2023-2027), 4 services in 2 groups (one with a name to escape), 2 staff groups.
    static func small(intervals: Bool = true) -> ReportData {
        let years = ["2023", "2024", "2025", "2026", "2027"]
        let fys = ["2023/24", "2024/25", "2025/26", "2026/27", "2027/28"]
        func i(_ v: ReportData.Interval) -> ReportData.Interval? { intervals ? v : nil }

        let regCentral = [1_111_002.0, 1_180_500, 1_250_250, 1_322_000, 1_394_484]
        let regIv = [iv(1_111_002, 1_111_002, 1_111_002, 1_111_002, 1_111_002), iv(1_160_000, 1_165_000, 1_179_000, 1_195_000, 1_200_000),
                     iv(1_210_000, 1_220_000, 1_248_000, 1_280_000, 1_290_000), iv(1_260_000, 1_275_000, 1_318_000, 1_370_000, 1_385_000),
                     iv(1_310_000, 1_330_000, 1_390_000, 1_460_000, 1_480_000)]
        let registered = ReportData.Series(name: "Registered population", unit: "registered patients",
                                           points: (0..<5).map { .init(label: years[$0], central: regCentral[$0], interval: i(regIv[$0])) })
        /// A point whose interval is central + the given offsets (P5, P10, P50, P90, P95).
        func point(_ label: String, _ c: Double, _ o5: Double, _ o10: Double, _ o50: Double, _ o90: Double, _ o95: Double) -> ReportData.Point {
            .init(label: label, central: c, interval: i(iv(c + o5, c + o10, c + o50, c + o90, c + o95)))
        }
        let deathsC: [Double] = [9_800, 9_950, 10_120, 10_300, 10_480]
        var deathPoints: [ReportData.Point] = []
        for k in 0..<5 {
            let c = deathsC[k]
            deathPoints.append(point(fys[k], c, -0.07 * c, -0.05 * c, 0.002 * c, 0.05 * c, 0.07 * c))
        }
        let deaths = ReportData.Series(name: "Deaths by financial year", unit: "deaths a year", points: deathPoints)
        let nurses: [Double] = [120, 160, 210, 265, 330], hca: [Double] = [-15, -4, 6, 12, 18.5]
        var nursePoints: [ReportData.Point] = [], hcaPoints: [ReportData.Point] = []
        for k in 0..<5 {
            let w = Double(k)
            nursePoints.append(point(fys[k], nurses[k], -40 * w, -30 * w, 2, 30 * w, 45 * w))
            hcaPoints.append(point(fys[k], hca[k], -6 * w, -4 * w, 0, 4 * w, 7 * w))
        }
        let gap = [ReportData.Series(name: "Registered nurses", unit: "FTE", points: nursePoints),
                   ReportData.Series(name: "Healthcare assistants", unit: "FTE", points: hcaPoints)]

        let bands = ["0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59",
                     "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"]
        func profile(_ scale: Double, old: Double) -> [Double] {
            bands.indices.map { k in
                let young = 1.0 - Double(k) * 0.01
                let ageing = k >= 13 ? old * (1.0 - Double(k - 13) * 0.14) : 1
                return (scale * young * ageing).rounded()
            }
        }
        let pyramids = [
            ReportData.Pyramid(place: "Bedford", bands: bands, baseYear: 2023, horizonYear: 2027,
                               baseFemale: profile(5_200, old: 0.8), baseMale: profile(5_100, old: 0.7),
                               horizonFemale: profile(5_500, old: 0.95), horizonMale: profile(5_450, old: 0.85)),
            ReportData.Pyramid(place: "Milton Keynes", bands: bands, baseYear: 2023, horizonYear: 2027,
                               baseFemale: profile(8_900, old: 0.6), baseMale: profile(8_800, old: 0.55),
                               horizonFemale: profile(9_800, old: 0.75), horizonMale: profile(9_700, old: 0.7)),
        ]

        let growth = [
            ReportData.Growth(service: "Community nursing", group: "Community", base: 100_000, later: 120_000,
                              laterInterval: i(iv(110_000, 112_000, 119_500, 127_000, 130_000))),
            ReportData.Growth(service: "Podiatry", group: "Community", base: 20_000, later: 21_000,
                              laterInterval: i(iv(19_400, 19_800, 21_000, 22_300, 22_800))),
            ReportData.Growth(service: "Talking therapies", group: "Mental health", base: 30_000, later: 34_500,
                              laterInterval: i(iv(31_000, 32_000, 34_400, 37_000, 38_000))),
            ReportData.Growth(service: "Tier <4> & \"crisis\" 'team'", group: "Mental health", base: 5_000, later: 4_750,
                              laterInterval: i(iv(4_300, 4_450, 4_760, 5_050, 5_200))),
        ]

        let ivLabel = intervals ? "2027 P5-P95" : "2027"
        let headline = ReportData.Table(
            title: "Headline figures", header: ["Measure", "2023", "2027", ivLabel, "Change"],
            rows: [["Registered patients", "1,111,002", "1,394,484", intervals ? "1,310,000 to 1,480,000" : "", "+25.5%"],
                   ["Deaths a year", "9,800", "10,480", intervals ? "9,746 to 11,214" : "", "+6.9%"],
                   ["Referrals a year", "155,000", "180,250", intervals ? "164,700 to 194,000" : "", "+16.3%"]],
            note: "Registered patients by mid-year; deaths and referrals by financial year.")
        let finance = ReportData.Table(
            title: "Finance (GBP m, 2025/26 prices)", header: ["Measure", "2023/24", "2027/28"],
            rows: [["Cost of referral demand", "41.2", "48.9"], ["Allocation", "40.0", "44.1"], ["Gap at base-year share", "1.2", "4.8"]],
            note: "Illustrative unit costs.")
        let tables = [
            ReportData.Table(title: "Referrals by service", header: ["Service", "Group", "2023/24", "2027/28", "Growth"],
                             rows: growth.map { [$0.service, $0.group, Format.grouped($0.base), Format.grouped($0.later),
                                                 Format.signedPercent($0.later / $0.base - 1)] },
                             note: ""),
            ReportData.Table(title: "Workforce gap (FTE)", header: ["Staff group", "2023/24", "2027/28"],
                             rows: [["Registered nurses", "120", "330"], ["Healthcare assistants", "-15", "19"]], note: "Gap = required - supply."),
        ]
        return ReportData(
            title: "Cohort & demand report", scenario: intervals ? "blmk-small (Monte Carlo)" : "blmk-small (central)",
            about: ["Seed 20251124, 500 draws, GSL 2.7.1 mt19937", "Populations: hand-made test data, not a real projection"],
            headline: headline, pyramids: pyramids, registered: registered, growthYear: "2027/28", baseYear: "2023/24",
            referralGrowth: growth, deaths: deaths, workforceGap: gap, finance: finance, tables: tables)
    }
}
