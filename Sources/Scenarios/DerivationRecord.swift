import Foundation

/// The mortality `cohort derive` derived residual migration with. Residual migration absorbs the difference between
/// the trend projection's mortality and the engine's, so projecting with other mortality than it was derived with
/// counts that difference twice. Written as a header comment of the derived migration file; checked on loading.
public struct DerivationRecord: Sendable, Equatable {
    public var mortalityLevel: Double
    /// File name of the life table (not its path: scenarios in other folders name the same file differently).
    public var lifeTable: String
    public var lifeTableCentreYear: Int

    static let tag = "derived-with:"

    public init(mortalityLevel: Double, lifeTable: String, lifeTableCentreYear: Int) {
        self.mortalityLevel = mortalityLevel; self.lifeTable = lifeTable; self.lifeTableCentreYear = lifeTableCentreYear
    }

    public init(_ s: Scenario) {
        self.init(mortalityLevel: s.mortality.level, lifeTable: s.inputs.lifeTable.lastPathComponent,
                  lifeTableCentreYear: s.mortality.lifeTableCentreYear)
    }

    /// The header line (with its leading `#`).
    public var comment: String {
        "# \(Self.tag) mortality.level = \(mortalityLevel), life_table = \(lifeTable), life_table_centre_year = \(lifeTableCentreYear)"
    }

    /// The record among a file's header comments (without their `#`), or nil when the file has none (files derived
    /// before records were written still load).
    static func parse(_ comments: [String], file: String) throws(InputError) -> DerivationRecord? {
        guard let line = comments.first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(tag) }) else { return nil }
        var fields: [String: String] = [:]
        for part in line.trimmingCharacters(in: .whitespaces).dropFirst(tag.count).split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2 { fields[kv[0]] = kv[1] }
        }
        guard let level = fields["mortality.level"].flatMap(Double.init), let table = fields["life_table"],
              let year = fields["life_table_centre_year"].flatMap(Int.init) else {
            throw InputError(file: file, "header line '#\(line)' is not a derivation record; expected '\(tag) mortality.level = <number>, life_table = <file name>, life_table_centre_year = <year>' (as `cohort derive` writes it)")
        }
        return DerivationRecord(mortalityLevel: level, lifeTable: table, lifeTableCentreYear: year)
    }

    /// Refuses a scenario whose mortality differs from the record's.
    func check(_ s: Scenario, file: String) throws(InputError) {
        let own = DerivationRecord(s)
        var diffs: [String] = []
        if own.mortalityLevel != mortalityLevel { diffs.append("mortality.level = \(own.mortalityLevel) (derived with \(mortalityLevel))") }
        if own.lifeTable != lifeTable { diffs.append("inputs.life_table = \(own.lifeTable) (derived with \(lifeTable))") }
        if own.lifeTableCentreYear != lifeTableCentreYear {
            diffs.append("mortality.life_table_centre_year = \(own.lifeTableCentreYear) (derived with \(lifeTableCentreYear))")
        }
        guard !diffs.isEmpty else { return }
        throw InputError(file: file, "was derived with other mortality than \(displayPath(s.file)) has: \(diffs.joined(separator: "; ")). Residual migration absorbs the mortality it was derived with, so this would count the difference twice; expected the same mortality: re-run `cohort derive` on the trend scenario with the scenario's mortality (or set the scenario's mortality back)")
    }
}
