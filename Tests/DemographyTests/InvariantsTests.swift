import XCTest
@testable import Demography

/// The engine's checks on their own: valid counts and the accounting identity, cell by cell.
final class InvariantsTests: XCTestCase {
    /// A balanced year: start 1000, deaths 10, net migration 5, end 995 in every cell; `change` then breaks it.
    private func components(_ change: (inout ComponentsOfChange) -> Void = { _ in }) -> ComponentsOfChange {
        var c = ComponentsOfChange(year: 2021)
        for i in 0..<Ages.cells { c.start[i] = 1000; c.deaths[i] = 10; c.netMigration[i] = 5; c.end[i] = 995 }
        change(&c)
        return c
    }

    func testFirstInvalidCountFindsNegativeNaNAndInfinity() {
        XCTAssertNil(Invariants.firstInvalidCount(components().end))
        XCTAssertNil(Invariants.firstInvalidCount([Double](repeating: 0, count: Ages.cells)), "zero is a valid count")
        for cell in [0, 5, Ages.count, Ages.cells - 2, Ages.cells - 1] {
            for bad in [-1e-9, -1e9, Double.nan, .infinity, -.infinity] {
                var v = components().end
                v[cell] = bad
                if cell + 1 < Ages.cells { v[Ages.cells - 1] = -1 }  // a later bad cell: the first one is named
                XCTAssertEqual(Invariants.firstInvalidCount(v), cell, "cell \(cell) = \(bad)")
            }
        }
    }

    /// The scan takes cells four at a time and the rest one by one: a bad value anywhere, in any length, is found.
    func testBadValueFoundInEveryPositionOfShortArrays() {
        for n in 1...9 {
            XCTAssertNil(Invariants.firstInvalidCount([Double](repeating: 3, count: n)), "length \(n)")
            for at in 0..<n {
                for bad in [-1.0, .nan, .infinity] {
                    var v = [Double](repeating: 3, count: n)
                    v[at] = bad
                    XCTAssertEqual(Invariants.firstInvalidCount(v), at, "length \(n), \(bad) at \(at)")
                }
            }
        }
    }

    func testCheckCountsNamesCellSexAgeYearAndComponent() {
        var v = components().end
        v[Ages.index(.male, 37)] = -2
        XCTAssertThrowsError(try Invariants.checkCounts(v, place: "Lutonia", year: 2031, component: "births")) {
            XCTAssertEqual($0 as? ProjectionError, .negativeCell(place: "Lutonia", sex: .male, age: 37, year: 2031, component: "births", value: -2))
        }
        XCTAssertNoThrow(try Invariants.checkCounts(components().end, place: "Lutonia", year: 2031, component: "births"))
        // Only the ages asked for: age 37 is not among 0...0, age 0 of either sex is.
        XCTAssertNoThrow(try Invariants.checkCounts(v, ages: 0...0, place: "Lutonia", year: 2031, component: "births"))
        v[Ages.index(.male, 0)] = .nan
        XCTAssertThrowsError(try Invariants.checkCounts(v, ages: 0...0, place: "Lutonia", year: 2031, component: "births")) {
            guard case let .negativeCell(_, sex, age, _, c, value)? = $0 as? ProjectionError else { return XCTFail("got \($0)") }
            XCTAssertEqual(["\(sex)", String(age), c], ["male", "0", "births"]); XCTAssertTrue(value.isNaN)
        }
    }

    /// Every cell is checked against tolerance x max(1, |end|); NaN fails; the error names the worst cell.
    func testIdentityInEveryCell() {
        let tol = Invariants.identityTolerance
        XCTAssertTrue(Invariants.isBalanced(components()))
        for cell in [0, 5, 100, Ages.cells - 1] {
            let off = components { $0.end[cell] += 0.01 }
            XCTAssertFalse(Invariants.isBalanced(off), "cell \(cell): residual 0.01 on 995 is above the tolerance")
            XCTAssertEqual(off.worstResidual(tolerance: tol).index, cell)
            XCTAssertThrowsError(try Invariants.checkIdentity(off, place: "P")) {
                guard case let .identityBroken(p, sex, age, year, r)? = $0 as? ProjectionError else { return XCTFail("got \($0)") }
                XCTAssertEqual([p, "\(sex)", String(age), String(year)],
                               ["P", cell < Ages.count ? "female" : "male", String(cell % Ages.count), "2021"])
                XCTAssertEqual(r, 0.01, accuracy: 1e-9)
            }
            let nan = components { $0.end[cell] = .nan }
            XCTAssertFalse(Invariants.isBalanced(nan), "NaN in cell \(cell)")
            XCTAssertEqual(nan.worstResidual(tolerance: tol).index, cell)
            XCTAssertFalse(Invariants.isBalanced(components { $0.births[cell] = .infinity }), "infinite births in cell \(cell)")
            // Negative but balanced: the identity holds, the count check is what fails.
            let negative = components { $0.start[cell] = 0; $0.deaths[cell] = 60; $0.end[cell] = -55 }
            XCTAssertTrue(Invariants.isBalanced(negative), "cell \(cell): the components still add up")
            XCTAssertThrowsError(try Invariants.check(negative, place: "P", component: "net migration")) {
                guard case let .negativeCell(_, _, _, _, c, v)? = $0 as? ProjectionError else { return XCTFail("got \($0)") }
                XCTAssertEqual(c, "net migration"); XCTAssertEqual(v, -55)
            }
            // The tolerance is relative above one person: a residual of 0.5 on 1e9 passes (5e-10 of the end)...
            XCTAssertTrue(Invariants.isBalanced(components { $0.start[cell] = 1e9; $0.deaths[cell] = 5; $0.end[cell] = 1e9 + 0.5 }))
            // ...and 5,000 on 1e9 (5e-6) does not; below one person the tolerance is absolute (1e-6).
            XCTAssertFalse(Invariants.isBalanced(components { $0.start[cell] = 1e9; $0.deaths[cell] = 5; $0.end[cell] = 1e9 + 5000 }))
            XCTAssertFalse(Invariants.isBalanced(components { $0.start[cell] = 0.1; $0.deaths[cell] = 4.5; $0.end[cell] = 0.6 + 2e-6 }),
                           "cell \(cell): residual 2e-6 on 0.6")
            XCTAssertTrue(Invariants.isBalanced(components { $0.start[cell] = 0.1; $0.deaths[cell] = 4.5; $0.end[cell] = 0.6 + 5e-7 }),
                          "cell \(cell): residual 5e-7 on 0.6")
        }
    }
}
