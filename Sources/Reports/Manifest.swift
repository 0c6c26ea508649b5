import Foundation
import Scenarios

/// `manifest.json`: what produced a run folder — tool version, scenario and input hashes, random-number
/// settings. No timestamps or host names, so identical runs give identical folders.
public struct Manifest: Sendable {
    public static let toolVersion = "0.1.0"

    /// One input as the scenario read it: role, path relative to the scenario's folder ("../" where needed: never an
    /// absolute machine path, so the manifest does not depend on where it ran), SHA-256 and size. Shared by
    /// manifest.json, the summary and the report.
    public struct Input: Sendable, Encodable {
        public var role: String
        public var path: String
        public var sha256: String
        public var bytes: Int
    }

    public var scenario: Scenario
    public var gslVersion: String
    public var generator: String
    public var seed: UInt64
    public var draws: Int
    /// The scenario files (the child first), then every input, from `Scenario.files`: hashed from the bytes the
    /// run read, never read again.
    public var inputs: [Input]

    public init(scenario: Scenario, gslVersion: String, generator: String, seed: UInt64, draws: Int) {
        self.scenario = scenario; self.gslVersion = gslVersion; self.generator = generator
        self.seed = seed; self.draws = draws
        inputs = Self.inputs(scenario)
    }

    /// The manifest of a comparison of `a` with `b` (named for `b`): the inputs of both, roles prefixed "a_" and "b_".
    public init(comparing a: Scenario, with b: Scenario, gslVersion: String, generator: String, seed: UInt64, draws: Int) {
        self.init(scenario: b, gslVersion: gslVersion, generator: generator, seed: seed, draws: draws)
        inputs = Self.inputs(a, rolePrefix: "a_") + Self.inputs(b, rolePrefix: "b_")
    }

    static func inputs(_ s: Scenario, rolePrefix: String = "") -> [Input] {
        s.files.map { Input(role: rolePrefix + $0.role, path: $0.path, sha256: $0.sha256, bytes: $0.data.count) }
    }

    /// (role, path relative to the scenario's folder, SHA-256) of every input.
    public func hashes() -> [(String, String, String)] { inputs.map { ($0.role, $0.path, $0.sha256) } }

    /// The document. Written with sorted keys: JSONEncoder would otherwise write them in hash order, which differs
    /// from run to run.
    struct Document: Encodable {
        struct Random: Encodable {
            let library = "GNU GSL"
            let gslVersion: String, generator: String, seed: UInt64, draws: Int
            let streamSeeds = "one stream per assumption per draw: generator seed = fmix32(low 32 bits of splitmix64(seed xor FNV-1a-64(assumption name)) + draw), 0 avoided"
            enum CodingKeys: String, CodingKey {
                case library, gslVersion = "gsl_version", generator, seed, draws, streamSeeds = "stream_seeds"
            }
        }
        let tool = "cohort"
        let version: String, scenario: String, title: String, baseYear: Int, horizon: Int
        let random: Random
        let files: [Input]
        enum CodingKeys: String, CodingKey {
            case tool, version, scenario, title, baseYear = "base_year", horizon, random, files
        }
    }

    public func json() throws -> String {
        let doc = Document(version: Self.toolVersion, scenario: scenario.name, title: scenario.title, baseYear: scenario.baseYear,
                           horizon: scenario.horizon,
                           random: .init(gslVersion: gslVersion, generator: generator, seed: seed, draws: draws), files: inputs)
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(doc), as: UTF8.self) + "\n"
    }
}
