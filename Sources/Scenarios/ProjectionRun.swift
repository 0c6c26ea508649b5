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
        var workspace = ProjectionWorkspace()
        return try run(b, a, recordComponents: recordComponents, workspace: &workspace)
    }

    /// The same in a worker's `workspace`: once the worker's previous run has been released, its buffers are reused.
    public static func run(_ b: ModelBuilder, _ a: Assumptions, recordComponents: Bool = true,
                           workspace w: inout ProjectionWorkspace) throws(ProjectionError) -> ProjectionRun {
        let inputs = b.placeInputs(a, workspace: &w)
        return ProjectionRun(scenario: b.scenario, assumptions: a,
                             places: try project(inputs, b.scenario, recordComponents: recordComponents, workspace: &w))
    }

    /// Projects every Place of `inputs` (in order) with the workspace's buffers.
    public static func project(_ inputs: [PlaceInputs], _ s: Scenario, recordComponents: Bool = true,
                               workspace w: inout ProjectionWorkspace) throws(ProjectionError) -> [PlaceProjection] {
        if w.places.count != inputs.count { w.places = Array(repeating: ProjectionBuffers(), count: inputs.count) }
        var out: [PlaceProjection] = []
        out.reserveCapacity(inputs.count)
        for (i, p) in inputs.enumerated() {
            out.append(try Projector.project(p, baseYear: s.baseYear, horizon: s.horizon, recordComponents: recordComponents,
                                             reusing: &w.places[i]))
        }
        return out
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
