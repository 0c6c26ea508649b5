import ArgumentParser
import Foundation
import Demography
import Scenarios

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a ready-to-run scenario for any area in England: an ICB, an NHS England region or a list of LAs.",
        discussion: """
        Writes DIR/NAME.toml and DIR/data/NAME/ (population base, fertility levels, trend migration, dwellings and
        DEMAND-TEMPLATE.md) from the England inputs, every value commented with where it came from. All files are
        written or none; an existing scenario is replaced only with --force.
        Examples:
          cohort new blmk --icb QHG
          cohort new two-las --lad E06000055,E06000056 --mode housing-led
          cohort new north-east --region "North East and Yorkshire"
        """)

    @Argument(help: "Scenario name: the file NAME.toml, its data folder and its output folder (letters, digits, '-', '_', '.').")
    var name: String
    @Option(help: "ICB by ONS code (E54...), ODS code (e.g. QHG) or name.") var icb: String?
    @Option(help: "Local authority district codes (2023), comma-separated.") var lad: String?
    @Option(help: "NHS England region by name.") var region: String?
    @Option(help: "Folder that receives NAME.toml and data/NAME/.") var dir: String = "Scenarios"
    @Option(help: "trend (trend net migration every year) or housing-led (dwellings set the population).")
    var mode: String = AreaScenarioWriter.Mode.trend.rawValue
    @Option(help: "How a housing-led gap is added to migration: gross-flows (default; the back-test's better one) or net-profile.")
    var adjustment: String = MigrationAdjustment.grossFlows.rawValue
    @Option(help: "Trend mode: the trend's out-migration as rates of the people at risk (default) or counts.") var trendOutflows: String = TrendOutflows.rates.rawValue
    @Option(help: "Base mid-year (an ONS estimate year).") var base: Int = 2022
    @Option(help: "Last mid-year projected.") var horizon: Int = 2047
    @Option(help: "Parts of split LAs with a smaller share of the LA's residents are left out (--icb, --region; default 0.05).")
    var minShare: Double?
    @Flag(help: "With --lad: take LAs that are split between ICBs whole.") var wholeLads = false
    @Option(help: "GP registered / resident population (default 1.0: resident basis).") var listInflation: Double?
    @Option(help: "A published GP-registered total to fit list inflation to (with --registered-year and --registered-source).")
    var registeredTotal: Double?
    @Option(help: "31 March of this year is when --registered-total was counted.") var registeredYear: Int?
    @Option(help: "Where --registered-total was published.") var registeredSource: String?
    @Option(help: "The England inputs folder (its national_inputs.csv names the national schedules).")
    var englandData: String = EnglandData.defaultFolder
    @Flag(help: "Replace an existing scenario of this name (files that cohort new did not write are kept).") var force = false

    func validate() throws {
        guard ScenarioLoader.isPlainName(name) else {
            throw ValidationError("NAME '\(name)' is not a plain file name; expected letters, digits, '-', '_' or '.' (not starting with '.'), no path characters")
        }
        let chosen = [icb.map { _ in "--icb" }, lad.map { _ in "--lad" }, region.map { _ in "--region" }].compactMap { $0 }
        guard chosen.count == 1 else {
            throw ValidationError(chosen.isEmpty ? "give the area: one of --icb, --lad or --region"
                                                 : "give one of --icb, --lad or --region, not \(chosen.joined(separator: " and "))")
        }
        guard MigrationAdjustment(rawValue: adjustment) != nil else {
            throw ValidationError("--adjustment '\(adjustment)': expected \(MigrationAdjustment.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        guard TrendOutflows(rawValue: trendOutflows) != nil else {
            throw ValidationError("--trend-outflows '\(trendOutflows)': expected \(TrendOutflows.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        guard AreaScenarioWriter.Mode(rawValue: mode) != nil else {
            throw ValidationError("--mode '\(mode)': expected \(AreaScenarioWriter.Mode.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        guard horizon > base else { throw ValidationError("--horizon \(horizon): must be after the base year \(base)") }
        if let minShare, !(minShare.isFinite && (0...1).contains(minShare)) { throw ValidationError("--min-share \(minShare): expected a share from 0 to 1") }
        if minShare != nil, lad != nil { throw ValidationError("--min-share applies to --icb and --region (--lad takes whole LAs)") }
        if wholeLads, lad == nil { throw ValidationError("--whole-lads applies to --lad only (--icb and --region take each LA's share)") }
        if let listInflation, !(listInflation.isFinite && listInflation > 0) {
            throw ValidationError("--list-inflation \(listInflation): expected a positive number (registered / resident)")
        }
        let reg = [registeredTotal != nil, registeredYear != nil, registeredSource != nil]
        if reg.contains(true), reg.contains(false) {
            throw ValidationError("--registered-total, --registered-year and --registered-source go together: give all three or none")
        }
        if let t = registeredTotal, !(t.isFinite && t > 0) { throw ValidationError("--registered-total \(t): expected a positive count") }
        if let y = registeredYear, !(y > base && y <= horizon) {
            throw ValidationError("--registered-year \(y): 31 March of that year must fall inside the projection; expected \(base + 1) to \(horizon)")
        }
    }

    func run() throws {
        try userFacing { () throws -> Void in
            let out = URL(fileURLWithPath: dir).standardizedFileURL
            let fm = FileManager.default
            let existing = ["\(name).toml", "data/\(name)"].filter { fm.fileExists(atPath: out.appendingPathComponent($0).path) }
            if !existing.isEmpty, !force {
                throw Failure("\(name): \(existing.map { "\(dir)/\($0)" }.joined(separator: " and ")) already exist\(existing.count == 1 ? "s" : ""); choose another NAME or add --force to replace the files cohort new writes")
            }
            let englandURL = URL(fileURLWithPath: englandData).standardizedFileURL
            guard fm.fileExists(atPath: englandURL.appendingPathComponent("lad23_icb.csv").path) else {
                throw Failure("--england-data '\(englandData)': no England inputs there (lad23_icb.csv not found); expected the folder \(EnglandData.defaultFolder) of the cohort project, or run from the project folder")
            }
            let files = try NationalSchedules.Files.read(englandFolder: englandURL)
            let data = try EnglandData.load(folder: englandURL)
            let selection = try select(data)
            let tfr = try NationalSchedules.readTFRPath(files.englandTFR, from: base)
            let national = try NationalSchedules.load(lifeTable: files.lifeTable, mortalityProjection: files.mortalityProjection,
                                                      fertilityShape: files.fertilityShape, shapeYear: AreaScenarioWriter.fertilityShapeYear,
                                                      centreYear: AreaScenarioWriter.lifeTableCentreYear,
                                                      sexRatioAtBirth: AreaScenarioWriter.sexRatioAtBirth)
            let options = AreaModel.Options.forward(baseYear: base, horizon: horizon, englandTFR: tfr.tfr, englandTFRSource: tfr.source)
            let model: AreaModel
            do { model = try AreaModel.build(selection, data: data, national: national, options: options) }
            catch { throw Failure("\(error)") }
            guard !model.migrationYearsUsed.isEmpty else {
                let first = AreaModel.Options.forward(englandTFR: [:], englandTFRSource: "").migrationYears.min() ?? base
                throw Failure("--base \(base): no step of the trend-migration window (mid-years into which residual migration is averaged) falls by mid-\(base); expected one of \(data.estimates.keys.sorted().filter { $0 >= first }.map(String.init).joined(separator: ", "))")
            }
            // The engine needs projected mortality for every year of the projection: refuse a horizon past it here,
            // rather than write a scenario that `cohort run` cannot run.
            if let missing = (base...horizon).first(where: { national.projectedQx[$0] == nil }) {
                let held = national.projectedQx.keys.sorted()
                let range = "\(held.first.map(String.init) ?? "-")-\(held.last.map(String.init) ?? "-")"
                let option = missing == base ? "--base \(base)" : "--horizon \(horizon)"
                throw Failure("\(option): the national mortality projection (\(files.mortalityProjection.lastPathComponent)) has no year \(missing) (it holds \(range)); expected a projection within those years")
            }
            let rel = { (u: URL) in Self.relativePath(from: out, to: u) }
            let registered = registeredTotal.map { (total: $0, year: registeredYear!, source: registeredSource!) }
            let note: String
            if listInflation != nil {
                note = "given to `cohort new --list-inflation`"
            } else if registered != nil {
                note = "placeholder: fit it to the registered total below with `cohort calibrate \(name).toml --fit list-inflation`"
            } else {
                note = "ASSUMPTION: resident basis (registered = resident). GP lists usually run some per cent above ONS residents; give the area's published registered total to `cohort new --registered-total` or set the ratio here"
            }
            var writer = AreaScenarioWriter(
                name: name, model: model, mode: AreaScenarioWriter.Mode(rawValue: mode)!,
                national: (rel(files.lifeTable), rel(files.mortalityProjection), rel(files.fertilityShape), rel(files.migrationProfiles)),
                command: Self.commandLine(), listInflation: listInflation ?? 1, listInflationNote: note, registeredTotal: registered)
            writer.adjustment = MigrationAdjustment(rawValue: adjustment)!
            writer.trendOutflows = TrendOutflows(rawValue: trendOutflows)!
            try Self.verify(writer, national: files)
            try FileSet.write(writer.files(), under: out)
            let names = model.places.map(\.name)
            print("wrote \(dir)/\(name).toml and \(dir)/\(writer.dataFolder)/ (\(names.count) Places: \(names.prefix(8).joined(separator: ", "))\(names.count > 8 ? ", ..." : ""))")
            for p in model.places where p.omittedNetMigration != nil {
                print("  \(p.name): no trend net migration (under \(Int(options.minimumMigrationPopulation)) residents; see the scenario file)")
            }
            for m in selection.leftOut {
                print("  left out \(String(format: "%.1f", m.share * 100))% of \(m.lad) \(m.name) (below --min-share \(share))")
            }
            print("next: cohort run \(dir)/\(name).toml" + (registered != nil ? "  (first: cohort calibrate \(dir)/\(name).toml --fit list-inflation)" : ""))
        }
    }

    /// The minimum share of a split LA's residents for its part to be a Place (ASSUMPTION: 5% by default, so a
    /// ward-sized sliver is left out and listed; `--min-share 0` takes every part).
    var share: Double { minShare ?? 0.05 }

    func select(_ data: EnglandData) throws -> AreaSelection {
        do {
            if let icb { return try AreaSelection.icb(icb, in: data, minimumShare: share) }
            if let region { return try AreaSelection.region(region, in: data, minimumShare: share) }
            let codes = (lad ?? "").split(separator: ",").map(String.init)
            return try AreaSelection.lads(codes, in: data, allowSplit: wholeLads)
        } catch { throw Failure("\(error)") }
    }

    /// Runs the central projection of the scenario before anything is written, so a scenario `cohort new` writes
    /// always runs: the files go to a temporary folder (national inputs by absolute path), are loaded as `cohort run`
    /// loads them and projected to the horizon.
    static func verify(_ writer: AreaScenarioWriter, national files: NationalSchedules.Files) throws {
        var check = writer
        check.national = (files.lifeTable.path, files.mortalityProjection.path, files.fertilityShape.path, files.migrationProfiles.path)
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("cohort-new-check-\(getpid())-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: tmp) }
        for f in check.files() {
            let u = tmp.appendingPathComponent(f.path)
            try fm.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(f.text.utf8).write(to: u)
        }
        let s = try ScenarioLoader.load(tmp.appendingPathComponent("\(writer.name).toml"))
        do {
            _ = try ProjectionRun.run(ModelBuilder(scenario: s, inputs: try InputSet.load(s)), Assumptions(s))
        } catch let e as ProjectionError {
            throw Failure("--mode \(writer.mode.rawValue): the scenario would not run, so nothing was written: \(e.description). "
                          + (writer.mode == .housingLed ? "The housing-led migration that closes the gap between the trend and the dwellings is more than a small Place's cells hold; use --mode trend, or leave that LA out (--lad)."
                                                         : "Leave that LA out (--lad) or choose another base year."))
        }
    }

    /// `to` relative to folder `from` (both made absolute, symbolic links resolved), e.g. "../data/x.csv".
    static func relativePath(from: URL, to: URL) -> String {
        let a = from.resolvingSymlinksInPath().standardizedFileURL.pathComponents
        let b = to.resolvingSymlinksInPath().standardizedFileURL.pathComponents
        var i = 0
        while i < a.count, i < b.count, a[i] == b[i] { i += 1 }
        return (Array(repeating: "..", count: a.count - i) + b[i...]).joined(separator: "/")
    }

    /// The command as typed (program name shortened to `cohort`), for the generated files' headers.
    static func commandLine() -> String {
        (["cohort"] + CommandLine.arguments.dropFirst().map { a in
            a.contains(where: { " \"'$`\\".contains($0) }) ? "\"" + a.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : a
        }).joined(separator: " ")
    }
}
