import Foundation
import Scenarios

/// Two scenarios never share an output folder silently: a run folder belongs to the scenario file whose manifest.json
/// it holds, and a run of another scenario file with the same `name` is refused before anything is computed.
enum FolderOwner {
    static func check(_ folder: URL, scenario: Scenario) throws {
        let manifest = folder.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifest.path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let files = json["files"] as? [[String: Any]],
              let path = files.first(where: { $0["role"] as? String == "scenario" })?["path"] as? String else { return }
        // The manifest's first scenario file is the one that ran (its parents follow), relative to its own folder.
        let owner = URL(fileURLWithPath: path).lastPathComponent
        let mine = scenario.file.lastPathComponent
        guard owner != mine else { return }
        throw Failure("""
            \(folder.relativePath)/ holds the outputs of scenario file \(owner), and \(mine) has the same name \
            '\(scenario.name)'; expected each scenario to have its own folder: give \(mine) its own `name` (or leave \
            `name` out to use its file stem), or write elsewhere with --outputs. Nothing was written.
            """)
    }
}
