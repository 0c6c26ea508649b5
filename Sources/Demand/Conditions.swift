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

/// Several conditions' prevalence, cell-major, so one pass over a population gives every register's size.
///
/// Each register is still a plain sum over cells in cell order (deterministic); four registers share a SIMD lane set,
/// which is ~10x faster than one dot product per register in Monte Carlo runs (15 registers x 4 Places x 26 years).
public struct PrevalenceMatrix: Sendable {
    public let count: Int
    let lanes: Int
    /// weights[cell * lanes + condition], zero-padded to a multiple of 4 conditions.
    let weights: [Double]

    public init(_ conditions: [ConditionPrevalence]) {
        count = conditions.count
        lanes = (conditions.count + 3) / 4 * 4
        var w = [Double](repeating: 0, count: Ages.cells * lanes)
        for (c, p) in conditions.enumerated() { for i in 0..<Ages.cells { w[i * lanes + c] = p.flat[i] } }
        weights = w
    }

    /// People on each register (`out` has `count` entries).
    public func people(_ p: PopulationTable, into out: inout [Double]) {
        let groups = lanes / 4
        withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: max(groups, 1)) { acc in
            for g in 0..<groups { acc[g] = .zero }
            weights.withUnsafeBufferPointer { w in p.values.withUnsafeBufferPointer { v in
                for i in 0..<Ages.cells {
                    let x = SIMD4<Double>(repeating: v[i])
                    let row = i * lanes
                    for g in 0..<groups {
                        let o = row + 4 * g
                        acc[g] += SIMD4(w[o], w[o + 1], w[o + 2], w[o + 3]) * x
                    }
                }
            } }
            for c in 0..<count { out[c] = acc[c / 4][c % 4] }
        }
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
