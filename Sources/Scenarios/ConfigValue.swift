import Foundation
import TOMLKit

/// A parsed scenario file as plain values, so merging (`extends`) and validation need no TOML types.
public indirect enum ConfigValue: Sendable, Equatable {
    case int(Int), double(Double), string(String), bool(Bool)
    case array([ConfigValue])
    case table([(String, ConfigValue)])

    public static func == (a: ConfigValue, b: ConfigValue) -> Bool {
        switch (a, b) {
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.table(x), .table(y)): return x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: return false
        }
    }

    var typeName: String {
        switch self {
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .bool: return "true/false"
        case .array: return "an array"
        case .table: return "a table"
        }
    }

    var shown: String {
        switch self {
        case .int(let x): return String(x)
        case .double(let x): return show(x)
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return String(b)
        case .array(let a): return "[" + a.map(\.shown).joined(separator: ", ") + "]"
        case .table: return "{...}"
        }
    }

    /// Values of `override` replace those of `base` key by key; tables merge recursively, except the inline tables
    /// of `override` (key paths in `replacing`): `x = { ... }` is one value (e.g. a distribution), replaced whole.
    public static func merge(_ base: ConfigValue, _ override: ConfigValue, replacing: Set<String> = [],
                             prefix: String = "") -> ConfigValue {
        guard case .table(var b) = base, case .table(let o) = override, !replacing.contains(prefix) else { return override }
        for (k, v) in o {
            let p = prefix.isEmpty ? k : prefix + "." + k
            if let i = b.firstIndex(where: { $0.0 == k }) { b[i].1 = merge(b[i].1, v, replacing: replacing, prefix: p) } else { b.append((k, v)) }
        }
        return .table(b)
    }

    /// Key paths of the inline tables (`{ ... }`) of a TOML table, outside arrays.
    static func inlineTables(_ t: TOMLTable, prefix: String = "") -> Set<String> {
        var out: Set<String> = []
        for k in t.keys {
            guard let sub = t[k]?.table else { continue }
            let p = prefix.isEmpty ? k : prefix + "." + k
            if sub.inline { out.insert(p) } else { out.formUnion(inlineTables(sub, prefix: p)) }
        }
        return out
    }

    static func from(_ v: TOMLValueConvertible) -> ConfigValue {
        if let t = v.table {
            var out: [(String, ConfigValue)] = []
            for k in t.keys.sorted() { if let x = t[k] { out.append((k, from(x))) } }
            return .table(out)
        }
        if let a = v.array { return .array(a.map { from($0) }) }
        if let i = v.int { return .int(i) }
        if let d = v.double { return .double(d) }
        if let b = v.bool { return .bool(b) }
        if let s = v.string { return .string(s) }
        return .string(String(describing: v))
    }
}

/// Where each key of a TOML file sits, for error messages ("file:12: key housing.ppd = ...").
/// Keys inside the n-th `[[array]]` table are `array[n].key` (as the loader names them).
public struct KeyLines: Sendable {
    var lines: [String: Int] = [:]

    init(text: String) {
        var section = ""
        var arrayCounts: [String: Int] = [:]
        // Split on the LF byte: "\r\n" is one Character, so a CRLF file split on "\n" would be one line.
        for (n, raw) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = String(Substring(raw)).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line.hasPrefix("[") {
                // `[a.b]  # comment` and `[[a]]`: the name is what lies between the brackets.
                let open = line.prefix { $0 == "[" }.count
                let body = line.dropFirst(open)
                let name = Self.clean(String(body.prefix { $0 != "]" }))
                if open == 2 {
                    lines[name] = lines[name] ?? (n + 1)
                    arrayCounts[name, default: 0] += 1
                    section = "\(name)[\(arrayCounts[name]!)]"
                } else {
                    section = name
                }
                lines[section] = lines[section] ?? (n + 1)
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = Self.clean(String(line[..<eq]))
            let path = section.isEmpty ? key : section + "." + key
            lines[path] = lines[path] ?? (n + 1)
        }
    }

    static func clean(_ key: String) -> String {
        key.split(separator: ".").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
            .joined(separator: ".")
    }

    /// `text` with the line that sets `keyPath` replaced by `line`, every other line (and every line end: a CRLF file
    /// stays CRLF) as it was; nil when this file sets the key on no `key = value` line of its own.
    public static func replacingLine(of keyPath: String, in text: String, with line: String) -> String? {
        guard let n = KeyLines(text: text).lines[keyPath] else { return nil }
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(Substring($0)) }
        // A table header ([a.key]) names the key but sets no value on its line.
        guard !lines[n - 1].trimmingCharacters(in: .whitespaces).hasPrefix("[") else { return nil }
        lines[n - 1] = line + (lines[n - 1].hasSuffix("\r") ? "\r" : "")
        return lines.joined(separator: "\n")
    }

    /// The line of a key path, or of its nearest parent written on a line of its own.
    func line(of path: String) -> Int? {
        var p = path
        while !p.isEmpty {
            if let l = lines[p] { return l }
            guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            p = String(p[..<cut])
        }
        return nil
    }
}

/// A TOML table being read: typed getters that name the key path and line, and a check that no unknown
/// keys remain (a misspelt key is an error, never silently ignored).
public final class ConfigReader {
    let file: String
    let path: String
    let entries: [(String, ConfigValue)]
    let lines: KeyLines
    /// Files each key came from (for `extends`): key path -> file.
    let origins: [String: String]
    /// Key lines of the parent files (for `extends`): file -> lines.
    let parentLines: [String: KeyLines]
    private(set) var used: Set<String> = []
    /// Every key a getter asked for, present or not: the keys this table knows.
    private(set) var asked: Set<String> = []

    init(file: String, path: String, entries: [(String, ConfigValue)], lines: KeyLines, origins: [String: String] = [:],
         parentLines: [String: KeyLines] = [:]) {
        self.file = file; self.path = path; self.entries = entries; self.lines = lines; self.origins = origins
        self.parentLines = parentLines
    }

    /// A reader of a table below this one (same file, lines and origins).
    func child(_ path: String, _ entries: [(String, ConfigValue)]) -> ConfigReader {
        ConfigReader(file: file, path: path, entries: entries, lines: lines, origins: origins, parentLines: parentLines)
    }

    /// The file a key path was set in: its own entry, or that of the nearest parent path that has one.
    func origin(of keyPath: String) -> String {
        var p = keyPath
        while !p.isEmpty {
            if let f = origins[p] { return f }
            guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            p = String(p[..<cut])
        }
        return file
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    func error(_ key: String, _ message: String) -> InputError {
        let kp = keyPath(key)
        let f = origin(of: kp)
        let l = f == file ? lines : parentLines[f]
        let loc = l?.line(of: kp).map { "line \($0), key \(kp)" } ?? "key \(kp)"
        return InputError(file: f, location: loc, message)
    }

    public var keys: [String] { entries.map(\.0) }
    public func has(_ key: String) -> Bool { asked.insert(key); return entries.contains { $0.0 == key } }

    func raw(_ key: String) -> ConfigValue? {
        asked.insert(key)
        guard let v = entries.first(where: { $0.0 == key })?.1 else { return nil }
        used.insert(key)
        return v
    }

    public func double(_ key: String, default d: Double? = nil, min: Double? = nil, max: Double? = nil,
                       above: Double? = nil) throws(InputError) -> Double {
        guard let v = raw(key) else {
            if let d { return d }
            throw error(key, "missing; expected a number")
        }
        let x: Double
        switch v {
        case .int(let i): x = Double(i)
        case .double(let y): x = y
        default: throw error(key, "= \(v.shown) is \(v.typeName); expected a number")
        }
        try check(key, x, min: min, max: max, above: above)
        return x
    }

    func check(_ key: String, _ x: Double, min: Double?, max: Double?, above: Double?) throws(InputError) {
        guard x.isFinite else { throw error(key, "= \(x) is not a finite number") }
        if let min, x < min { throw error(key, "= \(show(x)) is below the minimum; expected a value >= \(show(min))") }
        if let above, x <= above { throw error(key, "= \(show(x)); expected a value > \(show(above))") }
        if let max, x > max { throw error(key, "= \(show(x)) is above the maximum; expected a value <= \(show(max))") }
    }

    public func int(_ key: String, default d: Int? = nil, min: Int? = nil, max: Int? = nil) throws(InputError) -> Int {
        guard let v = raw(key) else {
            if let d { return d }
            throw error(key, "missing; expected a whole number")
        }
        guard case .int(let i) = v else { throw error(key, "= \(v.shown) is \(v.typeName); expected a whole number") }
        if let min, i < min { throw error(key, "= \(i); expected a value >= \(min)") }
        if let max, i > max { throw error(key, "= \(i); expected a value <= \(max)") }
        return i
    }

    /// Years a scenario may name (calendar or financial-year start): wide enough for any projection, narrow enough
    /// that year arithmetic can never overflow.
    public static let years = 1800...2500

    /// A year (`base_fy = 2023`), in `years`.
    public func year(_ key: String, default d: Int? = nil) throws(InputError) -> Int {
        try int(key, default: d, min: Self.years.lowerBound, max: Self.years.upperBound)
    }

    /// An array of years, each in `years`.
    public func years(_ key: String) throws(InputError) -> [Int]? {
        guard let ys = try ints(key) else { return nil }
        if let bad = ys.first(where: { !Self.years.contains($0) }) {
            throw error(key, "contains \(bad); expected years from \(Self.years.lowerBound) to \(Self.years.upperBound)")
        }
        return ys
    }

    public func string(_ key: String, default d: String? = nil, oneOf: [String]? = nil) throws(InputError) -> String {
        guard let v = raw(key) else {
            if let d { return d }
            throw error(key, "missing; expected a string")
        }
        guard case .string(let s) = v else { throw error(key, "= \(v.shown) is \(v.typeName); expected a string") }
        if let oneOf, !oneOf.contains(s) {
            throw error(key, "= \"\(s)\" is not one of \(oneOf.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        return s
    }

    public func optionalString(_ key: String) throws(InputError) -> String? {
        has(key) ? try string(key) : nil
    }

    public func bool(_ key: String, default d: Bool) throws(InputError) -> Bool {
        guard let v = raw(key) else { return d }
        guard case .bool(let b) = v else { throw error(key, "= \(v.shown) is \(v.typeName); expected true or false") }
        return b
    }

    /// An array whose every element `convert` accepts; `what` names the element type in messages.
    func array<T>(_ key: String, of what: String, _ convert: (ConfigValue) -> T?) throws(InputError) -> [T]? {
        guard let v = raw(key) else { return nil }
        guard case .array(let a) = v else { throw error(key, "= \(v.shown) is \(v.typeName); expected an array of \(what)") }
        var out: [T] = []
        for x in a {
            guard let t = convert(x) else { throw error(key, "contains \(x.shown); expected \(what)") }
            out.append(t)
        }
        return out
    }

    public func strings(_ key: String) throws(InputError) -> [String] {
        guard let s = try array(key, of: "strings", { if case .string(let s) = $0 { s } else { nil } }) else {
            throw error(key, "missing; expected an array of strings")
        }
        return s
    }

    public func ints(_ key: String) throws(InputError) -> [Int]? {
        try array(key, of: "whole numbers") { if case .int(let i) = $0 { i } else { nil } }
    }

    public func doubles(_ key: String) throws(InputError) -> [Double]? {
        try array(key, of: "numbers") { x -> Double? in
            switch x {
            case .int(let i): return Double(i)
            case .double(let d): return d
            default: return nil
            }
        }
    }

    public func table(_ key: String) throws(InputError) -> ConfigReader? {
        guard let v = raw(key) else { return nil }
        guard case .table(let t) = v else { throw error(key, "= \(v.shown) is \(v.typeName); expected a table") }
        return child(keyPath(key), t)
    }

    public func requiredTable(_ key: String) throws(InputError) -> ConfigReader {
        guard let t = try table(key) else { throw error(key, "missing; expected a table [\(keyPath(key))]") }
        return t
    }

    /// A number for each Place (`{ North = 1.0, South = 2.0 }`): every Place must appear, no other keys.
    public func placeNumbers(_ key: String, places: [String], min: Double? = nil, max: Double? = nil,
                             above: Double? = nil) throws(InputError) -> [String: Double] {
        let t = try requiredTable(key)
        var out: [String: Double] = [:]
        for p in places {
            guard t.has(p) else { throw t.error(p, "missing: every Place (\(places.joined(separator: ", "))) needs a value") }
            out[p] = try t.double(p, min: min, max: max, above: above)
        }
        try t.finish()
        return out
    }

    /// Fails on any key that no getter asked for.
    public func finish() throws(InputError) {
        for (k, _) in entries where !used.contains(k) {
            let allowed = asked.sorted().joined(separator: ", ")
            throw error(k, "unknown key '\(k)'" + (allowed.isEmpty ? "" : "; known keys here: \(allowed)"))
        }
    }
}
