import Foundation
import TOMLKit
import Demography

/// Reads a scenario TOML file (following `extends` chains), validates it, resolves its paths and reads its inputs.
public enum ScenarioLoader {
    /// - Parameter derivable: input keys whose files may be missing (they are about to be derived).
    public static func load(_ url: URL, derivable: Set<String> = []) throws(InputError) -> Scenario {
        let (r, chain) = try read(url)
        // Keys, types, ranges and files first, every problem at once; then the checks that need several keys.
        try ScenarioFormat.validate(r, derivable: derivable)
        var s = try parse(r, url: url.standardizedFileURL)
        // Every input read once, here: the readers parse these bytes and the manifest hashes them.
        let dir = s.file.deletingLastPathComponent()
        s.files = chain.map { $0.relative(to: dir) }
        for (role, u) in s.inputURLs where !(derivable.contains(role) && !FileManager.default.fileExists(atPath: u.path)) {
            s.files.append(try InputFile(u, role: role, scenarioFolder: dir))
        }
        if chain.count > 1 {
            // The parent as it runs on its own, to list what this scenario changes (from the bytes already read).
            var parentChain: [InputFile] = []
            let (parent, _, _) = try readChain(chain[1].url, chain: &parentChain, known: chain)
            s.parentChanges = ParentChanges(parent: chain[1].url,
                                            changes: ParentChanges.diff(parent: parent, child: .table(r.entries), dir: url.standardizedFileURL.deletingLastPathComponent()),
                                            parentSites: ParentChanges.siteNames(parent))
        }
        return s
    }

    /// The merged scenario (after `extends`) as a reader that knows where each key was set, and the file chain.
    static func read(_ url: URL) throws(InputError) -> (ConfigReader, [InputFile]) {
        var chain: [InputFile] = []
        let (merged, origins, lines) = try readChain(url.standardizedFileURL, chain: &chain)
        let file = displayPath(url)
        guard case .table(let entries) = merged else { throw InputError(file: file, "expected a TOML table") }
        return (ConfigReader(file: file, path: "", entries: entries, lines: lines[file] ?? KeyLines(text: ""),
                             origins: origins, parentLines: lines), chain)
    }

    /// Reads `url` and its parents (files in `known` are not read again); the child's values override the parent's.
    /// Cycles and missing parents are errors. Returns the merged value, the file each key path was set in, and each
    /// file's key lines; `chain` gets the files read, the child first.
    static func readChain(_ url: URL, chain: inout [InputFile], known: [InputFile] = []) throws(InputError) -> (ConfigValue, [String: String], [String: KeyLines]) {
        let file = displayPath(url)
        if chain.contains(where: { $0.url == url }) {
            throw InputError(file: file, location: "key extends",
                             "extends cycle: " + (chain.map(\.url) + [url]).map { displayPath($0) }.joined(separator: " -> "))
        }
        let source: InputFile
        if let k = known.first(where: { $0.url == url }) { source = k } else {
            source = try InputFile(url, role: "scenario", scenarioFolder: url.deletingLastPathComponent(), expected: "expected a scenario file (TOML)")
        }
        chain.append(source)
        let text = try source.text()
        try TextCheck.tomlHeaders(text, file: file)
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw InputError(file: file, location: "line \(e.source.begin.line), column \(e.source.begin.column)",
                             "TOML syntax error: \(e.description)")
        } catch {
            throw InputError(file: file, "TOML syntax error: \(error)")
        }
        var value = absolutePaths(ConfigValue.from(table), dir: url.deletingLastPathComponent())
        let inline = ConfigValue.inlineTables(table)
        var allLines = [file: KeyLines(text: text)]
        let lines = allLines[file]!
        var origins: [String: String] = [:]
        guard case .table(var entries) = value else { return (value, origins, allLines) }
        if let i = entries.firstIndex(where: { $0.0 == "extends" }) {
            guard case .string(let parentName) = entries[i].1 else {
                throw InputError(file: file, location: lines.line(of: "extends").map { "line \($0), key extends" },
                                 "extends = \(entries[i].1.shown); expected the path of a parent scenario file")
            }
            entries.remove(at: i)
            let parentURL = URL(fileURLWithPath: parentName, relativeTo: url.deletingLastPathComponent()).standardizedFileURL
            if let p = fileProblem(parentURL) {
                throw InputError(file: file, location: lines.line(of: "extends").map { "line \($0), key extends" },
                                 "extends = \"\(parentName)\": parent scenario: \(p)")
            }
            let (parent, parentOrigins, parentLines) = try readChain(parentURL, chain: &chain, known: known)
            allLines.merge(parentLines) { own, _ in own }
            // Keys set only by the parent report the parent's file.
            collectPaths(parent, prefix: "", into: &origins, file: displayPath(parentURL))
            for (k, v) in parentOrigins { origins[k] = v }
            var own: [String: String] = [:]
            collectPaths(.table(entries), prefix: "", into: &own, file: file)
            for k in own.keys { origins[k] = nil }
            value = ConfigValue.merge(parent, .table(entries), replacing: inline)
        } else {
            value = .table(entries)
        }
        return (value, origins, allLines)
    }

    /// File paths (keys of kind `.path` in `ScenarioFormat`) are resolved against the folder of the file that
    /// sets them, so a child scenario in another folder inherits its parent's inputs unchanged. Other strings are
    /// left as written (a quoted number is then reported as text, not as a missing file).
    static func absolutePaths(_ v: ConfigValue, dir: URL) -> ConfigValue {
        guard case .table(var t) = v else { return v }
        for i in t.indices {
            guard case .table(var inner) = t[i].1 else { continue }
            for j in inner.indices {
                guard let spec = ScenarioFormat.spec([t[i].0, inner[j].0]), case .path = spec.kind else { continue }
                if case .string(let s) = inner[j].1, !s.isEmpty, !s.hasPrefix("/") {
                    inner[j].1 = .string(URL(fileURLWithPath: s, relativeTo: dir).standardizedFileURL.path)
                }
            }
            t[i].1 = .table(inner)
        }
        // `[report] provenance` lists documents, also relative to the file that sets them.
        if let i = t.firstIndex(where: { $0.0 == "report" }), case .table(var inner) = t[i].1,
           let j = inner.firstIndex(where: { $0.0 == "provenance" }), case .array(let a) = inner[j].1 {
            inner[j].1 = .array(a.map { x in
                guard case .string(let s) = x, !s.hasPrefix("/") else { return x }
                return .string(URL(fileURLWithPath: s, relativeTo: dir).standardizedFileURL.path)
            })
            t[i].1 = .table(inner)
        }
        return .table(t)
    }

    static func collectPaths(_ v: ConfigValue, prefix: String, into out: inout [String: String], file: String) {
        guard case .table(let t) = v else { return }
        for (k, x) in t {
            let p = prefix.isEmpty ? k : prefix + "." + k
            out[p] = file
            collectPaths(x, prefix: p, into: &out, file: file)
        }
    }

    /// A scenario name becomes an output folder (and `cohort new` makes `NAME.toml` and `data/NAME/` of it): a plain
    /// folder name only, so a run can never replace anything else.
    public static func isPlainName(_ name: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        return !name.isEmpty && name != "." && name != ".." && !name.hasPrefix(".") && name.allSatisfy { allowed.contains($0) }
    }

    static func parse(_ r: ConfigReader, url: URL) throws(InputError) -> Scenario {
        // A scenario's own `name`, else its file stem: a child that inherits its parent's name would write over the
        // parent's output folder.
        let stem = url.deletingPathExtension().lastPathComponent
        let given = r.has("name") ? try r.string("name") : nil
        let name = given != nil && r.origins["name"] == nil ? given! : stem
        // The name becomes the output folder: a plain folder name only, so a run can never replace anything else.
        guard isPlainName(name) else {
            throw r.error("name", "= \"\(name)\" is not a plain folder name; expected letters, digits, '-', '_' or '.' (not starting with '.')")
        }
        let title = try r.string("title", default: name)
        let baseYear = try r.int("base_year", min: 1900, max: 2200)
        let horizon = try r.int("horizon", min: 1900, max: 2300)
        guard horizon > baseYear else {
            throw r.error("horizon", "= \(horizon) is not after base_year \(baseYear); expected a later year")
        }
        let places = try r.strings("places")
        guard !places.isEmpty else { throw r.error("places", "is empty; expected at least one Place") }
        if let dup = places.enumerated().first(where: { places[..<$0.offset].contains($0.element) })?.element {
            throw r.error("places", "lists Place \"\(dup)\" twice; expected each Place once")
        }
        let placeCodes = try PlaceCodes.parse(r, places: places)

        let inp = try r.requiredTable("inputs")
        func path(_ key: String) throws(InputError) -> URL { try inp.inputPath(key) }
        func optionalPath(_ key: String) throws(InputError) -> URL? { inp.has(key) ? try path(key) : nil }
        var inputs = Scenario.Inputs(
            population: try path("population"), lifeTable: try path("life_table"),
            mortalityProjection: try path("mortality_projection"), fertilityShape: try path("fertility_shape"),
            fertilityLevels: try path("fertility_levels"), migration: try path("migration"),
            migrationProfiles: try path("migration_profiles"), dwellings: try path("dwellings"),
            trendProjection: try optionalPath("trend_projection"), published: try optionalPath("published"))
        inputs.registrationProfile = try optionalPath("registration_profile")
        try inp.finish()

        let m = try r.requiredTable("mortality")
        var mortality = Scenario.Mortality(
            lifeTableCentreYear: try m.year("life_table_centre_year"),
            improvement: try m.bool("improvement", default: true),
            level: try m.double("level", default: 1, above: 0),
            placeLevels: m.has("place_levels") ? try m.placeNumbers("place_levels", places: places, above: 0) : [:])
        if let c = try m.table("calibration") {
            let fy = try c.int("fy")
            guard fy >= baseYear, fy < horizon else {
                throw c.error("fy", "= \(fy); the deaths table covers financial years \(baseYear)/\((baseYear + 1) % 100) to \(horizon - 1)/\(horizon % 100), expected a start year from \(baseYear) to \(horizon - 1)")
            }
            mortality.calibration = .init(deaths: try c.double("deaths", above: 0), fy: fy, source: try c.optionalString("source"))
            try c.finish()
        }
        try m.finish()

        let f = try r.requiredTable("fertility")
        let fertility = Scenario.Fertility(
            shapeYear: try f.year("shape_year"),
            sexRatioAtBirth: try f.double("sex_ratio_at_birth", default: 1.05, above: 0),
            level: try f.double("level", default: 1, min: 0))
        try f.finish()

        let g = try r.requiredTable("migration")
        let modeName = try g.string("mode", oneOf: MigrationMode.allCases.map(\.rawValue))
        let ty = try g.years("trend_years") ?? [baseYear + 1, horizon]
        guard ty.count == 2, ty[0] <= ty[1] else {
            throw g.error("trend_years", "= \(ty); expected [first, last] with first <= last")
        }
        let hlf = try g.year("housing_led_from", default: baseYear + 1)
        guard hlf > baseYear, hlf <= horizon else {
            throw g.error("housing_led_from", "= \(hlf); expected a mid-year from \(baseYear + 1) to the horizon \(horizon)")
        }
        var migration = Scenario.Migration(
            mode: MigrationMode(rawValue: modeName)!, trendYears: ty[0]...ty[1],
            adjustmentProfile: try g.string("adjustment_profile", default: "Western standard"),
            housingLedFrom: hlf)
        migration.adjustment = MigrationAdjustment(rawValue: try g.string("adjustment", default: MigrationAdjustment.grossFlows.rawValue,
                                                                          oneOf: MigrationAdjustment.allCases.map(\.rawValue)))!
        migration.inMigrantProfile = InMigrantProfile(rawValue: try g.string("in_migrant_profile", default: InMigrantProfile.ratesTimesPopulation.rawValue,
                                                                            oneOf: InMigrantProfile.allCases.map(\.rawValue)))!
        migration.trendOutflows = TrendOutflows(rawValue: try g.string("trend_outflows", default: TrendOutflows.counts.rawValue,
                                                                      oneOf: TrendOutflows.allCases.map(\.rawValue)))!
        try g.finish()

        let h = try r.requiredTable("housing")
        let housing = Scenario.Housing(
            stockScenario: try h.string("stock_scenario"),
            netAdditions: h.has("net_additions") ? try h.placeNumbers("net_additions", places: places, min: -1e9) : nil,
            personsPerDwellingChange: try h.double("persons_per_dwelling_change", default: 0, min: -0.2, max: 0.2),
            communalShare: try h.double("communal_share", default: 0, min: 0, max: 1))
        try h.finish()

        let reg = try r.requiredTable("registration")
        var inflation: [String: Double] = [:]
        if case .table = reg.raw("list_inflation") ?? .int(0) {
            inflation = try reg.placeNumbers("list_inflation", places: places, above: 0)
        } else {
            let v = try reg.double("list_inflation", above: 0)
            for p in places { inflation[p] = v }
        }
        var calTotal: Double? = nil, calYear: Int? = nil
        if let c = try reg.table("calibration") {
            calTotal = try c.double("registered_total", above: 0)
            calYear = try c.year("year")
            guard calYear! > baseYear, calYear! <= horizon else {
                throw c.error("year", "= \(calYear!); 31 March of that year must fall inside the projection, expected \(baseYear + 1) to \(horizon)")
            }
            _ = try c.optionalString("source")
            try c.finish()
        }
        let profile = RegistrationProfile(rawValue: try reg.string("profile", default: RegistrationProfile.uniform.rawValue,
                                                                  oneOf: RegistrationProfile.allCases.map(\.rawValue)))!
        if profile == .ageSex && inputs.registrationProfile == nil {
            throw reg.error("profile", "= \"age-sex\" needs inputs.registration_profile (a CSV of sex,age_from,age_to,relative); expected that input, or profile = \"uniform\"")
        }
        try reg.finish()

        let demand = try DemandConfig.parse(r, places: places, baseYear: baseYear, horizon: horizon)
        let uncertainty = try UncertaintyParser.parse(r, places: places, baseYear: baseYear, horizon: horizon)
        let sites = try UncertaintyParser.sites(r, places: places, baseYear: baseYear, horizon: horizon)
        if migration.mode != .housingLed, let first = sites.first {
            throw r.error("new_towns", "site '\(first.name)' adds dwellings, but migration.mode = \"\(migration.mode.rawValue)\" ignores dwellings; expected mode = \"housing-led\"")
        }
        let report = try ReportConfig.parse(r, baseYear: baseYear, horizon: horizon)
        try r.finish()
        return Scenario(name: name, title: title, file: url, baseYear: baseYear, horizon: horizon, places: places, placeCodes: placeCodes,
                        inputs: inputs, mortality: mortality, fertility: fertility, migration: migration,
                        housing: housing,
                        registration: .init(listInflation: inflation, calibrationTotal: calTotal, calibrationYear: calYear, profile: profile),
                        demand: demand, uncertainty: uncertainty, newTowns: sites,
                        report: report, parentChanges: nil)
    }
}
