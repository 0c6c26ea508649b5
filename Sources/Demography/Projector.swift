/// Everything the engine needs to project one Place. Values only: the Scenarios layer builds these.
public struct PlaceInputs: Sendable {
    public var name: String
    public var base: PopulationTable
    public var mortality: MortalitySchedule
    /// Fertility for each step, first entry for the step out of the base year; the last repeats.
    public var fertility: [FertilitySchedule]
    /// Multiplier on every step's rates (so Monte Carlo draws share one set of schedules).
    public var fertilityLevel: Double
    /// Males per female at birth.
    public var sexRatioAtBirth: Double
    public var migration: MigrationSchedule
    /// Rule for each step (first = the step out of the base year); the last repeats.
    public var migrationRules: [MigrationRule]
    public var registration: Registration

    public init(name: String, base: PopulationTable, mortality: MortalitySchedule, fertility: [FertilitySchedule],
                sexRatioAtBirth: Double, migration: MigrationSchedule, migrationRules: [MigrationRule],
                registration: Registration, fertilityLevel: Double = 1) {
        self.name = name; self.base = base; self.mortality = mortality; self.fertility = fertility
        self.fertilityLevel = fertilityLevel
        self.sexRatioAtBirth = sexRatioAtBirth; self.migration = migration
        self.migrationRules = migrationRules; self.registration = registration
    }
}

/// A Place's projected resident population for every mid-year, with the components of each year's change.
///
/// Populations are held flat ([mid-year][cell] in one buffer), not as a table per year: Monte Carlo builds
/// thousands of projections, and per-year tables were most of a draw's heap allocations.
public struct PlaceProjection: Sendable {
    public let name: String
    public let baseYear: Int
    /// Mid-years held, from the base year.
    public let count: Int
    /// Resident population, [mid-year from the base][cell].
    public let residentCells: [Double]
    /// GP-registered population, same layout (computed once: demand reads it many times).
    public let registeredCells: [Double]
    /// components[i] is the change into mid-year baseYear + i + 1.
    public let components: [ComponentsOfChange]
    public let registration: Registration
    /// The mortality the projection used (for deaths demand on the registered population).
    public let mortality: MortalitySchedule

    init(name: String, baseYear: Int, residentCells: [Double], components: [ComponentsOfChange],
         registration: Registration, mortality: MortalitySchedule) {
        self.name = name; self.baseYear = baseYear; self.residentCells = residentCells; self.components = components
        self.registration = registration; self.mortality = mortality
        count = residentCells.count / Ages.cells
        registeredCells = [Double](unsafeUninitializedCapacity: residentCells.count) { out, n in
            residentCells.withUnsafeBufferPointer { r in
                for at in stride(from: 0, to: r.count, by: Ages.cells) {
                    registration.registered(cells: UnsafeBufferPointer(rebasing: r[at..<(at + Ages.cells)]),
                                            into: UnsafeMutableBufferPointer(rebasing: out[at..<(at + Ages.cells)]))
                }
            }
            n = residentCells.count
        }
    }

    public var years: ClosedRange<Int> { baseYear...(baseYear + count - 1) }
    /// Resident populations per mid-year from the base (copies: for reports and tests, not loops).
    public var populations: [PopulationTable] { (0..<count).map { table(residentCells, $0) } }
    public func resident(_ year: Int) -> PopulationTable { table(residentCells, year - baseYear) }
    public func registered(_ year: Int) -> PopulationTable { table(registeredCells, year - baseYear) }

    /// The registered cells of mid-year `year`, without a copy.
    @inlinable
    public func withRegistered<T>(_ year: Int, _ body: (UnsafeBufferPointer<Double>) -> T) -> T {
        let at = (year - baseYear) * Ages.cells
        precondition(at >= 0 && at + Ages.cells <= registeredCells.count, "mid-year \(year) is outside the projection")
        return registeredCells.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[at..<(at + Ages.cells)])) }
    }

    /// The registered cells of consecutive mid-years, one `Ages.cells` block a year, without a copy.
    @inlinable
    public func withRegistered<T>(years: ClosedRange<Int>, _ body: (UnsafeBufferPointer<Double>) -> T) -> T {
        let at = (years.lowerBound - baseYear) * Ages.cells, end = (years.upperBound + 1 - baseYear) * Ages.cells
        precondition(at >= 0 && end <= registeredCells.count, "mid-years \(years) are outside the projection")
        return registeredCells.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[at..<end])) }
    }

    private func table(_ cells: [Double], _ i: Int) -> PopulationTable {
        PopulationTable(values: Array(cells[(i * Ages.cells)..<((i + 1) * Ages.cells)]))
    }
}

/// The cohort-component recipe: deaths (survival), ageing, births, migration (housing-led or trend), checked
/// after each component. Pure: same inputs, same result.
public enum Projector {
    public static let identityTolerance = 1e-6

    /// - Parameter recordComponents: keep each year's components of change (reports need them; Monte Carlo draws,
    ///   which only read populations and survival, do not). They are computed and checked either way.
    public static func project(_ input: PlaceInputs, baseYear: Int, horizon: Int,
                               recordComponents: Bool = true) throws(ProjectionError) -> PlaceProjection {
        guard horizon > baseYear else {
            throw .invalidInput("horizon \(horizon) must be after the base year \(baseYear)")
        }
        guard !input.fertility.isEmpty, !input.migrationRules.isEmpty else {
            throw .invalidInput("\(input.name): fertility and migration rules need at least one year")
        }
        let steps = horizon - baseYear, cells = Ages.cells
        var comps: [ComponentsOfChange] = []
        if recordComponents { comps.reserveCapacity(steps) }
        try check(input.base.values, place: input.name, year: baseYear, component: "base population")
        // Every mid-year's cells in one buffer; each step reads the previous year's slice.
        var pops = unfilledDoubles((steps + 1) * cells)
        // One workspace for every year (nothing to clear: see `ComponentsOfChange.reset`).
        var c = ComponentsOfChange(year: baseYear + 1)
        var rates = [Double](repeating: 0, count: Ages.count)
        let level = input.fertilityLevel
        try pops.withUnsafeMutableBufferPointer { (pb: inout UnsafeMutableBufferPointer<Double>) throws(ProjectionError) in
            input.base.values.withUnsafeBufferPointer { b in pb.baseAddress!.update(from: b.baseAddress!, count: cells) }
            for (step, year) in (baseYear..<horizon).enumerated() {
                let start = UnsafeBufferPointer(rebasing: pb[(step * cells)..<((step + 1) * cells)])
                let fert = input.fertility[min(step, input.fertility.count - 1)]
                let rule = input.migrationRules[min(step, input.migrationRules.count - 1)]
                c.reset(year: year + 1)
                try input.mortality.withStep(input.mortality.step(year)) { (cohort, _, birth) throws(ProjectionError) in
                    // Each component reports whether the cells it wrote are valid counts (checked in the same pass);
                    // the slow scan runs only to name the offending cell.
                    if !Survival.ageOn(start, cohort: cohort, into: &c) {
                        try check(c.end, place: input.name, year: year + 1, component: "deaths and ageing")
                    }
                    // Rates x level, as the schedule a level other than 1 would have built.
                    let b = fert.rates.withUnsafeBufferPointer { r in rates.withUnsafeMutableBufferPointer { w in
                        if level != 1 { for a in 0..<Ages.count { w[a] = r[a] * level } }
                        return Births.compute(women: UnsafeBufferPointer(rebasing: start[0..<Ages.count]),
                                              rates: level != 1 ? UnsafeBufferPointer(w) : r, sexRatio: input.sexRatioAtBirth)
                    } }
                    Survival.births(b, survival: birth, into: &c)
                }
                // Births change only the two age-0 cells: check those.
                for sex in Sex.allCases {
                    let v = c.end[Ages.index(sex, 0)]
                    if !(v >= 0 && v < .infinity) {
                        throw .negativeCell(place: input.name, sex: sex, age: 0, year: year + 1, component: "births", value: v)
                    }
                }

                let (valid, balanced) = MigrationStep.apply(rule, schedule: input.migration, into: &c, tolerance: identityTolerance)
                if !valid {
                    try check(c.end, place: input.name, year: year + 1,
                              component: c.housing == nil ? "net migration" : "housing-led net migration")
                }
                if !balanced {
                    let (worst, residual) = c.worstResidual(tolerance: identityTolerance)
                    throw .identityBroken(place: input.name, sex: worst < Ages.count ? .female : .male,
                                          age: worst % Ages.count, year: year + 1, residual: residual)
                }
                c.end.withUnsafeBufferPointer { e in (pb.baseAddress! + (step + 1) * cells).update(from: e.baseAddress!, count: cells) }
                if recordComponents { comps.append(c) }
            }
        }
        return PlaceProjection(name: input.name, baseYear: baseYear, residentCells: pops, components: comps,
                               registration: input.registration, mortality: input.mortality)
    }

    /// Throws for the first cell that is not a valid count (negative, NaN or infinite), naming it. Runs on the base
    /// population and when a component's own pass found a bad cell.
    static func check(_ v: [Double], place: String, year: Int, component: String) throws(ProjectionError) {
        for sex in Sex.allCases { for a in Ages.all where !(v[Ages.index(sex, a)] >= 0) || !v[Ages.index(sex, a)].isFinite {
            throw .negativeCell(place: place, sex: sex, age: a, year: year, component: component, value: v[Ages.index(sex, a)])
        } }
    }
}

/// Deaths and ageing: the survivors of each cohort move up one year of age; the open group keeps its survivors.
public enum Survival {
    /// - Returns: whether every end cell is a valid count (finite, not negative).
    @discardableResult
    static func ageOn(_ p: PopulationTable, survival s: [SurvivalRatios], into c: inout ComponentsOfChange) -> Bool {
        p.values.withUnsafeBufferPointer { pv in (s[0].cohort + s[1].cohort).withUnsafeBufferPointer { ageOn(pv, cohort: $0, into: &c) } }
    }

    /// The same from cells, with both sexes' cohort survival in cell order.
    @inline(__always)
    static func ageOn(_ pv: UnsafeBufferPointer<Double>, cohort r: UnsafeBufferPointer<Double>, into c: inout ComponentsOfChange) -> Bool {
        c.start.withUnsafeMutableBufferPointer { start in
            c.deaths.withUnsafeMutableBufferPointer { deaths in
                c.end.withUnsafeMutableBufferPointer { end in
                    // Every cell is written (no clearing needed): age 0 is left to births, 90+ takes those ageing
                    // from 89 and the survivors of 90+.
                    for sex in 0..<2 {
                        let o = sex * Ages.count, top = Ages.open
                        start[o] = 0; deaths[o] = 0
                        for a in 0..<(top - 1) {
                            let n = pv[o + a]
                            start[o + a + 1] = n
                            deaths[o + a + 1] = n * (1 - r[o + a])
                        }
                        let n89 = pv[o + top - 1], n90 = pv[o + top]
                        start[o + top] = n89 + n90
                        deaths[o + top] = n89 * (1 - r[o + top - 1]) + n90 * (1 - r[o + top])
                    }
                    // Two cells a step with separate accumulators (no long dependency chain); NaN or infinity
                    // poisons the bits (x - x is +0, all bits clear, only for finite x). Or-ing bits, not adding
                    // values: one cycle a step of the chain, not an addition's three.
                    var lo = SIMD2<Double>(repeating: .infinity), poison = SIMD2<UInt64>.zero
                    var i = 0
                    while i + 2 <= Ages.cells {
                        let e = SIMD2(start[i], start[i + 1]) - SIMD2(deaths[i], deaths[i + 1])
                        end[i] = e[0]; end[i + 1] = e[1]
                        lo = lo.replacing(with: e, where: e .< lo)
                        poison |= Self.bits(e - e)
                        i += 2
                    }
                    var ok = true
                    while i < Ages.cells {  // none while Ages.cells is even; kept so an odd grid stays checked
                        let e = start[i] - deaths[i]
                        end[i] = e
                        ok = ok && e >= 0 && e < .infinity
                        i += 1
                    }
                    return ok && poison == .zero && lo.min() >= 0
                }
            }
        }
    }

    /// The bit patterns of two doubles (all clear only for +0).
    @inline(__always)
    static func bits(_ v: SIMD2<Double>) -> SIMD2<UInt64> { unsafeBitCast(v, to: SIMD2<UInt64>.self) }

    /// Births during the year enter age 0 at the next mid-year less infant deaths (survival L0/l0).
    static func births(_ b: (female: Double, male: Double), survival s: [SurvivalRatios], into c: inout ComponentsOfChange) {
        births(b, survival: (s[0].birth, s[1].birth), into: &c)
    }

    /// The same with the two birth survivals (female, male).
    @inline(__always)
    static func births(_ b: (female: Double, male: Double), survival s: (female: Double, male: Double), into c: inout ComponentsOfChange) {
        for sex in 0..<2 {
            let n = sex == 0 ? b.female : b.male
            let i = sex * Ages.count
            c.births[i] = n
            c.deaths[i] = n * (1 - (sex == 0 ? s.female : s.male))
            c.end[i] = c.start[i] + c.births[i] - c.deaths[i]
        }
    }
}

/// Net migration at the end of the year: trend, a given total, or whatever the housing target needs.
public enum MigrationStep {
    /// Adds the year's net migration to the end population and, in the same pass, checks every cell.
    /// - Returns: valid: every end cell is a valid count; balanced: the accounting identity holds in every cell to
    ///   `tolerance` x max(1, |end|) (NaN fails both).
    static func apply(_ rule: MigrationRule, schedule m: MigrationSchedule, into c: inout ComponentsOfChange,
                      tolerance: Double) -> (valid: Bool, balanced: Bool) {
        switch rule {
        case .trend:
            if let r = m.trendOutRates, let inflow = m.trendInflow {
                // Out-migration at the trend's rates of the people at risk (after deaths, ageing and births).
                for i in 0..<Ages.cells { c.netMigration[i] = inflow[i] - r[i] * c.end[i] }
            } else {
                c.netMigration = m.trend
            }
            c.migrationBasis = "trend"
            c.migrationAdjustment = 0
        case .cells(let v):
            c.netMigration = v
            c.migrationBasis = "given"
            c.migrationAdjustment = 0
        case .netTotal(let t):
            m.adjust(total: t, atRisk: c.end, into: &c.netMigration)
            c.migrationBasis = "net-total"
            c.migrationAdjustment = t - m.trendTotal
        case .housingLed(let h):
            c.migrationBasis = "housing-led"
            let natural = c.end.withUnsafeBufferPointer { sum($0) }
            m.adjust(total: h.population - natural, atRisk: c.end, into: &c.netMigration)
            c.migrationAdjustment = h.population - natural - m.trendTotal
            c.housing = h
        }
        let (s, b, d) = (c.start, c.births, c.deaths)
        let (valid, clean, small) = c.end.withUnsafeMutableBufferPointer { e in c.netMigration.withUnsafeBufferPointer { m in
            s.withUnsafeBufferPointer { s in b.withUnsafeBufferPointer { b in d.withUnsafeBufferPointer { d in
                // Reductions without branches: the smallest end value, the largest squared residual, and bits that
                // NaN or infinity poisons (x - x is +0 only for finite x). Two cells a step with separate
                // accumulators, so the reductions are not one long dependency chain.
                var lo = SIMD2<Double>(repeating: .infinity), r2max = SIMD2<Double>.zero
                var poison = SIMD2<UInt64>.zero
                var i = 0
                while i + 2 <= Ages.cells {
                    let mv = SIMD2(m[i], m[i + 1])
                    let x = SIMD2(e[i], e[i + 1]) + mv
                    e[i] = x[0]; e[i + 1] = x[1]
                    let r = x - (SIMD2(s[i], s[i + 1]) + SIMD2(b[i], b[i + 1]) - SIMD2(d[i], d[i + 1]) + mv)
                    let r2 = r * r
                    lo = lo.replacing(with: x, where: x .< lo)
                    r2max = r2max.replacing(with: r2, where: r2 .> r2max)
                    poison |= Survival.bits((x - x) + (r - r))
                    i += 2
                }
                var tailOK = true
                while i < Ages.cells {  // none while Ages.cells is even; kept so an odd grid stays checked
                    let x = e[i] + m[i]
                    e[i] = x
                    let r = x - (s[i] + b[i] - d[i] + m[i])
                    tailOK = tailOK && x >= 0 && x < .infinity && abs(r) <= tolerance * max(1, abs(x))
                    i += 1
                }
                let clean = poison == .zero && tailOK  // every value finite, and the odd tail cell (if any) fine
                return (clean && lo.min() >= 0, clean, r2max.max() <= tolerance * tolerance)
            } } }
        } }
        // Every |residual| within the tolerance itself passes (max(1, |end|) >= 1); only otherwise is each cell
        // checked against tolerance x max(1, |end|).
        return (valid, clean && (small || c.isBalanced(tolerance: tolerance)))
    }
}
