import Foundation
import Demography

/// The England inputs shipped in `Scenarios/data/england/` (built by its `prepare/prepare_england.py` from the checked
/// public files; provenance in its PROVENANCE.md): ONS mid-year estimates by LA x sex x single year of age, components
/// of change, all-ages totals, net additional dwellings, dwelling stock, housing requirements and the LA -> ICB lookup.
/// All keyed by 2023 local authority district code (`lad23_code`).
public struct EnglandData: Sendable {
    /// One set of components of change for one LA and one year to mid-year.
    public struct Components: Sendable, Equatable {
        public var births: Double
        public var deaths: Double
        public var internalIn: Double
        public var internalOut: Double
        /// Empty in the source for the year to mid-2021 (published as a net figure only).
        public var internationalIn: Double?
        public var internationalOut: Double?
        public var internationalNet: Double
        public var internalNet: Double
        public var other: Double
        public var populationStart: Double
        public var populationEnd: Double
        /// Start of the period (30 June of the previous year, or Census day 2021-03-21 for the year to mid-2021).
        public var periodStart: String
        public var series: String
        /// Gross internal flows of an LA formed by merging districts count moves between them (PROVENANCE caveat 4).
        public var sourceDistricts: Int
        public var netMigration: Double { internalNet + internationalNet + other }
    }

    /// One adopted local-plan housing requirement a year for an LA (none where no adopted figure is recorded).
    public struct HousingRequirement: Sendable, Equatable {
        public var perYear: Double?
        public var basis: String
        public var planTitle: String
        public var periodStart: Int?
        public var periodEnd: Int?
        public var adopted: String
        public var planningAuthority: String
    }

    /// One LA's share in one ICB (an LA split between ICBs has one row per ICB).
    public struct ICBMembership: Sendable, Equatable {
        public var lad: String
        public var ladName: String
        public var icbCode: String
        public var icbODS: String
        public var icbName: String
        public var region: String
        /// Share of the LA's Census 2021 usual residents in this ICB.
        public var share: Double
    }

    public let folder: URL
    /// Mid-year -> LA -> population by sex x single year of age (90 = 90 and over).
    public var estimates: [Int: [String: PopulationTable]]
    /// Mid-year -> ONS series label (`census2011_based`, `pre_census2021`, `census2021_based`).
    public var series: [Int: String]
    /// Year to mid-year -> LA -> components.
    public var components: [Int: [String: Components]]
    /// Mid-year -> LA -> all-ages total (the later, Census-2021-consistent vintage for 2012-2022) and its series.
    public var totals: [Int: [String: (population: Double, series: String)]]
    /// Financial year start (2001 = April 2001 - March 2002) -> LA -> net additional dwellings.
    public var netAdditions: [Int: [String: Double]]
    /// 31 March of year -> LA -> council-tax properties (dwelling stock proxy).
    public var stock: [Int: [String: Double]]
    public var requirements: [String: HousingRequirement]
    public var lookup: [ICBMembership]
    /// LA code -> name, in code order.
    public var names: [String: String]

    public static let defaultFolder = "Scenarios/data/england"

    public var lads: [String] { names.keys.sorted() }

    /// Reads every file of the folder; any malformed row is an error naming file and line.
    public static func load(folder: URL) throws(InputError) -> EnglandData {
        func url(_ n: String) -> URL { folder.appendingPathComponent(n) }
        // Lookup first: it names the LAs every other file must cover.
        let lk = try CSVTable(url: url("lad23_icb.csv"))
        let lc = try lk.require(["lad23_code", "lad23_name", "icb_code", "icb_ods_code", "icb_name", "region_name", "icb_population_share"])
        var lookup: [ICBMembership] = [], names: [String: String] = [:]
        for r in lk.rows {
            let m = ICBMembership(lad: lk.string(r, lc[0]), ladName: lk.string(r, lc[1]), icbCode: lk.string(r, lc[2]),
                                  icbODS: lk.string(r, lc[3]), icbName: lk.string(r, lc[4]), region: lk.string(r, lc[5]),
                                  share: try lk.double(r, lc[6], min: 0, max: 1))
            lookup.append(m); names[m.lad] = m.ladName
        }

        let mye = try CSVTable(url: url("mye_sya.csv"))
        let mc = try mye.require(["year", "series", "lad23_code", "sex"])
        let ageCols = try mye.require(Ages.all.map { "age_\($0)" })
        var estimates: [Int: [String: PopulationTable]] = [:], series: [Int: String] = [:]
        for r in mye.rows {
            let y = try mye.int(r, mc[0]), lad = mye.string(r, mc[2]), sex = try mye.sex(r, mc[3])
            guard names[lad] != nil else { throw InputError(file: mye.file, location: "line \(r.line)", "lad23_code '\(lad)' is not in lad23_icb.csv") }
            series[y] = mye.string(r, mc[1])
            var t = estimates[y]?[lad] ?? .zero
            for a in Ages.all { t[sex, a] = try mye.double(r, ageCols[a], min: 0) }
            estimates[y, default: [:]][lad] = t
        }
        for (y, byLad) in estimates where byLad.count != names.count {
            throw InputError(file: mye.file, "mid-\(y) has \(byLad.count) LAs; expected all \(names.count) of lad23_icb.csv")
        }

        let co = try CSVTable(url: url("components.csv"))
        let cc = try co.require(["year_to_mid", "lad23_code", "series", "period_start", "births", "deaths", "internal_in",
                                 "internal_out", "international_in", "international_out", "international_net", "internal_net",
                                 "other", "population_start", "population_end", "n_source_districts"])
        var components: [Int: [String: Components]] = [:]
        for r in co.rows {
            func d(_ i: Int) throws(InputError) -> Double { try co.double(r, cc[i]) }
            func opt(_ i: Int) throws(InputError) -> Double? { co.string(r, cc[i]).isEmpty ? nil : try co.double(r, cc[i]) }
            let c = Components(births: try d(4), deaths: try d(5), internalIn: try d(6), internalOut: try d(7),
                               internationalIn: try opt(8), internationalOut: try opt(9), internationalNet: try d(10),
                               internalNet: try d(11), other: try d(12), populationStart: try d(13), populationEnd: try d(14),
                               periodStart: co.string(r, cc[3]), series: co.string(r, cc[2]), sourceDistricts: try co.int(r, cc[15]))
            components[try co.int(r, cc[0]), default: [:]][co.string(r, cc[1])] = c
        }

        let to = try CSVTable(url: url("population_totals.csv"))
        let tc = try to.require(["year", "lad23_code", "population", "series"])
        var totals: [Int: [String: (population: Double, series: String)]] = [:]
        for r in to.rows { totals[try to.int(r, tc[0]), default: [:]][to.string(r, tc[1])] = (try to.double(r, tc[2], min: 0), to.string(r, tc[3])) }

        let na = try CSVTable(url: url("net_additions.csv"))
        let nc = try na.require(["fy_start", "lad23_code", "net_additions"])
        var netAdditions: [Int: [String: Double]] = [:]
        for r in na.rows { netAdditions[try na.int(r, nc[0]), default: [:]][na.string(r, nc[1])] = try na.double(r, nc[2]) }

        let st = try CSVTable(url: url("dwelling_stock.csv"))
        let sc = try st.require(["year_31_march", "lad23_code", "properties"])
        var stock: [Int: [String: Double]] = [:]
        for r in st.rows { stock[try st.int(r, sc[0]), default: [:]][st.string(r, sc[1])] = try st.double(r, sc[2], min: 0) }

        let hr = try CSVTable(url: url("housing_requirements.csv"))
        let hc = try hr.require(["lad23_code", "requirement_per_year", "basis", "plan_title", "period_start", "period_end", "adopted", "planning_authority"])
        var requirements: [String: HousingRequirement] = [:]
        for r in hr.rows {
            func optInt(_ i: Int) throws(InputError) -> Int? { hr.string(r, hc[i]).isEmpty ? nil : try hr.int(r, hc[i]) }
            requirements[hr.string(r, hc[0])] = HousingRequirement(
                perYear: hr.string(r, hc[1]).isEmpty ? nil : try hr.double(r, hc[1], min: 0), basis: hr.string(r, hc[2]),
                planTitle: hr.string(r, hc[3]), periodStart: try optInt(4), periodEnd: try optInt(5), adopted: hr.string(r, hc[6]),
                planningAuthority: hr.string(r, hc[7]))
        }
        return EnglandData(folder: folder, estimates: estimates, series: series, components: components, totals: totals,
                           netAdditions: netAdditions, stock: stock, requirements: requirements, lookup: lookup, names: names)
    }

    /// The estimate of `lad` at mid-`year`, or an error naming the years there are.
    public func estimate(_ lad: String, _ year: Int) throws(InputError) -> PopulationTable {
        guard let t = estimates[year]?[lad] else {
            throw InputError(file: displayPath(folder.appendingPathComponent("mye_sya.csv")),
                             "no estimate for \(lad) at mid-\(year); years held: \(estimates.keys.sorted().map(String.init).joined(separator: ", "))")
        }
        return t
    }

    /// Whether mid-years `a` and `b` are estimates of one ONS series (a change between them is a real change, not a
    /// revision). 2011 starts both later series: 2011 -> 2015..2020 is pre-Census-2021; 2011 -> 2021/2022 spans
    /// two censuses, each year census-based.
    public func sameSeries(_ a: Int, _ b: Int) -> Bool {
        guard let sa = series[a], let sb = series[b] else { return false }
        if sa == sb { return true }
        let lo = min(a, b) == a ? sa : sb, hi = min(a, b) == a ? sb : sa
        return lo == "census2011_based" && hi == "pre_census2021"
    }
}
