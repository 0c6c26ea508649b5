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
/// Each register is still a plain sum over cells in cell order (deterministic); sixteen registers share four SIMD
/// accumulators held in registers, and cells where none of the sixteen has any prevalence (children, for most
/// registers) are skipped (adding 0 x a finite count changes no sum). ~10x faster than one dot product per register
/// in Monte Carlo runs (15 registers x 4 Places x 26 years per draw).
/// When every register has the same prevalence for both sexes (as the shipped age shapes do), each age's women and men
/// are added first and the matrix has one row per age, not per cell: half the multiplications.
public struct PrevalenceMatrix: Sendable {
    public let count: Int
    let lanes: Int
    /// Ages.count when every register's prevalence is the same for both sexes (rows are ages), else Ages.cells.
    let rows: Int
    /// weights[row * lanes + condition], zero-padded to a multiple of 16 conditions.
    let weights: [Double]
    /// Per block of 16 conditions, the rows with any non-zero weight as [first, end) ranges, flat: every range's two
    /// bounds, blocks in order, and the number of ranges of each block.
    let activeBounds: [Int]
    let activeCounts: [Int]

    public init(_ conditions: [ConditionPrevalence]) {
        count = conditions.count
        let lanes = max((conditions.count + 15) / 16, 1) * 16
        self.lanes = lanes
        let rows = conditions.allSatisfy { $0.prevalence[0] == $0.prevalence[1] } ? Ages.count : Ages.cells
        self.rows = rows
        var w = [Double](repeating: 0, count: rows * lanes)
        for (c, p) in conditions.enumerated() { for i in 0..<rows { w[i * lanes + c] = p.flat[i] } }
        weights = w
        let active = (0..<(lanes / 16)).map { block in
            var ranges: [Range<Int>] = []
            var i = 0
            while i < rows {
                let used = (0..<16).contains { w[i * lanes + block * 16 + $0] != 0 }
                if used {
                    if let last = ranges.last, last.upperBound == i { ranges[ranges.count - 1] = last.lowerBound..<(i + 1) }
                    else { ranges.append(i..<(i + 1)) }
                }
                i += 1
            }
            return ranges
        }
        activeBounds = active.flatMap { $0.flatMap { [$0.lowerBound, $0.upperBound] } }
        activeCounts = active.map(\.count)
    }

    /// People on each register (`out` has `count` entries).
    public func people(_ p: PopulationTable, into out: inout [Double]) {
        p.values.withUnsafeBufferPointer { people(cells: $0, into: &out) }
    }

    /// The same from cells in `PopulationTable` order.
    public func people(cells v: UnsafeBufferPointer<Double>, into out: inout [Double]) {
        precondition(v.count >= Ages.cells && out.count >= count)
        out.withUnsafeMutableBufferPointer { o in people(cells: v, stride: Ages.cells, vectors: 1, into: o) }
    }

    /// The same for `vectors` populations, population i at `cells[i * stride...]`; people of register k in
    /// population i go to `out[i * count + k]`.
    public func people(cells v: UnsafeBufferPointer<Double>, stride: Int, vectors: Int, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(vectors >= 0 && stride >= Ages.cells && (vectors == 0 || v.count >= (vectors - 1) * stride + Ages.cells))
        precondition(out.count >= vectors * count)
        for i in 0..<vectors {
            peopleOfOne(cells: UnsafeBufferPointer(rebasing: v[(i * stride)..<(i * stride + Ages.cells)]),
                   into: UnsafeMutableBufferPointer(rebasing: out[(i * count)..<((i + 1) * count)]))
        }
    }

    /// One population in Swift SIMD.
    func peopleOfOne(cells v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        weights.withUnsafeBufferPointer { w in
            var range = 0
            for block in 0..<(lanes / 16) {
                var a0 = SIMD4<Double>.zero, a1 = a0, a2 = a0, a3 = a0
                for _ in 0..<activeCounts[block] {
                    let first = activeBounds[2 * range], end = activeBounds[2 * range + 1]
                    range += 1
                    for i in first..<end {
                        let x = SIMD4<Double>(repeating: rows == Ages.cells ? v[i] : v[i] + v[Ages.count + i])
                        let o = i * lanes + block * 16
                        a0 += SIMD4(w[o], w[o + 1], w[o + 2], w[o + 3]) * x
                        a1 += SIMD4(w[o + 4], w[o + 5], w[o + 6], w[o + 7]) * x
                        a2 += SIMD4(w[o + 8], w[o + 9], w[o + 10], w[o + 11]) * x
                        a3 += SIMD4(w[o + 12], w[o + 13], w[o + 14], w[o + 15]) * x
                    }
                }
                for c in (block * 16)..<min(count, block * 16 + 16) {
                    let k = c - block * 16
                    out[c] = k < 4 ? a0[k] : k < 8 ? a1[k - 4] : k < 12 ? a2[k - 8] : a3[k - 12]
                }
            }
        }
    }
}

/// Condition registers calibrated to a base population, from one shape matrix built once per run.
///
/// Calibration scales each shape by k = all-age prevalence x base total / (shape . base) and caps prevalence at 1.
/// While no cell reaches the cap, a register is k x (shape . population): a Monte Carlo draw then needs one pass over
/// each population and no rebuilt weights. A draw in which a cap binds gets the capped weights built for it.
public struct ConditionRegisters: Sendable {
    public struct Spec: Sendable {
        public var condition: String
        public var shape: [[Double]]
        public var allAgePrevalence: Double
        public init(condition: String, shape: [[Double]], allAgePrevalence: Double) {
            self.condition = condition; self.shape = shape; self.allAgePrevalence = allAgePrevalence
        }
    }
    public let specs: [Spec]
    let shapes: PrevalenceMatrix
    let shapeMax: [Double]

    public init(_ specs: [Spec]) {
        self.specs = specs
        shapes = PrevalenceMatrix(specs.map { ConditionPrevalence(condition: $0.condition, prevalence: $0.shape) })
        shapeMax = specs.map { $0.shape.joined().max() ?? 0 }
    }

    /// Registers calibrated on `base` (the population whose all-age prevalence is published).
    public func calibrated(base: PopulationTable) -> Calibrated {
        var k: [Double] = []
        return calibrated(base: base, scale: &k)
    }

    /// The same with the scale factors in `k` (reused when it has one entry per register: Monte Carlo calibrates in
    /// every draw); the result shares `k`.
    public func calibrated(base: PopulationTable, scale k: inout [Double]) -> Calibrated {
        if k.count != specs.count { k = [Double](repeating: 0, count: specs.count) }
        shapes.people(base, into: &k)   // shape . base, turned into k in place
        let total = base.total
        for c in specs.indices { k[c] = k[c] > 0 ? specs[c].allAgePrevalence * total / k[c] : 0 }
        if specs.indices.allSatisfy({ shapeMax[$0] * k[$0] <= 1 }) { return Calibrated(scale: k, matrix: shapes) }
        let capped = PrevalenceMatrix(specs.map { s in
            ConditionPrevalence.calibrated(condition: s.condition, shape: s.shape, allAgePrevalence: s.allAgePrevalence, base: base)
        })
        return Calibrated(scale: nil, matrix: capped)
    }

    public struct Calibrated: Sendable {
        /// k per register when no cap binds (people = k x shape . population); nil when `matrix` holds capped weights.
        let scale: [Double]?
        let matrix: PrevalenceMatrix

        /// People on each register (`out` has one entry per register).
        public func people(_ p: PopulationTable, into out: inout [Double]) {
            p.values.withUnsafeBufferPointer { people(cells: $0, into: &out) }
        }

        /// The same from cells in `PopulationTable` order.
        public func people(cells v: UnsafeBufferPointer<Double>, into out: inout [Double]) {
            precondition(out.count >= matrix.count)
            out.withUnsafeMutableBufferPointer { people(cells: v, stride: Ages.cells, vectors: 1, into: $0) }
        }

        /// The same for `vectors` populations (layout as `PrevalenceMatrix.people(cells:stride:vectors:into:)`).
        public func people(cells v: UnsafeBufferPointer<Double>, stride: Int, vectors: Int, into out: UnsafeMutableBufferPointer<Double>) {
            matrix.people(cells: v, stride: stride, vectors: vectors, into: out)
            if let scale { for i in 0..<vectors { for c in scale.indices { out[i * matrix.count + c] *= scale[c] } } }
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
