/// Housing-led target for one Place-year: household population = dwellings x persons per dwelling,
/// plus people in communal establishments (care homes, halls, prisons), who do not live in dwellings.
public struct HousingTarget: Sendable, Equatable {
    public var dwellings: Double
    public var personsPerDwelling: Double
    public var communal: Double
    public init(dwellings: Double, personsPerDwelling: Double, communal: Double) {
        self.dwellings = dwellings; self.personsPerDwelling = personsPerDwelling; self.communal = communal
    }
    public var population: Double { dwellings * personsPerDwelling + communal }
}

extension HousingTarget {
    /// The net migration that brings a population of `natural` (after deaths, ageing and births) to the target.
    public func netMigrationNeeded(natural: Double) -> Double { population - natural }
}
