import Foundation
import Demography
import Demand

/// `[workforce]` and `[finance]` sections and their input files.
public struct WorkforceConfig: Sendable {
    public var baseFY: Int
    public var units: URL
    public var staffGroups: URL
    public var vacancies: Double
    public var turnover: Double
    public var retirementYears: Double
    public var recruitmentFactor: Double
    public var productivity: Double
}

public struct FinanceConfig: Sendable {
    public var baseFY: Int
    public var costs: URL
    public var allocationPerHead: Double
    public var allocationRealGrowth: Double
}

extension DemandConfig {
    static func parseWorkforce(_ r: ConfigReader, baseYear: Int, horizon: Int) throws(InputError) -> WorkforceConfig? {
        guard let w = try r.table("workforce") else { return nil }
        func file(_ key: String) throws(InputError) -> URL { try w.inputPath(key) }
        let base = try w.year("base_fy")
        guard base >= baseYear, base < horizon else { throw w.error("base_fy", "= \(base) is outside the projection's financial years \(baseYear)-\(horizon - 1)") }
        let c = WorkforceConfig(baseFY: base, units: try file("units"), staffGroups: try file("staff_groups"),
                                vacancies: try w.double("vacancies", min: 0),
                                turnover: try w.double("turnover", min: 0, max: 1),
                                retirementYears: try w.double("retirement_years", above: 0),
                                recruitmentFactor: try w.double("recruitment_factor", default: 1, min: 0),
                                productivity: try w.double("productivity", default: 0, min: -0.2, max: 0.2))
        try w.finish()
        return c
    }

    static func parseFinance(_ r: ConfigReader, baseYear: Int, horizon: Int) throws(InputError) -> FinanceConfig? {
        guard let f = try r.table("finance") else { return nil }
        let u = try f.inputPath("costs")
        let base = try f.year("base_fy")
        guard base >= baseYear, base < horizon else { throw f.error("base_fy", "= \(base) is outside the projection's financial years \(baseYear)-\(horizon - 1)") }
        let c = FinanceConfig(baseFY: base, costs: u, allocationPerHead: try f.double("allocation_per_head", above: 0),
                              allocationRealGrowth: try f.double("allocation_real_growth", default: 0, min: -0.2, max: 0.2))
        try f.finish()
        return c
    }
}

extension DemandInputs {
    static func readUnits(_ u: InputFile, places: [String], groups: Set<String>) throws(InputError) -> [WorkforceUnit] {
        let t = try CSVTable(u)
        let c = try t.require(["provider", "unit", "places", "driver", "posts"])
        var out: [WorkforceUnit] = []
        for row in t.rows {
            let ps = t.string(row, c[2]).split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            for p in ps where !places.contains(p) {
                throw InputError(file: t.file, location: "line \(row.line)", "places = '\(t.string(row, c[2]))': unknown Place '\(p)'; expected Places from \(places.joined(separator: ", ")) separated by ';'" + Suggestion.hint(p, among: places))
            }
            let d = t.string(row, c[3])
            let driver: WorkforceUnit.Driver
            if d.hasPrefix("referrals:") {
                let g = String(d.dropFirst("referrals:".count))
                guard groups.contains(g) else {
                    throw InputError(file: t.file, location: "line \(row.line)", "driver = '\(d)': unknown service group '\(g)'; expected one of \(groups.sorted().joined(separator: ", "))" + Suggestion.hint(g, among: groups.sorted()))
                }
                driver = .referrals(group: g)
            } else if d.hasPrefix("population:") {
                let r = d.dropFirst("population:".count).split(separator: "-").compactMap { Int($0) }
                guard r.count == 2, r[0] >= 0, r[0] <= r[1], r[1] <= Ages.open else {
                    throw InputError(file: t.file, location: "line \(row.line)", "driver = '\(d)': expected population:<from>-<to> with ages 0-90")
                }
                driver = .population(r[0]...r[1])
            } else {
                throw InputError(file: t.file, location: "line \(row.line)", "driver = '\(d)': expected referrals:<service group> or population:<from>-<to>")
            }
            out.append(WorkforceUnit(provider: t.string(row, c[0]), unit: t.string(row, c[1]), places: ps, driver: driver,
                                     posts: try t.double(row, c[4], min: 0)))
        }
        return out
    }

    static func readStaffGroups(_ u: InputFile) throws(InputError) -> [StaffGroup] {
        let t = try CSVTable(u)
        let c = try t.require(["staff_group", "share_of_posts", "over55_share"])
        var out: [StaffGroup] = []
        for row in t.rows {
            out.append(StaffGroup(name: t.string(row, c[0]), share: try t.double(row, c[1], min: 0, max: 1), over55: try t.double(row, c[2], min: 0, max: 1)))
        }
        let total = out.reduce(0) { $0 + $1.share }
        guard abs(total - 1) < 1e-6 else { throw InputError(file: t.file, "share_of_posts sums to \(total); expected 1") }
        return out
    }

    static func readCosts(_ u: InputFile, services: [String]) throws(InputError) -> [String: Double] {
        let t = try CSVTable(u)
        let c = try t.require(["service", "cost_per_referral_gbp"])
        var out: [String: Double] = [:]
        for row in t.rows {
            let s = t.string(row, c[0])
            guard services.contains(s) else {
                throw InputError(file: t.file, location: "line \(row.line)", "service '\(s)' is not a service of the referral activity file" + Suggestion.hint(s, among: services))
            }
            out[s] = try t.double(row, c[1], min: 0)
        }
        for s in services where out[s] == nil { throw InputError(file: t.file, "has no cost for service '\(s)'") }
        return out
    }
}
