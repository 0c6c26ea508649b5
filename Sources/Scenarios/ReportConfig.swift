import Foundation

/// How the outputs describe the area: everything area-specific in summary.md and report.html comes from here (the
/// scenario's `[report]` section), never from the code.
public struct ReportConfig: Sendable {
    /// Name of the area; the all-Places rows are labelled "<area_name> total" (nil: "All Places").
    public var areaName: String?
    /// Years shown beside the base year in the report's tables (mid-years, or the financial years they start).
    public var milestones: [Int]
    /// Services whose intervals and sensitivity the summary shows (nil: the largest base-year service of each group).
    public var headlineServices: [String]?
    /// Said under every money table.
    public var costCaveat: String
    /// One line on where the data came from (report.html); nil: no line.
    public var dataSources: String?
    /// Documents of provenance and assumptions cited in summary.md.
    public var provenance: [URL]

    /// Label of the all-Places rows in summary.md and report.html.
    public var totalLabel: String { areaName.map { "\($0) total" } ?? "All Places" }

    public static let defaultCostCaveat = "Unit costs are those of the scenario's cost file; check their source before quoting money."

    /// Every ten years from the base, before the horizon; the midpoint when the horizon is under ten years away.
    public static func defaultMilestones(baseYear: Int, horizon: Int) -> [Int] {
        let tens = Array(stride(from: baseYear + 10, to: horizon, by: 10))
        if !tens.isEmpty { return tens }
        let mid = (baseYear + horizon) / 2
        return mid > baseYear && mid < horizon ? [mid] : []
    }

    static func parse(_ r: ConfigReader, baseYear: Int, horizon: Int) throws(InputError) -> ReportConfig {
        var c = ReportConfig(areaName: nil, milestones: defaultMilestones(baseYear: baseYear, horizon: horizon),
                             headlineServices: nil, costCaveat: defaultCostCaveat, dataSources: nil, provenance: [])
        guard let t = try r.table("report") else { return c }
        if let a = try t.optionalString("area_name") {
            guard !a.trimmingCharacters(in: .whitespaces).isEmpty else { throw t.error("area_name", "is empty; expected the area's name, e.g. \"Anytown ICB\"") }
            c.areaName = a
        }
        if let m = try t.ints("milestones") {
            guard !m.isEmpty, m == m.sorted(), Set(m).count == m.count, m.allSatisfy({ $0 > baseYear && $0 <= horizon }) else {
                throw t.error("milestones", "= \(m); expected years in increasing order, each once, after the base year \(baseYear) and up to the horizon \(horizon)")
            }
            c.milestones = m
        }
        if t.has("headline_services") {
            let s = try t.strings("headline_services")
            guard !s.isEmpty else { throw t.error("headline_services", "is empty; expected service names of the referrals file") }
            c.headlineServices = s
        }
        c.costCaveat = try t.string("cost_caveat", default: defaultCostCaveat)
        c.dataSources = try t.optionalString("data_sources")
        if t.has("provenance") {
            for s in try t.strings("provenance") {
                let u = URL(fileURLWithPath: s).standardizedFileURL
                guard FileManager.default.fileExists(atPath: u.path) else {
                    throw t.error("provenance", "file \(displayPath(u)) not found; expected documents relative to the scenario file that sets them")
                }
                c.provenance.append(u)
            }
        }
        try t.finish()
        return c
    }
}

/// ONS codes of the Places (`place_codes`): E06-E09 local authority codes, one per Place, in Place order.
enum PlaceCodes {
    static func parse(_ r: ConfigReader, places: [String]) throws(InputError) -> [String]? {
        guard r.has("place_codes") else { return nil }
        let codes = try r.strings("place_codes")
        guard codes.count == places.count else {
            throw r.error("place_codes", "has \(codes.count) codes for \(places.count) Places; expected one ONS code per Place, in the order of `places`")
        }
        for c in codes where !valid(c) {
            throw r.error("place_codes", "contains \"\(c)\"; expected an ONS local authority code like E06000055 (E06, E07, E08 or E09 and six digits)")
        }
        if let dup = codes.enumerated().first(where: { i, c in codes[..<i].contains(c) }) {
            throw r.error("place_codes", "lists \"\(dup.element)\" twice; expected a different code for each Place")
        }
        return codes
    }

    static func valid(_ c: String) -> Bool {
        let u = Array(c.utf8)
        guard u.count == 9, u[0] == UInt8(ascii: "E"), u[1] == UInt8(ascii: "0"),
              (UInt8(ascii: "6")...UInt8(ascii: "9")).contains(u[2]) else { return false }
        return u[3...].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}

/// What a child scenario (`extends`) changes from its parent, for the reports.
public struct ParentChanges: Sendable {
    public struct Change: Sendable, Equatable {
        /// Key path, e.g. "housing.net_additions.North".
        public var key: String
        /// The parent's value as written in TOML (nil: the parent does not set it).
        public var parent: String?
        public var value: String
    }
    /// The parent scenario file.
    public var parent: URL
    public var changes: [Change]
    /// Names of the parent's `[[new_towns]]` sites (the child's other sites are new).
    public var parentSites: [String]

    /// Leaf values of `child` that differ from `parent`; `[[new_towns]]` is reported as sites, not as keys. File paths
    /// are shown relative to `dir` (the child's folder).
    static func diff(parent: ConfigValue, child: ConfigValue, dir: URL) -> [Change] {
        var out: [Change] = []
        func shown(_ v: ConfigValue) -> String {
            switch v {
            case .string(let s) where s.hasPrefix("/"): return "\"\(OutputPath.relative(URL(fileURLWithPath: s), to: dir))\""
            case .array(let a): return "[" + a.map(shown).joined(separator: ", ") + "]"
            default: return v.shown
            }
        }
        func walk(_ p: ConfigValue?, _ c: ConfigValue, _ prefix: String) {
            if case .table(let ct) = c {
                var pt: [(String, ConfigValue)] = []
                if case .table(let x)? = p { pt = x }
                for (k, v) in ct where !(prefix.isEmpty && (k == "new_towns" || k == "extends")) {
                    walk(pt.first { $0.0 == k }?.1, v, prefix.isEmpty ? k : prefix + "." + k)
                }
                return
            }
            if let p, p == c { return }
            out.append(Change(key: prefix, parent: p.map(shown), value: shown(c)))
        }
        walk(parent, child, "")
        return out
    }

    static func siteNames(_ v: ConfigValue) -> [String] {
        guard case .table(let t) = v, case .array(let a)? = t.first(where: { $0.0 == "new_towns" })?.1 else { return [] }
        return a.compactMap { x in
            guard case .table(let s) = x, case .string(let n)? = s.first(where: { $0.0 == "name" })?.1 else { return nil }
            return n
        }
    }
}

/// Paths written into outputs: relative to a folder (the scenario's), never absolute machine paths.
public enum OutputPath {
    /// `url` relative to `dir`, with ".." steps where needed (e.g. "../data/x.csv").
    public static func relative(_ url: URL, to dir: URL) -> String {
        let a = url.standardizedFileURL.pathComponents, b = dir.standardizedFileURL.pathComponents
        var i = 0
        while i < a.count, i < b.count, a[i] == b[i] { i += 1 }
        let parts = Array(repeating: "..", count: b.count - i) + a[i...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}

extension ReportConfig {
    /// `headline_services` must name services of the referrals file (a misspelt one is an error, never dropped).
    public func checkServices(_ services: [String], scenario: URL) throws(InputError) {
        for n in headlineServices ?? [] where !services.contains(n) {
            throw InputError(file: displayPath(scenario), location: "key report.headline_services",
                             "names '\(n)', which is not a service of the referrals file; expected one of: \(services.joined(separator: ", "))")
        }
    }
}
