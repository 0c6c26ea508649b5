import Foundation

/// Demand, deaths and conditions inputs of a scenario (filled in by the demand layer).
public struct DemandConfig: Sendable {
    static func parse(_ r: ConfigReader, dir: URL, places: [String], baseYear: Int, horizon: Int) throws(InputError) -> DemandConfig? {
        nil
    }
}

extension DemandConfig {
    /// Input files of the demand sections, for the manifest.
    public var files: [(role: String, url: URL)] { [] }
}
