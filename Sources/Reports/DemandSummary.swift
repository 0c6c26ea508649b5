import Demography
import Scenarios
import Demand

/// Demand sections of summary.md: the base year beside the scenario's milestone years (`[report] milestones`).
public enum DemandSummary {
    /// The milestones that are periods of `periods`; the last period when none is.
    static func marks(_ milestones: [Int], in periods: [Int]) -> [Int] {
        let m = milestones.filter { periods.contains($0) && $0 != periods.first }
        return m.isEmpty ? Array(periods.suffix(periods.count > 1 ? 1 : 0)) : m
    }

    /// Referrals (when the scenario has referral activity), deaths and long-term conditions (when it has registers).
    public static func markdown(_ d: DemandResult, scenario sc: Scenario, targets: [ReferralTarget], published: [PublishedFigure],
                                intervals: IntervalLookup? = nil) -> String {
        let milestones = sc.report.milestones
        var md = d.referrals.isEmpty ? "" : referrals(d, milestones: milestones, targets: targets, intervals: intervals)
        guard !d.deathFYs.isEmpty else { return md }
        md += d.deathsBasis == .registered ? "## Deaths (GP-registered basis)\n\n" : "## Deaths (usual-resident basis)\n\n"
        md += "Central death rates of the projection's mortality (England 2020-22 x improvement) x \(d.deathsBasis == .registered ? "registered patients" : "usual residents").\n\n"
        // Compared with the year of published observed deaths (`deaths_fy_YYYY`) when there is one, else the first year.
        let observed = published.compactMap { f -> (Int, Double)? in
            guard f.metric.hasPrefix("deaths_fy_"), let y = Int(f.metric.dropFirst("deaths_fy_".count)), d.deathFYs.contains(y) else { return nil }
            return (y, f.value)
        }.first
        let ref = observed?.0 ?? d.deathFYs.first!
        let v0 = d.totalDeaths(d.deathFYs.firstIndex(of: ref)!)
        var t = MarkdownTable(["Financial year", "Deaths", "Change on \(Format.fy(ref))"] + (observed == nil ? [] : ["Observed", "Predicted / observed"]))
        let rows = Array(Set([ref] + milestones.filter { $0 > ref && d.deathFYs.contains($0) } + [d.deathFYs.last!])).sorted()
        for y in rows {
            let v = d.totalDeaths(d.deathFYs.firstIndex(of: y)!)
            var row = [Format.fy(y), Format.grouped(v), Format.signedPercent(v / v0 - 1)]
            if let (oy, o) = observed { row += y == oy ? [Format.grouped(o), Format.fixed(v / o, 3)] : ["", ""] }
            t.row(row)
        }
        md += t.text + "\n"

        if !d.conditions.isEmpty {
            let years = [d.conditionYears.first!] + Self.marks(milestones, in: d.conditionYears)
            let base = sc.demand?.conditionsBaseYear ?? d.conditionYears.first!
            let end = years.last!
            md += "## Long-term conditions (people on QOF registers, mid-year, all Places)\n\n"
            var c = MarkdownTable(["Condition"] + years.map { "Mid-\($0)" } + ["Prevalence \(base)", "Change \(base)-\(end)", "% change"])
            let total = { (i: Int) -> Double in d.totalRegistered(i) }
            for s in d.conditions {
                guard let ib = d.conditionYears.firstIndex(of: base), let ie = d.conditionYears.firstIndex(of: end) else { continue }
                c.row([s.name] + years.map { Format.grouped(s.total(d.conditionYears.firstIndex(of: $0)!)) }
                      + [Format.percent(s.total(ib) / total(ib), 2), Format.grouped(s.total(ie) - s.total(ib)),
                         Format.signedPercent(s.total(ie) / s.total(ib) - 1)])
            }
            md += c.text + "\n"
        }
        return md
    }

    static func referrals(_ d: DemandResult, milestones: [Int], targets: [ReferralTarget], intervals: IntervalLookup?) -> String {
        var md = "## Referrals by service (all Places, GP-registered basis)\n\n"

        md += "Base-year referrals by age band and sex become rates per registered patient, applied to each projected "
        md += "financial year (population = 0.75 x mid-year y + 0.25 x mid-year y+1)."
        if !targets.isEmpty { md += " Age profiles are FITTED to the published totals (see the referrals input file's header)." }
        md += "\n\n"
        let idx = { (y: Int) -> Int? in d.referralFYs.firstIndex(of: y) }
        let base = d.referralFYs.first!
        let marks = Self.marks(milestones, in: d.referralFYs)
        for group in orderedGroups(d) {
            md += "### \(group)\n\n"
            var header = ["Service", Format.fy(base)] + marks.map { Format.fy($0) } + marks.map { "% change to \(Format.fy($0))" }
            if let iv = intervals { header += marks.map { "\(Format.fy($0)) \(iv.label)" } }
            if let tf = targets.first?.targetFY { header += ["Published \(Format.fy(tf))", "Difference"] }
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
            md += "Published \(Format.fy(targets[0].targetFY)) projections compared: \(n); largest difference \(Format.signedPercent(worst.0, 2)) (\(worst.1)).\n\n"
        }

        return md
    }

    static func orderedGroups(_ d: DemandResult) -> [String] {
        var seen: [String] = []
        for s in d.referrals where !seen.contains(s.group) { seen.append(s.group) }
        return seen
    }
}
