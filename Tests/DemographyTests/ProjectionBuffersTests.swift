import XCTest
@testable import Demography

/// A worker's reused buffers give the same projections as fresh ones, never change a projection still held, and are
/// written in place once the previous projection is released.
final class ProjectionBuffersTests: XCTestCase {
    private func inputs(level: Double, migration: Double) -> PlaceInputs {
        var base = PopulationTable.zero
        for i in base.values.indices { base.values[i] = 500 + Double(i % 37) }
        var rates = [Double](repeating: 0, count: Ages.count)
        for a in 18...44 { rates[a] = 0.06 }
        let trend = (0..<Ages.cells).map { migration * Double($0 % 11 - 4) }
        var i = Make.inputs(base: base, mortality: Make.mortality(Make.survival(cohort: 0.99, open: 0.8, birth: 0.995), firstYear: 2020),
                            fertility: [FertilitySchedule(rates: rates)], trend: trend,
                            rules: [.trend, .netTotal(300), .housingLed(HousingTarget(dwellings: 40_000, personsPerDwelling: 2.3, communal: 900))])
        i.fertilityLevel = level
        i.registration = Registration(uniform: 1.04)
        return i
    }

    private func same(_ a: PlaceProjection, _ b: PlaceProjection, _ what: String) {
        XCTAssertEqual(a.residentCells, b.residentCells, what)
        XCTAssertEqual(a.registeredCells, b.registeredCells, what)
        XCTAssertEqual(a.components, b.components, what)
    }

    private func address(_ v: [Double]) -> UnsafeRawPointer? { v.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }

    func testReusedBuffersGiveFreshResultsAndKeepHeldOnes() throws {
        let (x, y) = (inputs(level: 1, migration: 2), inputs(level: 1.2, migration: -3))
        let freshX = try Projector.project(x, baseYear: 2020, horizon: 2030)
        let freshY = try Projector.project(y, baseYear: 2020, horizon: 2030)
        XCTAssertNotEqual(freshX.residentCells, freshY.residentCells, "two different projections")
        var buffers = ProjectionBuffers()
        let heldX = try Projector.project(x, baseYear: 2020, horizon: 2030, reusing: &buffers)
        same(heldX, freshX, "first use")
        var y1: PlaceProjection? = try Projector.project(y, baseYear: 2020, horizon: 2030, reusing: &buffers)
        same(y1!, freshY, "second use while the first is held")
        same(heldX, freshX, "the held projection is unchanged")
        let at = address(y1!.residentCells), registeredAt = address(y1!.registeredCells)
        y1 = nil
        let x2 = try Projector.project(x, baseYear: 2020, horizon: 2030, recordComponents: false, reusing: &buffers)
        same(x2, try Projector.project(x, baseYear: 2020, horizon: 2030, recordComponents: false), "third use")
        XCTAssertEqual(address(x2.residentCells), at, "released buffers are written in place")
        XCTAssertEqual(address(x2.registeredCells), registeredAt)
        // A longer horizon needs larger buffers.
        same(try Projector.project(y, baseYear: 2020, horizon: 2035, reusing: &buffers),
             try Projector.project(y, baseYear: 2020, horizon: 2035), "another horizon")
    }
}
