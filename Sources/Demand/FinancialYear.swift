import Demography

/// Financial years (1 April to 31 March) from mid-year populations.
///
/// A financial year starting in April of `y` is centred on 1 October `y`, so its average population is
/// 0.75 x mid-year y + 0.25 x mid-year (y+1) — the basis of every activity table.
public enum FinancialYear {
    /// Label of the financial year starting 1 April `start`: 2033 -> "2033/34".
    public static func label(_ start: Int) -> String {
        let next = (start + 1) % 100
        return "\(start)/\(next < 10 ? "0" : "")\(next)"
    }

    public static func population(mid y: PopulationTable, next: PopulationTable) -> PopulationTable {
        PopulationTable(values: [Double](unsafeUninitializedCapacity: Ages.cells) { out, count in
            y.values.withUnsafeBufferPointer { a in next.values.withUnsafeBufferPointer { b in fill(mid: a, next: b, into: out) } }
            count = Ages.cells
        })
    }

    /// The same into a caller buffer (`Ages.cells` long), from cells in `PopulationTable` order.
    @inline(__always)
    public static func fill(mid a: UnsafeBufferPointer<Double>, next b: UnsafeBufferPointer<Double>,
                            into out: UnsafeMutableBufferPointer<Double>) {
        // Two cells a step: the same arithmetic per cell, in vector registers.
        var i = 0
        while i + 2 <= Ages.cells {
            let x = 0.75 * SIMD2(a[i], a[i + 1]) + 0.25 * SIMD2(b[i], b[i + 1])
            out[i] = x[0]; out[i + 1] = x[1]
            i += 2
        }
        while i < Ages.cells { out[i] = 0.75 * a[i] + 0.25 * b[i]; i += 1 }
    }
}
