/// Refuses a CSV output holding a non-finite number (written "NaN", "Inf" or "-Inf" by `Format`): the error names
/// the table, the line, the row's cells before the bad one and the scenario inputs behind the table, and nothing is
/// written. Fed in pieces that end at row boundaries (draws.csv is streamed); one pass over the bytes.
struct FiniteCheck {
    let file: String
    var header: [String]? = nil
    var line = 0

    init(file: String) { self.file = file }

    mutating func feed(_ piece: String) throws {
        var text = piece
        var bad: (row: String, cell: Int)? = nil
        text.withUTF8 { b in
            var rowStart = 0, fieldStart = 0, cell = 0
            for i in 0...b.count {
                let c = i < b.count ? b[i] : 0x0A
                guard c == 0x2C || c == 0x0A else { continue }
                let n = i - fieldStart
                if header != nil, n == 3 || n == 4, Self.nonFinite(b, fieldStart, n) {
                    bad = (String(decoding: UnsafeBufferPointer(rebasing: b[rowStart..<i]), as: UTF8.self), cell)
                    return
                }
                cell += 1
                fieldStart = i + 1
                if c == 0x0A {
                    if i > rowStart || i < b.count { line += 1 }
                    if header == nil, i > rowStart {
                        header = String(decoding: UnsafeBufferPointer(rebasing: b[rowStart..<i]), as: UTF8.self)
                            .split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    }
                    rowStart = i + 1; cell = 0
                }
            }
        }
        guard let (row, i) = bad, let header else { return }
        line += 1
        let cells = row.split(separator: ",", omittingEmptySubsequences: false)
        let key = zip(header, cells).prefix(i).map { "\($0.0)=\($0.1)" }
        let column = i < header.count ? header[i] : "?"
        throw Failure("\(file) line \(line) (\(key.joined(separator: ", "))): \(column) = \(cells[i]), not a finite number; the inputs behind this table: \(Self.inputs(of: file)); check them for extreme values (nothing was written)")
    }

    /// "NaN", "Inf" or "-Inf" at b[from..<from+n].
    static func nonFinite(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ n: Int) -> Bool {
        let s = n == 4 && b[from] == 0x2D ? from + 1 : from
        guard s + 3 == from + n else { return false }
        return (b[s] == 0x4E && b[s + 1] == 0x61 && b[s + 2] == 0x4E) || (b[s] == 0x49 && b[s + 1] == 0x6E && b[s + 2] == 0x66)
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
