import ArgumentParser
import Foundation
import Scenarios

struct Derive: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Derive Place fertility levels and residual net migration from the scenario's trend projection.",
        discussion: "Writes the files named by inputs.fertility_levels and inputs.migration, each with a header saying how it was derived.")

    @Argument(help: "Scenario file (TOML) naming the trend projection and the files to write.") var scenario: String

    func run() throws {
        try userFacing {
            let s = try ScenarioLoader.load(URL(fileURLWithPath: scenario), derivable: TrendDerive.derivedKeys)
            let out = try TrendDerive.run(s)
            try writeFile(out.fertilityCSV, to: s.inputs.fertilityLevels)
            try writeFile(out.migrationCSV, to: s.inputs.migration)
            for p in s.places {
                let t = out.tfr[p]!
                print("\(p): TFR \(String(format: "%.3f", t.first!)) (first year) ... \(String(format: "%.3f", t.last!)) (last)")
            }
            print("wrote \(s.inputs.fertilityLevels.path)\nwrote \(s.inputs.migration.path)")
        }
    }
}

/// Replaces one file by rename so a reader never sees it half-written (written and fsync'ed by the one writer).
func writeFile(_ text: String, to url: URL) throws {
    let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    do {
        let w = try FileWriter(path: tmp.path)
        try w.write(text)
        try w.close()
        // rename(2) replaces the target atomically.
        guard rename(tmp.path, url.path) == 0 else { throw Failure("rename failed: \(String(cString: strerror(errno)))") }
        try FileWriter.syncFolder(url.deletingLastPathComponent().path)
    } catch {
        try? FileManager.default.removeItem(at: tmp)
        throw Failure("could not write \(url.path): \(OutputFolder.readable(error))")
    }
}
