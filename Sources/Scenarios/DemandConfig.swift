import Foundation
import Demography
import Demand

/// Demand inputs of a scenario: referral activity, condition prevalence, rate trends.
public struct DemandConfig: Sendable {
    /// Financial year (start year) of the base activity, e.g. 2023 for 2023/24.
    public var baseFY: Int
    public var referrals: URL
    /// Published totals used by `cohort calibrate --fit referrals` and shown in the summary.
    public var referralTargets: URL?
    public var conditions: URL?
    /// Mid-year whose registered population the published all-age prevalences refer to.
    public var conditionsBaseYear: Int
    /// Annual non-demographic growth in rates per service group (0 = rates constant).
    public var rateTrends: [String: Double]
    public var workforce: WorkforceConfig?
    public var finance: FinanceConfig?
    /// Population the deaths table applies death rates to.
    /// Resident by default: observed deaths are of residents, and on the registered basis the GP list inflation (people
    /// who have left but are still registered) "dies" too (the reference scenario, 2024/25: registered basis 8,998, resident 8,251,
    /// observed 7,652).
    public var deathsBasis: DeathsBasis = .resident

    static func parse(_ r: ConfigReader, places: [String], baseYear: Int, horizon: Int) throws(InputError) -> DemandConfig? {
        guard let d = try r.table("demand") else {
            for k in ["workforce", "finance"] where r.has(k) { throw r.error(k, "needs a [demand] section: staff and costs follow referral demand") }
            return nil
        }
        func path(_ key: String, required: Bool) throws(InputError) -> URL? {
            guard d.has(key) || required else { return nil }
            return try d.inputPath(key)
        }
        let baseFY = try d.year("base_fy")
        guard baseFY >= baseYear, baseFY + 1 <= horizon else {
            throw d.error("base_fy", "= \(baseFY): the projection (mid-\(baseYear) to mid-\(horizon)) does not contain financial year \(baseFY)/\((baseFY + 1) % 100); expected a year from \(baseYear) to \(horizon - 1)")
        }
        let cby = try d.year("conditions_base_year", default: baseFY)
        guard (baseYear...horizon).contains(cby) else {
            throw d.error("conditions_base_year", "= \(cby) is outside the projection \(baseYear)-\(horizon)")
        }
        var trends: [String: Double] = [:]
        if let t = try d.table("rate_trends") {
            for k in t.keys { trends[k] = try t.double(k, min: -0.5, max: 0.5) }
            try t.finish()
        }
        var c = DemandConfig(baseFY: baseFY, referrals: try path("referrals", required: true)!,
                             referralTargets: try path("referral_targets", required: false),
                             conditions: try path("conditions", required: false), conditionsBaseYear: cby, rateTrends: trends,
                             workforce: try parseWorkforce(r, baseYear: baseYear, horizon: horizon),
                             finance: try parseFinance(r, baseYear: baseYear, horizon: horizon))
        c.deathsBasis = DeathsBasis(rawValue: try d.string("deaths_basis", default: DeathsBasis.resident.rawValue,
                                                           oneOf: DeathsBasis.allCases.map(\.rawValue)))!
        if let w = c.workforce, w.baseFY < baseFY {
            throw r.error("workforce", "base_fy \(w.baseFY) is before demand.base_fy \(baseFY); expected a year the referral projection covers")
        }
        if let f = c.finance, f.baseFY < baseFY {
            throw r.error("finance", "base_fy \(f.baseFY) is before demand.base_fy \(baseFY); expected a year the referral projection covers")
        }
        try d.finish()
        return c
    }

    /// Service groups named in `[demand.rate_trends]` and `[uncertainty.referral_trends]` must be groups of the
    /// referrals file: a misspelt group would otherwise be ignored.
    public static func checkGroups(_ s: Scenario, inputs: DemandInputs?) throws(InputError) {
        let file = displayPath(s.file)
        let trends = s.uncertainty.referralTrends.map(\.group)
        guard let c = s.demand, let inputs else {
            if let g = trends.first {
                throw InputError(file: file, location: "key uncertainty.referral_trends.\(g)", "needs a [demand] section: referral trends apply to its service groups")
            }
            return
        }
        guard !inputs.activity.isEmpty else { return }   // referrals about to be derived
        let known = Set(inputs.activity.map(\.group))
        for (table, groups) in [("demand.rate_trends", c.rateTrends.keys.sorted()), ("uncertainty.referral_trends", trends)] {
            for g in groups where !known.contains(g) {
                throw InputError(file: file, location: "key \(table).\(g)",
                                 "unknown service group '\(g)'; known groups (\(displayPath(c.referrals))): \(known.sorted().joined(separator: ", "))")
            }
        }
    }

    /// Input files of the demand sections, for the manifest.
    public var files: [(role: String, url: URL)] {
        [("referrals", referrals)] + (referralTargets.map { [("referral_targets", $0)] } ?? [])
            + (conditions.map { [("conditions", $0)] } ?? [])
            + (workforce.map { [("workforce_units", $0.units), ("workforce_staff_groups", $0.staffGroups)] } ?? [])
            + (finance.map { [("service_costs", $0.costs)] } ?? [])
    }
}

extension DemandInputs {
    /// The demand inputs `c` names, from the files of scenario `s` (read when it was loaded).
    public static func load(_ c: DemandConfig, of s: Scenario, allowMissingActivity: Bool = false) throws(InputError) -> DemandInputs {
        let places = s.places
        let activity = allowMissingActivity && !FileManager.default.fileExists(atPath: c.referrals.path) ? [] : try readActivity(s.input(c.referrals))
        let targets = try c.referralTargets.map { u throws(InputError) in try readTargets(s.input(u)) } ?? []
        let conditions = try c.conditions.map { u throws(InputError) in try readConditions(s.input(u)) } ?? []
        for t in targets where !activity.isEmpty && !activity.contains(where: { $0.service == t.service }) {
            throw InputError(file: displayPath(c.referrals), "has no rows for service '\(t.service)', which \(displayPath(c.referralTargets!)) lists"
                             + Suggestion.hint(t.service, among: activity.map(\.service).filter { s in !targets.contains { $0.service == s } }))
        }
        for a in activity where !targets.isEmpty && !targets.contains(where: { $0.service == a.service }) {
            throw InputError(file: displayPath(c.referrals), "service '\(a.service)' is not in \(displayPath(c.referralTargets!)); expected one of its services"
                             + Suggestion.hint(a.service, among: targets.map(\.service)))
        }
        var out = DemandInputs(activity: activity, targets: targets, conditions: conditions)
        if let w = c.workforce {
            out.units = try readUnits(s.input(w.units), places: places, groups: Set(activity.map(\.group)))
            out.staffGroups = try readStaffGroups(s.input(w.staffGroups))
        }
        if let f = c.finance { out.costs = try readCosts(s.input(f.costs), services: activity.map(\.service)) }
        return out
    }

    /// `group,service,min_age,age_from,age_to,sex,referrals` (a count) — bands checked per service.
    static func readActivity(_ u: InputFile) throws(InputError) -> [ServiceActivity] {
        let t = try CSVTable(u)
        let c = try t.require(["group", "service", "min_age", "age_from", "age_to", "sex", "referrals"])
        var order: [String] = []
        var byService: [String: (group: String, minAge: Int, rows: [(AgeBand, Sex, Double, Int)])] = [:]
        for row in t.rows {
            let svc = t.string(row, c[1]), grp = t.string(row, c[0])
            let minAge = try t.age(row, c[2])
            let from = try t.age(row, c[3]), to = try t.age(row, c[4])
            let sex = try t.sex(row, c[5])
            let n = try t.double(row, c[6], min: 0)
            if byService[svc] == nil { order.append(svc); byService[svc] = (grp, minAge, []) }
            guard byService[svc]!.group == grp, byService[svc]!.minAge == minAge else {
                throw InputError(file: t.file, location: "line \(row.line)", "service '\(svc)' has group/min_age \(grp)/\(minAge) here but \(byService[svc]!.group)/\(byService[svc]!.minAge) on earlier rows")
            }
            byService[svc]!.rows.append((AgeBand(from: from, to: to), sex, n, row.line))
        }
        var out: [ServiceActivity] = []
        for svc in order {
            let e = byService[svc]!
            var counts = [[Double]](repeating: [], count: 2)
            var bandsBySex: [[AgeBand]] = [[], []]
            for (b, s, n, _) in e.rows.sorted(by: { $0.0.from < $1.0.from }) {
                bandsBySex[s.rawValue].append(b); counts[s.rawValue].append(n)
            }
            for s in Sex.allCases {
                if let p = AgeBand.coverageProblem(bandsBySex[s.rawValue], minAge: e.minAge) {
                    throw InputError(file: t.file, "service '\(svc)', \(s): \(p)")
                }
            }
            guard bandsBySex[0] == bandsBySex[1] else {
                throw InputError(file: t.file, "service '\(svc)': female and male rows use different age bands; expected the same bands for both sexes")
            }
            out.append(ServiceActivity(group: e.group, service: svc, minAge: e.minAge, bands: bandsBySex[0], counts: counts,
                                       note: ""))
        }
        return out
    }

    static func readTargets(_ u: InputFile) throws(InputError) -> [ReferralTarget] {
        let t = try CSVTable(u)
        let c = try t.require(["group", "service", "min_age", "base_fy", "base_referrals", "target_fy", "target_referrals"])
        var out: [ReferralTarget] = []
        var seen = Set<String>()
        for row in t.rows {
            let s = t.string(row, c[1])
            guard seen.insert(s).inserted else { throw InputError(file: t.file, location: "line \(row.line)", "service '\(s)' appears twice") }
            out.append(ReferralTarget(group: t.string(row, c[0]), service: s, minAge: try t.age(row, c[2]),
                                      baseFY: try t.year(row, c[3]), base: try t.double(row, c[4], min: 0),
                                      targetFY: try t.year(row, c[5]), projected: try t.double(row, c[6], min: 0)))
        }
        return out
    }

    /// `condition,all_age_prevalence,min_age,doubling_years,plateau_age` (shape is an assumption stated in the file).
    static func readConditions(_ u: InputFile) throws(InputError) -> [ConditionSpec] {
        let t = try CSVTable(u)
        let c = try t.require(["condition", "all_age_prevalence", "min_age", "doubling_years", "plateau_age"])
        var out: [ConditionSpec] = []
        for row in t.rows {
            let shape = AgeShape.doubling(minAge: try t.age(row, c[2]), doublingYears: try t.double(row, c[3], min: 0),
                                          plateauAge: try t.age(row, c[4]))
            out.append(ConditionSpec(condition: t.string(row, c[0]), allAgePrevalence: try t.double(row, c[1], min: 0, max: 1),
                                     shape: [shape, shape]))
        }
        return out
    }
}
