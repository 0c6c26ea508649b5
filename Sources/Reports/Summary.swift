import Demography
import Scenarios

/// `summary.md`: what a planner reads first — the headline beside the published figures, then Place detail.
public enum Summary {
    public static func population(_ run: ProjectionRun, inputs: InputSet) -> String {
        let s = run.scenario
        var md = "# \(s.title)\n\n"
        md += "Scenario `\(s.name)` · base mid-\(s.baseYear) · horizon mid-\(s.horizon) · Places: \(s.places.joined(separator: ", ")) · "
        md += "migration: \(s.migration.mode.rawValue)"
        if s.migration.mode == .housingLed { md += " from \(s.migration.housingLedFrom)" }
        md += ".\n\nResident = ONS-based usual residents at mid-year (30 June). Registered = GP-registered patients "
        md += "= resident x list inflation per Place. Registered at 31 March of year t = 0.25 x mid-year (t-1) + 0.75 x mid-year t.\n\n"

        if !inputs.published.isEmpty {
            md += "## Headline beside the published figures\n\n"
            var t = MarkdownTable(["Measure", "cohort", "Published", "Difference", "Source"])
            for f in inputs.published {
                guard let m = Metrics.compute(f.metric, run) else { continue }
                if m.isRatio {
                    let pct: (Double, Int) -> String = m.label.hasPrefix("Share") ? { Format.percent($0, $1) } : { Format.signedPercent($0, $1) }
                    t.row([m.label, pct(m.value, 1), pct(f.value, 1),
                           (m.value - f.value >= 0 ? "+" : "") + Format.fixed((m.value - f.value) * 100, 1) + " points", f.source])
                } else {
                    t.row([m.label, Format.grouped(m.value), Format.grouped(f.value), Format.signedPercent(m.value / f.value - 1, 2), f.source])
                }
            }
            md += t.text + "\n"
        }

        md += "## Registered patients at 31 March, by Place\n\n"
        let marks = [s.baseYear + 1, 2025, 2033, 2043, s.horizon].filter { $0 > s.baseYear && $0 <= s.horizon }
        let years = Array(Set(marks)).sorted()
        var t = MarkdownTable(["Place"] + years.map { "Mar \($0)" } + ["Growth \(years.first!)-\(years.last!)"])
        for p in s.places + ["BLMK total"] {
            let place: String? = p == "BLMK total" ? nil : p
            let v = years.map { run.registeredMarch($0, place: place) }
            t.row([p] + v.map { Format.grouped($0) } + [Format.signedPercent(v.last! / v.first! - 1)])
        }
        md += t.text + "\n"

        md += "## Resident population at mid-year, by Place\n\n"
        let ry = Array(Set([s.baseYear, 2025, 2033, 2043, s.horizon].filter { s.years.contains($0) })).sorted()
        var r = MarkdownTable(["Place"] + ry.map { "Mid-\($0)" } + ["Aged 65+ mid-\(ry.last!)"])
        for p in s.places + ["Total"] {
            let place: String? = p == "Total" ? nil : p
            r.row([p] + ry.map { Format.grouped(run.resident($0, place: place)) }
                  + [Format.percent(run.resident(ry.last!, ages: 65...Ages.open, place: place) / run.resident(ry.last!, place: place))])
        }
        md += r.text + "\n"

        if let trend = inputs.trendProjection {
            md += comparison(run, trend: trend)
        }

        md += "## Components of change, all Places (year to mid-year)\n\n"
        var c = MarkdownTable(["Year", "Start", "Births", "Deaths", "Net migration", "End", "Dwellings"])
        for (i, y) in run.years.dropFirst().enumerated() where y <= s.baseYear + 3 || y % 5 == 0 || y == s.horizon {
            let comps = run.places.map { $0.components[i] }
            let dw = comps.compactMap { $0.housing?.dwellings }
            c.row([String(y), Format.grouped(comps.reduce(0) { $0 + $1.totalStart }),
                   Format.grouped(comps.reduce(0) { $0 + $1.totalBirths }), Format.grouped(comps.reduce(0) { $0 + $1.totalDeaths }),
                   Format.grouped(comps.reduce(0) { $0 + $1.totalNetMigration }), Format.grouped(comps.reduce(0) { $0 + $1.totalEnd }),
                   dw.count == comps.count ? Format.grouped(dw.reduce(0, +)) : "-"])
        }
        md += c.text + "\n"

        md += "## Assumptions of this run\n\n"
        let a = run.assumptions
        var at = MarkdownTable(["Assumption", "Value"], rightAligned: [])
        at.row(["Mortality", "England life table 2020-22 x ONS 2020-based improvement\(s.mortality.improvement ? "" : " (off)"), level x\(Format.fixed(a.mortalityLevel, 3))"])
        at.row(["Fertility", "Place TFR derived from the ONS 2022-based projection x\(Format.fixed(a.fertilityLevel, 3)); UN WPP \(s.fertility.shapeYear) age shape; sex ratio at birth \(Format.fixed(a.sexRatioAtBirth, 3))"])
        at.row(["Migration", "\(s.migration.mode.rawValue); trend = mean residual \(s.migration.trendYears.lowerBound)-\(s.migration.trendYears.upperBound); adjustment profile: Rogers-Castro \(s.migration.adjustmentProfile)"])
        if s.migration.mode == .housingLed {
            at.row(["Housing", "stock scenario \(s.housing.stockScenario)" + (s.housing.netAdditions.map { n in "; net additions a year: " + s.places.map { "\($0) \(Format.grouped(n[$0]!))" }.joined(separator: ", ") } ?? "")
                    + "; persons per dwelling change \(Format.signedPercent(a.personsPerDwellingChange, 2)) a year; communal share \(Format.percent(a.communalShare, 1))"])
        }
        at.row(["List inflation", s.places.map { "\($0) \(Format.fixed(a.listInflation[$0] ?? 1, 4))" }.joined(separator: ", ")])
        md += at.text
        return md
    }

    /// Each Place's resident total against the trend projection every year, and 5-year bands in one year.
    static func comparison(_ run: ProjectionRun, trend: [String: [Int: PopulationTable]]) -> String {
        let md = "## Against the trend projection (ONS 2022-based SNPP)\n\n"
        var t = MarkdownTable(["Place", "Years compared", "Largest |difference| in total", "Year of it", "Largest |difference|, 5-year band x sex, \(bandYear(run))"])
        for p in run.places {
            var worst = (0.0, 0)
            var n = 0
            for y in run.years.dropFirst() {
                guard let o = trend[p.name]?[y] else { continue }
                n += 1
                let d = p.resident(y).total / o.total - 1
                if abs(d) > abs(worst.0) { worst = (d, y) }
            }
            guard n > 0 else { continue }
            let band = worstBand(p, trend[p.name]?[bandYear(run)])
            t.row([p.name, String(n), Format.signedPercent(worst.0, 3), String(worst.1), band])
        }
        return md + t.text + "\n"
    }

    static func bandYear(_ run: ProjectionRun) -> Int { bandYear(years: run.years) }

    public static func bands() -> [ClosedRange<Int>] {
        stride(from: 0, to: 90, by: 5).map { $0...($0 + 4) } + [90...90]
    }

    static func worstBand(_ p: PlaceProjection, _ o: PopulationTable?) -> String {
        guard let o else { return "n/a" }
        let r = p.resident(bandYear(p))
        var worst = (0.0, "")
        for s in Sex.allCases { for b in bands() {
            let d = r.total(ages: b, sex: s) / max(o.total(ages: b, sex: s), 1e-9) - 1
            if abs(d) > abs(worst.0) { worst = (d, "\(s) \(b.lowerBound == 90 ? "90+" : "\(b.lowerBound)-\(b.upperBound)")") }
        } }
        return "\(Format.signedPercent(worst.0, 2)) (\(worst.1))"
    }

    static func bandYear(_ p: PlaceProjection) -> Int { bandYear(years: p.years) }

    /// The year of the band comparison: 2043 (the published horizon) when projected, else the last year.
    static func bandYear(years: ClosedRange<Int>) -> Int { years.contains(2043) ? 2043 : years.upperBound }

    /// Where every input came from: the manifest's files with short hashes, and where provenance is documented.
    public static func provenance(_ m: Manifest) -> String {
        var md = "## Run and data provenance\n\n"
        md += "Seed \(m.seed.map(String.init) ?? "none"), \(m.draws) Monte Carlo draws, generator \(m.generator) (GNU GSL \(m.gslVersion)); "
        md += "full hashes in `manifest.json`. Sources, licences and assumptions: `Scenarios/data/blmk/PROVENANCE.md` and `MODEL-INPUTS.md`.\n\n"
        var t = MarkdownTable(["Input", "File", "SHA-256 (first 12)"], rightAligned: [])
        for (role, path, hash) in m.hashes() { t.row([role, "`\(path)`", String(hash.prefix(12))]) }
        return md + t.text
    }
}
