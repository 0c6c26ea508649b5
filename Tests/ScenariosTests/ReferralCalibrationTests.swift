import XCTest
@testable import Scenarios
import Demography
import Demand

final class ReferralCalibrationTests: XCTestCase {
    /// Synthetic totals made from a known log-linear profile (beta = 0.035 from age 18) on the projection, computed
    /// here independently of the calibrator; the fit must recover beta and the band counts.
    func testRecoversAKnownProfileFromSyntheticTotals() throws {
        let url = MonteCarloTests.fixtures.appendingPathComponent("blmk-one-uncertain.toml")
        let s = try ScenarioLoader.load(url)
        let run = try ProjectionRun.run(ModelBuilder(scenario: s, inputs: try InputSet.load(s)), Assumptions(s))
        func fy(_ y: Int) -> PopulationTable {
            var out = PopulationTable.zero
            for p in run.places { for i in out.values.indices {
                out.values[i] += 0.75 * p.registered(y).values[i] + 0.25 * p.registered(y + 1).values[i]
            } }
            return out
        }
        let beta = 0.035, minAge = 18
        let p0 = fy(2023), p1 = fy(2028)
        let bands = AgeBand.fiveYear(from: minAge)
        // Base counts per band/sex from the single-age profile; projected = band rates x future band population.
        var base = 0.0, projected = 0.0
        var trueCounts = [[Double]](repeating: [], count: 2)
        for sex in Sex.allCases { for b in bands {
            var c = 0.0, pop0 = 0.0, pop1 = 0.0
            for a in b.ages { c += 0.01 * exp(beta * Double(a - minAge)) * p0[sex, a]; pop0 += p0[sex, a]; pop1 += p1[sex, a] }
            trueCounts[sex.rawValue].append(c)
            base += c; projected += c / pop0 * pop1
        } }
        let target = ReferralTarget(group: "g", service: "synthetic", minAge: minAge, baseFY: 2023, base: base, targetFY: 2028, projected: projected)
        let fit = try ReferralCalibration.fit(target, run: run)
        XCTAssertTrue(fit.fitted)
        XCTAssertEqual(fit.family, .logLinear)
        XCTAssertEqual(fit.parameter, beta, accuracy: 1e-6)
        for s in 0..<2 { for (g, w) in zip(fit.counts[s], trueCounts[s]) { XCTAssertEqual(g, w, accuracy: 1e-6 * max(w, 1)) } }
    }

    /// A growth no family member reaches is reported as not fitted, never forced.
    func testUnreachableGrowthIsFlaggedNotForced() throws {
        let url = MonteCarloTests.fixtures.appendingPathComponent("blmk-one-uncertain.toml")
        let s = try ScenarioLoader.load(url)
        let run = try ProjectionRun.run(ModelBuilder(scenario: s, inputs: try InputSet.load(s)), Assumptions(s))
        let target = ReferralTarget(group: "g", service: "impossible", minAge: 18, baseFY: 2023, base: 1000, targetFY: 2028, projected: 5000)
        let fit = try ReferralCalibration.fit(target, run: run)
        XCTAssertFalse(fit.fitted)
        XCTAssertLessThan(fit.growth, 4.0, "the kept member's growth is what the family reaches, not the target")
        XCTAssertEqual(fit.counts.joined().reduce(0, +), 1000, accuracy: 1e-6, "base total stays exact")
    }
}
