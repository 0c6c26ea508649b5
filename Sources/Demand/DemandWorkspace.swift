import Demography

/// One worker's reusable buffers for `DemandRun.run`, so a Monte Carlo draw allocates nothing in demand: each run
/// takes the buffers, fills them and hands them back, and its result shares them (no copy). Once that result has
/// been released, the next run fills the same memory; while it is still held, a buffer it shares is copied first
/// (copy-on-write), so a kept result is never changed. Not shared between threads: one per worker.
public struct DemandWorkspace: Sendable {
    var fyPop: [Double] = [], sums: [Double] = [], baseFY: [Double] = [], baseSums: [Double] = [], trends: [Double] = []
    var matrices: [ServiceMatrix] = []
    var referralValues: [Double] = []
    var referrals: [DemandResult.Series] = []
    var deaths: [[Double]] = [], residentFY: [Double] = []
    var basePop: PopulationTable? = nil, scale: [Double] = [], trendFactor: [Double] = [], people: [Double] = []
    var conditionValues: [Double] = []
    var conditions: [DemandResult.Series] = []
    var registered: [[Double]] = []
    var required: [Double] = [], supply: [Double] = [], groupTotals: [Double] = [], drivers: [Double] = []
    var paths: [Workforce.Paths] = []
    var cost: [Double] = [], allocation: [Double] = [], budget: [Double] = [], growth: [Double] = []
    /// Year lists of the result (the same in every draw, so made once).
    var referralFYs: [Int] = [], deathFYs: [Int] = [], conditionYears: [Int] = [], workforceFYs: [Int] = [], financeFYs: [Int] = []

    public init() {}

    /// Moves a buffer out (leaving an empty one), so the run holds the only reference and fills it in place.
    @inline(__always)
    static func take<T>(_ a: inout [T]) -> [T] {
        var out: [T] = []
        swap(&out, &a)
        return out
    }

    /// The years of `range`, reusing `cached` when it already lists them.
    static func years(_ cached: inout [Int], _ range: Range<Int>) -> [Int] {
        if cached.first != range.lowerBound || cached.count != range.count { cached = Array(range) }
        return cached
    }
}

extension Array where Element == Double {
    /// Sized to `n` for a caller that writes every element before reading it (reused when it already has `n`).
    @inline(__always)
    mutating func reuseUnfilled(_ n: Int) { if count != n { self = unfilledDoubles(n) } }

    /// Sized to `n`, every element `value` (reused when it already has `n`).
    @inline(__always)
    mutating func reuseFilled(_ n: Int, with value: Double = 0) {
        if count != n { self = [Double](repeating: value, count: n) } else { withUnsafeMutableBufferPointer { $0.update(repeating: value) } }
    }
}

extension Array where Element == [Double] {
    /// `rows` rows of `columns` each (reused when the shape matches; values unspecified).
    @inline(__always)
    mutating func reuseRows(_ rows: Int, _ columns: Int) {
        if count != rows || contains(where: { $0.count != columns }) {
            self = (0..<rows).map { _ in [Double](repeating: 0, count: columns) }
        }
    }
}
