import Foundation
import Scenarios

/// `manifest.json`: what produced a run folder — tool version, scenario and input hashes, random-number
/// settings. No timestamps or host names, so identical runs give identical folders.
public struct Manifest: Sendable {
    public static let toolVersion = "0.1.0"

    public var scenario: Scenario
    public var files: [(role: String, url: URL)]
    public var gslVersion: String
    public var generator: String
    public var seed: UInt64?
    public var draws: Int
    /// Each input's path relative to the scenario's folder ("../" where needed: never an absolute machine path, so the
    /// manifest does not depend on where it ran), its
    /// SHA-256 and size: read once, then shared by manifest.json, the summary and the report.
    public let inputs: [(role: String, path: String, sha256: String, bytes: Int)]

    public init(scenario: Scenario, gslVersion: String, generator: String, seed: UInt64?, draws: Int) {
        self.scenario = scenario; self.gslVersion = gslVersion; self.generator = generator
        self.seed = seed; self.draws = draws
        let i = scenario.inputs
        var f: [(String, URL)] = scenario.sourceFiles.map { ("scenario", $0) }
        f += [("population", i.population), ("life_table", i.lifeTable), ("mortality_projection", i.mortalityProjection),
              ("fertility_shape", i.fertilityShape), ("fertility_levels", i.fertilityLevels), ("migration", i.migration),
              ("migration_profiles", i.migrationProfiles), ("dwellings", i.dwellings)]
        if let t = i.trendProjection { f.append(("trend_projection", t)) }
        if let p = i.published { f.append(("published", p)) }
        if let r = i.registrationProfile { f.append(("registration_profile", r)) }
        f += scenario.demand?.files ?? []
        files = f
        let dir = scenario.file.deletingLastPathComponent()
        inputs = f.map { role, url in
            let data = FileManager.default.contents(atPath: url.path) ?? Data()
            return (role, OutputPath.relative(url, to: dir), SHA256.hex(data), data.count)
        }
    }

    /// (role, path relative to the scenario's folder, SHA-256) of every input.
    public func hashes() -> [(String, String, String)] { inputs.map { ($0.role, $0.path, $0.sha256) } }

    public func json() -> String {
        func q(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var s = "{\n"
        s += "  \"tool\": \"cohort\",\n  \"version\": \(q(Self.toolVersion)),\n"
        s += "  \"scenario\": \(q(scenario.name)),\n  \"title\": \(q(scenario.title)),\n"
        s += "  \"base_year\": \(scenario.baseYear),\n  \"horizon\": \(scenario.horizon),\n"
        s += "  \"random\": {\"library\": \"GNU GSL\", \"gsl_version\": \(q(gslVersion)), \"generator\": \(q(generator)), "
        s += "\"seed\": \(seed.map { String($0) } ?? "null"), \"draws\": \(draws), "
        s += "\"stream_seeds\": \"one stream per assumption per draw: generator seed = fmix32(low 32 bits of splitmix64(seed xor FNV-1a-64(assumption name)) + draw), 0 avoided\"},\n"
        s += "  \"files\": [\n"
        let rows = inputs.map { f in
            "    {\"role\": \(q(f.role)), \"path\": \(q(f.path)), \"sha256\": \(q(f.sha256)), \"bytes\": \(f.bytes)}"
        }
        s += rows.joined(separator: ",\n") + "\n  ]\n}\n"
        return s
    }
}
