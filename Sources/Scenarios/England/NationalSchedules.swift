import Foundation
import Demography

/// The national schedules local rates are measured against: a base life table with projected mortality improvement,
/// and a fertility age shape. An LA's fertility and mortality are then one level each relative to these, measured
/// against England as a whole (so a national table that is off for every LA alike, e.g. carrying COVID excess,
/// cancels out of the levels).
public struct NationalSchedules: Sendable {
    public var baseQx: [[Double]]
    public var baseMx: [[Double]]
    /// Projected period qx by calendar year (improvement ratios are taken against `centreYear`).
    public var projectedQx: [Int: [[Double]]]
    public var centreYear: Int
    /// Unit fertility shape (TFR 1) by single year of mother's age.
    public var unitFertility: FertilitySchedule
    public var sexRatioAtBirth: Double

    public init(baseQx: [[Double]], baseMx: [[Double]], projectedQx: [Int: [[Double]]], centreYear: Int,
                unitFertility: FertilitySchedule, sexRatioAtBirth: Double) {
        self.baseQx = baseQx; self.baseMx = baseMx; self.projectedQx = projectedQx; self.centreYear = centreYear
        self.unitFertility = unitFertility; self.sexRatioAtBirth = sexRatioAtBirth
    }

    /// Reads the same files a scenario's `[inputs]` name (life table, projected qx, fertility shape).
    public static func load(lifeTable: URL, mortalityProjection: URL, fertilityShape: URL, shapeYear: Int,
                            centreYear: Int, sexRatioAtBirth: Double) throws(InputError) -> NationalSchedules {
        let (qx, mx) = try InputSet.readLifeTable(lifeTable)
        let proj = try InputSet.readProjectedQx(mortalityProjection)
        let groups = try InputSet.readFertilityShape(fertilityShape, year: shapeYear)
        return NationalSchedules(baseQx: qx, baseMx: mx, projectedQx: proj, centreYear: centreYear,
                                 unitFertility: FertilitySchedule.from(groups: groups, tfr: 1), sexRatioAtBirth: sexRatioAtBirth)
    }

    /// Survival for the steps out of mid-years `years`, with every qx scaled by `level` (as the engine does).
    public func mortality(steps years: ClosedRange<Int>, level: Double = 1) -> MortalitySchedule {
        let imp = ModelBuilder.improvementRatios(projectedQx, centreYear: centreYear, steps: years.lowerBound..<(years.upperBound + 1))
        let ax = Sex.allCases.map { LifeTable.separationFactors(qx: baseQx[$0.rawValue], mx: baseMx[$0.rawValue]) }
        return MortalitySchedule.build(baseQx: baseQx, baseMx: baseMx, ax: ax, years: years, mortalityScale: level) { y, sex, f in
            imp[y][sex].withUnsafeBufferPointer { r in for x in 0..<f.count { f[x] = r[x] } }
        }
    }
}
