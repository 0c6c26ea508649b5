import Foundation
import Demography
import Scenarios
import Demand

/// `summary.md`: what a planner reads first — the headline beside the published figures, then Place detail.
public enum Summary {
    /// - Parameter absent: sections this run leaves out and why (`absentSections`), said under the introduction.
    public static func population(_ run: ProjectionRun, inputs: InputSet, absent: [String] = []) -> String {
        let s = run.scenario
        var md = "# \(s.title)\n\n"
        md += "Scenario `\(s.name)` · base mid-\(s.baseYear) · horizon mid-\(s.horizon) · Places: \(s.places.joined(separator: ", ")) · "
        md += "migration: \(s.migration.mode.rawValue)"
        if s.migration.mode == .housingLed { md += " from \(s.migration.housingLedFrom)" }
        md += ".\n\nResident = ONS-based usual residents at mid-year (30 June). Registered = GP-registered patients "
        md += "= resident x list inflation per Place. Registered at 31 March of year t = 0.25 x mid-year (t-1) + 0.75 x mid-year t.\n\n"
        if !absent.isEmpty {
            md += "Not in this run: " + absent.joined(separator: "; ") + ".\n\n"
        }

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
        let marks = [s.baseYear + 1] + keyYears(s) + [s.horizon]
        let years = Array(Set(marks.filter { $0 > s.baseYear && $0 <= s.horizon })).sorted()
        var t = MarkdownTable(["Place"] + years.map { "Mar \($0)" } + ["Growth \(years.first!)-\(years.last!)"])
        let total = s.report.totalLabel
        for p in s.places + [total] {
            let place: String? = p == total ? nil : p
            let v = years.map { run.registeredMarch($0, place: place) }
            t.row([p] + v.map { Format.grouped($0) } + [Format.signedPercent(v.last! / v.first! - 1)])
        }
        md += t.text + "\n"

        md += "## Resident population at mid-year, by Place\n\n"
        let ry = Array(Set(([s.baseYear] + keyYears(s) + [s.horizon]).filter { s.years.contains($0) })).sorted()
        var r = MarkdownTable(["Place"] + ry.map { "Mid-\($0)" } + ["Aged 65+ mid-\(ry.last!)"])
        for p in s.places + [total] {
            let place: String? = p == total ? nil : p
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
            let band = worstBand(p, trend[p.name]?[bandYear(run)], year: bandYear(run))
            t.row([p.name, String(n), Format.signedPercent(worst.0, 3), String(worst.1), band])
        }
        return md + t.text + "\n"
    }

    static func bandYear(_ run: ProjectionRun) -> Int { bandYear(run.scenario) }

    /// The calibration year (when list inflation is fitted to a published total) and the milestones.
    static func keyYears(_ s: Scenario) -> [Int] { (s.registration.calibrationYear.map { [$0] } ?? []) + s.report.milestones }

    /// The last milestone, where the report's tables end (the horizon when there are none).
    public static func lastMilestone(_ s: Scenario) -> Int { s.report.milestones.last ?? s.horizon }

    public static func bands() -> [ClosedRange<Int>] {
        stride(from: 0, to: 90, by: 5).map { $0...($0 + 4) } + [90...90]
    }

    static func worstBand(_ p: PlaceProjection, _ o: PopulationTable?, year: Int) -> String {
        guard let o else { return "n/a" }
        let r = p.resident(year)
        var worst = (0.0, "")
        for s in Sex.allCases { for b in bands() {
            let d = r.total(ages: b, sex: s) / max(o.total(ages: b, sex: s), 1e-9) - 1
            if abs(d) > abs(worst.0) { worst = (d, "\(s) \(b.lowerBound == 90 ? "90+" : "\(b.lowerBound)-\(b.upperBound)")") }
        } }
        return "\(Format.signedPercent(worst.0, 2)) (\(worst.1))"
    }

    /// The year of the band comparison: the last milestone.
    static func bandYear(_ s: Scenario) -> Int { lastMilestone(s) }

    /// Where every input came from: the manifest's files with short hashes, and where provenance is documented.
    public static func provenance(_ m: Manifest) -> String {
        var md = "## Run and data provenance\n\n"
        md += "Seed \(m.seed), \(m.draws) Monte Carlo draws, generator \(m.generator) (GNU GSL \(m.gslVersion)); "
        md += "full hashes in `manifest.json`. Paths are relative to the scenario file."
        let dir = m.scenario.file.deletingLastPathComponent()
        let docs = m.scenario.report.provenance.map { "`\(OutputPath.relative($0, to: dir))`" }
        if !docs.isEmpty {
            md += " Sources, licences and assumptions: " + (docs.count == 1 ? docs[0] : docs.dropLast().joined(separator: ", ") + " and " + docs.last!) + "."
        }
        md += "\n\n"
        var t = MarkdownTable(["Input", "File", "SHA-256 (first 12)"], rightAligned: [])
        for (role, path, hash) in m.hashes() { t.row([role, "`\(path)`", String(hash.prefix(12))]) }
        return md + t.text
    }
}

extension Summary {
    /// The sections a run leaves out, each with the missing input that would bring it in.
    public static func absentSections(_ s: Scenario, demand d: DemandResult?, inputs: InputSet, draws: Int) -> [String] {
        var out: [String] = []
        if inputs.published.isEmpty { out.append("the headline beside published figures (no inputs.published file)") }
        if inputs.trendProjection == nil { out.append("the comparison with a trend projection (no inputs.trend_projection file)") }
        if draws == 0 { out.append("Monte Carlo intervals (0 draws)") }
        if let d, s.demand != nil {
            if d.conditions.isEmpty { out.append("long-term conditions (no demand.conditions prevalence file)") }
            if d.workforce.isEmpty { out.append("workforce (no [workforce] section)") }
            if d.finance.isEmpty { out.append("finance (no [finance] section)") }
        } else {
            out.append("referrals, long-term conditions, workforce and finance (no [demand] section: no referral activity given)")
        }
        return out
    }
}
