import Scenarios
import Demand

/// Board-paper sections for workforce and finance (central values, with intervals when the run has draws).
public enum WorkforceSummary {
    static let all = SeriesCatalog.allPlaces

    public static func markdown(_ d: DemandResult, scenario sc: Scenario, intervals: IntervalLookup?) -> String {
        var md = ""
        if !d.workforce.isEmpty, let base = d.workforceFYs.first {
            let groups = d.workforce.reduce(into: [String]()) { if !$0.contains($1.staffGroup) { $0.append($1.staffGroup) } }
            let marks = [base] + DemandSummary.marks(sc.report.milestones, in: d.workforceFYs)
            md += "## Workforce (community & mental-health providers, FTE)\n\n"
            md += "Required = base establishment (published posts, treated as FTE) x growth of the demand that drives each unit, "
            md += "less productivity; supply = staff in post, less leavers and retirements, plus joiners at today's recruitment volume. "
            md += "Gap = required - supply (base-year gap = vacancies).\n\n"
            var header = ["Staff group"]
            for y in marks { header += ["Required \(Format.fy(y))", "Supply \(Format.fy(y))", "Gap \(Format.fy(y))"] }
            if let iv = intervals { header += ["Gap \(Format.fy(marks.last!)) \(iv.label)"] }
            header += ["Required growth \(Format.fy(base))-\(Format.fy(marks.last!))"]
            var t = MarkdownTable(header)
            for g in groups + ["All staff groups"] {
                var row = [g]
                var first = 0.0, last = 0.0
                for (k, y) in marks.enumerated() {
                    let i = d.workforceFYs.firstIndex(of: y)!
                    let sel = d.workforce.filter { g == "All staff groups" || $0.staffGroup == g }
                    let r = sel.reduce(0) { $0 + $1.required[i] }, s = sel.reduce(0) { $0 + $1.supply[i] }
                    if k == 0 { first = r }; last = r
                    row += [Format.grouped(r), Format.grouped(s), Format.grouped(r - s)]
                }
                if let iv = intervals { row.append(iv.text(.init(table: .workforce, fields: [Format.fy(marks.last!), all, g, "gap_fte"]))) }
                row.append(Format.signedPercent(last / first - 1))
                t.row(row)
            }
            md += t.text + "\n"
        }
        if !d.finance.isEmpty, let base = d.financeFYs.first {
            let marks = [base] + DemandSummary.marks(sc.report.milestones, in: d.financeFYs)
            md += "## Finance (GBP m, real terms, \(Format.fy(base)) prices)\n\n"
            md += "Cost of demand = referrals x cost per referral (the costs input file). Allocation = per-head "
            md += "allocation x registered patients x real growth. Gap = cost of demand - what community & mental-health services "
            md += "would get if they kept their \(Format.fy(base)) share of the allocation. \(sc.report.costCaveat)\n\n"
            var header = ["Measure"] + marks.map { Format.fy($0) }
            if let iv = intervals { header.append("\(Format.fy(marks.last!)) \(iv.label)") }
            var t = MarkdownTable(header)
            for (label, measure) in [("Cost of referral demand", "cost_of_demand_gbp_m"), ("Allocation", "allocation_gbp_m"), ("Gap at base-year share", "gap_gbp_m")] {
                var row = [label]
                for y in marks {
                    let i = d.financeFYs.firstIndex(of: y)!
                    let v: Double
                    switch measure {
                    case "cost_of_demand_gbp_m": v = d.finance.reduce(0) { $0 + $1.cost[i] }
                    case "allocation_gbp_m": v = d.finance.reduce(0) { $0 + $1.allocation[i] }
                    default: v = d.finance.reduce(0) { $0 + $1.cost[i] - $1.budgetAtBaseShare[i] }
                    }
                    row.append(Format.grouped(v / 1e6, 1))
                }
                if let iv = intervals { row.append(iv.text(.init(table: .finance, fields: [Format.fy(marks.last!), all, measure]), digits: 1)) }
                t.row(row)
            }
            md += t.text + "\n"
        }
        return md
    }
}
