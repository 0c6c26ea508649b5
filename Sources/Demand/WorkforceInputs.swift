/// A service unit's establishment, the Places it serves and what drives its staff numbers.
public struct WorkforceUnit: Sendable {
    public enum Driver: Sendable, Equatable {
        case referrals(group: String)
        case population(ClosedRange<Int>)
    }
    public var provider: String
    public var unit: String
    public var places: [String]
    public var driver: Driver
    public var posts: Double

    public init(provider: String, unit: String, places: [String], driver: Driver, posts: Double) {
        self.provider = provider; self.unit = unit; self.places = places; self.driver = driver; self.posts = posts
    }
}

/// A staff group's share of every unit's posts and its share aged over 55 (who retire over the retirement years).
public struct StaffGroup: Sendable {
    public var name: String
    public var share: Double
    public var over55: Double

    public init(name: String, share: Double, over55: Double) {
        self.name = name; self.share = share; self.over55 = over55
    }
}
