import Foundation
import XCTest
import Demography
@testable import Scenarios

/// A Monte Carlo worker's workspace: draw after draw it gives the runs a fresh build gives, leaves a run still held
/// unchanged, and reuses its buffers (projections and mortality schedules) once the previous draw is released.
final class ProjectionWorkspaceTests: XCTestCase {
    var fx: TinyFixture!
    override func setUpWithError() throws { fx = try TinyFixture() }
    override func tearDown() { fx.remove() }

    private func same(_ a: ProjectionRun, _ b: ProjectionRun, _ what: String) {
        XCTAssertEqual(a.places.count, b.places.count, what)
        for (p, q) in zip(a.places, b.places) {
            XCTAssertEqual(p.residentCells, q.residentCells, "\(what): \(p.name)")
            XCTAssertEqual(p.registeredCells, q.registeredCells, "\(what): \(p.name)")
            XCTAssertEqual(p.mortality.ratios, q.mortality.ratios, "\(what): \(p.name)")
        }
    }

    private func address(_ v: [Double]) -> UnsafeRawPointer? { v.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }

    func testDrawsInOneWorkspaceMatchFreshRuns() throws {
        let (loaded, i) = try fx.load()
        var s = loaded
        s.mortality.placeLevels = ["B": 1.1]  // B gets a schedule of its own
        let b = ModelBuilder(scenario: s, inputs: i)
        let central = Assumptions(s)
        var other = central
        other.mortalityLevel = 1.05; other.improvementScale = 0.7; other.fertilityLevel = 0.9; other.migrationShift = 0.002
        let freshCentral = try ProjectionRun.run(b, central, recordComponents: false)
        let freshOther = try ProjectionRun.run(b, other, recordComponents: false)
        XCTAssertNotEqual(freshCentral.places[1].residentCells, freshOther.places[1].residentCells, "two different draws")
        XCTAssertNotEqual(freshCentral.places[0].mortality.ratios, freshCentral.places[1].mortality.ratios, "B's own level")

        var w = ProjectionWorkspace()
        let held = try ProjectionRun.run(b, central, recordComponents: false, workspace: &w)
        same(held, freshCentral, "first draw")
        var second: ProjectionRun? = try ProjectionRun.run(b, other, recordComponents: false, workspace: &w)
        same(second!, freshOther, "second draw while the first is held")
        same(held, freshCentral, "the held draw is unchanged")
        let cells = second!.places.map { address($0.residentCells) }
        let schedules = second!.places.map { $0.mortality.withStep(0) { c, _, _ in UnsafeRawPointer(c.baseAddress) } }
        second = nil
        let third = try ProjectionRun.run(b, central, recordComponents: false, workspace: &w)
        same(third, freshCentral, "third draw")
        XCTAssertEqual(third.places.map { address($0.residentCells) }, cells, "projection buffers written in place")
        XCTAssertEqual(third.places.map { $0.mortality.withStep(0) { c, _, _ in UnsafeRawPointer(c.baseAddress) } }, schedules,
                       "mortality schedules rebuilt in place")
    }
}
