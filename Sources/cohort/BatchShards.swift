import Foundation
import Scenarios

/// The shards of a batch, in shard order (the order `--shard I` indexes and `cohort combine` adds them in), and how
/// one is run as its own process.
enum BatchShards {
    struct Shard {
        /// The shard's scenario name (its output folder).
        var name: String
        /// A scenario file to run, or (with --icb) the ICB whose scenario `cohort new` writes into `scenarioDir`.
        var scenario: URL?
        var icb: String?
        var scenarioDir: URL?
        var region: String?
        /// The total over every shard of the batch: England for every ICB, else "All shards".
        var total: (name: String, code: String)

        /// The scenario file, written first (as `cohort new NAME --icb CODE --min-share 0`) when it is not there yet.
        func scenarioFile(englandData: String) throws -> URL {
            if let scenario { return scenario }
            let dir = scenarioDir!, file = dir.appendingPathComponent("\(name).toml")
            if FileManager.default.fileExists(atPath: file.path) { return file }
            var new = try New.parse([name, "--icb", icb!, "--dir", dir.path, "--min-share", "0", "--england-data", englandData])
            try new.run()
            return file
        }
    }

    static let england = (name: "England", code: "E92000001")
    static let allShards = (name: "All shards", code: "")

    static func resolve(icb: String?, scenarios: String?, outputs: String, englandData: String) throws -> [Shard] {
        if let scenarios { return try listed(scenarios) }
        let data: EnglandData
        let folder = URL(fileURLWithPath: englandData).standardizedFileURL
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("lad23_icb.csv").path) else {
            throw Failure("--england-data '\(englandData)': no England inputs there (lad23_icb.csv not found); expected the folder \(EnglandData.defaultFolder) of the cohort project, or run from the project folder")
        }
        data = try EnglandData.load(folder: folder)
        var byCode: [String: EnglandData.ICBMembership] = [:]
        for r in data.lookup where byCode[r.icbCode] == nil { byCode[r.icbCode] = r }
        let codes: [String]
        let all = icb!.trimmingCharacters(in: .whitespaces).lowercased() == "all"
        if all {
            codes = byCode.keys.sorted()
        } else {
            var picked: [String] = []
            for key in icb!.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let s: AreaSelection
                do { s = try AreaSelection.icb(key, in: data, minimumShare: 0) } catch { throw Failure("\(error)") }
                let code = s.icbCode!
                guard !picked.contains(code) else { throw Failure("--icb '\(icb!)': \(key) names an ICB already in the list") }
                picked.append(code)
            }
            codes = picked
        }
        let dir = URL(fileURLWithPath: outputs).appendingPathComponent("scenarios")
        return codes.map { c in
            let r = byCode[c]!
            return Shard(name: "icb-\(r.icbODS.lowercased())", scenario: nil, icb: c, scenarioDir: dir, region: r.region,
                         total: all ? england : allShards)
        }
    }

    /// A list file: one scenario path a line, relative to the list; blank lines and `#` comments skipped.
    static func listed(_ path: String) throws -> [Shard] {
        let url = URL(fileURLWithPath: path)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw Failure("--scenarios '\(path)': cannot be read; expected a text file listing scenario files, one per line")
        }
        var out: [Shard] = [], seen: [String: Int] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let file = URL(fileURLWithPath: line, relativeTo: url.deletingLastPathComponent()).standardizedFileURL
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw Failure("\(path), line \(n + 1): '\(line)' not found (looked for \(file.path)); expected a scenario file, relative to the list")
            }
            let s = try ScenarioLoader.load(file)
            if let other = seen[s.name] {
                throw Failure("\(path), line \(n + 1): scenario name '\(s.name)' is also line \(other)'s; expected one output folder per shard (give each scenario its own `name`)")
            }
            seen[s.name] = n + 1
            out.append(Shard(name: s.name, scenario: file, icb: nil, scenarioDir: nil, region: nil, total: allShards))
        }
        guard !out.isEmpty else { throw Failure("--scenarios '\(path)': lists no scenario files") }
        return out
    }

    /// This program's own executable, so shards run the same build as the batch.
    static func executable() -> URL {
        #if os(Linux)
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return URL(fileURLWithPath: p) }
        #endif
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }

    /// Runs one shard process with its output in `log`; its exit status (-1 when it could not start).
    static func runProcess(_ exe: URL, arguments: [String], log: URL) -> Int32 {
        FileManager.default.createFile(atPath: log.path, contents: nil)
        guard let handle = try? FileHandle(forWritingTo: log) else { return -1 }
        defer { try? handle.close() }
        let p = Process()
        p.executableURL = exe
        p.arguments = arguments
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            handle.write(Data("could not start \(exe.path): \(error)\n".utf8))
            return -1
        }
        p.waitUntilExit()
        return p.terminationStatus
    }
}
