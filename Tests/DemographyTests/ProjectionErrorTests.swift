import XCTest
@testable import Demography

final class ProjectionErrorTests: XCTestCase {
    private func population() -> PopulationTable {
        var p = PopulationTable.zero
        for i in p.values.indices { p.values[i] = 100 }
        return p
    }
    private let mortality = Make.mortality(Make.survival(cohort: 0.99, open: 0.8, birth: 0.995), firstYear: 2020)

    private func expectNegativeCell(_ input: PlaceInputs, horizon: Int, place: String, sex: Sex, age: Int, year: Int,
                                    component: String, nan: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try Projector.project(input, baseYear: 2020, horizon: horizon)
            XCTFail("expected a negative-cell error", file: file, line: line)
        } catch {
            let any: any Error = error
            guard let e = any as? ProjectionError, case let .negativeCell(p, s, a, y, c, v) = e else {
                return XCTFail("expected negativeCell, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(p, place, file: file, line: line)
            XCTAssertEqual(s, sex, file: file, line: line)
            XCTAssertEqual(a, age, file: file, line: line)
            XCTAssertEqual(y, year, file: file, line: line)
            XCTAssertEqual(c, component, file: file, line: line)
            if nan { XCTAssertTrue(v.isNaN, "value \(v)", file: file, line: line) } else { XCTAssertLessThan(v, 0, file: file, line: line) }
            let text = e.description
            for part in [place, "\(sex)", "age \(Ages.label(age))", "mid-\(year)", component] {
                XCTAssertTrue(text.contains(part), "'\(text)' should name \(part)", file: file, line: line)
            }
        }
    }

    func testLargeOutMigrationNamesTheCell() {
        var trend = Make.zeros()
        trend[Ages.index(.male, 37)] = -1e6
        expectNegativeCell(Make.inputs(name: "Lutonia", base: population(), mortality: mortality, trend: trend),
                           horizon: 2022, place: "Lutonia", sex: .male, age: 37, year: 2021, component: "net migration")
    }

    func testNegativeCellInALaterYearNamesThatYear() {
        var cells = Make.zeros()
        cells[Ages.index(.female, 90)] = -1e6
        expectNegativeCell(Make.inputs(name: "B", base: population(), mortality: mortality, rules: [.trend, .trend, .cells(cells)]),
                           horizon: 2024, place: "B", sex: .female, age: 90, year: 2023, component: "net migration")
    }

    func testHousingTargetFarBelowPopulationIsNamedHousingLed() {
        // Target 10 people for a population of 18200: the adjustment removes ~99.9% of every cell and more.
        let h = HousingTarget(dwellings: 1, personsPerDwelling: 10, communal: 0)
        var shares = Make.zeros()
        shares[Ages.index(.female, 5)] = 1
        expectNegativeCell(Make.inputs(base: population(), mortality: mortality, shares: shares, rules: [.housingLed(h)]),
                           horizon: 2021, place: "Testshire", sex: .female, age: 5, year: 2021,
                           component: "housing-led net migration")
    }

    func testNegativeBasePopulation() {
        var p = population()
        p[.female, 12] = -3
        expectNegativeCell(Make.inputs(base: p, mortality: mortality), horizon: 2021, place: "Testshire", sex: .female,
                           age: 12, year: 2020, component: "base population")
    }

    func testNaNIsRejectedLikeANegative() {
        var trend = Make.zeros()
        trend[Ages.index(.male, 0)] = .nan
        do {
            _ = try Projector.project(Make.inputs(base: population(), mortality: mortality, trend: trend), baseYear: 2020, horizon: 2021)
            XCTFail("NaN migration must not produce a projection")
        } catch {
            let any: any Error = error
            guard let e = any as? ProjectionError, case let .negativeCell(_, s, a, y, c, _) = e else { return XCTFail("got \(error)") }
            XCTAssertEqual([s.description, String(a), String(y), c], ["male", "0", "2021", "net migration"])
        }
    }

    func testHorizonMustFollowBaseYear() {
        XCTAssertThrowsError(try Projector.project(Make.inputs(base: population(), mortality: mortality), baseYear: 2020, horizon: 2020)) {
            guard case .invalidInput(let m) = $0 as? ProjectionError else { return XCTFail("got \($0)") }
            XCTAssertTrue(m.contains("2020"), m)
        }
        XCTAssertThrowsError(try Projector.project(Make.inputs(base: population(), mortality: mortality, rules: []),
                                                   baseYear: 2020, horizon: 2021))
    }

    /// A bad value in the last cells (male 88, 89, 90+) must be found, and named.
    func testBadCellInTheScalarTailIsFound() {
        for (age, value) in [(Ages.open, -1e9), (Ages.open - 1, Double.nan), (Ages.open - 2, -1e9)] {
            var trend = Make.zeros()
            trend[Ages.index(.male, age)] = value
            expectNegativeCell(Make.inputs(base: population(), mortality: mortality, trend: trend), horizon: 2021, place: "Testshire",
                               sex: .male, age: age, year: 2021, component: "net migration", nan: value.isNaN)
        }
    }

    /// Net migration is added to every cell (the checks are `Invariants`', tested in InvariantsTests).
    func testMigrationStepAddsTheGivenCells() {
        let schedule = MigrationSchedule(trend: Make.zeros(), adjustmentShares: Make.uniformShares())
        var c = ComponentsOfChange(year: 2021)
        for i in 0..<Ages.cells { c.start[i] = 1000; c.deaths[i] = 10; c.end[i] = 990 + Double(i) }
        let given = (0..<Ages.cells).map { Double($0 % 7) - 3 }
        MigrationStep.apply(.cells(given), schedule: schedule, into: &c)
        XCTAssertEqual(c.netMigration, given)
        XCTAssertEqual(c.end, (0..<Ages.cells).map { 990 + Double($0) + given[$0] })
        XCTAssertEqual(c.migrationBasis, "given")
    }

    /// Births are checked on the two cells they change: a sex ratio that makes female births negative is named there.
    func testNegativeBirthsAreNamed() {
        var rates = [Double](repeating: 0, count: Ages.count)
        for a in 20...40 { rates[a] = 0.1 }
        let inputs = Make.inputs(base: population(), mortality: mortality, fertility: [FertilitySchedule(rates: rates)], sexRatio: -2)
        expectNegativeCell(inputs, horizon: 2021, place: "Testshire", sex: .female, age: 0, year: 2021, component: "births")
    }
}
