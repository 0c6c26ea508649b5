import Foundation

/// The scenario as the loader sees it after `extends`: every value with the file that set it (`cohort show`).
/// File paths are shown relative to the working directory, so the TOML output, saved there, is itself a scenario.
public struct EffectiveScenario {
    let reader: ConfigReader

    public init(_ url: URL) throws(InputError) {
        reader = try ScenarioLoader.read(url).0
    }

    func origin(_ path: String) -> String { reader.origin(of: path) }

    /// Keys in the order of `ScenarioFormat.keys` (unknown keys last, as read).
    static func ordered(_ t: [(String, ConfigValue)], specs: [KeySpec]) -> [(String, ConfigValue, KeySpec?)] {
        let names = specs.map(\.name)
        return t.map { e in (e.0, e.1, specs.first { s in s.name == e.0 }) }.enumerated().sorted { a, b in
            let ia = names.firstIndex(of: a.element.0) ?? Int.max, ib = names.firstIndex(of: b.element.0) ?? Int.max
            return ia != ib ? ia < ib : a.offset < b.offset
        }.map(\.element)
    }

    /// The specs of a table's keys: a table's own, or for a map (assumptions, service groups) its value kind by name.
    static func inner(_ s: KeySpec?, _ t: [(String, ConfigValue)] = []) -> [KeySpec] {
        switch s?.kind {
        case .table(let i)?, .tableArray(let i)?: return i
        case .map(let k, _)?: return t.map { KeySpec($0.0, k, "") }
        default: return []
        }
    }

    /// Values written on their own line (inline tables included); tables and arrays of tables as sections.
    static func isSection(_ v: ConfigValue, _ s: KeySpec?) -> Bool {
        switch (v, s?.kind) {
        case (.table, .uncertain?): return false
        case (.table, _): return true
        case (.array(let a), _): return !a.isEmpty && a.allSatisfy { if case .table = $0 { true } else { false } }
        default: return false
        }
    }

    public func toml() -> String {
        var out = "# Effective scenario of \(reader.file) after `extends`; the comment after each value names the file that set it.\n"
        func emit(_ t: [(String, ConfigValue)], specs: [KeySpec], path: String) {
            let items = Self.ordered(t, specs: specs)
            for (k, v, s) in items where !Self.isSection(v, s) {
                out += "\(key(k)) = \(value(v, s))  # \(origin(path.isEmpty ? k : rawPath(path) + "." + k))\n"
            }
            for (k, v, s) in items where Self.isSection(v, s) {
                let p = path.isEmpty ? key(k) : path + "." + key(k)
                let raw = path.isEmpty ? k : rawPath(path) + "." + k
                if case .table(let inner) = v {
                    out += "\n[\(p)]\n"
                    emit(inner, specs: Self.inner(s, inner), path: p)
                } else if case .array(let a) = v {
                    for x in a {
                        guard case .table(let inner) = x else { continue }
                        out += "\n[[\(p)]]  # \(origin(raw))\n"
                        emit(inner, specs: Self.inner(s, inner), path: p)
                    }
                }
            }
        }
        emit(reader.entries, specs: ScenarioFormat.keys, path: "")
        return out
    }

    /// A dotted TOML path back to plain key names (for origins, which use unquoted names).
    func rawPath(_ p: String) -> String { KeyLines.clean(p) }

    func key(_ k: String) -> String {
        let bare = !k.isEmpty && k.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "_" || $0 == "-" }
        return bare ? k : quote(k)
    }

    func quote(_ s: String) -> String {
        var o = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\t": o += "\\t"
            case "\r": o += "\\r"
            default:
                if c.value < 0x20 || c.value == 0x7F { o += String(format: "\\u%04X", c.value) } else { o.unicodeScalars.append(c) }
            }
        }
        return o + "\""
    }

    func value(_ v: ConfigValue, _ s: KeySpec?) -> String {
        switch v {
        case .int(let i): return String(i)
        case .double(let d): return d.isNaN ? "nan" : d.isInfinite ? (d > 0 ? "inf" : "-inf") : String(d)
        case .bool(let b): return String(b)
        case .string(let x):
            if case .path? = s?.kind, x.hasPrefix("/") { return quote(displayPath(URL(fileURLWithPath: x))) }
            return quote(x)
        case .array(let a): return "[" + a.map { value($0, nil) }.joined(separator: ", ") + "]"
        case .table(let t): return "{ " + t.map { "\(key($0.0)) = \(value($0.1, nil))" }.joined(separator: ", ") + " }"
        }
    }

    /// `{"scenario": file, "values": {...}, "origins": {"key.path": file}}` for tools.
    public func json() -> String {
        func plain(_ v: ConfigValue, _ s: KeySpec?) -> Any {
            switch v {
            case .int(let i): return i
            case .double(let d): return d.isFinite ? d as Any : String(d)
            case .bool(let b): return b
            case .string(let x):
                if case .path? = s?.kind, x.hasPrefix("/") { return displayPath(URL(fileURLWithPath: x)) }
                return x
            case .array(let a): return a.map { plain($0, s) }
            case .table(let t):
                let specs = Self.inner(s, t)
                return Dictionary(t.map { e in (e.0, plain(e.1, specs.first { x in x.name == e.0 })) }, uniquingKeysWith: { a, _ in a })
            }
        }
        var origins: [String: String] = [:]
        func collect(_ t: [(String, ConfigValue)], _ prefix: String) {
            for (k, v) in t {
                let p = prefix.isEmpty ? k : prefix + "." + k
                switch v {
                case .table(let inner): collect(inner, p)
                default: origins[p] = origin(p)
                }
            }
        }
        collect(reader.entries, "")
        let top = ScenarioFormat.keys
        let values = Dictionary(reader.entries.map { e in (e.0, plain(e.1, top.first { $0.name == e.0 })) }, uniquingKeysWith: { a, _ in a })
        let o: [String: Any] = ["scenario": reader.file, "values": values, "origins": origins]
        let d = (try? JSONSerialization.data(withJSONObject: o, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: d, as: UTF8.self) + "\n"
    }
}
