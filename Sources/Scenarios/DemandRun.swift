import Foundation
import Demography
import Demand

/// Demand of one projection: referrals by service, deaths and condition registers, by Place.
/// All on the GP-registered basis; financial-year values use 0.75 x mid-year y + 0.25 x mid-year y+1.
public struct DemandResult: Sendable {
    /// One series of a table (a service's referrals, a condition's register) for every Place and period. Every series
    /// of a table shares one buffer: Monte Carlo builds all of them in every draw.
    public struct Series: Sendable {
        public var group: String
        public var name: String
        /// The table's buffer; this series is `places x periods` values from `offset`, Place-major.
        let storage: [Double]
        let offset: Int
        public let periods: Int
        public let places: Int

        public init(group: String, name: String, flat: [Double], periods: Int) {
            precondition(periods > 0 ? flat.count % periods == 0 : flat.isEmpty)
            self.init(group: group, name: name, storage: flat, offset: 0, places: periods > 0 ? flat.count / periods : 0, periods: periods)
        }

        init(group: String, name: String, storage: [Double], offset: Int, places: Int, periods: Int) {
            precondition(offset >= 0 && offset + places * periods <= storage.count)
            self.group = group; self.name = name; self.storage = storage; self.offset = offset
            self.places = places; self.periods = periods
        }

        /// Value for Place `place` (scenario order) in period `i`.
        @inline(__always) public func value(_ place: Int, _ i: Int) -> Double { storage[offset + place * periods + i] }
        /// Values of every Place and period, Place-major (a copy).
        public var flat: [Double] { Array(storage[offset..<(offset + places * periods)]) }
        /// Per Place, per period (copies: for reports, not loops).
        public var values: [[Double]] { (0..<places).map { p in (0..<periods).map { value(p, $0) } } }
        /// Sum over Places in scenario order (a fixed order, so sums are reproducible to the bit).
        public func total(_ i: Int) -> Double {
            var s = 0.0
            for p in 0..<places { s += value(p, i) }
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
    /// The population the deaths are of.
    public var deathsBasis: DeathsBasis = .resident
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
    /// Staff group names, in file order.
    public var staffGroups: [String] = []
    /// Required and supplied FTE, [staff group][place][financial year], flat.
    var workforceRequired: [Double] = []
    var workforceSupply: [Double] = []
    public var financeFYs: [Int] = []
    /// Cost of demand, allocation and budget at the base share (GBP, real terms), [place][financial year], flat.
    var financeCost: [Double] = []
    var financeAllocation: [Double] = []
    var financeBudget: [Double] = []

    /// Staff groups (in file order) x Places (copies: for reports, not loops).
    public var workforce: [StaffSeries] {
        let np = places.count, nt = workforceFYs.count
        return staffGroups.enumerated().flatMap { gi, g in
            (0..<np).map { pi in
                let at = (gi * np + pi) * nt
                return StaffSeries(staffGroup: g, place: pi, required: Array(workforceRequired[at..<(at + nt)]),
                                   supply: Array(workforceSupply[at..<(at + nt)]))
            }
        }
    }
    /// Per Place (copies: for reports, not loops).
    public var finance: [MoneySeries] {
        let nt = financeFYs.count
        guard nt > 0 else { return [] }
        return places.indices.map { pi in
            let r = (pi * nt)..<((pi + 1) * nt)
            return MoneySeries(place: pi, cost: Array(financeCost[r]), allocation: Array(financeAllocation[r]),
                               budgetAtBaseShare: Array(financeBudget[r]))
        }
    }

    public func place(_ name: String) -> Int { places.firstIndex(of: name)! }
    public func totalDeaths(_ i: Int) -> Double { deaths.reduce(0) { $0 + $1[i] } }
    public func totalRegistered(_ i: Int) -> Double { registered.reduce(0) { $0 + $1[i] } }
}

/// What demand needs that is the same in every run of one set of inputs and Places, prepared once (Monte Carlo runs
/// demand thousands of times): services grouped by band set, group and cost indices, workforce unit Places.
public struct DemandPlan: Sendable {
    struct BandSet: Sendable {
        /// Services of the set (indices into the activity), and a zero-rate matrix of their layout.
        let members: [Int]
        let matrix: ServiceMatrix
        /// Base-year counts in matrix layout: counts[entry * members.count + j].
        let counts: [Double]
    }
    let sets: [BandSet]
    /// Service groups in first-seen order, and each service's group.
    let groups: [String]
    let groupOf: [Int]
    /// Cost per referral per service (0 when the costs file has none).
    let unitCost: [Double]
    /// Each service's name (for its series, without copying the activity rows in every draw).
    let serviceName: [String]
    /// Per workforce unit, the Places it serves (indices in scenario order), and its driver's group index.
    let unitPlaces: [[Int]]
    let unitGroup: [Int?]

    public init(_ d: DemandInputs, places: [String]) {
        var members: [[Int]] = [], setBands: [[AgeBand]] = []
        for (k, a) in d.activity.enumerated() {
            if let i = setBands.firstIndex(of: a.bands) { members[i].append(k) } else { setBands.append(a.bands); members.append([k]) }
        }
        sets = members.indices.map { i in
            let m = ServiceMatrix(bands: setBands[i], count: members[i].count)
            let nb = setBands[i].count, n = members[i].count
            var c = [Double](repeating: 0, count: 2 * nb * n)
            for (j, k) in members[i].enumerated() { for sex in 0..<2 { for b in 0..<nb { c[(sex * nb + b) * n + j] = d.activity[k].counts[sex][b] } } }
            return BandSet(members: members[i], matrix: m, counts: c)
        }
        var g: [String] = []
        groupOf = d.activity.map { a in
            if let i = g.firstIndex(of: a.group) { return i }
            g.append(a.group); return g.count - 1
        }
        groups = g
        unitCost = d.activity.map { d.costs[$0.service] ?? 0 }
        serviceName = d.activity.map(\.service)
        unitPlaces = d.units.map { u in u.places.map { places.firstIndex(of: $0)! } }
        unitGroup = d.units.map { u in
            if case .referrals(let name) = u.driver { return g.firstIndex(of: name) }
            return nil
        }
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

public enum DemandRun {
    public static func run(_ run: ProjectionRun, config c: DemandConfig, inputs d: DemandInputs,
                           plan: DemandPlan? = nil) throws(InputError) -> DemandResult {
        let s = run.scenario
        let plan = plan ?? DemandPlan(d, places: run.places.map(\.name))
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
        let fys = Array(c.baseFY..<s.horizon)
        let off = c.baseFY - firstFY
        let nf = fys.count
        // Running age totals of each Place's financial-year populations from the referral base: [place][fy][AgeSums].
        let w = 2 * AgeSums.stride
        var sums = unfilledDoubles(np * nf * w)
        sums.withUnsafeMutableBufferPointer { out in
            for pi in 0..<np { for t in 0..<nf {
                fyCells(pi, off + t) { v in
                    AgeSums.fill(v, into: UnsafeMutableBufferPointer(rebasing: out[((pi * nf + t) * w)..<((pi * nf + t + 1) * w)]))
                } }
            }
        }
        // Rates = base-year counts / the base financial year's registered population (all Places) of the band and sex.
        var baseFY = [Double](repeating: 0, count: cells)
        for pi in 0..<np { for i in 0..<cells { baseFY[i] += fyPop[(pi * nFY + off) * cells + i] } }
        var baseSums = [Double](repeating: 0, count: w)
        baseFY.withUnsafeBufferPointer { b in baseSums.withUnsafeMutableBufferPointer { AgeSums.fill(b, into: $0) } }
        // Referrals per service, Place and financial year ([service][place][fy], flat), each service's group trend
        // (1 + trend)^t applied as a running product.
        let ns = d.activity.count
        var trends = [Double](repeating: 1, count: plan.groups.count * nf)
        for (g, name) in plan.groups.enumerated() {
            let f = 1 + (run.assumptions.referralTrends[name] ?? 0)
            var x = 1.0
            for i in 0..<nf { trends[g * nf + i] = x; x *= f }
        }
        var referralValues = unfilledDoubles(ns * np * nf)
        try referralValues.withUnsafeMutableBufferPointer { (vb) throws(InputError) in
            try sums.withUnsafeBufferPointer { (sb) throws(InputError) in
                for set in plan.sets {
                    var m = set.matrix
                    let n = set.members.count
                    try withUnsafeTemporaryAllocation(of: Double.self, capacity: m.width + n) { (tmp) throws(InputError) in
                        let t = UnsafeMutableBufferPointer(rebasing: tmp[0..<m.width])
                        let ev = UnsafeMutableBufferPointer(rebasing: tmp[m.width...])
                        baseSums.withUnsafeBufferPointer { m.bandTotals($0, into: t) }
                        if let (e, j) = m.deriveRates(counts: set.counts, people: UnsafeBufferPointer(t)) {
                            let a = d.activity[set.members[j]], nb = m.bands.count
                            throw InputError(file: "referral activity", "\(a.service): \(set.counts[e * n + j]) events for \(Sex(rawValue: e / nb)!) \(m.bands[e % nb]) but no population in the base year")
                        }
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
        let referrals = (0..<ns).map { k in
            DemandResult.Series(group: plan.groups[plan.groupOf[k]], name: plan.serviceName[k], storage: referralValues, offset: k * np * nf,
                                places: np, periods: nf)
        }

        let deathFYs = Array(s.baseYear..<s.horizon)
        let deaths: [[Double]]
        switch c.deathsBasis {
        case .registered: deaths = Self.deaths(run) { pi, y, body in fyCells(pi, y - firstFY, body) }
        case .resident: deaths = Self.residentDeaths(run)
        }

        let years = Array(s.years)
        var basePop = PopulationTable.zero
        for p in run.places { p.withRegistered(c.conditionsBaseYear) { r in for i in 0..<Ages.cells { basePop.values[i] += r[i] } } }
        let prevalence = d.registers.calibrated(base: basePop)
        // Trend factor per year (one pow per year, shared by every condition and Place).
        let trend = 1 + run.assumptions.conditionTrend
        let trendFactor = years.map { y in trend == 1 ? 1 : pow(trend, Double(y - c.conditionsBaseYear)) }
        // [condition][place][year], flat, shared by every register's series.
        let ny = years.count, nc = d.conditions.count
        var people = unfilledDoubles(ny * nc)
        var flat = unfilledDoubles(nc * np * ny)
        for (pi, p) in run.places.enumerated() {
            // Every year of the Place in one call: [year][condition].
            people.withUnsafeMutableBufferPointer { out in
                p.withRegistered(years: s.years) { prevalence.people(cells: $0, stride: Ages.cells, vectors: ny, into: out) }
            }
            for i in 0..<ny { for k in 0..<nc { flat[(k * np + pi) * ny + i] = people[i * nc + k] * trendFactor[i] } }
        }
        let conditions = d.conditions.enumerated().map { k, spec in
            DemandResult.Series(group: "qof", name: spec.condition, storage: flat, offset: k * np * ny, places: np, periods: ny)
        }
        let registered = run.places.map { p in years.map { y in p.withRegistered(y) { sum($0) } } }
        var out = DemandResult(places: run.places.map(\.name), referralFYs: fys, referrals: referrals, deathFYs: deathFYs, deaths: deaths,
                               conditionYears: years, conditions: conditions, registered: registered)
        out.deathsBasis = c.deathsBasis
        let fySums = FYSums(values: sums, years: nf)
        if let w = c.workforce { workforce(&out, w, run: run, inputs: d, plan: plan, referrals: referralValues, fyPop: fySums) }
        if let f = c.finance { finance(&out, f, run: run, plan: plan, referrals: referralValues, fyPop: fySums) }
        return out
    }

    /// Expected deaths per Place (scenario order) and financial year from the base year: the central death rates of the
    /// projection's mortality x the financial year's registered population, which `cells(place, year, body)` hands to `body`.
    static func deaths(_ run: ProjectionRun, cells: (Int, Int, (UnsafeBufferPointer<Double>) -> Double) -> Double) -> [[Double]] {
        let s = run.scenario
        return run.places.enumerated().map { pi, p in
            (s.baseYear..<s.horizon).map { y in cells(pi, y) { v in
                p.mortality.withStep(p.mortality.step(y)) { _, mx, _ in Deaths.expected(cells: v, mx: mx) }
            } }
        }
    }

    /// Deaths among usual residents (`deaths_basis = "resident"`): the same rates on the resident financial-year
    /// population, so registrations of people who have left (list inflation) do not die.
    static func residentDeaths(_ run: ProjectionRun) -> [[Double]] {
        let s = run.scenario, cells = Ages.cells
        return run.places.map { p in
            var v = [Double](repeating: 0, count: cells)
            return (s.baseYear..<s.horizon).map { y in
                let at = (y - s.baseYear) * cells
                p.residentCells.withUnsafeBufferPointer { r in v.withUnsafeMutableBufferPointer { out in
                    FinancialYear.fill(mid: UnsafeBufferPointer(rebasing: r[at..<(at + cells)]),
                                       next: UnsafeBufferPointer(rebasing: r[(at + cells)..<(at + 2 * cells)]), into: out)
                } }
                return v.withUnsafeBufferPointer { v in p.mortality.withStep(p.mortality.step(y)) { _, mx, _ in Deaths.expected(cells: v, mx: mx) } }
            }
        }
    }

    /// Deaths only, for a scenario without demand inputs (no referrals, conditions, workforce or finance): the same
    /// numbers as `run` gives when there are.
    public static func deathsOnly(_ run: ProjectionRun) -> DemandResult {
        let deaths = Self.residentDeaths(run)
        return DemandResult(places: run.places.map(\.name), referralFYs: [], referrals: [],
                            deathFYs: Array(run.scenario.baseYear..<run.scenario.horizon), deaths: deaths,
                            conditionYears: [], conditions: [], registered: [])
    }

    /// Staff required and supplied per staff group and Place: each unit's posts split by staff-group shares and by the
    /// registered population of the Places it serves, projected on its own demand driver, then summed.
    static func workforce(_ out: inout DemandResult, _ w: WorkforceConfig, run: ProjectionRun, inputs d: DemandInputs,
                          plan: DemandPlan, referrals: [Double], fyPop: FYSums) {
        let fys = Array(w.baseFY..<run.scenario.horizon)
        let nt = fys.count, nf = out.referralFYs.count
        let off = w.baseFY - out.referralFYs[0]
        let totalPosts = d.units.reduce(0) { $0 + $1.posts }
        let inPostShare = totalPosts > 0 ? 1 - w.vacancies / totalPosts : 1
        let np = run.places.count, ng = d.staffGroups.count
        // [staff group][place][year], flat.
        var req = [Double](repeating: 0, count: ng * np * nt)
        var sup = req
        // Referrals per service group, Place and year, summed once (services in file order).
        var groupTotals = [Double](repeating: 0, count: plan.groups.count * np * nt)
        for k in 0..<plan.groupOf.count {
            let g = plan.groupOf[k]
            for pi in 0..<np { for t in 0..<nt { groupTotals[(g * np + pi) * nt + t] += referrals[(k * np + pi) * nf + off + t] } }
        }
        var drivers = [Double](repeating: 0, count: nt)
        let paths = d.staffGroups.map { g in
            Workforce.paths(Workforce.Parameters(turnover: w.turnover, over55Share: g.over55, retirementYears: w.retirementYears,
                                                 recruitmentFactor: run.assumptions.recruitmentFactor,
                                                 productivity: run.assumptions.productivity), years: nt)
        }
        for (ui, u) in d.units.enumerated() {
            let idx = plan.unitPlaces[ui]
            var wsum = 0.0
            for pi in idx { wsum += fyPop.total(pi, off) }
            for pi in idx {
                let share = wsum > 0 ? fyPop.total(pi, off) / wsum : 1 / Double(idx.count)
                switch u.driver {
                case .referrals:
                    let at = (plan.unitGroup[ui]! * np + pi) * nt
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
        out.staffGroups = d.staffGroups.map(\.name)
        out.workforceRequired = req
        out.workforceSupply = sup
    }

    /// Cost of referral demand (unit costs x referrals, real terms), the allocation (per head x registered patients x
    /// real growth) and the budget community & mental-health services would have at their base-year share.
    static func finance(_ out: inout DemandResult, _ f: FinanceConfig, run: ProjectionRun, plan: DemandPlan,
                        referrals: [Double], fyPop: FYSums) {
        let fys = Array(f.baseFY..<run.scenario.horizon)
        let nt = fys.count, nf = out.referralFYs.count, np = run.places.count, ns = plan.unitCost.count
        let off = f.baseFY - out.referralFYs[0]
        out.financeFYs = fys
        var cost = [Double](repeating: 0, count: np * nt), alloc = cost, budget = cost
        let growth = (0..<nt).map { t in Finance.growthFactor(realGrowth: run.assumptions.allocationGrowth, yearsAfterBase: t) }
        for pi in 0..<np {
            for t in 0..<nt {
                var c = 0.0
                for k in 0..<ns { c += referrals[(k * np + pi) * nf + off + t] * plan.unitCost[k] }
                cost[pi * nt + t] = c
                alloc[pi * nt + t] = Finance.allocation(perHead: f.allocationPerHead, growthFactor: growth[t], population: fyPop.total(pi, off + t))
            }
            let a0 = alloc[pi * nt]
            let share = a0 > 0 ? cost[pi * nt] / a0 : 0
            for t in 0..<nt { budget[pi * nt + t] = alloc[pi * nt + t] * share }
        }
        out.financeCost = cost; out.financeAllocation = alloc; out.financeBudget = budget
    }
}
