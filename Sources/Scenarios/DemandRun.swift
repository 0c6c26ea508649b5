import Foundation
import Demography
import Demand

/// Demand of one projection: referrals by service, deaths and condition registers, by Place.
/// All on the GP-registered basis; financial-year values use 0.75 x mid-year y + 0.25 x mid-year y+1.
public struct DemandResult: Sendable {
    public struct Series: Sendable {
        public var group: String
        public var name: String
        /// Place -> value per period (financial years or mid-years, see the owning table).
        public var values: [String: [Double]]
        public func total(_ i: Int) -> Double { values.values.reduce(0) { $0 + $1[i] } }
    }
    /// Financial years (start year) of the referral table.
    public var referralFYs: [Int]
    public var referrals: [Series]
    /// Financial years of the deaths table.
    public var deathFYs: [Int]
    /// Place -> deaths per financial year.
    public var deaths: [String: [Double]]
    /// Mid-years of the condition table.
    public var conditionYears: [Int]
    public var conditions: [Series]
    /// Registered population per Place and mid-year (denominator of prevalence).
    public var registered: [String: [Double]]
    public var rates: [ServiceRates]
}

public enum DemandRun {
    /// Rates from base-year activity over the registered population of the base financial year, all Places.
    public static func rates(_ activity: [ServiceActivity], run: ProjectionRun, baseFY: Int) throws(InputError) -> [ServiceRates] {
        var base = PopulationTable.zero
        for p in run.places {
            let fy = FinancialYear.population(mid: p.registered(baseFY), next: p.registered(baseFY + 1))
            for i in base.values.indices { base.values[i] += fy.values[i] }
        }
        var out: [ServiceRates] = []
        for a in activity {
            let (r, problem) = ServiceRates.derive(group: a.group, service: a.service, minAge: a.minAge, bands: a.bands,
                                                   counts: a.counts, population: base)
            guard let r else { throw InputError(file: "referral activity", problem ?? a.service) }
            out.append(r)
        }
        return out
    }

    public static func run(_ run: ProjectionRun, config c: DemandConfig, inputs d: DemandInputs) throws(InputError) -> DemandResult {
        let s = run.scenario
        let rates = try rates(d.activity, run: run, baseFY: c.baseFY)
        let fys = Array(c.baseFY..<s.horizon)
        // Registered FY populations per Place, computed once.
        var fyPop: [String: [PopulationTable]] = [:]
        for p in run.places {
            fyPop[p.name] = fys.map { FinancialYear.population(mid: p.registered($0), next: p.registered($0 + 1)) }
        }
        var referrals: [DemandResult.Series] = []
        for r in rates {
            let g = 1 + (run.assumptions.referralTrends[r.group] ?? 0)
            var v: [String: [Double]] = [:]
            for p in run.places {
                v[p.name] = fys.enumerated().map { i, y in r.apply(fyPop[p.name]![i]) * pow(g, Double(y - c.baseFY)) }
            }
            referrals.append(.init(group: r.group, name: r.service, values: v))
        }

        let deathFYs = Array(s.baseYear..<s.horizon)
        var deaths: [String: [Double]] = [:]
        for p in run.places {
            deaths[p.name] = deathFYs.map { y in
                Deaths.expected(FinancialYear.population(mid: p.registered(y), next: p.registered(y + 1)),
                                survival: p.survival[y - s.baseYear])
            }
        }

        let years = Array(s.years)
        var conditions: [DemandResult.Series] = []
        var basePop = PopulationTable.zero
        for p in run.places { let r = p.registered(c.conditionsBaseYear); for i in basePop.values.indices { basePop.values[i] += r.values[i] } }
        for spec in d.conditions {
            let prev = ConditionPrevalence.calibrated(condition: spec.condition, shape: spec.shape,
                                                      allAgePrevalence: spec.allAgePrevalence, base: basePop)
            var v: [String: [Double]] = [:]
            let trend = 1 + run.assumptions.conditionTrend
            for p in run.places {
                v[p.name] = years.map { y in prev.people(p.registered(y)) * pow(trend, Double(y - c.conditionsBaseYear)) }
            }
            conditions.append(.init(group: "qof", name: spec.condition, values: v))
        }
        var registered: [String: [Double]] = [:]
        for p in run.places { registered[p.name] = years.map { p.registered($0).total } }
        return DemandResult(referralFYs: fys, referrals: referrals, deathFYs: deathFYs, deaths: deaths,
                            conditionYears: years, conditions: conditions, registered: registered, rates: rates)
    }
}
