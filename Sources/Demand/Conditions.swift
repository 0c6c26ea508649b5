import Demography

/// A long-term condition register: prevalence by single year of age (same for both sexes unless given),
/// scaled so the all-age prevalence in the base year equals the published figure.
public struct ConditionPrevalence: Sendable, Equatable {
    public let condition: String
    /// [sex][age] prevalence (share of registered patients on the register).
    public let prevalence: [[Double]]

    /// Prevalence in `PopulationTable` cell order, for a plain dot product.
    let flat: [Double]

    public init(condition: String, prevalence: [[Double]]) {
        self.condition = condition; self.prevalence = prevalence
        flat = prevalence[0] + prevalence[1]
    }

    /// Scales an age shape so that people / population in `base` equals `allAgePrevalence`.
    public static func calibrated(condition: String, shape: [[Double]], allAgePrevalence: Double,
                                  base: PopulationTable) -> ConditionPrevalence {
        var weighted = 0.0
        for s in Sex.allCases { for a in Ages.all { weighted += shape[s.rawValue][a] * base[s, a] } }
        let k = weighted > 0 ? allAgePrevalence * base.total / weighted : 0
        return ConditionPrevalence(condition: condition, prevalence: shape.map { $0.map { min($0 * k, 1) } })
    }

    public func people(_ p: PopulationTable) -> Double {
        p.values.withUnsafeBufferPointer { v in flat.withUnsafeBufferPointer { f in dot(f, v) } }
    }
}

/// Gompertz-like age shape with a plateau: 0 below `minAge`, doubling every `doublingYears` up to `plateauAge`.
public enum AgeShape {
    public static func doubling(minAge: Int, doublingYears: Double, plateauAge: Int) -> [Double] {
        Ages.all.map { a in
            guard a >= minAge else { return 0 }
            guard doublingYears > 0 else { return 1 }
            return pow(2, Double(min(a, plateauAge) - minAge) / doublingYears)
        }
    }
}

import Foundation
