import Demography

/// Financial years (1 April to 31 March) from mid-year populations.
///
/// A financial year starting in April of `y` is centred on 1 October `y`, so its average population is
/// 0.75 x mid-year y + 0.25 x mid-year (y+1) — the basis of every activity table.
public enum FinancialYear {
    /// Label of the financial year starting 1 April `start`: 2033 -> "2033/34".
    public static func label(_ start: Int) -> String {
        let next = (start + 1) % 100
        return "\(start)/\(next < 10 ? "0" : "")\(next)"
    }

    public static func population(mid y: PopulationTable, next: PopulationTable) -> PopulationTable {
        var out = y
        for i in out.values.indices { out.values[i] = 0.75 * y.values[i] + 0.25 * next.values[i] }
        return out
    }
}
