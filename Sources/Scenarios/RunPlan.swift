import Foundation
import Sampling

/// Samples the assumptions of every Monte Carlo draw before anything runs.
///
/// Each named assumption has its own GSL stream, seeded from (master seed, its name, the draw), so two scenarios that
/// share an assumption get the same values for it in every draw (common random numbers), whatever else differs.
/// Draw 0 is the central run: the scenario's own values, no sampling.
public struct RunPlan: Sendable {
    public let scenario: Scenario
    /// Column names of `run-plan.csv`, in sampling order.
    public let columns: [String]
    /// For choice columns: the names the sampled index refers to.
    public let choiceNames: [String: [String]]

    public init(_ s: Scenario) {
        scenario = s
        var cols: [String] = []
        var choices: [String: [String]] = [:]
        for (name, v) in s.uncertainty.assumptions {
            cols.append(name.rawValue)
            if case .choice(let c, _) = v { choices[name.rawValue] = c }
        }
        let u = s.uncertainty
        if u.deliveryCommon != nil { cols.append("delivery_common") }
        if u.deliveryPlace != nil { cols += s.places.map { "delivery_place_\($0)" } }
        if u.deliveryYear != nil { for p in s.places { for y in (s.baseYear + 1)...s.horizon { cols.append("delivery_year_\(p)_\(y)") } } }
        for (g, _) in u.referralTrends { cols.append("referral_trend_\(g)") }
        for site in s.newTowns { cols += ["new_town_\(site.name)_goes_ahead", "new_town_\(site.name)_start", "new_town_\(site.name)_rate"] }
        columns = cols
        choiceNames = choices
        var base = Assumptions(s)
        base.extraDwellings = [:]
        drawBase = base
        streams = Streams(assumptions: u.assumptions.map { Self.nameHash($0.name.rawValue) },
                          deliveryCommon: Self.nameHash("delivery_common"),
                          deliveryPlace: s.places.map { Self.nameHash("delivery_place_\($0)") },
                          deliveryYear: s.places.map { Self.nameHash("delivery_year_\($0)") },
                          referralTrends: u.referralTrends.map { Self.nameHash("referral_trend_\($0.group)") },
                          newTowns: s.newTowns.map { Self.nameHash("new_town_\($0.name)") })
    }

    /// What every draw starts from: the scenario's assumptions without the central New Towns completions (a draw
    /// samples its own sites). Built once; so are the hashes of the streams' names, in the order a draw uses them.
    let drawBase: Assumptions
    struct Streams: Sendable {
        let assumptions: [UInt64]
        let deliveryCommon: UInt64
        let deliveryPlace: [UInt64], deliveryYear: [UInt64]
        let referralTrends: [UInt64]
        let newTowns: [UInt64]
    }
    let streams: Streams

    /// FNV-1a 64 of a stream name: the stream of an assumption in draw d is seeded from (master seed ^ this, d).
    static func nameHash(_ name: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    public struct DrawError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The assumptions of draw `d` (d >= 1) and the sampled values in `columns` order.
    public func sample(draw d: Int, stream: RandomStream) throws(DrawError) -> (Assumptions, [Double]) {
        let s = scenario, u = s.uncertainty
        var a = drawBase
        var values: [Double] = []
        values.reserveCapacity(columns.count)
        func use(_ hash: UInt64) -> RandomStream {
            stream.reseed(SeedDerivation.streamSeed(master: u.seed ^ hash, draw: d)); return stream
        }
        func positive(_ name: AssumptionName, _ x: Double) throws(DrawError) -> Double {
            guard x > 0 else {
                throw DrawError(description: "draw \(d) (seed \(u.seed)): \(name.rawValue) sampled \(x), outside its valid range (> 0); choose a distribution that stays positive (e.g. lognormal)")
            }
            return x
        }
        for (k, (name, v)) in u.assumptions.enumerated() {
            let x: Double
            switch v {
            case .distribution(let dist): x = dist.sample(use(streams.assumptions[k]))
            case .choice(_, let w): x = Double(use(streams.assumptions[k]).discrete(weights: w))
            }
            values.append(x)
            switch name {
            case .mortalityLevel: a.mortalityLevel = try positive(name, x)
            case .improvementScale: a.improvementScale = x
            case .fertilityLevel: a.fertilityLevel = try positive(name, x)
            case .sexRatioAtBirth: a.sexRatioAtBirth = try positive(name, x)
            case .personsPerDwellingChange: a.personsPerDwellingChange = x
            case .communalShare:
                guard x >= 0, x < 1 else { throw DrawError(description: "draw \(d): communal_share sampled \(x), outside [0, 1)") }
                a.communalShare = x
            case .listInflationFactor:
                let f = try positive(name, x)
                for k in a.listInflation.keys { a.listInflation[k]! *= f }
            case .migrationProfile:
                if case .choice(let names, _) = v { a.migrationProfile = names[Int(x)] }
            case .conditionPrevalenceTrend: a.conditionTrend = x
            case .workforceProductivity: a.productivity = x
            case .recruitmentFactor:
                guard x >= 0 else { throw DrawError(description: "draw \(d): recruitment_factor sampled \(x), below 0") }
                a.recruitmentFactor = x
            case .allocationRealGrowth: a.allocationGrowth = x
            case .migrationShift: a.migrationShift = x
            }
        }
        let years = (s.baseYear + 1)...s.horizon
        let common = u.deliveryCommon.map { $0.sample(use(streams.deliveryCommon)) } ?? 1
        if u.deliveryCommon != nil { values.append(common) }
        let placeFactor = s.places.indices.map { pi in u.deliveryPlace.map { $0.sample(use(streams.deliveryPlace[pi])) } ?? 1 }
        if u.deliveryPlace != nil { values += placeFactor }
        if u.deliveryCommon != nil || u.deliveryPlace != nil || u.deliveryYear != nil {
            for (pi, p) in s.places.enumerated() {
                var f: [Double] = []
                f.reserveCapacity(years.count)
                let yearStream = u.deliveryYear.map { _ in use(streams.deliveryYear[pi]) }
                for _ in years {
                    let y = u.deliveryYear.map { $0.sample(yearStream!) } ?? 1
                    if u.deliveryYear != nil { values.append(y) }
                    f.append(common * placeFactor[pi] * y)
                }
                a.delivery[p] = f
            }
        }
        for (k, (g, dist)) in u.referralTrends.enumerated() {
            let x = dist.sample(use(streams.referralTrends[k]))
            values.append(x)
            a.referralTrends[g] = x
        }
        for (k, site) in s.newTowns.enumerated() {
            let r = use(streams.newTowns[k])
            let go = r.bernoulli(p: site.probability)
            let span = site.startYears.upperBound - site.startYears.lowerBound + 1
            let start = site.startYears.lowerBound + min(Int(r.uniform() * Double(span)), span - 1)
            let rate = site.buildRate.sample(r)
            guard rate > 0 else {
                throw DrawError(description: "draw \(d) (seed \(u.seed)): new town '\(site.name)' build_rate sampled \(rate), outside its valid range (> 0); choose a distribution that stays positive (e.g. lognormal)")
            }
            values += [go ? 1 : 0, Double(start), rate]
            if go {
                for (y, n) in site.completions(start: start, rate: rate, through: s.horizon) {
                    a.extraDwellings[site.place, default: [:]][y, default: 0] += n
                }
            }
        }
        return (a, values)
    }

    /// The central run's values in `columns` order (the scenario's own values).
    public func centralValues() -> [Double] {
        let s = scenario, a = Assumptions(s)
        var out: [Double] = []
        for (name, v) in s.uncertainty.assumptions {
            switch name {
            case .mortalityLevel: out.append(a.mortalityLevel)
            case .improvementScale: out.append(a.improvementScale)
            case .fertilityLevel: out.append(a.fertilityLevel)
            case .sexRatioAtBirth: out.append(a.sexRatioAtBirth)
            case .personsPerDwellingChange: out.append(a.personsPerDwellingChange)
            case .communalShare: out.append(a.communalShare)
            case .listInflationFactor: out.append(1)
            case .conditionPrevalenceTrend: out.append(a.conditionTrend)
            case .workforceProductivity: out.append(a.productivity)
            case .recruitmentFactor: out.append(a.recruitmentFactor)
            case .allocationRealGrowth: out.append(a.allocationGrowth)
            case .migrationShift: out.append(a.migrationShift)
            case .migrationProfile:
                if case .choice(let names, _) = v { out.append(Double(names.firstIndex(of: a.migrationProfile) ?? -1)) } else { out.append(.nan) }
            }
        }
        let u = s.uncertainty
        if u.deliveryCommon != nil { out.append(1) }
        if u.deliveryPlace != nil { out += s.places.map { _ in 1 } }
        if u.deliveryYear != nil { out += Array(repeating: 1, count: s.places.count * (s.horizon - s.baseYear)) }
        for (g, _) in u.referralTrends { out.append(a.referralTrends[g] ?? 0) }
        for site in s.newTowns {
            out += [site.probability, Double((site.startYears.lowerBound + site.startYears.upperBound) / 2), site.buildRate.mean]
        }
        return out
    }
}
