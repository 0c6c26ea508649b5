import Foundation
import Demography
import Demand

/// Demand of one projection: referrals by service, deaths and condition registers, by Place.
/// All on the GP-registered basis; financial-year values use 0.75 x mid-year y + 0.25 x mid-year y+1.
public struct DemandResult: Sendable {
    public struct Series: Sendable {
        public var group: String
        public var name: String
        /// Values per Place (in scenario order) then period (financial years or mid-years, see the owning table), in one
        /// buffer: Monte Carlo builds every series in every draw.
        public let flat: [Double]
        public let periods: Int
        public let places: Int

        public init(group: String, name: String, flat: [Double], periods: Int) {
            precondition(periods > 0 ? flat.count % periods == 0 : flat.isEmpty)
            self.group = group; self.name = name; self.flat = flat; self.periods = periods
            places = periods > 0 ? flat.count / periods : 0
        }

        /// Value for Place `place` (scenario order) in period `i`.
        @inline(__always) public func value(_ place: Int, _ i: Int) -> Double { flat[place * periods + i] }
        /// Per Place, per period (copies: for reports, not loops).
        public var values: [[Double]] { (0..<places).map { Array(flat[($0 * periods)..<(($0 + 1) * periods)]) } }
        /// Sum over Places in scenario order (a fixed order, so sums are reproducible to the bit).
        public func total(_ i: Int) -> Double {
            var s = 0.0
            for p in 0..<places { s += flat[p * periods + i] }
            return s
        }
    }
    /// Places, in scenario order: the first index of every `values` array.
    public var places: [String]
    /// Financial years (start year) of the referral table.
    public var referralFYs: [Int]
    public var referrals: [Series]
    /// Financial years of the deaths table.
    public var deathFYs: [Int]
    /// Deaths per Place (scenario order) and financial year.
    public var deaths: [[Double]]
    /// Mid-years of the condition table.
    public var conditionYears: [Int]
    public var conditions: [Series]
    /// Registered population per Place (scenario order) and mid-year (denominator of prevalence).
    public var registered: [[Double]]

    public struct StaffSeries: Sendable {
        public var staffGroup: String
        public var place: Int
        public var required: [Double]
        public var supply: [Double]
    }
    public struct MoneySeries: Sendable {
        public var place: Int
        /// Real terms, base financial year prices (GBP).
        public var cost: [Double]
        public var allocation: [Double]
        /// What community & mental-health services would get if they kept their base-year share of the allocation.
        public var budgetAtBaseShare: [Double]
    }
    public var workforceFYs: [Int] = []
    /// Staff groups (in file order) x Places.
    public var workforce: [StaffSeries] = []
    public var financeFYs: [Int] = []
    public var finance: [MoneySeries] = []

    public func place(_ name: String) -> Int { places.firstIndex(of: name)! }
    public func totalDeaths(_ i: Int) -> Double { deaths.reduce(0) { $0 + $1[i] } }
    public func totalRegistered(_ i: Int) -> Double { registered.reduce(0) { $0 + $1[i] } }
    public var rates: [ServiceRates]
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

public enum DemandRun {
    /// Rates from base-year activity over the registered population of the base financial year, all Places.
    static func rates(_ activity: [ServiceActivity], base: PopulationTable) throws(InputError) -> [ServiceRates] {
        var out: [ServiceRates] = []
        out.reserveCapacity(activity.count)
        let sums = AgeSums(base)
        for a in activity {
            let (r, problem) = ServiceRates.derive(group: a.group, service: a.service, minAge: a.minAge, bands: a.bands,
                                                   counts: a.counts, population: sums)
            guard let r else { throw InputError(file: "referral activity", problem ?? a.service) }
            out.append(r)
        }
        return out
    }

    public static func run(_ run: ProjectionRun, config c: DemandConfig, inputs d: DemandInputs) throws(InputError) -> DemandResult {
        let s = run.scenario
        // Registered financial-year populations per Place, computed once for every table (deaths start at the base year).
        let firstFY = min(c.baseFY, s.baseYear)
        // [place][financial year from firstFY][cell], flat (one buffer, not a table per Place-year).
        let np = run.places.count, nFY = s.horizon - firstFY, cells = Ages.cells
        let fyPop = [Double](unsafeUninitializedCapacity: np * nFY * cells) { out, count in
            for (pi, p) in run.places.enumerated() { for t in 0..<nFY {
                p.withRegistered(firstFY + t) { a in p.withRegistered(firstFY + t + 1) { b in
                    FinancialYear.fill(mid: a, next: b, into: UnsafeMutableBufferPointer(rebasing: out[((pi * nFY + t) * cells)...]))
                } }
            } }
            count = np * nFY * cells
        }
        func fyCells<T>(_ pi: Int, _ t: Int, _ body: (UnsafeBufferPointer<Double>) -> T) -> T {
            fyPop.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[((pi * nFY + t) * cells)..<((pi * nFY + t + 1) * cells)])) }
        }
        var baseFY = PopulationTable.zero
        for pi in 0..<np { for i in 0..<cells { baseFY.values[i] += fyPop[(pi * nFY + c.baseFY - firstFY) * cells + i] } }
        let rates = try rates(d.activity, base: baseFY)
        let fys = Array(c.baseFY..<s.horizon)
        let off = c.baseFY - firstFY
        let nf = fys.count
        // Running age totals of each Place's financial-year populations from the referral base: [place][fy][AgeSums].
        let w = 2 * AgeSums.stride
        var sums = [Double](repeating: 0, count: np * nf * w)
        sums.withUnsafeMutableBufferPointer { out in
            for pi in 0..<np { for t in 0..<nf {
                fyCells(pi, off + t) { v in
                    AgeSums.fill(v, into: UnsafeMutableBufferPointer(rebasing: out[((pi * nf + t) * w)..<((pi * nf + t + 1) * w)]))
                }
            } }
        }
        // Services grouped by band set (they share a few): per Place-year, band totals once, then every service of
        // the set in one pass. values: [service][place][fy], flat.
        var members: [[Int]] = []
        var setBands: [[AgeBand]] = []
        for (k, r) in rates.enumerated() {
            if let i = setBands.firstIndex(of: r.bands) { members[i].append(k) } else { setBands.append(r.bands); members.append([k]) }
        }
        var values = [Double](repeating: 0, count: rates.count * np * nf)
        values.withUnsafeMutableBufferPointer { vb in sums.withUnsafeBufferPointer { sb in
            for (i, idx) in members.enumerated() {
                let m = ServiceMatrix(bands: setBands[i], services: idx.map { rates[$0] })
                withUnsafeTemporaryAllocation(of: Double.self, capacity: m.width + m.count) { tmp in
                    let t = UnsafeMutableBufferPointer(rebasing: tmp[0..<m.width])
                    let ev = UnsafeMutableBufferPointer(rebasing: tmp[m.width...])
                    for cell in 0..<(np * nf) {
                        m.bandTotals(UnsafeBufferPointer(rebasing: sb[(cell * w)..<((cell + 1) * w)]), into: t)
                        m.apply(bandTotals: UnsafeBufferPointer(t), into: ev)
                        for (j, k) in idx.enumerated() { vb[k * np * nf + cell] = ev[j] }
                    }
                }
            }
        } }
        var referrals: [DemandResult.Series] = []
        referrals.reserveCapacity(rates.count)
        var referralTrend = [Double](repeating: 1, count: nf)
        for (k, r) in rates.enumerated() {
            let g = 1 + (run.assumptions.referralTrends[r.group] ?? 0)
            var f = 1.0
            for i in 0..<nf { referralTrend[i] = f; f *= g }
            let v = [Double](unsafeUninitializedCapacity: np * nf) { out, count in
                for pi in 0..<np { for i in 0..<nf { out[pi * nf + i] = values[(k * np + pi) * nf + i] * referralTrend[i] } }
                count = np * nf
            }
            referrals.append(.init(group: r.group, name: r.service, flat: v, periods: nf))
        }

        let deathFYs = Array(s.baseYear..<s.horizon)
        let deaths: [[Double]] = run.places.enumerated().map { pi, p in
            deathFYs.map { y in fyCells(pi, y - firstFY) { v in
                p.mortality.withStep(p.mortality.step(y)) { _, mx, _ in Deaths.expected(cells: v, mx: mx) }
            } }
        }

        let years = Array(s.years)
        var basePop = PopulationTable.zero
        for p in run.places { p.withRegistered(c.conditionsBaseYear) { r in for i in 0..<Ages.cells { basePop.values[i] += r[i] } } }
        let prevalence = d.registers.calibrated(base: basePop)
        // Trend factor per year (one pow per year, shared by every condition and Place).
        let trend = 1 + run.assumptions.conditionTrend
        let trendFactor = years.map { y in trend == 1 ? 1 : pow(trend, Double(y - c.conditionsBaseYear)) }
        var people = [Double](repeating: 0, count: d.conditions.count)
        // [condition][place][year], flat, then cut into each register's series.
        let ny = years.count, nc = d.conditions.count
        var flat = [Double](repeating: 0, count: nc * np * ny)
        for (pi, p) in run.places.enumerated() {
            for i in 0..<ny {
                p.withRegistered(years[i]) { prevalence.people(cells: $0, into: &people) }
                for k in 0..<nc { flat[(k * np + pi) * ny + i] = people[k] * trendFactor[i] }
            }
        }
        let conditions = d.conditions.enumerated().map { k, spec in
            DemandResult.Series(group: "qof", name: spec.condition, flat: Array(flat[(k * np * ny)..<((k + 1) * np * ny)]), periods: ny)
        }
        let registered = run.places.map { p in years.map { y in p.withRegistered(y) { sum($0) } } }
        var out = DemandResult(places: run.places.map(\.name), referralFYs: fys, referrals: referrals, deathFYs: deathFYs, deaths: deaths,
                               conditionYears: years, conditions: conditions, registered: registered, rates: rates)
        let fySums = FYSums(values: sums, years: nf)
        if let w = c.workforce { workforce(&out, w, run: run, inputs: d, fyPop: fySums) }
        if let f = c.finance { finance(&out, f, run: run, inputs: d, fyPop: fySums) }
        return out
    }

    /// Staff required and supplied per staff group and Place: each unit's posts split by staff-group shares and by the
    /// registered population of the Places it serves, projected on its own demand driver, then summed.
    static func workforce(_ out: inout DemandResult, _ w: WorkforceConfig, run: ProjectionRun, inputs d: DemandInputs,
                          fyPop: FYSums) {
        let fys = Array(w.baseFY..<run.scenario.horizon)
        let nt = fys.count
        let off = w.baseFY - out.referralFYs[0]
        let totalPosts = d.units.reduce(0) { $0 + $1.posts }
        let inPostShare = totalPosts > 0 ? 1 - w.vacancies / totalPosts : 1
        let np = run.places.count, ng = d.staffGroups.count
        // [staff group][place][year], flat.
        var req = [Double](repeating: 0, count: ng * np * nt)
        var sup = req
        // Referrals per service group, Place and year, summed once (services in file order).
        var groupIndex: [String: Int] = [:]
        for r in out.referrals where groupIndex[r.group] == nil { groupIndex[r.group] = groupIndex.count }
        var groupTotals = [Double](repeating: 0, count: groupIndex.count * np * nt)
        for r in out.referrals {
            let g = groupIndex[r.group]!
            for pi in 0..<np { for t in 0..<nt { groupTotals[(g * np + pi) * nt + t] += r.value(pi, off + t) } }
        }
        var drivers = [Double](repeating: 0, count: nt)
        let paths = d.staffGroups.map { g in
            Workforce.paths(Workforce.Parameters(turnover: w.turnover, over55Share: g.over55, retirementYears: w.retirementYears,
                                                 recruitmentFactor: run.assumptions.recruitmentFactor,
                                                 productivity: run.assumptions.productivity), years: nt)
        }
        for u in d.units {
            let idx = u.places.map { out.place($0) }
            let weights = idx.map { fyPop.total($0, off) }
            let wsum = weights.reduce(0, +)
            for (k, pi) in idx.enumerated() {
                let share = wsum > 0 ? weights[k] / wsum : 1 / Double(idx.count)
                switch u.driver {
                case .referrals(let g):
                    let at = (groupIndex[g]! * np + pi) * nt
                    for t in 0..<nt { drivers[t] = groupTotals[at + t] }
                case .population(let ages):
                    for t in 0..<nt { drivers[t] = fyPop.total(pi, off + t, ages: ages) }
                }
                for (gi, g) in d.staffGroups.enumerated() {
                    let posts = u.posts * share * g.share
                    let at = (gi * np + pi) * nt
                    req.withUnsafeMutableBufferPointer { r in sup.withUnsafeMutableBufferPointer { s in drivers.withUnsafeBufferPointer { dr in
                        Workforce.accumulate(establishment: posts, inPost: posts * inPostShare, drivers: dr, paths[gi],
                                             required: UnsafeMutableBufferPointer(rebasing: r[at..<(at + nt)]),
                                             supply: UnsafeMutableBufferPointer(rebasing: s[at..<(at + nt)]))
                    } } }
                }
            }
        }
        out.workforceFYs = fys
        out.workforce = d.staffGroups.enumerated().flatMap { gi, g in
            (0..<np).map { pi in
                let at = (gi * np + pi) * nt
                return DemandResult.StaffSeries(staffGroup: g.name, place: pi, required: Array(req[at..<(at + nt)]), supply: Array(sup[at..<(at + nt)]))
            }
        }
    }

    /// Cost of referral demand (unit costs x referrals, real terms), the allocation (per head x registered patients x
    /// real growth) and the budget community & mental-health services would have at their base-year share.
    static func finance(_ out: inout DemandResult, _ f: FinanceConfig, run: ProjectionRun, inputs d: DemandInputs,
                        fyPop: FYSums) {
        let fys = Array(f.baseFY..<run.scenario.horizon)
        let off = f.baseFY - out.referralFYs[0]
        out.financeFYs = fys
        let unitCost = out.referrals.map { d.costs[$0.name] ?? 0 }
        let growth = fys.indices.map { t in Finance.growthFactor(realGrowth: run.assumptions.allocationGrowth, yearsAfterBase: t) }
        out.finance = (0..<run.places.count).map { pi in
            let cost = fys.indices.map { t in
                var c = 0.0
                for (k, r) in out.referrals.enumerated() { c += r.value(pi, off + t) * unitCost[k] }
                return c
            }
            let alloc = fys.indices.map { t in Finance.allocation(perHead: f.allocationPerHead, growthFactor: growth[t], population: fyPop.total(pi, off + t)) }
            let share = alloc[0] > 0 ? cost[0] / alloc[0] : 0
            return DemandResult.MoneySeries(place: pi, cost: cost, allocation: alloc, budgetAtBaseShare: alloc.map { $0 * share })
        }
    }
}
