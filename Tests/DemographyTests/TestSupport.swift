import XCTest
@testable import Demography

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, seedable generator so random tests can be replayed from the
/// seed printed in their failure messages. Deliberately independent of the Sampling module.
struct SplitMix64 {
    private(set) var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [lo, hi).
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * Double(next() >> 11) / Double(1 << 53)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}

/// Builders for hand-made engine inputs.
enum Make {
    static func zeros() -> [Double] { Array(repeating: 0, count: Ages.cells) }

    /// The same survival ratios for both sexes in every year.
    static func survival(cohort: Double, open: Double, birth: Double) -> SurvivalRatios {
        var c = Array(repeating: cohort, count: Ages.count)
        c[Ages.open] = open
        return SurvivalRatios(cohort: c, birth: birth, mx: Array(repeating: 0, count: Ages.count))
    }

    static func mortality(_ s: SurvivalRatios, firstYear: Int) -> MortalitySchedule {
        MortalitySchedule(firstYear: firstYear, ratios: [[s, s]])
    }

    static func noFertility() -> FertilitySchedule { FertilitySchedule(rates: Array(repeating: 0, count: Ages.count)) }

    static func uniformShares() -> [Double] { Array(repeating: 1 / Double(Ages.cells), count: Ages.cells) }

    static func inputs(name: String = "Testshire", base: PopulationTable, mortality: MortalitySchedule,
                       fertility: [FertilitySchedule] = [Make.noFertility()], sexRatio: Double = 1.05,
                       trend: [Double] = Make.zeros(), shares: [Double] = Make.uniformShares(),
                       rules: [MigrationRule] = [.trend]) -> PlaceInputs {
        PlaceInputs(name: name, base: base, mortality: mortality, fertility: fertility, sexRatioAtBirth: sexRatio,
                    migration: MigrationSchedule(trend: trend, adjustmentShares: shares), migrationRules: rules,
                    registration: Registration(uniform: 1))
    }
}

/// Asserts |a - b| <= tol, naming what was compared.
func assertClose(_ a: Double, _ b: Double, tol: Double, _ what: @autoclosure () -> String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssert(abs(a - b) <= tol, "\(what()): got \(a), expected \(b) (tolerance \(tol))", file: file, line: line)
}
