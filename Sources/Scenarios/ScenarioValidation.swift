import Foundation

extension ScenarioFormat {
    /// How many problems of one file are listed.
    public static let maxErrors = 20

    /// Checks a merged scenario against `keys`: unknown keys (with "did you mean"), types, ranges, missing keys,
    /// distributions, Places and input files. Every problem is collected; the first `maxErrors` are thrown together.
    /// Checks that need several keys (horizon after base_year...) stay in the loader, which runs after this.
    static func validate(_ root: ConfigReader, derivable: Set<String>) throws(InputError) {
        var v = Validator(root: root, derivable: derivable)
        if let p = root.entries.first(where: { $0.0 == "places" })?.1, case .array(let a) = p {
            v.places = a.compactMap { if case .string(let s) = $0 { s } else { nil } }
        }
        v.table(root.entries, specs: keys, path: "")
        guard !v.errors.isEmpty else { return }
        func line(_ e: InputError) -> Int {
            guard let l = e.location, l.hasPrefix("line ") else { return Int.max }
            return Int(l.dropFirst(5).prefix { $0.isNumber }) ?? Int.max
        }
        // In file order: the scenario file first, then its parents; by line within a file.
        var fileOrder = Dictionary(v.errors.map(\.file).enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        fileOrder[root.file] = -1
        let sorted = v.errors.enumerated().sorted { a, b in
            let fa = fileOrder[a.element.file]!, fb = fileOrder[b.element.file]!
            if fa != fb { return fa < fb }
            let la = line(a.element), lb = line(b.element)
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
        var first = sorted[0]
        first.others = Array(sorted.dropFirst().prefix(maxErrors - 1))
        first.notShown = Swift.max(0, sorted.count - maxErrors)
        throw first
    }

    /// What a kind of value looks like, for "expected ..." in messages.
    static func expected(_ k: KeySpec.Kind, path: String) -> String {
        switch k {
        case .string: return "a string"
        case .choice(let c): return "one of " + c.map { "\"\($0)\"" }.joined(separator: ", ")
        case .path: return "the path of an input file (a string)"
        case .int: return "a whole number"
        case .number: return "a number"
        case .bool: return "true or false"
        case .strings: return "an array of strings"
        case .numbers: return "an array of numbers"
        case .place: return "one of the scenario's places (a string)"
        case .yearRange: return "[first, last] (whole numbers, first <= last)"
        case .table: return "a table [\(path)]"
        case .tableArray: return "[[\(path)]] tables"
        case .placeNumbers: return "a table with a number for each Place, e.g. { \"Place name\" = 1.0, ... }"
        case .numberOrPlaceNumbers: return "a number, or a table with a number for each Place"
        case .uncertain: return "a number or a distribution table such as { distribution = \"normal\", mean = 1, sd = 0.1 }"
        case .map: return "a table"
        }
    }
}

private struct Validator {
    let root: ConfigReader
    let derivable: Set<String>
    var places: [String] = []
    var errors: [InputError] = []

    init(root: ConfigReader, derivable: Set<String>) { self.root = root; self.derivable = derivable }

    mutating func fail(_ path: String, _ message: String) { errors.append(root.error(path, message)) }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// Unknown keys (with a suggestion, or the missing key they probably meant), missing keys, then each value.
    mutating func table(_ entries: [(String, ConfigValue)], specs: [KeySpec], path: String) {
        let names = specs.map(\.name)
        var explained: Set<String> = []
        for (k, _) in entries where !names.contains(k) {
            if let s = Suggestion.closest(to: k, among: names) {
                let missing = specs.first { $0.name == s }!.required && !entries.contains { $0.0 == s }
                if missing { explained.insert(s) }
                fail(join(path, k), "unknown key '\(k)'; did you mean '\(s)'?" + (missing ? " ('\(s)' is required and missing)" : ""))
            } else {
                fail(join(path, k), "unknown key '\(k)'; known keys here: \(names.joined(separator: ", "))")
            }
        }
        for s in specs {
            guard let v = entries.first(where: { $0.0 == s.name })?.1 else {
                if s.required && !explained.contains(s.name) {
                    fail(join(path, s.name), "missing; expected \(ScenarioFormat.expected(s.kind, path: join(path, s.name)))")
                }
                continue
            }
            value(v, s, s.kind, path: join(path, s.name))
        }
    }

    /// `= "1626" is a string; ...`, pointing out a number in quotes.
    mutating func wrongType(_ v: ConfigValue, _ k: KeySpec.Kind, path: String) {
        var m = "= \(v.shown) is \(v.typeName); expected \(ScenarioFormat.expected(k, path: path))"
        if case .string(let s) = v, let x = Double(s.trimmingCharacters(in: .whitespaces)), x.isFinite {
            m += " (a number in quotes is text: write \(s.trimmingCharacters(in: .whitespaces)) without the quotes)"
        }
        if case .double(let x) = v, case .int = k, x == x.rounded(), abs(x) < 1e15 {
            m = "= \(x) is a number with a decimal point; expected a whole number (write \(Int(x)))"
        }
        fail(path, m)
    }

    mutating func number(_ v: ConfigValue, _ s: KeySpec, path: String) {
        let x: Double
        switch v {
        case .int(let i): x = Double(i)
        case .double(let d): x = d
        default: return wrongType(v, .number, path: path)
        }
        range(x, s, path: path)
    }

    mutating func range(_ x: Double, _ s: KeySpec, path: String) {
        guard x.isFinite else { return fail(path, "= \(x) is not a finite number") }
        if let m = s.min, x < m { fail(path, "= \(show(x)) is below the minimum; expected a value >= \(show(m))") }
        if let m = s.max, x > m { fail(path, "= \(show(x)) is above the maximum; expected a value <= \(show(m))") }
        if let a = s.above, x <= a { fail(path, "= \(show(x)); expected a value > \(show(a))") }
        if let b = s.below, x >= b { fail(path, "= \(show(x)); expected a value < \(show(b))") }
    }

    mutating func value(_ v: ConfigValue, _ s: KeySpec, _ k: KeySpec.Kind, path: String) {
        switch k {
        case .string:
            guard case .string = v else { return wrongType(v, k, path: path) }
        case .choice(let options):
            guard case .string(let x) = v else { return wrongType(v, k, path: path) }
            if !options.contains(x) {
                fail(path, "= \"\(x)\" is not one of " + options.map { "\"\($0)\"" }.joined(separator: ", ") + Suggestion.hint(x, among: options))
            }
        case .place:
            guard case .string(let x) = v else { return wrongType(v, k, path: path) }
            if !places.isEmpty, !places.contains(x) {
                fail(path, "= \"\(x)\" is not one of the places (\(places.joined(separator: ", ")))" + Suggestion.hint(x, among: places))
            }
        case .path:
            guard case .string(let x) = v else { return wrongType(v, k, path: path) }
            let key = String(path.split(separator: ".").last ?? "")
            let u = URL(fileURLWithPath: x).standardizedFileURL
            if x.isEmpty {
                fail(path, "= \"\" is empty; expected the path of an input file")
            } else if let p = fileProblem(u), !(derivable.contains(key) && !FileManager.default.fileExists(atPath: u.path)) {
                // Not found, a folder or a device; a missing file is allowed when it is about to be derived.
                fail(path, "\(p); expected an existing input file (paths are relative to the scenario file that sets them)")
            }
        case .int:
            guard case .int(let i) = v else { return wrongType(v, k, path: path) }
            range(Double(i), s, path: path)
        case .number:
            number(v, s, path: path)
        case .bool:
            guard case .bool = v else { return wrongType(v, k, path: path) }
        case .strings:
            guard case .array(let a) = v, a.allSatisfy({ if case .string = $0 { true } else { false } }) else {
                return wrongType(v, k, path: path)
            }
        case .numbers:
            guard case .array(let a) = v else { return wrongType(v, k, path: path) }
            for x in a { number(x, s, path: path) }
        case .yearRange:
            guard case .array(let a) = v, a.count == 2, case .int(let f) = a[0], case .int(let l) = a[1] else {
                return fail(path, "= \(v.shown); expected \(ScenarioFormat.expected(k, path: path))")
            }
            if f > l { fail(path, "= [\(f), \(l)]: first is after last; expected [first, last] with first <= last") }
        case .table(let specs):
            guard case .table(let t) = v else { return wrongType(v, k, path: path) }
            table(t, specs: specs, path: path)
        case .tableArray(let specs):
            guard case .array(let a) = v else { return wrongType(v, k, path: path) }
            for (i, x) in a.enumerated() {
                guard case .table(let t) = x else { fail(path, "item \(i + 1) is \(x.typeName); expected a table"); continue }
                table(t, specs: specs, path: "\(path)[\(i + 1)]")
            }
        case .placeNumbers:
            guard case .table(let t) = v else { return wrongType(v, k, path: path) }
            for (p, x) in t {
                if places.contains(p) { number(x, s, path: join(path, p)); continue }
                fail(join(path, p), "'\(p)' is not one of the places (\(places.joined(separator: ", ")))" + Suggestion.hint(p, among: places))
            }
            for p in places where !t.contains(where: { $0.0 == p }) {
                fail(join(path, p), "missing: every Place (\(places.joined(separator: ", "))) needs a value")
            }
        case .numberOrPlaceNumbers:
            if case .table = v { value(v, s, .placeNumbers, path: path) } else { number(v, s, path: path) }
        case .uncertain(let choice):
            uncertain(v, choice: choice, path: path)
        case .map(let inner, let names):
            guard case .table(let t) = v else { return wrongType(v, k, path: path) }
            for (n, x) in t {
                if let names, !names.contains(n) {
                    let h = Suggestion.closest(to: n, among: names).map { "did you mean '\($0)'? " } ?? ""
                    let noun = s.name == "assumptions" ? "assumption" : "name"
                    fail(join(path, n), "unknown \(noun) '\(n)'; \(h)known: \(names.joined(separator: ", "))")
                    continue
                }
                value(x, s, inner, path: join(path, n))
            }
        }
    }

    /// A number, `{ distribution = ..., parameters }`, `{ interval = [lo, hi], coverage, shape }` or `{ choices, weights }`.
    mutating func uncertain(_ v: ConfigValue, choice: Bool, path: String) {
        switch v {
        case .int, .double: return
        case .table: break
        default: return wrongType(v, .uncertain(choice: choice), path: path)
        }
        guard case .table(let t) = v else { return }
        func has(_ k: String) -> Bool { t.contains { $0.0 == k } }
        if has("choices") {
            guard choice else { return fail(path, "choices are only allowed for string assumptions (migration_profile)") }
            table(t, specs: [KeySpec("choices", .strings, required: true, ""), KeySpec("weights", .numbers, min: 0, "")], path: path)
        } else if has("interval") {
            table(t, specs: [KeySpec("interval", .numbers, required: true, ""), KeySpec("coverage", .number, above: 0, below: 1, ""),
                             KeySpec("shape", .choice(["normal", "lognormal"]), "")], path: path)
            if let iv = t.first(where: { $0.0 == "interval" })?.1, case .array(let a) = iv, a.count != 2 {
                fail(join(path, "interval"), "= \(iv.shown); expected [low, high]")
            }
        } else if let d = t.first(where: { $0.0 == "distribution" })?.1 {
            let names = ScenarioFormat.distributions.map(\.name)
            guard case .string(let name) = d else { return wrongType(d, .choice(names), path: join(path, "distribution")) }
            guard let params = ScenarioFormat.distributions.first(where: { $0.name == name })?.parameters else {
                let h = Suggestion.closest(to: name, among: names).map { "; did you mean \"\($0)\"?" } ?? ""
                return fail(join(path, "distribution"), "= \"\(name)\" is not one of the known distributions (\(names.map { "\"\($0)\"" }.joined(separator: ", ")))\(h)")
            }
            let specs = [KeySpec("distribution", .string, required: true, "")]
                + params.map { KeySpec($0, ["values", "weights"].contains($0) ? .numbers : .number, required: $0 != "weights", "") }
            table(t, specs: specs, path: path)
        } else {
            fail(path, "is a table without 'distribution', 'interval'\(choice ? " or 'choices'" : ""); expected e.g. { distribution = \"normal\", mean = 1, sd = 0.1 } or { interval = [0.9, 1.1], coverage = 0.8 }"
                 + (t.first.map { " (found key '\($0.0)'\(Suggestion.hint($0.0, among: ["distribution", "interval", "choices"])))" } ?? ""))
        }
    }
}
