import Demography
import Scenarios

/// Demand sections of summary.md, laid out like the published BLMK tables.
public enum DemandSummary {
    public static func markdown(_ d: DemandResult, targets: [ReferralTarget], published: [PublishedFigure], intervals: IntervalLookup? = nil) -> String {
        var md = "## Referrals by service (all Places, GP-registered basis)\n\n"
        md += "Base-year referrals by age band and sex become rates per registered patient, applied to each projected "
        md += "financial year (population = 0.75 x mid-year y + 0.25 x mid-year y+1)."
        if !targets.isEmpty { md += " Age profiles are FITTED to the published totals (see the referrals input file's header)." }
        md += "\n\n"
        let idx = { (y: Int) -> Int? in d.referralFYs.firstIndex(of: y) }
        let base = d.referralFYs.first!
        let marks = [2033, 2043].filter { idx($0) != nil }
        for group in orderedGroups(d) {
            md += "### \(group)\n\n"
            var header = ["Service", Format.fy(base)] + marks.map { Format.fy($0) } + marks.map { "% change to \(Format.fy($0))" }
            if let iv = intervals { header += marks.map { "\(Format.fy($0)) \(iv.label)" } }
            if !targets.isEmpty { header += ["Published 2033/34", "Difference"] }
            var t = MarkdownTable(header)
            for s in d.referrals where s.group == group {
                let b = s.total(0)
                var row = [s.name, Format.grouped(b)] + marks.map { Format.grouped(s.total(idx($0)!)) }
                row += marks.map { Format.signedPercent(s.total(idx($0)!) / b - 1) }
                if let iv = intervals {
                    row += marks.map { iv.text(.init(table: .referrals, fields: [Format.fy($0), SeriesCatalog.allPlaces, s.group, s.name])) }
                }
                if let tg = targets.first(where: { $0.service == s.name }), let i = idx(tg.targetFY) {
                    row += [Format.grouped(tg.projected), Format.signedPercent(s.total(i) / tg.projected - 1, 2)]
                } else if !targets.isEmpty { row += ["", ""] }
                t.row(row)
            }
            md += t.text + "\n"
        }
        if !targets.isEmpty {
            var worst = (0.0, "")
            var n = 0
            for tg in targets {
                guard let s = d.referrals.first(where: { $0.name == tg.service }), let i = idx(tg.targetFY) else { continue }
                n += 1
                let diff = s.total(i) / tg.projected - 1
                if abs(diff) > abs(worst.0) { worst = (diff, tg.service) }
            }
            md += "Published 2033/34 projections compared: \(n); largest difference \(Format.signedPercent(worst.0, 2)) (\(worst.1)).\n\n"
        }

        md += d.deathsBasis == .registered ? "## Deaths (GP-registered basis)\n\n" : "## Deaths (usual-resident basis)\n\n"
        md += "Central death rates of the projection's mortality (England 2020-22 x improvement) x \(d.deathsBasis == .registered ? "registered patients" : "usual residents").\n\n"
        var t = MarkdownTable(["Financial year", "Deaths", "Change on \(Format.fy(2024))", "Observed", "Predicted / observed"])
        let observed = published.first { $0.metric == "deaths_fy_2024" }?.value
        let i24 = d.deathFYs.firstIndex(of: 2024)
        for y in [2024, 2034, 2042, 2043].filter({ d.deathFYs.contains($0) }) {
            let i = d.deathFYs.firstIndex(of: y)!
            let v = d.totalDeaths(i)
            let v24 = i24.map { d.totalDeaths($0) }
            t.row([Format.fy(y), Format.grouped(v), v24.map { Format.signedPercent(v / $0 - 1) } ?? "",
                   y == 2024 ? observed.map { Format.grouped($0) } ?? "" : "",
                   y == 2024 ? observed.map { Format.fixed(v / $0, 3) } ?? "" : ""])
        }
        md += t.text + "\n"

        if !d.conditions.isEmpty {
            let years = [d.conditionYears.first!, 2033, 2043].filter { d.conditionYears.contains($0) }
            let base = 2023
            md += "## Long-term conditions (people on QOF registers, mid-year, all Places)\n\n"
            var c = MarkdownTable(["Condition"] + years.map { "Mid-\($0)" } + ["Prevalence \(base)", "Change \(base)-2043", "% change"])
            let total = { (i: Int) -> Double in d.totalRegistered(i) }
            for s in d.conditions {
                guard let ib = d.conditionYears.firstIndex(of: base), let ie = d.conditionYears.firstIndex(of: 2043) else { continue }
                c.row([s.name] + years.map { Format.grouped(s.total(d.conditionYears.firstIndex(of: $0)!)) }
                      + [Format.percent(s.total(ib) / total(ib), 2), Format.grouped(s.total(ie) - s.total(ib)),
                         Format.signedPercent(s.total(ie) / s.total(ib) - 1)])
            }
            md += c.text + "\n"
        }
        return md
    }

    static func orderedGroups(_ d: DemandResult) -> [String] {
        var seen: [String] = []
        for s in d.referrals where !seen.contains(s.group) { seen.append(s.group) }
        return seen
    }
}
