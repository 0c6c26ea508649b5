import Demography
import Scenarios

/// Tidy CSV tables of a projection. Counts are people, written with 3 decimals (model quantities, not
/// rounded estimates); `year` is the mid-year (30 June); age 90 means 90 and over.
public enum PopulationTables {
    public static func population(_ run: ProjectionRun) -> String {
        var csv = CSVBuilder(header: ["year", "place", "sex", "age", "resident", "registered"])
        for y in run.years { for p in run.places {
            let r = p.resident(y), g = p.registered(y)
            for s in Sex.allCases { for a in Ages.all {
                csv.row([String(y), p.name, s.description, String(a), Format.fixed(r[s, a], 3), Format.fixed(g[s, a], 3)])
            } }
        } }
        return csv.text
    }

    /// Per year (change from mid-year year-1 to mid-year year) and Place, with the housing figures.
    public static func components(_ run: ProjectionRun) -> String {
        var csv = CSVBuilder(header: ["year", "place", "start", "births", "deaths", "net_migration", "end",
                                      "migration_basis", "dwellings", "household_persons_per_dwelling",
                                      "communal_population", "housing_target_population"])
        for (i, y) in run.years.dropFirst().enumerated() { for p in run.places {
            let c = p.components[i]
            let h = c.housing
            csv.row([String(y), p.name, Format.fixed(c.totalStart, 3), Format.fixed(c.totalBirths, 3),
                     Format.fixed(c.totalDeaths, 3), Format.fixed(c.totalNetMigration, 3), Format.fixed(c.totalEnd, 3),
                     c.migrationBasis,
                     h.map { Format.fixed($0.dwellings, 1) } ?? "", h.map { Format.fixed($0.personsPerDwelling, 6) } ?? "",
                     h.map { Format.fixed($0.communal, 3) } ?? "", h.map { Format.fixed($0.population, 3) } ?? ""])
        } }
        return csv.text
    }

    /// Every cell's components: start is the cohort that ages into the cell (see ComponentsOfChange).
    public static func componentsByAge(_ run: ProjectionRun) -> String {
        var csv = CSVBuilder(header: ["year", "place", "sex", "age", "start", "births", "deaths", "net_migration", "end"])
        for (i, y) in run.years.dropFirst().enumerated() { for p in run.places {
            let c = p.components[i]
            for s in Sex.allCases { for a in Ages.all {
                let k = Ages.index(s, a)
                csv.row([String(y), p.name, s.description, String(a), Format.fixed(c.start[k], 3), Format.fixed(c.births[k], 3),
                         Format.fixed(c.deaths[k], 3), Format.fixed(c.netMigration[k], 3), Format.fixed(c.end[k], 3)])
            } }
        } }
        return csv.text
    }
}
