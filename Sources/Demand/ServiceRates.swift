import Demography

/// Activity rates of one service by age band and sex: events per person per year.
public struct ServiceRates: Sendable, Equatable {
    public let group: String
    public let service: String
    public let minAge: Int
    public let bands: [AgeBand]
    /// [sex][band]
    public var rates: [[Double]] { [Array(flat[0..<bands.count]), Array(flat[bands.count...])] }

    /// Rates in `bandTotals` order (female bands, then male bands), for a plain dot product. The only storage:
    /// Monte Carlo derives every service's rates in every draw.
    let flat: [Double]

    public init(group: String, service: String, minAge: Int, bands: [AgeBand], rates: [[Double]]) {
        precondition(rates.count == 2 && rates[0].count == bands.count && rates[1].count == bands.count)
        self.init(group: group, service: service, minAge: minAge, bands: bands, flat: rates[0] + rates[1])
    }

    init(group: String, service: String, minAge: Int, bands: [AgeBand], flat: [Double]) {
        self.group = group; self.service = service; self.minAge = minAge; self.bands = bands; self.flat = flat
    }

    /// Rates = base-year counts / population of the same band and sex (a zero-population band must have no events).
    public static func derive(group: String, service: String, minAge: Int, bands: [AgeBand], counts: [[Double]],
                              population: PopulationTable) -> (ServiceRates?, String?) {
        derive(group: group, service: service, minAge: minAge, bands: bands, counts: counts, population: AgeSums(population))
    }

    /// The same from running age totals (computed once when many services share a base population).
    public static func derive(group: String, service: String, minAge: Int, bands: [AgeBand], counts: [[Double]],
                              population: AgeSums) -> (ServiceRates?, String?) {
        var flat = [Double](repeating: 0, count: 2 * bands.count)
        for s in Sex.allCases {
            for (i, b) in bands.enumerated() {
                let pop = population.total(ages: b.ages, sex: s)
                let c = counts[s.rawValue][i]
                if pop <= 0 {
                    if c > 0 { return (nil, "\(service): \(c) events for \(s) \(b) but no population in the base year") }
                } else {
                    flat[s.rawValue * bands.count + i] = c / pop
                }
            }
        }
        return (ServiceRates(group: group, service: service, minAge: minAge, bands: bands, flat: flat), nil)
    }

    /// People per band and sex ([female bands..., male bands...]) — computed once per population and band set.
    public static func bandTotals(_ p: PopulationTable, bands: [AgeBand]) -> [Double] {
        let sums = AgeSums(p)
        return Sex.allCases.flatMap { sex in bands.map { sums.total(ages: $0.ages, sex: sex) } }
    }

    /// Expected events given `bandTotals` of the same bands.
    public func apply(bandTotals t: [Double]) -> Double {
        flat.withUnsafeBufferPointer { r in t.withUnsafeBufferPointer { dot(r, $0) } }
    }

    /// Expected events in a population (rates x people, summed over bands and sexes).
    public func apply(_ p: PopulationTable) -> Double {
        var s = 0.0
        for x in Sex.allCases { for (i, b) in bands.enumerated() { s += flat[x.rawValue * bands.count + i] * p.total(ages: b.ages, sex: x) } }
        return s
    }
}
