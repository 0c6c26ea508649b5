import Foundation

/// Compares two `manifest.json` files before any table: runs of another scenario, seed, draw count or input are
/// not comparable (their tables differ for a known reason, which is the one to report). A different tool or GSL
/// version is only a note: the tables are then exactly what a regression check is for.
public struct ManifestCheck {
    /// Why the runs cannot be compared (empty when they can).
    public var notComparable: [String] = []
    /// Differences that do not stop the comparison.
    public var notes: [String] = []

    public enum ReadError: Error, CustomStringConvertible {
        case unreadable(String)
        public var description: String { if case .unreadable(let s) = self { return s }; return "" }
    }

    /// Parses a manifest; nil when the folder has none.
    public static func read(_ url: URL) throws(ReadError) -> [String: Any]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let d = FileManager.default.contents(atPath: url.path),
              let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any] else {
            throw .unreadable("\(url.path): not a readable JSON manifest")
        }
        return o
    }

    public init(run: [String: Any], reference: [String: Any]) {
        func text(_ v: Any?) -> String {
            switch v {
            case nil: return "none"
            case is NSNull: return "none"
            case let n as NSNumber: return n.stringValue
            case let s as String: return s
            default: return "\(v!)"
            }
        }
        func compare(_ what: String, _ r: Any?, _ e: Any?, blocking: Bool) {
            let a = text(r), b = text(e)
            guard a != b else { return }
            let line = "\(what) differs (reference \(b), run \(a))"
            if blocking { notComparable.append(line) } else { notes.append(line) }
        }
        compare("the scenario", run["scenario"], reference["scenario"], blocking: true)
        compare("base_year", run["base_year"], reference["base_year"], blocking: true)
        compare("horizon", run["horizon"], reference["horizon"], blocking: true)
        let rr = run["random"] as? [String: Any] ?? [:], er = reference["random"] as? [String: Any] ?? [:]
        compare("the seed", rr["seed"], er["seed"], blocking: true)
        compare("the number of draws", rr["draws"], er["draws"], blocking: true)
        compare("the random generator", rr["generator"], er["generator"], blocking: true)
        compare("the tool version", run["version"], reference["version"], blocking: false)
        compare("the GSL version", rr["gsl_version"], er["gsl_version"], blocking: false)

        // Inputs by role (the n-th file of a role: a scenario with `extends` has several "scenario" files).
        func files(_ m: [String: Any]) -> [(key: String, path: String, sha: String)] {
            var seen: [String: Int] = [:]
            return (m["files"] as? [[String: Any]] ?? []).map { f in
                let role = text(f["role"])
                seen[role, default: 0] += 1
                let key = seen[role]! == 1 ? role : "\(role) #\(seen[role]!)"
                return (key, text(f["path"]), text(f["sha256"]))
            }
        }
        let rf = files(run), ef = files(reference)
        for e in ef {
            guard let r = rf.first(where: { $0.key == e.key }) else {
                notComparable.append("input '\(e.key)' (\(e.path)) is in the reference's manifest but not the run's"); continue
            }
            if r.sha != e.sha {
                let what = e.key == "scenario" ? "the scenario file" : "input '\(e.key)'"
                notComparable.append("\(what) differs: \(e.path) sha256 \(e.sha.prefix(12)) in the reference, \(r.path) sha256 \(r.sha.prefix(12)) in the run")
            }
        }
        for r in rf where !ef.contains(where: { $0.key == r.key }) {
            notComparable.append("input '\(r.key)' (\(r.path)) is in the run's manifest but not the reference's")
        }
    }
}
