import Foundation
import Demography

/// All input tables of a scenario, read and checked (complete grids, no negatives, probabilities <= 1,
/// the same Places everywhere). Pure data afterwards.
public struct InputSet: Sendable {
    public var base: [String: PopulationTable]
    /// [sex][age 0...100]
    public var baseQx: [[Double]]
    public var baseMx: [[Double]]
    /// Projected period qx: year -> [sex][age 0...100]
    public var projectedQx: [Int: [[Double]]]
    public var fertilityGroups: [(from: Int, to: Int, rate: Double)]
    /// Place -> year (start of step) -> TFR
    public var tfr: [String: [Int: Double]]
    /// Place -> year (end of step) -> net migration by cell
    public var residualMigration: [String: [Int: [Double]]]
    /// Migrant age/sex profile (shares summing to 1) used to distribute migration above or below trend.
    public var adjustmentShares: [Double]
    /// Every schedule of the profiles file, by name (for draws that vary the profile).
    public var profiles: [String: [Double]] = [:]
    /// Place -> year -> dwelling stock (of the scenario's stock scenario)
    public var dwellings: [String: [Int: Double]]
    /// Place -> year -> population by cell (trend projection, e.g. ONS SNPP), when given.
    public var trendProjection: [String: [Int: PopulationTable]]?
    public var published: [PublishedFigure]
    /// Relative registered / resident by cell, when the scenario's registration profile is "age-sex".
    public var registrationProfile: [Double]? = nil

    public static let lifeTableTop = 100

    public static func load(_ s: Scenario) throws(InputError) -> InputSet {
        let places = s.places
        // The three largest files are parsed side by side with the rest (startup is otherwise one thread reading
        // ~2 MB of CSV); their errors are still reported in this function's order, so the same input gives the
        // same message.
        let slow = SlowReads()
        DispatchQueue.concurrentPerform(iterations: 3) { i in
            switch i {
            case 0: slow.projectedQx = Result { () throws(InputError) in try readProjectedQx(s.input(s.inputs.mortalityProjection)) }
            case 1: slow.migration = Result { () throws(InputError) in try readMigration(s.input(s.inputs.migration), places: places, scenario: s) }
            default: slow.trend = Result { () throws(InputError) in try s.inputs.trendProjection.map { u throws(InputError) in try readProjection(s.input(u), places: places) } }
            }
        }
        let base = try readPopulation(s.input(s.inputs.population), places: places)
        let (qx, mx) = try readLifeTable(s.input(s.inputs.lifeTable))
        let proj = try slow.projectedQx!.get()
        if s.mortality.improvement {
            let needed = [s.mortality.lifeTableCentreYear] + Array(s.baseYear...s.horizon)
            for y in needed where proj[y] == nil {
                throw InputError(file: displayPath(s.inputs.mortalityProjection),
                                 "has no rows for year \(y); the scenario (\(s.baseYear)-\(s.horizon), life table centred on \(s.mortality.lifeTableCentreYear)) needs it")
            }
        }
        let groups = try readFertilityShape(s.input(s.inputs.fertilityShape), year: s.fertility.shapeYear)
        let tfr = try readTFR(s.input(s.inputs.fertilityLevels), places: places, from: s.baseYear)
        let mig = try slow.migration!.get()
        for p in places {
            for y in s.migration.trendYears where mig[p]?[y] == nil {
                throw InputError(file: displayPath(s.inputs.migration),
                                 "has no rows for \(p) in \(y), a year of migration.trend_years (\(s.migration.trendYears.lowerBound)-\(s.migration.trendYears.upperBound))")
            }
        }
        if s.migration.adjustment == .grossFlows && s.migration.inMigrantProfile == .trendPositive {
            // The in-migrant profile is the positive part of the mean trend: it must have some.
            for p in places {
                let positive = (0..<Ages.cells).reduce(0.0) { acc, i in acc + max(s.migration.trendYears.reduce(0.0) { $0 + mig[p]![$1]![i] }, 0) }
                guard positive > 0 else {
                    throw InputError(file: displayPath(s.inputs.migration), "\(p): no sex and age gains people in the mean trend net migration of \(s.migration.trendYears.lowerBound)-\(s.migration.trendYears.upperBound), so migration.in_migrant_profile = \"trend-positive\" has no profile; expected \"rates-x-population\"")
                }
            }
        }
        let profilesFile = try s.input(s.inputs.migrationProfiles)
        let shares = try readProfile(profilesFile, schedule: s.migration.adjustmentProfile)
        var profiles: [String: [Double]] = [s.migration.adjustmentProfile: shares]
        for case (let name, .choice(let names, _)) in s.uncertainty.assumptions where name == .migrationProfile {
            for n in names where profiles[n] == nil { profiles[n] = try readProfile(profilesFile, schedule: n) }
        }
        let dw = try readDwellings(s.input(s.inputs.dwellings), scenario: s.housing.stockScenario, places: places)
        for p in places where dw[p]?[s.baseYear] == nil {
            throw InputError(file: displayPath(s.inputs.dwellings),
                             "has no \(s.housing.stockScenario) stock for \(p) in the base year \(s.baseYear)")
        }
        if s.housing.netAdditions == nil && s.migration.mode == .housingLed {
            for p in places { for y in s.migration.housingLedFrom...s.horizon where dw[p]?[y] == nil {
                throw InputError(file: displayPath(s.inputs.dwellings),
                                 "has no \(s.housing.stockScenario) stock for \(p) in \(y); the housing-led years need it (or give housing.net_additions)")
            } }
        }
        let trend = try slow.trend!.get()
        let published = try s.inputs.published.map { u throws(InputError) in try PublishedFigure.read(s.input(u)) } ?? []
        var out = InputSet(base: base, baseQx: qx, baseMx: mx, projectedQx: proj, fertilityGroups: groups, tfr: tfr,
                           residualMigration: mig, adjustmentShares: shares, profiles: profiles, dwellings: dw,
                           trendProjection: trend, published: published)
        if s.registration.profile == .ageSex, let u = s.inputs.registrationProfile { out.registrationProfile = try readRegistrationProfile(s.input(u)) }
        return out
    }

    /// `sex,age_from,age_to,relative`: bands covering ages 0-90 of each sex once, relative factors > 0.
    static func readRegistrationProfile(_ u: InputFile) throws(InputError) -> [Double] {
        let t = try CSVTable(u)
        let c = try t.require(["sex", "age_from", "age_to", "relative"])
        var out = [Double](repeating: 0, count: Ages.cells)
        for row in t.rows {
            let sex = try t.sex(row, c[0]), from = try t.age(row, c[1]), to = try t.age(row, c[2])
            guard from <= to else { throw InputError(file: t.file, location: "line \(row.line)", "age band \(from)-\(to); expected age_from <= age_to") }
            let v = try t.double(row, c[3], min: 0)
            guard v > 0 else { throw InputError(file: t.file, location: "line \(row.line)", "relative = \(v); expected a factor above 0") }
            for a in from...to {
                guard out[Ages.index(sex, a)] == 0 else {
                    throw InputError(file: t.file, location: "line \(row.line)", "\(sex) age \(a) is in two bands; expected each age once")
                }
                out[Ages.index(sex, a)] = v
            }
        }
        if let i = out.firstIndex(of: 0) {
            throw InputError(file: t.file, "has no band for \(i < Ages.count ? "female" : "male") age \(Ages.label(i % Ages.count)); expected bands covering ages 0-90 for both sexes")
        }
        return out
    }

    /// Results of the readers `load` runs in parallel (each slot written by one worker, read after they finish).
    private final class SlowReads: @unchecked Sendable {
        var projectedQx: Result<[Int: [[Double]]], InputError>?
        var migration: Result<[String: [Int: [Double]]], InputError>?
        var trend: Result<[String: [Int: PopulationTable]]?, InputError>?
    }

    // MARK: readers

    /// Checks that the Places of a file are exactly the scenario's.
    static func checkPlaces(_ found: Set<String>, _ places: [String], file: String) throws(InputError) {
        for p in found.sorted() where !places.contains(p) {
            throw InputError(file: file, "has Place '\(p)', which is not in the scenario's places (\(places.joined(separator: ", ")))")
        }
        for p in places where !found.contains(p) {
            throw InputError(file: file, "has no rows for Place '\(p)', which the scenario lists")
        }
    }

    /// A complete place x sex x age grid, each cell once.
    static func grid(_ t: CSVTable, placeCol: Int?, valueCol: Int, places: [String], min: Double? = 0,
                     filter: (CSVTable.Row) throws(InputError) -> Bool = { _ in true }) throws(InputError) -> [String: [Double]] {
        let sc = try t.column("sex"), ac = try t.column("age")
        var out: [String: [Double]] = [:]
        var seen: [String: [Int]] = [:]
        for row in t.rows where try filter(row) {
            let p = placeCol.map { t.string(row, $0) } ?? ""
            let i = Ages.index(try t.sex(row, sc), try t.age(row, ac))
            if out[p] == nil { out[p] = Array(repeating: 0, count: Ages.cells); seen[p] = Array(repeating: 0, count: Ages.cells) }
            if seen[p]![i] != 0 {
                throw InputError(file: t.file, location: "line \(row.line)", "duplicate row for \(p) \(t.string(row, sc)) age \(t.string(row, ac)) (first at line \(seen[p]![i]))")
            }
            seen[p]![i] = row.line
            out[p]![i] = try t.double(row, valueCol, min: min)
        }
        if placeCol != nil { try checkPlaces(Set(out.keys), places, file: t.file) }
        for (p, lines) in seen {
            if let missing = lines.firstIndex(of: 0) {
                let sex = missing < Ages.count ? "female" : "male"
                throw InputError(file: t.file, "is missing the row for \(p.isEmpty ? "" : p + ", ")\(sex), age \(Ages.label(missing % Ages.count)); expected every sex and age 0-90")
            }
        }
        return out
    }

    static func readPopulation(_ u: InputFile, places: [String]) throws(InputError) -> [String: PopulationTable] {
        let t = try CSVTable(u)
        let g = try grid(t, placeCol: try t.column("place"), valueCol: try t.column("population"), places: places)
        return g.mapValues { PopulationTable(values: $0) }
    }

    static func readProjection(_ u: InputFile, places: [String]) throws(InputError) -> [String: [Int: PopulationTable]] {
        let t = try CSVTable(u)
        let yc = try t.column("year")
        var byYear: [Int: [CSVTable.Row]] = [:]
        for row in t.rows { byYear[try t.year(row, yc), default: []].append(row) }
        var out: [String: [Int: PopulationTable]] = [:]
        let pc = try t.column("place"), vc = try t.column("population")
        for (y, rows) in byYear.sorted(by: { $0.key < $1.key }) {
            let sub = CSVTable(file: t.file, header: t.header, rows: rows)
            let g = try grid(sub, placeCol: pc, valueCol: vc, places: places)
            for (p, v) in g { out[p, default: [:]][y] = PopulationTable(values: v) }
        }
        return out
    }

    static func readLifeTable(_ u: InputFile) throws(InputError) -> ([[Double]], [[Double]]) {
        let t = try CSVTable(u)
        let c = try t.require(["sex", "age", "mx", "qx"])
        var q = [[Double]](repeating: Array(repeating: -1, count: lifeTableTop + 1), count: 2)
        var m = q
        for row in t.rows {
            let s = try t.sex(row, c[0]).rawValue, a = try t.age(row, c[1], top: lifeTableTop)
            guard q[s][a] < 0 else { throw InputError(file: t.file, location: "line \(row.line)", "duplicate row for \(t.string(row, c[0])), age \(a)") }
            m[s][a] = try t.double(row, c[2], min: 0)
            q[s][a] = try t.double(row, c[3], min: 0, max: 1)
        }
        for s in Sex.allCases { for a in 0...lifeTableTop where q[s.rawValue][a] < 0 {
            throw InputError(file: t.file, "is missing \(s), age \(a); expected ages 0-\(lifeTableTop) for both sexes")
        } }
        return (q, m)
    }

    static func readProjectedQx(_ u: InputFile) throws(InputError) -> [Int: [[Double]]] {
        let t = try CSVTable(u)
        let c = try t.require(["year", "sex", "age", "qx"])
        var out: [Int: [[Double]]] = [:]
        for row in t.rows {
            let y = try t.year(row, c[0])
            let s = try t.sex(row, c[1]).rawValue, a = try t.age(row, c[2], top: lifeTableTop)
            if out[y] == nil { out[y] = Array(repeating: Array(repeating: -1, count: lifeTableTop + 1), count: 2) }
            guard out[y]![s][a] < 0 else { throw InputError(file: t.file, location: "line \(row.line)", "duplicate row for \(y), \(t.string(row, c[1])), age \(a)") }
            out[y]![s][a] = try t.double(row, c[3], min: 0, max: 1)
        }
        for (y, v) in out { for s in Sex.allCases { for a in 0...lifeTableTop where v[s.rawValue][a] < 0 {
            throw InputError(file: t.file, "is missing year \(y), \(s), age \(a); expected ages 0-\(lifeTableTop) for both sexes each year")
        } } }
        return out
    }

    static func readFertilityShape(_ u: InputFile, year: Int) throws(InputError) -> [(from: Int, to: Int, rate: Double)] {
        let t = try CSVTable(u)
        let c = try t.require(["year", "age_from", "age_to", "asfr_per_1000"])
        var out: [(from: Int, to: Int, rate: Double)] = []
        for row in t.rows where try t.year(row, c[0]) == year {
            let f = try t.int(row, c[1]), to = try t.int(row, c[2])
            guard f >= 0, to >= f, to < Ages.open else {
                throw InputError(file: t.file, location: "line \(row.line)", "age band \(f)-\(to) is not a band within 0-89")
            }
            out.append((f, to, try t.double(row, c[3], min: 0) / 1000))
        }
        out.sort { $0.from < $1.from }
        for (a, b) in zip(out, out.dropFirst()) where b.from <= a.to {
            throw InputError(file: t.file, "age bands \(a.from)-\(a.to) and \(b.from)-\(b.to) overlap in \(year)")
        }
        guard !out.isEmpty else { throw InputError(file: t.file, "has no rows for fertility.shape_year \(year)") }
        return out
    }

    static func readTFR(_ u: InputFile, places: [String], from: Int) throws(InputError) -> [String: [Int: Double]] {
        let t = try CSVTable(u)
        let c = try t.require(["place", "year", "tfr"])
        var out: [String: [Int: Double]] = [:]
        for row in t.rows {
            let p = t.string(row, c[0]), y = try t.year(row, c[1])
            guard out[p]?[y] == nil else { throw InputError(file: t.file, location: "line \(row.line)", "duplicate row for \(p), \(y)") }
            out[p, default: [:]][y] = try t.double(row, c[2], min: 0, max: 10)
        }
        try checkPlaces(Set(out.keys), places, file: t.file)
        for p in places where out[p]?[from] == nil {
            throw InputError(file: t.file, "has no TFR for \(p) in the base year \(from)")
        }
        return out
    }

    /// - Parameter scenario: when given, a derivation record in the header must match its mortality.
    static func readMigration(_ u: InputFile, places: [String], scenario: Scenario? = nil) throws(InputError) -> [String: [Int: [Double]]] {
        let t = try CSVTable(u)
        if let s = scenario, let record = try DerivationRecord.parse(t.comments, file: t.file) { try record.check(s, file: t.file) }
        let c = try t.require(["place", "year", "sex", "age", "net_migration"])
        var out: [String: [Int: [Double]]] = [:]
        var seen: [String: [Int: [Int]]] = [:]
        for row in t.rows {
            let p = t.string(row, c[0]), y = try t.year(row, c[1])
            let i = Ages.index(try t.sex(row, c[2]), try t.age(row, c[3]))
            if out[p]?[y] == nil {
                out[p, default: [:]][y] = Array(repeating: 0, count: Ages.cells)
                seen[p, default: [:]][y] = Array(repeating: 0, count: Ages.cells)
            }
            if let first = seen[p]?[y]?[i], first != 0 {
                throw InputError(file: t.file, location: "line \(row.line)", "duplicate row for \(p), \(y), \(t.string(row, c[2])), age \(t.string(row, c[3])) (first at line \(first))")
            }
            seen[p]![y]![i] = row.line
            out[p]![y]![i] = try t.double(row, c[4], min: nil)
        }
        try checkPlaces(Set(out.keys), places, file: t.file)
        for p in places { for y in (seen[p] ?? [:]).keys.sorted() {
            if let missing = seen[p]![y]!.firstIndex(of: 0) {
                throw InputError(file: t.file, "is missing the row for \(p), \(y), \(missing < Ages.count ? "female" : "male"), age \(Ages.label(missing % Ages.count)); expected both sexes, ages 0-90, once each")
            }
        } }
        return out
    }

    /// Rogers-Castro model schedule m(x) for ages 0-90 by sex, normalised to shares of all migrants.
    static func readProfile(_ u: InputFile, schedule: String) throws(InputError) -> [Double] {
        let t = try CSVTable(u)
        let c = try t.require(["sex", "schedule", "a1", "alpha1", "a2", "alpha2", "mu2", "lambda2", "c"])
        var shares = [Double](repeating: -1, count: Ages.cells)
        var names = Set<String>()
        for row in t.rows {
            names.insert(t.string(row, c[1]))
            guard t.string(row, c[1]) == schedule else { continue }
            let sexes: [Sex] = t.string(row, c[0]) == "both" ? Sex.allCases : [try t.sex(row, c[0])]
            var p: [Double] = []
            for k in 2...8 { p.append(try t.double(row, c[k], min: 0)) }
            for s in sexes { for a in Ages.all {
                shares[Ages.index(s, a)] = RogersCastro.rate(age: Double(a), a1: p[0], alpha1: p[1], a2: p[2], alpha2: p[3], mu2: p[4], lambda2: p[5], c: p[6])
            } }
        }
        guard !shares.contains(-1) else {
            throw InputError(file: t.file, "has no complete '\(schedule)' schedule for both sexes (migration.adjustment_profile); schedules: \(names.sorted().joined(separator: ", "))")
        }
        let total = shares.reduce(0, +)
        return shares.map { $0 / total }
    }

    static func readDwellings(_ u: InputFile, scenario: String, places: [String]) throws(InputError) -> [String: [Int: Double]] {
        let t = try CSVTable(u)
        let c = try t.require(["scenario", "place", "year", "dwellings"])
        var out: [String: [Int: Double]] = [:]
        var scenarios = Set<String>()
        for row in t.rows {
            scenarios.insert(t.string(row, c[0]))
            guard t.string(row, c[0]) == scenario else { continue }
            let p = t.string(row, c[1]), y = try t.year(row, c[2])
            guard out[p]?[y] == nil else { throw InputError(file: t.file, location: "line \(row.line)", "duplicate row for \(scenario), \(p), \(y)") }
            out[p, default: [:]][y] = try t.double(row, c[3], min: 0)
        }
        guard !out.isEmpty else {
            throw InputError(file: t.file, "has no rows for housing.stock_scenario \"\(scenario)\"; scenarios in the file: \(scenarios.sorted().joined(separator: ", "))")
        }
        try checkPlaces(Set(out.keys), places, file: t.file)
        return out
    }
}

/// A published figure the summary puts beside the model's (e.g. the area's registered total at a March).
public struct PublishedFigure: Sendable {
    public var metric: String
    public var value: Double
    public var source: String

    static func read(_ u: InputFile) throws(InputError) -> [PublishedFigure] {
        let t = try CSVTable(u)
        let c = try t.require(["metric", "value", "source"])
        var out: [PublishedFigure] = []
        for row in t.rows { out.append(.init(metric: t.string(row, c[0]), value: try t.double(row, c[1], min: nil), source: t.string(row, c[2]))) }
        return out
    }
}
