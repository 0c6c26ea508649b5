/// Deaths and ageing: the survivors of each cohort move up one year of age; the open group keeps its survivors.
/// Births during the year enter age 0 at the next mid-year less infant deaths.
public enum Survival {
    static func ageOn(_ p: PopulationTable, survival s: [SurvivalRatios], into c: inout ComponentsOfChange) {
        p.values.withUnsafeBufferPointer { pv in (s[0].cohort + s[1].cohort).withUnsafeBufferPointer { ageOn(pv, cohort: $0, into: &c) } }
    }

    /// Ages on mid-year `i` of `resident` ([mid-year][cell]).
    @inline(__always)
    static func ageOn(_ resident: [Double], year i: Int, cohort: UnsafeBufferPointer<Double>, into c: inout ComponentsOfChange) {
        resident.withUnsafeBufferPointer { r in
            ageOn(UnsafeBufferPointer(rebasing: r[(i * Ages.cells)..<((i + 1) * Ages.cells)]), cohort: cohort, into: &c)
        }
    }

    /// The same from cells, with both sexes' cohort survival in cell order. Every start, death and end cell is written
    /// (no clearing needed): age 0 is left to births (zero here), 90+ takes those ageing from 89 and the survivors of 90+.
    @inline(__always)
    static func ageOn(_ pv: UnsafeBufferPointer<Double>, cohort r: UnsafeBufferPointer<Double>, into c: inout ComponentsOfChange) {
        c.start.withUnsafeMutableBufferPointer { start in
            c.deaths.withUnsafeMutableBufferPointer { deaths in
                for sex in 0..<2 {
                    let o = sex * Ages.count, top = Ages.open
                    start[o] = 0; deaths[o] = 0
                    for a in 0..<(top - 1) {
                        let n = pv[o + a]
                        start[o + a + 1] = n
                        deaths[o + a + 1] = n * (1 - r[o + a])
                    }
                    let n89 = pv[o + top - 1], n90 = pv[o + top]
                    start[o + top] = n89 + n90
                    deaths[o + top] = n89 * (1 - r[o + top - 1]) + n90 * (1 - r[o + top])
                }
            }
        }
        let (s, d) = (c.start, c.deaths)
        c.end.withUnsafeMutableBufferPointer { end in for i in 0..<Ages.cells { end[i] = s[i] - d[i] } }
    }

    /// Births during the year enter age 0 at the next mid-year less infant deaths (survival L0/l0).
    static func births(_ b: (female: Double, male: Double), survival s: [SurvivalRatios], into c: inout ComponentsOfChange) {
        births(b, survival: (s[0].birth, s[1].birth), into: &c)
    }

    /// The same with the two birth survivals (female, male). Only the two age-0 cells change.
    @inline(__always)
    static func births(_ b: (female: Double, male: Double), survival s: (female: Double, male: Double), into c: inout ComponentsOfChange) {
        for sex in 0..<2 {
            let n = sex == 0 ? b.female : b.male
            let i = sex * Ages.count
            c.births[i] = n
            c.deaths[i] = n * (1 - (sex == 0 ? s.female : s.male))
            c.end[i] = c.start[i] + c.births[i] - c.deaths[i]
        }
    }
}
