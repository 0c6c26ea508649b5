import Foundation
import Demography

extension Backtest {
    /// Mid-years whose estimates fit Hamilton-Perry from base B: the ends of the one-year steps of the default trend
    /// window (with their starts), or, where B's series has no one-year step before B, the earliest earlier estimate
    /// of the series and B (a multi-year interval, annualised).
    public static func hamiltonPerryWindow(base b: Int, data: EnglandData) -> [Int] {
        let steps = defaultWindow(base: b, data: data)
        if !steps.isEmpty { return Array(Set(steps + steps.map { $0 - 1 })).sorted() }
        guard let first = data.estimates.keys.filter({ $0 < b && data.sameSeries($0, b) }).min() else { return [b] }
        return [first, b]
    }

    /// Hamilton-Perry by sex and single year of age: one-year cohort-change ratios pooled over the steps of `years`
    /// (P_y(a+1) summed over P_{y-1}(a) summed; 90+ from 89 and 90+), births by a child-woman ratio (age 0 over women
    /// 15-44 a year earlier). A multi-year interval of k years is annualised: the ratio for age a is the k-th root of
    /// the k-year ratio of the cohorts aged a-2 and a-1 at its start (geometric mean), the child-woman ratio that of B.
    static func hamiltonPerry(_ lads: [String], data: EnglandData, base b: Int, years: [Int], targets: [Int]) -> [String: [Int: PopulationTable]] {
        var out: [String: [Int: PopulationTable]] = [:]
        let steps = years.filter { years.contains($0 - 1) }
        for lad in lads {
            var r = [[Double]](repeating: Array(repeating: 1, count: Ages.count), count: 2), cwr = [0.0, 0.0]
            let pb = data.estimates[b]![lad]!
            func women(_ p: PopulationTable) -> Double { p.total(ages: 15...44, sex: .female) }
            if !steps.isEmpty {
                for s in Sex.allCases {
                    var num = [Double](repeating: 0, count: Ages.count), den = num, births = 0.0, w = 0.0
                    for y in steps {
                        let p0 = data.estimates[y - 1]![lad]!, p1 = data.estimates[y]![lad]!
                        for a in 0..<(Ages.open - 1) { num[a] += p1[s, a + 1]; den[a] += p0[s, a] }
                        num[Ages.open - 1] += p1[s, Ages.open]; den[Ages.open - 1] += p0[s, Ages.open - 1] + p0[s, Ages.open]
                        births += p1[s, 0]; w += women(p0)
                    }
                    for a in 0..<Ages.open { r[s.rawValue][a] = den[a] > 0 ? num[a] / den[a] : 1 }
                    cwr[s.rawValue] = w > 0 ? births / w : 0
                }
            } else if years.count == 2 {
                let k = Double(years[1] - years[0]), p0 = data.estimates[years[0]]![lad]!, top = Ages.open - Int(k)
                for s in Sex.allCases {
                    func ratio(_ x: Int) -> Double {
                        let x = min(max(x, 0), top - 1), d = p0[s, x]
                        return d > 0 && pb[s, x + Int(k)] > 0 ? pb[s, x + Int(k)] / d : 1
                    }
                    for a in 0..<(Ages.open - 1) { r[s.rawValue][a] = exp((log(ratio(a - 2)) + log(ratio(a - 1))) / (2 * k)) }
                    let old = p0.total(ages: top...Ages.open, sex: s)
                    r[s.rawValue][Ages.open - 1] = old > 0 ? pow(pb[s, Ages.open] / old, 1 / k) : 1
                    cwr[s.rawValue] = women(pb) > 0 ? pb[s, 0] / women(pb) : 0
                }
            }
            var p = pb
            for y in (b + 1)...targets.last! {
                var n = PopulationTable.zero
                for s in Sex.allCases {
                    n[s, 0] = cwr[s.rawValue] * women(p)
                    for a in 1..<Ages.open { n[s, a] = r[s.rawValue][a - 1] * p[s, a - 1] }
                    n[s, Ages.open] = r[s.rawValue][Ages.open - 1] * (p[s, Ages.open - 1] + p[s, Ages.open])
                }
                p = n
                if targets.contains(y) { out[lad, default: [:]][y] = p }
            }
        }
        return out
    }

    /// Trend migration for a base whose series has no one-year step before it (mid-2015: the previous estimate held
    /// is mid-2011): the residual of the k-year interval (estimate at B less the closed projection of the earlier
    /// estimate, births at the LA's TFR implied by its age-0 estimate at B), spread over k years: the net migrants
    /// at end-age x in one year are the mean of the interval's residual at ages x..x+k-1, over k. Fertility levels
    /// are the same age-0 TFRs relative to England's; mortality levels stay 1 (no deaths by LA before B are held).
    static func multiYearBasis(first: Int, base b: Int) -> String {
        "the \(first)-\(b) residual (mid-\(b) estimate less the closed projection of mid-\(first)) spread over \(b - first) years: no one-year step before mid-\(b) is held"
    }

    static func multiYearTrend(_ model: AreaModel, data: EnglandData, national: NationalSchedules) -> AreaModel {
        let b = model.options.baseYear
        guard let first = data.estimates.keys.filter({ $0 < b && data.sameSeries($0, b) }).max() else { return model }
        let k = b - first
        let ld = LocalDerivation(data: data, national: national)
        let sched = national.mortality(steps: first...b)
        var tfr: [String: Double] = [:], englandAge0 = 0.0, englandUnit = 0.0
        for lad in data.lads {
            let p = data.estimates[b]![lad]!, u = ld.unitBirths(p), a0 = p[.female, 0] + p[.male, 0]
            tfr[lad] = u > 0 ? a0 / u : 0; englandAge0 += a0; englandUnit += u
        }
        let england = englandUnit > 0 ? englandAge0 / englandUnit : 1
        var m = model
        for (i, place) in model.places.enumerated() {
            var c = data.estimates[first]![place.code]!
            let f = FertilitySchedule(rates: national.unitFertility.rates.map { $0 * (tfr[place.code] ?? england) })
            for y in first..<b {
                c = PopulationTable(values: TrendDerivation.residualMigration(projection: [c, .zero], firstYear: y, mortality: sched,
                                                                              fertility: [f], sexRatio: national.sexRatioAtBirth)[0].map { -$0 })
            }
            let resid = zip(data.estimates[b]![place.code]!.values, c.values).map { $0 - $1 }
            var cells = [Double](repeating: 0, count: Ages.cells)
            for s in Sex.allCases { for x in Ages.all {
                var sum = 0.0
                for j in 0..<k { sum += resid[Ages.index(s, min(x + j, Ages.open))] }
                cells[Ages.index(s, x)] = sum / Double(k) / Double(k) * place.share
            } }
            m.places[i].trendMigration = cells
            m.places[i].fertilityLevel = (tfr[place.code] ?? england) / england
            m.places[i].mortalityLevel = 1
        }
        m.migrationYearsUsed = [b]
        m.yearsRead.estimates.formUnion([first, b])
        return m
    }
}
