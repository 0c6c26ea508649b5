/// The cohort-component recipe, one year at a time: deaths and ageing (`Survival`), births (`Births`), net migration
/// (`MigrationStep`: trend, given, or what the housing target needs), each followed by the `Invariants` check; then the
/// year's resident cells are kept and converted to GP-registered ones (`Registration`). Pure: same inputs, same result.
public enum Projector {
    /// - Parameter recordComponents: keep each year's components of change (reports need them; Monte Carlo draws,
    ///   which only read populations and survival, do not). They are computed and checked either way.
    public static func project(_ input: PlaceInputs, baseYear: Int, horizon: Int,
                               recordComponents: Bool = true) throws(ProjectionError) -> PlaceProjection {
        var buffers = ProjectionBuffers()
        return try project(input, baseYear: baseYear, horizon: horizon, recordComponents: recordComponents, reusing: &buffers)
    }

    /// The same, writing into `buffers` kept from an earlier projection (no allocation once they fit and the earlier
    /// projection has been released).
    public static func project(_ input: PlaceInputs, baseYear: Int, horizon: Int, recordComponents: Bool = true,
                               reusing buffers: inout ProjectionBuffers) throws(ProjectionError) -> PlaceProjection {
        guard horizon > baseYear else {
            throw .invalidInput("horizon \(horizon) must be after the base year \(baseYear)")
        }
        guard !input.fertility.isEmpty, !input.migrationRules.isEmpty else {
            throw .invalidInput("\(input.name): fertility and migration rules need at least one year")
        }
        let place = input.name, steps = horizon - baseYear
        try Invariants.checkCounts(input.base.values, place: place, year: baseYear, component: "base population")
        var comps: [ComponentsOfChange] = []
        if recordComponents { comps.reserveCapacity(steps) }
        buffers.prepare(years: steps + 1)
        keep(input.base.values, year: 0, of: input, in: &buffers)
        for step in 0..<steps {
            let year = baseYear + step
            buffers.components.reset(year: year + 1)
            let mortality = input.mortality.step(year)
            // 1. Deaths and ageing.
            input.mortality.withStep(mortality) { cohort, _, _ in
                Survival.ageOn(buffers.resident, year: step, cohort: cohort, into: &buffers.components)
            }
            try Invariants.checkCounts(buffers.components.end, place: place, year: year + 1, component: "deaths and ageing")
            // 2. Births, from the women at the start of the year (they change only the two age-0 cells: those are checked).
            let births = Births.compute(resident: buffers.resident, step: step, fertility: input.fertility[min(step, input.fertility.count - 1)],
                                        level: input.fertilityLevel, sexRatio: input.sexRatioAtBirth, scaled: &buffers.rates)
            Survival.births(births, survival: input.mortality.birthSurvival(mortality), into: &buffers.components)
            try Invariants.checkCounts(buffers.components.end, ages: 0...0, place: place, year: year + 1, component: "births")
            // 3. Net migration (trend, given, or what the housing target needs), then the year's identity.
            MigrationStep.apply(input.migrationRules[min(step, input.migrationRules.count - 1)], schedule: input.migration,
                                into: &buffers.components)
            try Invariants.check(buffers.components, place: place,
                                 component: buffers.components.housing == nil ? "net migration" : "housing-led net migration")
            // 4. Keep the year (resident and registered).
            keep(buffers.components.end, year: step + 1, of: input, in: &buffers)
            if recordComponents { comps.append(buffers.components) }
        }
        return PlaceProjection(name: place, baseYear: baseYear, residentCells: buffers.resident, registeredCells: buffers.registered,
                               components: comps, registration: input.registration, mortality: input.mortality)
    }

    /// Stores a mid-year's resident cells and their registered counterpart.
    private static func keep(_ cells: [Double], year i: Int, of input: PlaceInputs, in b: inout ProjectionBuffers) {
        let at = i * Ages.cells
        cells.withUnsafeBufferPointer { v in
            b.resident.withUnsafeMutableBufferPointer { r in
                _ = UnsafeMutableBufferPointer(rebasing: r[at..<(at + Ages.cells)]).update(fromContentsOf: v)
            }
            b.registered.withUnsafeMutableBufferPointer { g in
                input.registration.registered(cells: v, into: UnsafeMutableBufferPointer(rebasing: g[at..<(at + Ages.cells)]))
            }
        }
    }
}
