import Demography
import Scenarios

/// Named headline measures, computed from a run so the summary can put each beside its published value.
public enum Metrics {
    public struct Measure {
        public let label: String
        public let value: Double
        public let isRatio: Bool
    }

    /// Known metric names (the `metric` column of a published-figures file).
    public static func compute(_ name: String, _ run: ProjectionRun) -> Measure? {
        let parts = name.split(separator: "_").map(String.init)
        func year(_ s: String) -> Int? { Int(s) }
        switch parts.first {
        case "registered" where parts.count == 4 && parts[1] == "total" && parts[2] == "march":
            guard let y = year(parts[3]), inRange(run, y) else { return nil }
            return Measure(label: "Registered patients, 31 March \(y)", value: run.registeredMarch(y), isRatio: false)
        case "registered65plus" where parts.count == 4 && parts[1] == "growth":
            guard let a = year(parts[2]), let b = year(parts[3]), inRange(run, a), inRange(run, b) else { return nil }
            return Measure(label: "Registered aged 65+, growth 31 March \(a) to \(b)",
                           value: run.registeredMarch(b, ages: 65...Ages.open) / run.registeredMarch(a, ages: 65...Ages.open) - 1, isRatio: true)
        case "registered65plus" where parts.count == 4 && parts[1] == "share" && parts[2] == "march":
            guard let y = year(parts[3]), inRange(run, y) else { return nil }
            return Measure(label: "Share of registered aged 65+, 31 March \(y)",
                           value: run.registeredMarch(y, ages: 65...Ages.open) / run.registeredMarch(y), isRatio: true)
        case "registered" where parts.count == 4 && parts[1] == "growth":
            guard let a = year(parts[2]), let b = year(parts[3]), inRange(run, a), inRange(run, b) else { return nil }
            return Measure(label: "Registered patients, growth 31 March \(a) to \(b)",
                           value: run.registeredMarch(b) / run.registeredMarch(a) - 1, isRatio: true)
        default:
            return nil
        }
    }

    static func inRange(_ run: ProjectionRun, _ y: Int) -> Bool { y - 1 >= run.years.lowerBound && y <= run.years.upperBound }
}
