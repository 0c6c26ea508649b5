import Scenarios

/// The identifying columns every CSV table starts with: `scenario`, then the period, then `place_code` beside `place`
/// (the Place's ONS code from `place_codes`; empty for "All Places" rows and for scenarios without codes).
public struct RowLabels: Sendable {
    public let scenario: String
    let codes: [String: String]

    public init(_ s: Scenario) {
        scenario = s.name
        var c: [String: String] = [:]
        for p in s.places { c[p] = s.placeCode(p) }
        codes = c
    }

    public func code(_ place: String) -> String { codes[place] ?? "" }

    /// `scenario,<period column>,place_code,place` followed by `rest`.
    static func header(_ period: String, _ rest: [String]) -> [String] { ["scenario", period, "place_code", "place"] + rest }

    /// The identifying cells of a row of `place` in `period`.
    func cells(_ period: String, _ place: String) -> [String] { [scenario, period, code(place), place] }
}
