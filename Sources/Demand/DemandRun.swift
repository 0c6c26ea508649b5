import Foundation
import Demography

/// The demand model of one projection: referrals by service, deaths, condition registers, workforce and finance, by
/// Place. All on the GP-registered basis; financial-year values use 0.75 x mid-year y + 0.25 x mid-year y+1.
public enum DemandRun {
    /// Demand of the projected Places (scenario order, projected from mid-`baseYear` to mid-`horizon`), in a fresh
    /// workspace.
    public static func run(places: [PlaceProjection], baseYear: Int, horizon: Int, model: DemandModel,
                           assumptions: DemandAssumptions, plan: DemandPlan? = nil) throws(DemandError) -> DemandResult {
        var workspace = DemandWorkspace()
        return try run(places: places, baseYear: baseYear, horizon: horizon, model: model, assumptions: assumptions,
                       plan: plan ?? DemandPlan(model.inputs, places: places.map(\.name)), workspace: &workspace)
    }

    /// The same in a worker's workspace: no allocation once the workspace has served one run of the same shape and
    /// the previous result has been released.
    public static func run(places: [PlaceProjection], baseYear: Int, horizon: Int, model c: DemandModel,
                           assumptions: DemandAssumptions, plan: DemandPlan,
                           workspace ws: inout DemandWorkspace) throws(DemandError) -> DemandResult {
        let d = c.inputs
        precondition(plan.places.count == places.count && zip(plan.places, places).allSatisfy { $0 == $1.name },
                     "the demand plan is for other Places")
        // Registered financial-year populations per Place, computed once for every table (deaths start at the base year).
        let firstFY = min(c.baseFY, baseYear)
        // [place][financial year from firstFY][cell], flat (one buffer, not a table per Place-year).
        let np = places.count, nFY = horizon - firstFY, cells = Ages.cells
        var fyPop = DemandWorkspace.take(&ws.fyPop)
        fyPop.reuseUnfilled(np * nFY * cells)
        fyPop.withUnsafeMutableBufferPointer { out in
            for (pi, p) in places.enumerated() { for t in 0..<nFY {
                p.withRegistered(firstFY + t) { a in p.withRegistered(firstFY + t + 1) { b in
                    FinancialYear.fill(mid: a, next: b, into: UnsafeMutableBufferPointer(rebasing: out[((pi * nFY + t) * cells)...]))
                } }
            } }
        }
        func fyCells<T>(_ pi: Int, _ t: Int, _ body: (UnsafeBufferPointer<Double>) -> T) -> T {
            fyPop.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[((pi * nFY + t) * cells)..<((pi * nFY + t + 1) * cells)])) }
        }
        let fys = DemandWorkspace.years(&ws.referralFYs, c.baseFY..<horizon)
        let off = c.baseFY - firstFY
        let nf = fys.count
        // Running age totals of each Place's financial-year populations from the referral base: [place][fy][AgeSums].
        let w = 2 * AgeSums.stride
        var sums = DemandWorkspace.take(&ws.sums)
        sums.reuseUnfilled(np * nf * w)
        sums.withUnsafeMutableBufferPointer { out in
            for pi in 0..<np { for t in 0..<nf {
                fyCells(pi, off + t) { v in
                    AgeSums.fill(v, into: UnsafeMutableBufferPointer(rebasing: out[((pi * nf + t) * w)..<((pi * nf + t + 1) * w)]))
                } }
            }
        }
        // Rates = base-year counts / the base financial year's registered population (all Places) of the band and sex.
        var baseFY = DemandWorkspace.take(&ws.baseFY)
        baseFY.reuseFilled(cells)
        for pi in 0..<np { for i in 0..<cells { baseFY[i] += fyPop[(pi * nFY + off) * cells + i] } }
        var baseSums = DemandWorkspace.take(&ws.baseSums)
        baseSums.reuseFilled(w)
        baseFY.withUnsafeBufferPointer { b in baseSums.withUnsafeMutableBufferPointer { AgeSums.fill(b, into: $0) } }
        // Referrals per service, Place and financial year ([service][place][fy], flat), each service's group trend
        // (1 + trend)^t applied as a running product.
        let ns = d.activity.count
        var trends = DemandWorkspace.take(&ws.trends)
        trends.reuseUnfilled(plan.groups.count * nf)
        for (g, name) in plan.groups.enumerated() {
            let f = 1 + (assumptions.referralTrends[name] ?? 0)
            var x = 1.0
            for i in 0..<nf { trends[g * nf + i] = x; x *= f }
        }
        // Each band set's rates are derived into the workspace's copy of its matrix (every rate rewritten).
        var matrices = DemandWorkspace.take(&ws.matrices)
        if matrices.count != plan.sets.count || zip(matrices, plan.sets).contains(where: { $0.count != $1.members.count || $0.bands != $1.matrix.bands }) {
            matrices = plan.sets.map(\.matrix)
        }
        var referrals = DemandWorkspace.take(&ws.referrals)
        referrals.removeAll(keepingCapacity: true)   // releases the last result's hold on the values
        var referralValues = DemandWorkspace.take(&ws.referralValues)
        referralValues.reuseUnfilled(ns * np * nf)
        try referralValues.withUnsafeMutableBufferPointer { (vb) throws(DemandError) in
            try sums.withUnsafeBufferPointer { (sb) throws(DemandError) in
                for (si, set) in plan.sets.enumerated() {
                    let n = set.members.count, width = matrices[si].width
                    try withUnsafeTemporaryAllocation(of: Double.self, capacity: width + n) { (tmp) throws(DemandError) in
                        let t = UnsafeMutableBufferPointer(rebasing: tmp[0..<width])
                        let ev = UnsafeMutableBufferPointer(rebasing: tmp[width...])
                        baseSums.withUnsafeBufferPointer { matrices[si].bandTotals($0, into: t) }
                        if let (e, j) = matrices[si].deriveRates(counts: set.counts, people: UnsafeBufferPointer(t)) {
                            let nb = set.matrix.bands.count
                            throw .eventsWithoutPopulation(service: d.activity[set.members[j]].service, events: set.counts[e * n + j],
                                                           sex: Sex(rawValue: e / nb)!, band: set.matrix.bands[e % nb])
                        }
                        let m = matrices[si]
                        for cell in 0..<(np * nf) {
                            m.bandTotals(UnsafeBufferPointer(rebasing: sb[(cell * w)..<((cell + 1) * w)]), into: t)
                            m.apply(bandTotals: UnsafeBufferPointer(t), into: ev)
                            let i = cell % nf
                            for (j, k) in set.members.enumerated() { vb[k * np * nf + cell] = ev[j] * trends[plan.groupOf[k] * nf + i] }
                        }
                    }
                }
            }
        }
        for k in 0..<ns {
            referrals.append(DemandResult.Series(group: plan.groups[plan.groupOf[k]], name: plan.serviceName[k], storage: referralValues,
                                                 offset: k * np * nf, places: np, periods: nf))
        }

        let deathFYs = DemandWorkspace.years(&ws.deathFYs, baseYear..<horizon)
        var deaths = DemandWorkspace.take(&ws.deaths)
        deaths.reuseRows(np, deathFYs.count)
        switch c.deathsBasis {
        case .registered:
            Self.deaths(places, years: baseYear..<horizon, into: &deaths) { pi, y, body in fyCells(pi, y - firstFY, body) }
        case .resident:
            var scratch = DemandWorkspace.take(&ws.residentFY)
            Self.residentDeaths(places, baseYear: baseYear, horizon: horizon, into: &deaths, scratch: &scratch)
            ws.residentFY = scratch
        }

        let years = DemandWorkspace.years(&ws.conditionYears, baseYear..<(horizon + 1))
        let yearRange = baseYear...horizon
        var basePop = ws.basePop ?? .zero
        ws.basePop = nil
        basePop.values.reuseFilled(cells)
        for p in places { p.withRegistered(c.conditionsBaseYear) { r in for i in 0..<Ages.cells { basePop.values[i] += r[i] } } }
        var scale = DemandWorkspace.take(&ws.scale)
        let prevalence = d.registers.calibrated(base: basePop, scale: &scale)
        // Trend factor per year (one pow per year, shared by every condition and Place).
        let trend = 1 + assumptions.conditionTrend
        var trendFactor = DemandWorkspace.take(&ws.trendFactor)
        trendFactor.reuseUnfilled(years.count)
        for (i, y) in years.enumerated() { trendFactor[i] = trend == 1 ? 1 : pow(trend, Double(y - c.conditionsBaseYear)) }
        // [condition][place][year], flat, shared by every register's series.
        let ny = years.count, nc = d.conditions.count
        var people = DemandWorkspace.take(&ws.people)
        people.reuseUnfilled(ny * nc)
        var conditions = DemandWorkspace.take(&ws.conditions)
        conditions.removeAll(keepingCapacity: true)
        var flat = DemandWorkspace.take(&ws.conditionValues)
        flat.reuseUnfilled(nc * np * ny)
        for (pi, p) in places.enumerated() {
            // Every year of the Place in one call: [year][condition].
            people.withUnsafeMutableBufferPointer { out in
                p.withRegistered(years: yearRange) { prevalence.people(cells: $0, stride: Ages.cells, vectors: ny, into: out) }
            }
            for i in 0..<ny { for k in 0..<nc { flat[(k * np + pi) * ny + i] = people[i * nc + k] * trendFactor[i] } }
        }
        for (k, spec) in d.conditions.enumerated() {
            conditions.append(DemandResult.Series(group: "qof", name: spec.condition, storage: flat, offset: k * np * ny, places: np, periods: ny))
        }
        var registered = DemandWorkspace.take(&ws.registered)
        registered.reuseRows(np, ny)
        for (pi, p) in places.enumerated() { for (i, y) in years.enumerated() { registered[pi][i] = p.withRegistered(y) { sum($0) } } }
        var out = DemandResult(places: plan.places, referralFYs: fys, referrals: referrals, deathFYs: deathFYs, deaths: deaths,
                               conditionYears: years, conditions: conditions, registered: registered)
        out.deathsBasis = c.deathsBasis
        let fySums = FYSums(values: sums, years: nf)
        if let wf = c.workforce {
            workforce(&out, wf, assumptions: assumptions, inputs: d, plan: plan, referrals: referralValues, fyPop: fySums, horizon: horizon, workspace: &ws)
        }
        if let f = c.finance {
            finance(&out, f, assumptions: assumptions, plan: plan, referrals: referralValues, fyPop: fySums, horizon: horizon, workspace: &ws)
        }
        // Handed back for the next run (the result shares them until it is released).
        ws.fyPop = fyPop; ws.sums = sums; ws.baseFY = baseFY; ws.baseSums = baseSums; ws.trends = trends
        ws.matrices = matrices; ws.referrals = referrals; ws.referralValues = referralValues; ws.deaths = deaths
        ws.basePop = basePop; ws.scale = scale; ws.trendFactor = trendFactor; ws.people = people
        ws.conditions = conditions; ws.conditionValues = flat; ws.registered = registered
        return out
    }

    /// Deaths only, for a scenario without demand inputs (no referrals, conditions, workforce or finance): the same
    /// numbers as `run` gives when there are.
    public static func deathsOnly(places: [PlaceProjection], baseYear: Int, horizon: Int) -> DemandResult {
        var deaths: [[Double]] = [], scratch: [Double] = []
        deaths.reuseRows(places.count, horizon - baseYear)
        residentDeaths(places, baseYear: baseYear, horizon: horizon, into: &deaths, scratch: &scratch)
        return DemandResult(places: places.map(\.name), referralFYs: [], referrals: [], deathFYs: Array(baseYear..<horizon),
                            deaths: deaths, conditionYears: [], conditions: [], registered: [])
    }
}

/// Running age totals of every Place's financial-year registered population from the referral base year, flat.
struct FYSums {
    let values: [Double]
    let years: Int
    /// People of Place `pi` in financial year `t` (0 = referral base) in an age range.
    func total(_ pi: Int, _ t: Int, ages: ClosedRange<Int> = Ages.all) -> Double {
        values.withUnsafeBufferPointer { v in
            AgeSums.total(UnsafeBufferPointer(rebasing: v[((pi * years + t) * 2 * AgeSums.stride)...]), ages: ages)
        }
    }
}
