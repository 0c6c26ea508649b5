/// Refuses a CSV output holding a non-finite number (written "NaN", "Inf" or "-Inf" by `Format`): the error names
/// the table, the line, the row's key cells and the scenario inputs behind the table, and nothing is written.
/// Fed in pieces that end at row boundaries (draws.csv is streamed).
struct FiniteCheck {
    let file: String
    var header: [Substring]? = nil
    var line = 0

    init(file: String) { self.file = file }

    mutating func feed(_ piece: String) throws {
        for row in piece.split(separator: "\n", omittingEmptySubsequences: false) where !row.isEmpty {
            line += 1
            guard let header else { header = row.split(separator: ",", omittingEmptySubsequences: false); continue }
            // Fast path: most rows hold neither word.
            guard row.contains("NaN") || row.contains("Inf") else { continue }
            let cells = row.split(separator: ",", omittingEmptySubsequences: false)
            guard let bad = cells.firstIndex(where: { $0 == "NaN" || $0 == "Inf" || $0 == "-Inf" }) else { continue }
            let key = zip(header, cells).prefix(bad).map { "\($0.0)=\($0.1)" }
            let column = bad < header.count ? header[bad] : "?"
            throw Failure("\(file) line \(line) (\(key.joined(separator: ", "))): \(column) = \(cells[bad]), not a finite number; the inputs behind this table: \(Self.inputs(of: file)); check them for extreme values (nothing was written)")
        }
    }

    /// The scenario keys whose values feed each table.
    static func inputs(of file: String) -> String {
        let table = file.replacingOccurrences(of: "-intervals", with: "").replacingOccurrences(of: ".csv", with: "")
        switch table {
        case "referrals": return "demand.referrals (counts), demand.rate_trends, uncertainty.referral_trends, the population tables"
        case "conditions": return "demand.conditions (all_age_prevalence, doubling_years, plateau_age), the population tables"
        case "deaths": return "inputs.life_table, inputs.mortality_projection, mortality.level"
        case "workforce": return "workforce.units, workforce.staff_groups, [workforce] rates, referrals"
        case "finance": return "finance.costs, finance.allocation_per_head, finance.allocation_real_growth, referrals"
        case "run-plan", "draws": return "[uncertainty] distributions"
        default: return "[inputs] files, [mortality], [fertility], [migration], [housing], [registration]"
        }
    }
}
