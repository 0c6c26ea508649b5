import Demography
import Scenarios

/// Tidy CSV tables of a projection. Counts are people (or dwellings), written with 3 decimals (model quantities, not
/// rounded estimates); rates 6; `year` is the mid-year (30 June); age 90 means 90 and over.
public enum PopulationTables {
    /// Every Place's cells, then "All Places" (the Places' cells summed in Place order).
    public static func population(_ run: ProjectionRun, labels l: RowLabels) -> String {
        var csv = CSVBuilder(header: RowLabels.header("year", ["sex", "age", "resident", "registered"]))
        for y in run.years {
            var allResident = [Double](repeating: 0, count: Ages.cells), allRegistered = allResident
            for p in run.places {
                let r = p.resident(y), g = p.registered(y)
                for s in Sex.allCases { for a in Ages.all {
                    let k = Ages.index(s, a)
                    allResident[k] += r[s, a]; allRegistered[k] += g[s, a]
                    csv.row(l.cells(String(y), p.name) + [s.description, String(a), Format.fixed(r[s, a], 3), Format.fixed(g[s, a], 3)])
                } }
            }
            for s in Sex.allCases { for a in Ages.all {
                let k = Ages.index(s, a)
                csv.row(l.cells(String(y), SeriesCatalog.allPlaces) + [s.description, String(a), Format.fixed(allResident[k], 3),
                                                                       Format.fixed(allRegistered[k], 3)])
            } }
        }
        return csv.text
    }

    /// Per year (change from mid-year year-1 to mid-year year) and Place, with the housing figures. `site_dwellings`
    /// is the part of `dwellings` built on `[[new_towns]]` sites (the central run's expected completions, cumulative).
    public static func components(_ run: ProjectionRun, labels l: RowLabels) -> String {
        var csv = CSVBuilder(header: RowLabels.header("year", ["start", "births", "deaths", "net_migration", "end",
                                                               "migration_basis", "dwellings", "site_dwellings",
                                                               "household_persons_per_dwelling", "communal_population",
                                                               "housing_target_population"]))
        var sites = [Double](repeating: 0, count: run.places.count)
        for (i, y) in run.years.dropFirst().enumerated() { for (pi, p) in run.places.enumerated() {
            let c = p.components[i]
            let h = c.housing
            sites[pi] += run.assumptions.extraDwellings[p.name]?[y] ?? 0
            csv.row(l.cells(String(y), p.name) + [Format.fixed(c.totalStart, 3), Format.fixed(c.totalBirths, 3),
                     Format.fixed(c.totalDeaths, 3), Format.fixed(c.totalNetMigration, 3), Format.fixed(c.totalEnd, 3),
                     c.migrationBasis,
                     h.map { Format.fixed($0.dwellings, 3) } ?? "", h.map { _ in Format.fixed(sites[pi], 3) } ?? "",
                     h.map { Format.fixed($0.personsPerDwelling, 6) } ?? "",
                     h.map { Format.fixed($0.communal, 3) } ?? "", h.map { Format.fixed($0.population, 3) } ?? ""])
        } }
        return csv.text
    }

    /// Every cell's components: start is the cohort that ages into the cell (see ComponentsOfChange).
    public static func componentsByAge(_ run: ProjectionRun, labels l: RowLabels) -> String {
        var csv = CSVBuilder(header: RowLabels.header("year", ["sex", "age", "start", "births", "deaths", "net_migration", "end"]))
        for (i, y) in run.years.dropFirst().enumerated() { for p in run.places {
            let c = p.components[i]
            let id = l.cells(String(y), p.name)
            for s in Sex.allCases { for a in Ages.all {
                let k = Ages.index(s, a)
                for f in id { csv.field(f) }
                csv.field(s.description); csv.field(String(a))
                for v in [c.start[k], c.births[k], c.deaths[k], c.netMigration[k], c.end[k]] { csv.field(v, 3) }
                csv.endRow()
            } }
        } }
        return csv.text
    }
}
