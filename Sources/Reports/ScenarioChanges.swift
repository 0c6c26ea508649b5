import Foundation
import Scenarios

/// What a planner changed: the values a child scenario (`extends`) overrides from its parent, and the housing sites
/// (`[[new_towns]]`), for summary.md and report.html alike.
public enum ScenarioChanges {
    /// The overrides table (child scenarios only) and the sites table (when there are sites).
    public static func tables(_ s: Scenario) -> [ReportData.Table] {
        var out: [ReportData.Table] = []
        let dir = s.file.deletingLastPathComponent()
        if let c = s.parentChanges {
            var t = ReportData.Table(title: "What this scenario changes from its parent (\(OutputPath.relative(c.parent, to: dir)))",
                                     header: ["Setting", "Parent", "This scenario"], rows: [],
                                     note: c.changes.isEmpty ? "No setting differs from the parent's." : "Settings as written in the scenario files; paths relative to this scenario's file.")
            for ch in c.changes { t.rows.append([ch.key, ch.parent ?? "(not set)", ch.value]) }
            out.append(t)
        }
        if !s.newTowns.isEmpty {
            let parentSites = s.parentChanges?.parentSites
            var header = ["Site", "Place", "Dwellings", "Probability", "Start (mid-year)", "Build rate a year (mean)",
                          "Expected dwellings by \(s.horizon)"]
            if parentSites != nil { header.append("From") }
            var t = ReportData.Table(title: "Housing sites ([[new_towns]])", header: header, rows: [],
                                     note: "Expected dwellings = probability x completions from the middle start year at the mean build rate (the central run); they are the site_dwellings column of components.csv.")
            for site in s.newTowns {
                let start = (site.startYears.lowerBound + site.startYears.upperBound) / 2
                let built = site.completions(start: start, rate: site.buildRate.mean, through: s.horizon).values.reduce(0, +)
                var row = [site.name, site.place, Format.grouped(site.dwellings), Format.fixed(site.probability, 2),
                           "\(site.startYears.lowerBound)-\(site.startYears.upperBound)", Format.grouped(site.buildRate.mean),
                           Format.grouped(built * site.probability)]
                if let parentSites { row.append(parentSites.contains(site.name) ? "parent" : "added here") }
                t.rows.append(row)
            }
            out.append(t)
        }
        return out
    }

    public static func markdown(_ s: Scenario) -> String {
        var md = ""
        for t in tables(s) {
            md += "## \(t.title)\n\n"
            var m = MarkdownTable(t.header, rightAligned: Set(t.header.indices.filter { i in
                i > 0 && t.rows.allSatisfy { $0.indices.contains(i) && HTMLReport.looksNumeric($0[i]) }
            }))
            for r in t.rows { m.row(r) }
            md += m.text + "\n"
            if !t.note.isEmpty { md += t.note + "\n\n" }
        }
        return md
    }
}
