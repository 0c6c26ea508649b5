import Foundation
import Demography

/// Derives the trend assumptions (Place TFRs and residual net migration) implied by a published trend
/// projection, with the engine's own mortality and fertility shape, and renders them as the CSV input files
/// the scenarios read. Keeping this a command (not a hand-made file) makes the derivation repeatable.
public enum TrendDerive {
    public static let derivedKeys: Set<String> = ["fertility_levels", "migration"]

    public struct Output {
        public var fertilityCSV: String
        public var migrationCSV: String
        public var tfr: [String: [Double]]
    }

    public static func run(_ s: Scenario) throws(InputError) -> Output {
        guard let trendURL = s.inputs.trendProjection else {
            throw InputError(file: displayPath(s.file), location: "key inputs.trend_projection", "missing; `cohort derive` needs a trend projection to derive from")
        }
        let base = try InputSet.readPopulation(s.input(s.inputs.population), places: s.places)
        let (qx, mx) = try InputSet.readLifeTable(s.input(s.inputs.lifeTable))
        let proj = try InputSet.readProjectedQx(s.input(s.inputs.mortalityProjection))
        let groups = try InputSet.readFertilityShape(s.input(s.inputs.fertilityShape), year: s.fertility.shapeYear)
        let trend = try InputSet.readProjection(s.input(trendURL), places: s.places)
        let years = trend.values.first.map { $0.keys.sorted() } ?? []
        guard let first = years.first, let last = years.last, years.count >= 2, first == s.baseYear,
              years.count == last - first + 1, s.places.allSatisfy({ trend[$0]?.count == years.count }) else {
            let missing = years.isEmpty ? [] : (years.first!...years.last!).filter { !years.contains($0) }
            throw InputError(file: displayPath(trendURL), "needs every year from the base year \(s.baseYear) onwards, for every Place, with no gaps; found years \(years.map(String.init).joined(separator: ", "))" + (missing.isEmpty ? "" : "; missing \(missing.map(String.init).joined(separator: ", "))"))
        }
        for p in s.places where abs(trend[p]![first]!.total - base[p]!.total) > 0.5 {
            throw InputError(file: displayPath(trendURL), "\(p) base-year total \(trend[p]![first]!.total) differs from the base population \(base[p]!.total)")
        }
        // A scenario view spanning the trend projection's years.
        var span = s
        span.horizon = last
        let inputs = InputSet(base: base, baseQx: qx, baseMx: mx, projectedQx: proj, fertilityGroups: groups, tfr: [:],
                              residualMigration: [:], adjustmentShares: [], dwellings: [:], trendProjection: trend, published: [])
        let b = ModelBuilder(scenario: span, inputs: inputs)
        let mort = b.mortality(Assumptions(span))
        let unit = b.unitFertility

        var fert = CSVText(["place", "year", "tfr"])
        var mig = CSVText(["place", "year", "sex", "age", "net_migration"])
        var tfrOut: [String: [Double]] = [:]
        for p in s.places {
            let series = (first...last).map { trend[p]![$0]! }
            let tfr = TrendDerivation.fertilityLevels(projection: series, firstYear: first, shape: unit, mortality: mort,
                                                      sexRatio: s.fertility.sexRatioAtBirth)
            tfrOut[p] = tfr
            for (i, v) in tfr.enumerated() { fert.row([p, String(first + i), fixed(v, 6)]) }
            let schedules = tfr.map { t in FertilitySchedule(rates: unit.rates.map { $0 * t }) }
            let nm = TrendDerivation.residualMigration(projection: series, firstYear: first, mortality: mort,
                                                      fertility: schedules, sexRatio: s.fertility.sexRatioAtBirth)
            for (i, cells) in nm.enumerated() { for sex in Sex.allCases { for a in Ages.all {
                mig.row([p, String(first + i + 1), sex.description, String(a), fixed(cells[Ages.index(sex, a)], 3)])
            } } }
        }
        let src = displayPath(trendURL)
        let fertHeader = """
        # DERIVED by `cohort derive \(displayPath(s.file))`: not observed data.
        # Total fertility rate per Place for the year from mid-year `year` to mid-year `year`+1: the births implied by
        # the age-0 population of \(src) at `year`+1 (divided by infant survival L0/l0 of the England 2020-22 life table
        # with ONS 2020-based improvement), over the births per unit TFR that the UN WPP 2022 age shape (\(s.fertility.shapeYear))
        # gives for the women of the projection at `year`. Infant net migration is folded into fertility.
        # Sex ratio at birth \(s.fertility.sexRatioAtBirth) males per female.
        """
        let migHeader = """
        # DERIVED by `cohort derive \(displayPath(s.file))`: not observed data.
        # Net migration by the residual method: population of \(src) at mid-year `year` minus (survivors of its
        # population at `year`-1 aged on one year + surviving births from the TFRs in the fertility levels file),
        # with the England 2020-22 life table and ONS 2020-based mortality improvement. Age is age at mid-year `year`
        # (90 = 90 and over). Age 0 is zero by construction (see the fertility file).
        # A scenario loading this file must have the mortality below (its level scales every qx of the life table).
        \(DerivationRecord(s).comment)
        """
        return Output(fertilityCSV: fertHeader + "\n" + fert.text, migrationCSV: migHeader + "\n" + mig.text, tfr: tfrOut)
    }

    static func fixed(_ x: Double, _ d: Int) -> String {
        let s = String(format: "%.\(d)f", x)
        return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s
    }
}

/// Minimal CSV text builder for files written by the Scenarios layer (derived inputs).
struct CSVText {
    var text: String
    init(_ header: [String]) { text = header.joined(separator: ",") + "\n" }
    mutating func row(_ f: [String]) { text += f.joined(separator: ",") + "\n" }
}
