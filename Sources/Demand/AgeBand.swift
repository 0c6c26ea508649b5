import Demography

/// A closed band of single years of age; 90 is the open top group.
public struct AgeBand: Sendable, Hashable, CustomStringConvertible {
    public let from: Int
    public let to: Int
    public init(from: Int, to: Int) { self.from = from; self.to = to }
    public var ages: ClosedRange<Int> { from...to }
    public var description: String { to >= Ages.open ? "\(from)+" : "\(from)-\(to)" }

    /// Checks bands are sorted, neither overlap nor leave gaps, and cover `minAge` to 90+.
    /// Returns a message naming the problem, or nil.
    public static func coverageProblem(_ bands: [AgeBand], minAge: Int) -> String? {
        guard let first = bands.first else { return "no age bands" }
        if first.from != minAge { return "the first band starts at \(first.from), expected the minimum age \(minAge)" }
        for b in bands where b.to < b.from { return "band \(b.from)-\(b.to) ends before it starts" }
        for (a, b) in zip(bands, bands.dropFirst()) {
            if b.from <= a.to { return "bands \(a) and \(b) overlap" }
            if b.from > a.to + 1 { return "gap between bands \(a) and \(b) (ages \(a.to + 1)-\(b.from - 1) not covered)" }
        }
        if bands.last!.to < Ages.open { return "the last band ends at \(bands.last!.to); expected the bands to reach 90+ (age 90)" }
        return nil
    }

    /// 5-year bands from `minAge` (the first band runs to the next multiple of 5), ending in 90+.
    public static func fiveYear(from minAge: Int) -> [AgeBand] {
        var out: [AgeBand] = []
        var a = minAge
        while a < Ages.open {
            let end = min((a / 5) * 5 + 4, Ages.open - 1)
            out.append(AgeBand(from: a, to: end))
            a = end + 1
        }
        out.append(AgeBand(from: Ages.open, to: Ages.open))
        return out
    }
}
