import Foundation

/// An input file, read once: its bytes are what the parser reads and what the manifest hashes, so a run can never
/// record a hash of a file other than the one it read. A scenario's inputs are read when it is loaded
/// (`Scenario.files`); a missing file is an error there, never an empty input.
public struct InputFile: Sendable {
    /// What the file is to the scenario (`population`, `referrals`, `scenario`, ...): the manifest's role.
    public let role: String
    /// Absolute and standardised.
    public let url: URL
    /// Relative to the scenario's folder ("../" where needed), as the manifest and the reports show it; the absolute
    /// path when the file belongs to no scenario.
    public private(set) var path: String
    public let data: Data
    public let sha256: String

    /// Reads `url`. A missing file, a folder or a device is an error naming the file; `expected` says what it should be.
    public init(_ url: URL, role: String = "", scenarioFolder: URL? = nil,
                expected: String = "expected a CSV file") throws(InputError) {
        let u = url.standardizedFileURL
        if let p = fileProblem(u, named: false) { throw InputError(file: displayPath(u), "\(p); \(expected)") }
        guard let data = FileManager.default.contents(atPath: u.path) else {
            throw InputError(file: displayPath(u), "file not readable; \(expected)")
        }
        self.role = role; self.url = u; self.data = data
        path = scenarioFolder.map { OutputPath.relative(u, to: $0) } ?? u.path
        sha256 = SHA256.hex(data)
    }

    /// The same file with its path relative to `folder` (a parent scenario's file, seen from the child's folder).
    func relative(to folder: URL) -> InputFile {
        var f = self
        f.path = OutputPath.relative(url, to: folder)
        return f
    }

    /// The name errors give for the file (relative to the working folder when inside it).
    public var name: String { displayPath(url) }

    /// The bytes as UTF-8 text; invalid UTF-8 and NUL bytes are errors naming the line.
    public func text() throws(InputError) -> String { try TextCheck.utf8Text(data, file: name) }
}

/// Why `url` cannot be read as an input file ("not found", a folder, a device), or nil when it can; `named` puts
/// the path in the phrase (for messages that do not start with it). The one test of "the file must exist".
func fileProblem(_ url: URL, named: Bool = true) -> String? {
    let name = named ? displayPath(url) + " " : ""
    var st = stat()
    guard stat(url.path, &st) == 0 else { return named ? "file \(name)not found" : "not found" }
    switch st.st_mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return "\(name)is a folder, not a file"
    default: return "\(name)is not a regular file (a device, pipe or socket)"
    }
}

extension ConfigReader {
    /// The path `key` names, as the loader resolved it (against the folder of the scenario file that sets it). The
    /// file itself was checked by `ScenarioFormat.validate` and is read once, into `Scenario.files`.
    func inputPath(_ key: String) throws(InputError) -> URL {
        URL(fileURLWithPath: try string(key)).standardizedFileURL
    }
}

extension Scenario {
    /// Every input file of the scenario by manifest role, in manifest order (after the scenario files).
    public var inputURLs: [(role: String, url: URL)] {
        let i = inputs
        var f: [(String, URL)] = [("population", i.population), ("life_table", i.lifeTable), ("mortality_projection", i.mortalityProjection),
                                  ("fertility_shape", i.fertilityShape), ("fertility_levels", i.fertilityLevels), ("migration", i.migration),
                                  ("migration_profiles", i.migrationProfiles), ("dwellings", i.dwellings)]
        if let t = i.trendProjection { f.append(("trend_projection", t)) }
        if let p = i.published { f.append(("published", p)) }
        if let r = i.registrationProfile { f.append(("registration_profile", r)) }
        return f + (demand?.files ?? [])
    }

    /// The input at `url` as it was read when the scenario was loaded; a file made after loading (`cohort derive`,
    /// a file a test swapped in) is read now.
    public func input(_ url: URL) throws(InputError) -> InputFile {
        if let f = files.first(where: { $0.url == url }) { return f }
        return try InputFile(url, role: inputURLs.first { $0.url == url }?.role ?? "", scenarioFolder: file.deletingLastPathComponent())
    }
}
