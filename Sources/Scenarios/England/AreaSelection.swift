import Foundation

/// A set of English LAs chosen by ICB, by region or by list, each with the share of its residents that belongs to
/// the set (1 for whole LAs; an LA split between ICBs has its ICB's share).
public struct AreaSelection: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public var lad: String
        public var name: String
        /// Share of the LA's Census 2021 usual residents in the area (ONS LSOA 2021 -> ICB lookup).
        public var share: Double
        public var isWhole: Bool { share >= 1 - 1e-9 }
    }

    /// What was asked for, for messages and file headers (e.g. "ICB E54000XXX (QXX) NHS ... Integrated Care Board").
    public var label: String
    /// A short name (ICB or region name, or the LA names) for titles.
    public var name: String
    public var icbCode: String?
    public var members: [Member]
    /// Parts of split LAs below the minimum share: left out, listed so the generated file can say so.
    public var leftOut: [Member]

    /// Why a selection could not be made: the option, the value, and what would have been accepted.
    public struct SelectionError: Error, CustomStringConvertible, Equatable {
        public var option: String
        public var value: String
        public var message: String
        public var description: String { "\(option) '\(value)': \(message)" }
    }

    /// The LAs of one ICB, given by its ONS code (E54...), ODS code (e.g. QHG) or name (case-insensitive; a unique
    /// part of the name is enough). Parts of split LAs with less than `minimumShare` of the LA are left out.
    public static func icb(_ key: String, in data: EnglandData, minimumShare: Double) throws(SelectionError) -> AreaSelection {
        let icbs = Dictionary(data.lookup.map { ($0.icbCode, $0) }, uniquingKeysWith: { a, _ in a })
        let k = key.trimmingCharacters(in: .whitespaces).lowercased()
        var hits = icbs.values.filter { $0.icbCode.lowercased() == k || $0.icbODS.lowercased() == k || $0.icbName.lowercased() == k }
        if hits.isEmpty, k.count >= 3 {
            hits = icbs.values.filter { $0.icbName.lowercased().contains(k) }
        }
        guard hits.count == 1, let icb = hits.first else {
            if hits.count > 1 {
                throw SelectionError(option: "--icb", value: key, message: "matches \(hits.count) ICBs: \(hits.map { "\($0.icbCode) \($0.icbName)" }.sorted().joined(separator: "; ")); give its code")
            }
            let near = Suggestions.closest(to: key, among: icbs.values.flatMap { [$0.icbCode, $0.icbODS, shortICBName($0.icbName)] }, limit: 5)
            let named = near.compactMap { n in icbs.values.first { $0.icbCode == n || $0.icbODS == n || shortICBName($0.icbName) == n } }
                .map { "\($0.icbCode) \($0.icbODS) \($0.icbName)" }
            var unique: [String] = []
            for n in named where !unique.contains(n) { unique.append(n) }
            throw SelectionError(option: "--icb", value: key, message: "no such ICB (give an ONS code E54..., an ODS code such as QHG, or a name). Closest: \(unique.joined(separator: "; "))")
        }
        let rows = data.lookup.filter { $0.icbCode == icb.icbCode }
        return split(rows.map { Member(lad: $0.lad, name: $0.ladName, share: $0.share) }, minimumShare: minimumShare,
                     label: "ICB \(icb.icbCode) (\(icb.icbODS)) \(icb.icbName)", name: icb.icbName, icbCode: icb.icbCode)
    }

    /// The LAs of one NHS England region (by name; case-insensitive).
    public static func region(_ key: String, in data: EnglandData, minimumShare: Double) throws(SelectionError) -> AreaSelection {
        let regions = Set(data.lookup.map(\.region))
        guard let region = regions.first(where: { $0.lowercased() == key.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            let near = Suggestions.closest(to: key, among: Array(regions), limit: 3)
            throw SelectionError(option: "--region", value: key, message: "no such NHS England region. Did you mean: \(near.joined(separator: "; "))? Regions: \(regions.sorted().joined(separator: "; "))")
        }
        var share: [String: Double] = [:], names: [String: String] = [:], order: [String] = []
        for r in data.lookup where r.region == region {
            if share[r.lad] == nil { order.append(r.lad) }
            share[r.lad, default: 0] += r.share; names[r.lad] = r.ladName
        }
        return split(order.sorted().map { Member(lad: $0, name: names[$0]!, share: min(share[$0]!, 1)) }, minimumShare: minimumShare,
                     label: "NHS England region \(region)", name: region, icbCode: nil)
    }

    /// Whole LAs by code. An LA split between ICBs is refused unless `allowSplit` (it is then taken whole).
    public static func lads(_ codes: [String], in data: EnglandData, allowSplit: Bool) throws(SelectionError) -> AreaSelection {
        var members: [Member] = [], seen = Set<String>()
        for raw in codes {
            let c = raw.trimmingCharacters(in: .whitespaces).uppercased()
            guard let name = data.names[c] else {
                let byName = data.names.first { $0.value.lowercased() == raw.trimmingCharacters(in: .whitespaces).lowercased() }
                let near = Suggestions.closest(to: raw, among: data.names.keys.map { $0 } + data.names.values.map { $0 }, limit: 4)
                let shown = near.map { n in data.names[n].map { "\(n) \($0)" } ?? "\(data.names.first { $0.value == n }!.key) \(n)" }
                throw SelectionError(option: "--lad", value: raw, message: byName.map { "give the code: \($0.key) is \($0.value)" }
                                     ?? "no such 2023 local authority district code. Closest: \(shown.joined(separator: "; "))")
            }
            guard seen.insert(c).inserted else { throw SelectionError(option: "--lad", value: raw, message: "is listed twice") }
            let parts = data.lookup.filter { $0.lad == c }
            if parts.count > 1, !allowSplit {
                let desc = parts.map { "\(String(format: "%.1f", $0.share * 100))% in \($0.icbName) (\($0.icbODS))" }.joined(separator: ", ")
                throw SelectionError(option: "--lad", value: raw, message: "\(c) \(name) is split between ICBs (\(desc)). Use --icb for an ICB's part, or add --whole-lads to take the whole LA")
            }
            members.append(Member(lad: c, name: name, share: 1))
        }
        guard !members.isEmpty else { throw SelectionError(option: "--lad", value: "", message: "needs at least one LA code") }
        return AreaSelection(label: "LAs \(members.map(\.lad).joined(separator: ", "))",
                             name: members.map(\.name).joined(separator: ", "), icbCode: nil, members: members, leftOut: [])
    }

    static func split(_ all: [Member], minimumShare: Double, label: String, name: String, icbCode: String?) -> AreaSelection {
        let sorted = all.sorted { $0.lad < $1.lad }
        return AreaSelection(label: label, name: name, icbCode: icbCode, members: sorted.filter { $0.share >= minimumShare },
                             leftOut: sorted.filter { $0.share < minimumShare })
    }

    /// "NHS Anytown and District Integrated Care Board" -> "Anytown and District".
    public static func shortICBName(_ n: String) -> String {
        var s = n
        if s.hasPrefix("NHS ") { s.removeFirst(4) }
        if s.hasSuffix(" Integrated Care Board") { s.removeLast(" Integrated Care Board".count) }
        return s
    }
}

/// "Did you mean": the candidates closest to a mistyped value by edit distance (case-insensitive).
public enum Suggestions {
    public static func closest(to value: String, among candidates: [String], limit: Int = 3) -> [String] {
        let v = value.lowercased()
        var seen = Set<String>(), scored: [(name: String, score: Int)] = []
        for c in candidates where seen.insert(c).inserted {
            let l = c.lowercased()
            // A candidate containing the value (or the reverse) is as close as an edit of a quarter of the length gap.
            let contains = l.contains(v) || v.contains(l)
            let d: Int = contains ? abs(l.count - v.count) / 4 : distance(v, l)
            scored.append((c, d))
        }
        scored.sort { $0.score != $1.score ? $0.score < $1.score : $0.name < $1.name }
        return scored.prefix(limit).map(\.name)
    }

    /// Levenshtein distance.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if x.isEmpty { return y.count }
        var prev = Array(0...y.count), cur = prev
        for i in 1...x.count {
            cur[0] = i
            for j in 1...max(y.count, 1) where !y.isEmpty {
                let substitution: Int = prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                let edit: Int = min(prev[j] + 1, cur[j - 1] + 1)
                cur[j] = min(edit, substitution)
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }
}
