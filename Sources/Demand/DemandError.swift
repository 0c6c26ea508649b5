import Demography

/// Demand inputs that give no answer. The scenario loader reports it against the file it came from.
public enum DemandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Base-year events in a band and sex that has no registered population, so no rate.
    case eventsWithoutPopulation(service: String, events: Double, sex: Sex, band: AgeBand)

    public var description: String {
        switch self {
        case let .eventsWithoutPopulation(service, events, sex, band):
            return "\(service): \(events) events for \(sex) \(band) but no population in the base year"
        }
    }
}
