/// Sex as used in every table. Raw values index dense arrays (female first, as ONS tables order them).
public enum Sex: Int, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case female = 0, male = 1
    public var description: String { self == .female ? "female" : "male" }
    public init?(label: String) {
        if label == "female" { self = .female; return }
        if label == "male" { self = .male; return }
        switch label.lowercased() {
        case "female", "females", "f": self = .female
        case "male", "males", "m": self = .male
        default: return nil
        }
    }
}

/// Single years of age 0...90 where 90 is the open group "90 and over" (the top group ONS publishes).
public enum Ages {
    public static let open = 90
    public static let count = 91
    public static let all = 0...open
    /// Dense index for a (sex, age) cell: every per-Place table is `cells` doubles.
    @inline(__always) public static func index(_ sex: Sex, _ age: Int) -> Int { sex.rawValue * count + age }
    public static let cells = 2 * count
    public static func label(_ age: Int) -> String { age == open ? "90+" : String(age) }
}

/// One Place's population by sex and single year of age (dense, `Ages.cells` long).
public struct PopulationTable: Sendable, Equatable {
    public var values: [Double]
    public init(values: [Double]) {
        precondition(values.count == Ages.cells, "PopulationTable needs \(Ages.cells) cells")
        self.values = values
    }
    public static var zero: PopulationTable { PopulationTable(values: Array(repeating: 0, count: Ages.cells)) }
    public subscript(sex: Sex, age: Int) -> Double {
        get { values[Ages.index(sex, age)] }
        set { values[Ages.index(sex, age)] = newValue }
    }
    public var total: Double { values.withUnsafeBufferPointer { sum($0) } }
    /// People in an age range (clipped to 0...90), one sex or both. Hot in demand and interval extraction.
    public func total(ages: ClosedRange<Int>, sex: Sex? = nil) -> Double {
        values.withUnsafeBufferPointer { Self.total(cells: $0, ages: ages, sex: sex) }
    }

    /// The same from cells in table order (`Ages.cells` long; for cohort's own modules: not public API).
    @inlinable @inline(__always)
    package static func total(cells v: UnsafeBufferPointer<Double>, ages: ClosedRange<Int>, sex: Sex? = nil) -> Double {
        let lo = max(ages.lowerBound, 0), hi = min(ages.upperBound, Ages.open)
        guard lo <= hi else { return 0 }
        var s = 0.0
        if sex != .male { s += sum(UnsafeBufferPointer(rebasing: v[lo...hi])) }
        if sex != .female { s += sum(UnsafeBufferPointer(rebasing: v[(Ages.count + lo)...(Ages.count + hi)])) }
        return s
    }
}

/// Running totals of a population over age, by sex, so the total of any age range is one subtraction.
/// Demand reads dozens of bands from every Place-year; this turns each from a loop into two loads. (The functions on raw
/// buffers are for cohort's own modules, not public API.)
public struct AgeSums: Sendable {
    /// `stride` entries per sex: entry a is the number of people younger than a (entry 91 is everyone).
    public static let stride = Ages.count + 1
    public var values: [Double]

    public init(_ p: PopulationTable) {
        values = [Double](unsafeUninitializedCapacity: 2 * Self.stride) { out, count in
            p.values.withUnsafeBufferPointer { v in Self.fill(v, into: out) }
            count = 2 * Self.stride
        }
    }

    /// Fills `out` (2 x stride) from a population's cells.
    @inlinable @inline(__always)
    package static func fill(_ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        // Both sexes in one loop: two independent chains of additions instead of one long one.
        var f = 0.0, m = 0.0
        out[0] = 0; out[stride] = 0
        for a in 0..<Ages.count {
            f += v[a]; m += v[Ages.count + a]
            out[a + 1] = f; out[stride + a + 1] = m
        }
    }

    /// People in an age range (clipped to 0...90), one sex (0 female, 1 male).
    @inlinable @inline(__always)
    package static func total(_ sums: UnsafeBufferPointer<Double>, from lo: Int, to hi: Int, sex: Int) -> Double {
        sums[sex * stride + hi + 1] - sums[sex * stride + lo]
    }

    /// People in an age range (clipped to 0...90; empty after clipping gives 0), one sex or both, from running
    /// totals in `AgeSums` layout.
    @inlinable @inline(__always)
    package static func total(_ sums: UnsafeBufferPointer<Double>, ages: ClosedRange<Int>, sex: Sex? = nil) -> Double {
        let lo = max(ages.lowerBound, 0), hi = min(ages.upperBound, Ages.open)
        guard lo <= hi else { return 0 }
        return (sex == .male ? 0 : total(sums, from: lo, to: hi, sex: 0)) + (sex == .female ? 0 : total(sums, from: lo, to: hi, sex: 1))
    }

    public func total(ages: ClosedRange<Int>, sex: Sex? = nil) -> Double {
        values.withUnsafeBufferPointer { Self.total($0, ages: ages, sex: sex) }
    }
}

/// A buffer of `count` doubles whose every element the caller writes before reading: Monte Carlo draws fill
/// hundreds of kilobytes of such buffers, and zero-filling them first was measurable.
@inlinable
public func unfilledDoubles(_ count: Int) -> [Double] {
    [Double](unsafeUninitializedCapacity: count) { _, n in n = count }
}

/// Sum with four independent accumulators (cohort's own modules; `ComponentsOfChange.sum` takes an array) (vectorisable, and not bound by the latency of one long chain of adds);
/// a fixed order, so the result is the same on every run and thread.
@inlinable @inline(__always)
package func sum(_ a: UnsafeBufferPointer<Double>) -> Double {
    let n = a.count
    var s = SIMD4<Double>(repeating: 0)
    var i = 0
    while i + 4 <= n {
        s += SIMD4<Double>(a[i], a[i + 1], a[i + 2], a[i + 3])
        i += 4
    }
    var t = s.sum()
    while i < n { t += a[i]; i += 1 }
    return t
}

/// Dot product (cohort's own modules) with four independent accumulators so the compiler can vectorise it (a fixed order, so the
/// result is the same on every run and thread).
@inlinable @inline(__always)
package func dot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
    let n = min(a.count, b.count)
    var s = SIMD4<Double>(repeating: 0)
    var i = 0
    while i + 4 <= n {
        let x = SIMD4<Double>(a[i], a[i + 1], a[i + 2], a[i + 3])
        let y = SIMD4<Double>(b[i], b[i + 1], b[i + 2], b[i + 3])
        s += x * y
        i += 4
    }
    var t = s.sum()
    while i < n { t += a[i] * b[i]; i += 1 }
    return t
}
