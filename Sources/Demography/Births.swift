/// Age-specific fertility by single year of mother's age (age at the start mid-year).
public struct FertilitySchedule: Sendable, Equatable {
    /// Rates per woman per year for ages 0...90 (zero outside the childbearing span).
    public var rates: [Double]
    public init(rates: [Double]) {
        precondition(rates.count == Ages.count)
        self.rates = rates
    }
    public var tfr: Double { rates.reduce(0, +) }

    /// Spreads 5-year group rates evenly over single years and rescales so the rates sum to `tfr`.
    /// Why even spreading: the published UN schedule is 5-year; the total and the mean age are what matter for
    /// births, and an interpolated curve would add a shape assumption the data do not support.
    public static func from(groups: [(from: Int, to: Int, rate: Double)], tfr: Double) -> FertilitySchedule {
        var r = [Double](repeating: 0, count: Ages.count)
        for g in groups where g.to >= g.from {
            for a in g.from...g.to where a < Ages.open { r[a] += g.rate }
        }
        let sum = r.reduce(0, +)
        if sum > 0 { r = r.map { $0 / sum * tfr } }
        return FertilitySchedule(rates: r)
    }
}

/// Births component: women at mid-year t times their age-specific rates, split by the sex ratio at birth.
public enum Births {
    /// - Parameter sexRatio: males per female at birth (a named scenario input; 1.05 by default).
    /// - Returns: births by sex (female, male) during the year from mid-year t.
    public static func compute(population p: PopulationTable, fertility f: FertilitySchedule,
                               sexRatio: Double) -> (female: Double, male: Double) {
        // Female cells come first, so the first Ages.count cells are the women.
        p.values.withUnsafeBufferPointer { v in f.rates.withUnsafeBufferPointer { r in
            compute(women: UnsafeBufferPointer(rebasing: v[0..<Ages.count]), rates: r, sexRatio: sexRatio)
        } }
    }

    /// The same from the women's cells (ages 0...90) and rates by age.
    @inline(__always)
    static func compute(women: UnsafeBufferPointer<Double>, rates: UnsafeBufferPointer<Double>,
                        sexRatio: Double) -> (female: Double, male: Double) {
        let b = dot(women, rates)
        let male = b * sexRatio / (1 + sexRatio)
        return (b - male, male)
    }
}

extension Births {
    /// A year of births from mid-year `step` of `resident` ([mid-year][cell]): the women's cells times the schedule's
    /// rates, times `level` when it is not 1 (written to `scaled`, as the schedule a level other than 1 would have built).
    static func compute(resident: [Double], step: Int, fertility f: FertilitySchedule, level: Double, sexRatio: Double,
                        scaled: inout [Double]) -> (female: Double, male: Double) {
        if level != 1 { for a in 0..<Ages.count { scaled[a] = f.rates[a] * level } }
        let rates = level != 1 ? scaled : f.rates
        let at = step * Ages.cells
        return resident.withUnsafeBufferPointer { r in rates.withUnsafeBufferPointer { w in
            compute(women: UnsafeBufferPointer(rebasing: r[at..<(at + Ages.count)]), rates: w, sexRatio: sexRatio)
        } }
    }
}
