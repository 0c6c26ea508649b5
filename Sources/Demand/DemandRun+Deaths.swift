import Demography

extension DemandRun {
    /// Expected deaths per Place (scenario order) and financial year `years` into `out` ([place][year from the first]):
    /// the central death rates of the projection's mortality x the financial year's registered population, which
    /// `cells(place, year, body)` hands to `body`.
    static func deaths(_ places: [PlaceProjection], years: Range<Int>, into out: inout [[Double]],
                       cells: (Int, Int, (UnsafeBufferPointer<Double>) -> Double) -> Double) {
        for (pi, p) in places.enumerated() {
            for (t, y) in years.enumerated() {
                out[pi][t] = cells(pi, y) { v in p.mortality.withStep(p.mortality.step(y)) { _, mx, _ in Deaths.expected(cells: v, mx: mx) } }
            }
        }
    }

    /// Deaths among usual residents (`deaths_basis = "resident"`): the same rates on the resident financial-year
    /// population, so registrations of people who have left (list inflation) do not die. `scratch` holds one
    /// financial year's cells.
    static func residentDeaths(_ places: [PlaceProjection], baseYear: Int, horizon: Int, into out: inout [[Double]],
                               scratch v: inout [Double]) {
        let cells = Ages.cells
        v.reuseFilled(cells)
        for (pi, p) in places.enumerated() {
            for y in baseYear..<horizon {
                let at = (y - baseYear) * cells
                p.residentCells.withUnsafeBufferPointer { r in v.withUnsafeMutableBufferPointer { o in
                    FinancialYear.fill(mid: UnsafeBufferPointer(rebasing: r[at..<(at + cells)]),
                                       next: UnsafeBufferPointer(rebasing: r[(at + cells)..<(at + 2 * cells)]), into: o)
                } }
                out[pi][y - baseYear] = v.withUnsafeBufferPointer { v in
                    p.mortality.withStep(p.mortality.step(y)) { _, mx, _ in Deaths.expected(cells: v, mx: mx) }
                }
            }
        }
    }
}
