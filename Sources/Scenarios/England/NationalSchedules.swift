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
        let (qx, mx) = try InputSet.readLifeTable(InputFile(lifeTable))
        let proj = try InputSet.readProjectedQx(InputFile(mortalityProjection))
        let groups = try InputSet.readFertilityShape(InputFile(fertilityShape), year: shapeYear)
        return NationalSchedules(baseQx: qx, baseMx: mx, projectedQx: proj, centreYear: centreYear,
                                 unitFertility: FertilitySchedule.from(groups: groups, tfr: 1), sexRatioAtBirth: sexRatioAtBirth)
    }

    /// Where the national inputs are: `national_inputs.csv` of the England data folder (`role,path`, paths relative to
    /// that folder), so no area's folder name is written in code.
    public struct Files: Sendable {
        public var lifeTable: URL, mortalityProjection: URL, fertilityShape: URL, migrationProfiles: URL, englandTFR: URL
        public static let roles = ["life_table", "mortality_projection", "fertility_shape", "migration_profiles", "england_tfr"]

        public static func read(englandFolder: URL) throws(InputError) -> Files {
            let t = try CSVTable(url: englandFolder.appendingPathComponent("national_inputs.csv"))
            let c = try t.require(["role", "path"])
            var byRole: [String: URL] = [:]
            for r in t.rows {
                let role = t.string(r, c[0])
                guard roles.contains(role) else {
                    throw InputError(file: t.file, location: "line \(r.line)", "role '\(role)'; expected one of \(roles.joined(separator: ", "))")
                }
                let u = URL(fileURLWithPath: t.string(r, c[1]), relativeTo: englandFolder).standardizedFileURL
                guard FileManager.default.fileExists(atPath: u.path) else {
                    throw InputError(file: t.file, location: "line \(r.line)", "\(role): file \(displayPath(u)) not found; expected an existing input file")
                }
                byRole[role] = u
            }
            for role in roles where byRole[role] == nil { throw InputError(file: t.file, "has no row for role '\(role)'") }
            return Files(lifeTable: byRole["life_table"]!, mortalityProjection: byRole["mortality_projection"]!,
                         fertilityShape: byRole["fertility_shape"]!, migrationProfiles: byRole["migration_profiles"]!,
                         englandTFR: byRole["england_tfr"]!)
        }
    }

    /// England's total fertility rate for each step out of mid-year `from` onwards, from a `year,geography,tfr,note`
    /// file of published rates (a year listed twice: the later row is a revision and wins), and a sentence saying
    /// where it came from. The last year given holds after: an ASSUMPTION the sentence states.
    public static func readTFRPath(_ url: URL, from base: Int) throws(InputError) -> (tfr: [Int: Double], source: String) {
        let t = try CSVTable(url: url)
        let c = try t.require(["year", "geography", "tfr", "note"])
        var byYear: [Int: (tfr: Double, geography: String)] = [:]
        for r in t.rows {
            byYear[try t.int(r, c[0])] = (try t.double(r, c[2], min: 0.5, max: 5), t.string(r, c[1]))
        }
        // The step out of mid-year y is mostly calendar year y's births; before the first year after the base that
        // has a figure, the latest one at or before the base stands in.
        let years = byYear.keys.sorted()
        guard let last = years.last else { throw InputError(file: t.file, "has no rows; expected published TFRs by year") }
        let start = years.last { $0 <= base } ?? years[0]
        let used = years.filter { $0 >= start }
        var tfr: [Int: Double] = [:]
        for y in used { tfr[max(y, base)] = byYear[y]!.tfr }
        let listed = used.map { "\($0) \(String(format: "%.2f", byYear[$0]!.tfr))" }.joined(separator: ", ")
        let source = "\(byYear[last]!.geography) TFR published by ONS (\(url.lastPathComponent)): \(listed); the \(last) rate is held after "
            + "(ASSUMPTION: the latest observed rate continues; see the README for the ONS national projection's long-term rate)"
        return (tfr, source)
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
