import Foundation
import Demography

/// The projections of every Place of a scenario under one set of assumptions.
public struct ProjectionRun: Sendable {
    public init(scenario: Scenario, assumptions: Assumptions, places: [PlaceProjection]) {
        self.scenario = scenario; self.assumptions = assumptions; self.places = places
    }
    public let scenario: Scenario
    public let assumptions: Assumptions
    public let places: [PlaceProjection]

    /// - Parameter recordComponents: false for Monte Carlo draws, whose reports never read the components of change.
    public static func run(_ b: ModelBuilder, _ a: Assumptions, recordComponents: Bool = true) throws(ProjectionError) -> ProjectionRun {
        var out: [PlaceProjection] = []
        for p in b.placeInputs(a) {
            out.append(try Projector.project(p, baseYear: b.scenario.baseYear, horizon: b.scenario.horizon,
                                             recordComponents: recordComponents))
        }
        return ProjectionRun(scenario: b.scenario, assumptions: a, places: out)
    }

    public var years: ClosedRange<Int> { scenario.years }

    /// Registered population at 31 March of `year`: 0.25 x mid-year (year-1) + 0.75 x mid-year (year).
    public func registeredMarch(_ year: Int, ages: ClosedRange<Int> = Ages.all, place: String? = nil) -> Double {
        var s = 0.0
        for p in places where place == nil || p.name == place {
            s += 0.25 * p.registered(year - 1).total(ages: ages) + 0.75 * p.registered(year).total(ages: ages)
        }
        return s
    }

    public func resident(_ year: Int, ages: ClosedRange<Int> = Ages.all, place: String? = nil) -> Double {
        places.filter { place == nil || $0.name == place }.reduce(0) { $0 + $1.resident(year).total(ages: ages) }
    }
}
