import Foundation
import Demography
import Demand

/// The comparison of a back-test's projections with the ONS estimates of the target years: one row per method x
/// target x LA x sex x age band, and accuracy measures over groups of rows.
public enum BacktestMeasures {
    public enum BandSet: String, CaseIterable, Sendable {
        case all, broad
        case fiveYear = "5-year"
        public var bands: [AgeBand] {
            switch self {
            case .all: return [AgeBand(from: 0, to: Ages.open)]
            case .broad: return [AgeBand(from: 0, to: 19), AgeBand(from: 20, to: 39), AgeBand(from: 40, to: 64),
                                 AgeBand(from: 65, to: 79), AgeBand(from: 80, to: Ages.open)]
            case .fiveYear: return AgeBand.fiveYear(from: 0)
            }
        }
        public func label(_ b: AgeBand) -> String { self == .all ? "all" : b.description }
    }

    /// LA size class by its population at the base year.
    public static func sizeClass(_ population: Double) -> String {
        population < 100_000 ? "<100k" : population <= 250_000 ? "100-250k" : ">250k"
    }
    public static let sizeClasses = ["<100k", "100-250k", ">250k"]

    public struct Row: Sendable {
        public var method: Backtest.Method
        public var base: Int
        public var target: Int
        public var crossesSeriesBreak: Bool
        public var lad: String
        public var icb: String
        public var sizeClass: String
        public var sex: String
        public var bandSet: BandSet
        public var band: String
        public var projected: Double
        public var actual: Double
        public var errorPct: Double { actual > 0 ? (projected - actual) / actual * 100 : 0 }
        public var horizon: Int { target - base }
    }

    /// Every row of a back-test. The ICB of a split LA is the one holding most of its residents.
    public static func rows(_ r: Backtest.Result, data: EnglandData) -> [Row] {
        var icb: [String: (String, Double)] = [:]
        for m in data.lookup where m.share > (icb[m.lad]?.1 ?? -1) { icb[m.lad] = (m.icbCode, m.share) }
        var out: [Row] = []
        let b = r.config.base
        for method in Backtest.Method.allCases where r.projected[method] != nil {
            for t in r.config.targets {
                let cross = !data.sameSeries(b, t)
                for lad in r.measured {
                    guard let p = r.projected[method]?[lad]?[t], let a = data.estimates[t]?[lad], let base = data.estimates[b]?[lad] else { continue }
                    let size = sizeClass(base.total)
                    for sex in [nil, Sex.female, Sex.male] {
                        for set in BandSet.allCases { for band in set.bands {
                            out.append(Row(method: method, base: b, target: t, crossesSeriesBreak: cross, lad: lad, icb: icb[lad]?.0 ?? "",
                                           sizeClass: size, sex: sex.map { "\($0)" } ?? "persons", bandSet: set, band: set.label(band),
                                           projected: p.total(ages: band.ages, sex: sex), actual: a.total(ages: band.ages, sex: sex)))
                        } }
                    }
                }
            }
        }
        return out
    }

    public struct Stats: Sendable, Equatable {
        public var n: Int
        public var mape: Double
        public var bias: Double
        public var medianAPE: Double
        public var p90APE: Double
        public var within5: Double
        public var within10: Double
    }

    /// Linear-interpolation quantile (type 7) of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let h = Double(sorted.count - 1) * q, lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    public static func stats(_ errors: [Double]) -> Stats {
        let ape = errors.map(abs).sorted(), n = Double(max(errors.count, 1))
        return Stats(n: errors.count, mape: ape.reduce(0, +) / n, bias: errors.reduce(0, +) / n,
                     medianAPE: quantile(ape, 0.5), p90APE: quantile(ape, 0.9),
                     within5: Double(ape.filter { $0 <= 5 }.count) / n * 100, within10: Double(ape.filter { $0 <= 10 }.count) / n * 100)
    }

    public struct SummaryRow: Sendable {
        public var method: Backtest.Method
        public var base: Int
        public var target: Int
        public var crossesSeriesBreak: Bool
        public var sex: String
        public var bandSet: BandSet
        /// "all", "size:<100k", ..., "icb:E54...".
        public var group: String
        public var stats: Stats
    }

    /// Measures over every LA x band cell of a (method, target, sex, band set), for all LAs, each size class and each
    /// ICB (the ICBs for persons only).
    public static func summary(_ rows: [Row]) -> [SummaryRow] {
        struct Key: Hashable { var m: String; var t: Int; var sex: String; var set: String; var group: String }
        var groups: [Key: [Double]] = [:], order: [Key] = [], meta: [Key: Row] = [:]
        func add(_ k: Key, _ r: Row) {
            if groups[k] == nil { order.append(k); meta[k] = r }
            groups[k, default: []].append(r.errorPct)
        }
        for r in rows {
            let k = Key(m: r.method.rawValue, t: r.target, sex: r.sex, set: r.bandSet.rawValue, group: "all")
            add(k, r)
            var s = k; s.group = "size:" + r.sizeClass; add(s, r)
            if r.sex == "persons" { var i = k; i.group = "icb:" + r.icb; add(i, r) }
        }
        let rank = Dictionary(uniqueKeysWithValues: sizeClasses.enumerated().map { ("size:" + $1, $0) })
        order.sort { a, b in
            if a.m != b.m { return Backtest.Method(rawValue: a.m)!.order < Backtest.Method(rawValue: b.m)!.order }
            if a.t != b.t { return a.t < b.t }
            if a.sex != b.sex { return ["persons", "female", "male"].firstIndex(of: a.sex)! < ["persons", "female", "male"].firstIndex(of: b.sex)! }
            if a.set != b.set { return BandSet(rawValue: a.set)!.order < BandSet(rawValue: b.set)!.order }
            func g(_ s: String) -> (Int, Int, String) { s == "all" ? (0, 0, s) : s.hasPrefix("size:") ? (1, rank[s] ?? 9, s) : (2, 0, s) }
            return g(a.group) < g(b.group)
        }
        return order.map { k in
            let r = meta[k]!
            return SummaryRow(method: r.method, base: r.base, target: r.target, crossesSeriesBreak: r.crossesSeriesBreak, sex: k.sex,
                              bandSet: r.bandSet, group: k.group, stats: stats(groups[k]!))
        }
    }
}

extension Backtest.Method {
    var order: Int { Self.allCases.firstIndex(of: self)! }
}

extension BacktestMeasures.BandSet {
    var order: Int { Self.allCases.firstIndex(of: self)! }
}
