import ArgumentParser
import Foundation
import Scenarios
import Reports

/// `cohort combine DIR`: totals over the shards of a batch with exact percentiles, in DIR/combined/.
struct Combine: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add up the shards of a batch (cohort batch) into national, regional and chosen totals with exact percentiles: DIR/combined/.",
        discussion: """
        Reads DIR/*/\(ShardDraws.fileName) (one per shard; every shard of the batch must be there) and writes
        DIR/combined/<table>-intervals.csv with a run's columns: one row per total (the whole batch, each NHS England
        region the shards record, each --set) and key. Totals are the draw-by-draw sums of the shards' Place values,
        so they equal one run of all the Places, and do not depend on the order of the shards or how they were run.
        """)

    @Argument(help: "The batch's --outputs folder.") var dir: String
    @Option(name: .customLong("set"), help: "A named set of shards to total, NAME=SHARD,SHARD (shard scenario names; repeatable).")
    var sets: [String] = []
    @Option(help: "Worker threads (results do not depend on it).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if !(1...RunOptions.maxThreads).contains(threads) {
            throw ValidationError("--threads \(threads) is out of range; expected 1 to \(RunOptions.maxThreads)")
        }
        for s in sets where !s.contains("=") || s.hasPrefix("=") || s.hasSuffix("=") {
            throw ValidationError("--set '\(s)': expected NAME=SHARD,SHARD (e.g. --set \"East=icb-qhg,icb-qe1\")")
        }
    }

    func run() throws {
        try userFacing { () throws -> Void in
            let root = URL(fileURLWithPath: dir)
            let fm = FileManager.default
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
                throw Failure("\(dir): no such folder; expected the --outputs folder of a cohort batch")
            }
            let entries = try fm.contentsOfDirectory(atPath: root.path).filter { !$0.hasPrefix(".") && $0 != "combined" }.sorted()
            var found: [(path: String, draws: ShardDraws)] = []
            for e in entries {
                let f = root.appendingPathComponent(e).appendingPathComponent(ShardDraws.fileName)
                guard fm.fileExists(atPath: f.path) else { continue }
                do { found.append(("\(dir)/\(e)/\(ShardDraws.fileName)", try ShardDraws.read(f))) }
                catch { throw Failure("\(error)") }
            }
            let shards: [ShardDraws]
            do { shards = try ShardCombine.ordered(found) } catch { throw Failure("\(dir): \(error)") }
            let groups = try Self.groups(shards, sets: sets)
            let t0 = Date()
            let result: ShardCombine.Result
            do { result = try ShardCombine.combine(shards, groups: groups, threads: threads) } catch { throw Failure("\(dir): \(error)") }
            let files = CombinedTables.render(result, groups: groups, shards: shards, name: root.standardizedFileURL.lastPathComponent)
            let out = root.appendingPathComponent("combined")
            try OutputFolder.write(files, to: out)
            let places = shards.reduce(0) { $0 + $1.header.places.count }
            print("wrote \(out.path)/ (\(shards.count) shards, \(places) Places, \(groups.count) totals, \(result.rows.count) rows, \(shards[0].header.draws) draws; \(String(format: "%.1f", Date().timeIntervalSince(t0))) s)")
            for (g, n) in zip(groups, result.omitted) where n > 0 {
                print("  \(g.name): \(n) rows left out (not in every shard of the total; see notes.md)")
            }
        }
    }

    /// The whole batch, each region the shards record (by name), then each --set.
    static func groups(_ shards: [ShardDraws], sets: [String]) throws -> [ShardCombine.Group] {
        let h = shards[0].header
        var out = [ShardCombine.Group(name: h.total, code: h.totalCode, members: Array(shards.indices))]
        let regions = Set(shards.compactMap(\.header.region)).sorted()
        if regions.count > 1 || (regions.count == 1 && shards.contains { $0.header.region == nil }) {
            for r in regions { out.append(.init(name: r, code: "", members: shards.indices.filter { shards[$0].header.region == r })) }
        }
        let names = shards.map(\.header.scenario)
        for s in sets {
            let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
            var members: [Int] = []
            for m in parts[1].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let i = names.firstIndex(of: m) else {
                    throw Failure("--set '\(s)': no shard named '\(m)'\(Suggestion.hint(m, among: names)); shards: \(names.joined(separator: ", "))")
                }
                guard !members.contains(i) else { throw Failure("--set '\(s)': shard '\(m)' is named twice") }
                members.append(i)
            }
            out.append(.init(name: parts[0], code: "", members: members.sorted()))
        }
        return out
    }
}
