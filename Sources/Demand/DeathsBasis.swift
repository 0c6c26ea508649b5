/// Which population the projection's death rates are applied to for the deaths table.
public enum DeathsBasis: String, Sendable, CaseIterable {
    /// GP-registered patients (list inflation included: registrations of people who have left "die" too).
    case registered
    /// Usual residents (the basis of registered deaths statistics by area of residence).
    case resident
    /// The deaths column of the tables, naming the basis.
    public var column: String { "deaths_\(rawValue)" }
}
