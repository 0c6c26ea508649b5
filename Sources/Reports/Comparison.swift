import Scenarios

/// B - A for every series both runs report: the central difference and, with Monte Carlo draws on common random
/// numbers (draw d of A and draw d of B share every assumption they have in common), the mean and percentiles of the
/// per-draw differences and the share of draws in which B is above A.
public struct Comparison {
    /// One side of a comparison: its catalogue, central values and (when drawn) its Monte Carlo result.
    public struct Side {
        public var name: String
        public var catalog: SeriesCatalog
        public var central: [Double]
        public var mc: MonteCarloResult?
        /// Place -> ONS code (empty when the scenario gives none).
        public var placeCodes: [String: String]
        public init(name: String, catalog: SeriesCatalog, central: [Double], mc: MonteCarloResult?, placeCodes: [String: String]) {
            self.name = name; self.catalog = catalog; self.central = central; self.mc = mc; self.placeCodes = placeCodes
        }
    }

    public struct Row {
        public let key: SeriesCatalog.Key
        public let a: Double, b: Double
        /// nil without draws.
        public let meanDiff: Double?
        public let percentiles: [Double]
        /// Share of draws in which B is above A (by more than float rounding).
        public let shareAbove: Double?
        /// Share of draws in which B differs from A, and the percentiles over those draws only (a site that goes
        /// ahead in some draws only).
        public let shareChanged: Double?
        public let changedPercentiles: [Double]
        public var difference: Double { b - a }
        /// The interval of the difference excludes zero.
        public var significant: Bool {
            guard let lo = percentiles.first, let hi = percentiles.last else { return false }
            return lo > 0 || hi < 0
        }
    }

    public let nameA: String, nameB: String
    /// 0 = central difference only.
    public let draws: Int
    public let percentiles: [Double]
    public let placeCodes: [String: String]
    /// The periods kept (e.g. "2033/34" and mid-year "2033" for start year 2033).
    public let years: [Int]
    public let rows: [Row]

    /// - Parameter years: start years of the periods to keep (2033 keeps mid-2033 and 2033/34); empty keeps all.
    public init(a: Side, b: Side, percentiles: [Double], years: [Int]) {
        nameA = a.name; nameB = b.name; self.percentiles = percentiles; self.years = years
        placeCodes = a.placeCodes.merging(b.placeCodes) { x, _ in x }
        let drawn = a.mc != nil && b.mc != nil
        draws = drawn ? min(a.mc!.draws, b.mc!.draws) : 0
        var index: [SeriesCatalog.Key: Int] = [:]
        for (i, k) in b.catalog.keys.enumerated() { index[k] = i }
        let keep = Set(years)
        var out: [Row] = []
        var scratch = [Double](repeating: 0, count: draws)
        for (i, k) in a.catalog.keys.enumerated() {
            guard let j = index[k] else { continue }
            if !keep.isEmpty, let y = Int(k.fields[0].prefix(4)), !keep.contains(y) { continue }
            guard drawn, draws > 0, let ma = a.mc, let mb = b.mc else {
                out.append(Row(key: k, a: a.central[i], b: b.central[j], meanDiff: nil, percentiles: [], shareAbove: nil,
                               shareChanged: nil, changedPercentiles: []))
                continue
            }
            let da = ma.draws(ofSeries: i), db = mb.draws(ofSeries: j)
            var sum = 0.0, above = 0
            // Float storage: differences below a millionth of the level are rounding, not change.
            let eps = 1e-6 * max(abs(a.central[i]), 1)
            for d in 0..<draws {
                let x = Double(db[db.startIndex + d]) - Double(da[da.startIndex + d])
                scratch[d] = x; sum += x
                if x > eps { above += 1 }
            }
            let changed = scratch.filter { abs($0) > eps }
            let cps = changed.isEmpty ? percentiles.map { _ in 0.0 } : Percentiles.type7(changed, percentiles)
            out.append(Row(key: k, a: a.central[i], b: b.central[j], meanDiff: sum / Double(draws),
                           percentiles: Percentiles.type7(scratch, percentiles), shareAbove: Double(above) / Double(draws),
                           shareChanged: Double(changed.count) / Double(draws), changedPercentiles: cps))
        }
        rows = out
    }

    /// A row's identifiers in the tidy layout shared by every table.
    public struct Tidy: Equatable {
        public var table, period, placeCode, place, group, item, measure, unit: String
    }

    public func tidy(_ k: SeriesCatalog.Key) -> Tidy {
        let f = k.fields
        let place = f[1], code = placeCodes[place] ?? ""
        switch k.table {
        case .population:
            return Tidy(table: "population", period: "mid-" + f[0], placeCode: code, place: place, group: f[2],
                        item: "\(f[3]) population", measure: f[3], unit: "people")
        case .referrals:
            return Tidy(table: "referrals", period: f[0], placeCode: code, place: place, group: f[2], item: f[3],
                        measure: "referrals", unit: "referrals a year")
        case .deaths:
            return Tidy(table: "deaths", period: f[0], placeCode: code, place: place, group: "", item: "deaths",
                        measure: "deaths", unit: "deaths a year")
        case .conditions:
            return Tidy(table: "conditions", period: "mid-" + f[0], placeCode: code, place: place, group: "", item: f[2],
                        measure: "people on register", unit: "people")
        case .workforce:
            return Tidy(table: "workforce", period: f[0], placeCode: code, place: place, group: f[2], item: "staff",
                        measure: f[3], unit: "FTE")
        case .finance:
            return Tidy(table: "finance", period: f[0], placeCode: code, place: place, group: "", item: "finance",
                        measure: f[2], unit: "GBP m (real, base-year prices)")
        }
    }
}
