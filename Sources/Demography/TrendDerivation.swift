/// Recovers the assumptions implied by a published trend projection (e.g. ONS 2022-based SNPP), using the
/// engine's own components so that re-projecting with them is consistent.
public enum TrendDerivation {
    /// Total fertility rate for each step t -> t+1 such that the births implied by the projection's age-0
    /// population at t+1 (divided by infant survival) come from women at t with the given age shape.
    /// Infant net migration is therefore folded into fertility (stated in the derived file's header).
    public static func fertilityLevels(projection: [PopulationTable], firstYear: Int, shape: FertilitySchedule,
                                       mortality: MortalitySchedule, sexRatio: Double) -> [Double] {
        var out: [Double] = []
        let unit = FertilitySchedule(rates: shape.rates.map { $0 / max(shape.tfr, .leastNonzeroMagnitude) })
        for t in 0..<(projection.count - 1) {
            let year = firstYear + t
            let sf = mortality.survival(step: year, sex: .female).birth
            let sm = mortality.survival(step: year, sex: .male).birth
            let pMale = sexRatio / (1 + sexRatio)
            let survival = (1 - pMale) * sf + pMale * sm
            let births = projection[t + 1].total(ages: 0...0) / survival
            let perUnit = Births.compute(population: projection[t], fertility: unit, sexRatio: sexRatio)
            let denom = perUnit.female + perUnit.male
            out.append(denom > 0 ? births / denom : 0)
        }
        return out
    }

    /// Residual net migration: NM(t+1) = P(t+1) - [survivors of P(t) aged on + surviving births].
    public static func residualMigration(projection: [PopulationTable], firstYear: Int,
                                         mortality: MortalitySchedule, fertility: [FertilitySchedule],
                                         sexRatio: Double) -> [[Double]] {
        var out: [[Double]] = []
        for t in 0..<(projection.count - 1) {
            let year = firstYear + t
            let s = Sex.allCases.map { mortality.survival(step: year, sex: $0) }
            var c = ComponentsOfChange(year: year + 1)
            Survival.ageOn(projection[t], survival: s, into: &c)
            let f = fertility[min(t, fertility.count - 1)]
            Survival.births(Births.compute(population: projection[t], fertility: f, sexRatio: sexRatio), survival: s, into: &c)
            out.append(zip(projection[t + 1].values, c.end).map { $0 - $1 })
        }
        return out
    }
}
