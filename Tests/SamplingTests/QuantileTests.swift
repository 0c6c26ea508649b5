import XCTest
@testable import Sampling

final class QuantileTests: XCTestCase {
    func testNormalQuantile() throws {
        XCTAssertEqual(try Distribution.normal(mean: 0, sd: 1).quantile(0.975), 1.959964, accuracy: 1e-6)
        XCTAssertEqual(try Distribution.normal(mean: 10, sd: 2).quantile(0.5), 10, accuracy: 1e-12)
    }

    func testContinuousQuantilesAgainstClosedForms() throws {
        XCTAssertEqual(try Distribution.lognormal(mu: 1.5, sigma: 0.7).quantile(0.5), exp(1.5), accuracy: 1e-9)
        // gamma(1, scale 2) is exponential with mean 2: median 2 ln 2 (checks scale, not rate)
        XCTAssertEqual(try Distribution.gamma(shape: 1, scale: 2).quantile(0.5), 2 * log(2), accuracy: 1e-9)
        // beta(2, 1) has CDF x², so quantile(p) = sqrt(p)
        XCTAssertEqual(try Distribution.beta(a: 2, b: 1).quantile(0.36), 0.6, accuracy: 1e-9)
        XCTAssertEqual(try Distribution.uniform(min: -1, max: 3).quantile(0.25), 0, accuracy: 1e-12)
        XCTAssertEqual(try Distribution.fixed(4).quantile(0.9), 4)
    }

    func testTriangularQuantileInvertsCDF() throws {
        let (a, c, b) = (1.0, 2.0, 5.0)
        let d = Distribution.triangular(min: a, mode: c, max: b)
        XCTAssertEqual(try d.quantile(0), a)
        XCTAssertEqual(try d.quantile(1), b)
        XCTAssertEqual(try d.quantile(0.25), c, accuracy: 1e-12, "CDF at the mode is (c−a)/(b−a) = 0.25")
        for p in stride(from: 0.01, through: 0.99, by: 0.01) {
            let x = try d.quantile(p)
            XCTAssertEqual(Triangular.cdf(x, min: a, mode: c, max: b), p, accuracy: 1e-12, "p = \(p)")
        }
    }

    func testDiscreteQuantiles() throws {
        let d = Distribution.discrete(values: [10, 1, 2], weights: [0.3, 0.2, 0.5])  // unsorted values
        XCTAssertEqual(try d.quantile(0.1), 1)
        XCTAssertEqual(try d.quantile(0.2), 1)
        XCTAssertEqual(try d.quantile(0.5), 2)
        XCTAssertEqual(try d.quantile(0.71), 10)
        XCTAssertEqual(try Distribution.bernoulli(p: 0.3).quantile(0.7), 0)
        XCTAssertEqual(try Distribution.bernoulli(p: 0.3).quantile(0.71), 1)
        XCTAssertEqual(try Distribution.bernoulli(p: 1).quantile(0), 1, "0 has no probability")
    }

    func testQuantileRejectsBadProbabilityAndParameters() {
        XCTAssertThrowsError(try Distribution.normal(mean: 0, sd: 1).quantile(1.5)) { error in
            XCTAssertEqual((error as? GSLError)?.code, 1, "GSL_EDOM")
        }
        XCTAssertThrowsError(try Distribution.normal(mean: 0, sd: 1).quantile(.nan))
        XCTAssertThrowsError(try Distribution.beta(a: -1, b: 1).quantile(0.5)) { error in
            XCTAssertTrue("\(error)".contains("a must be > 0"), "\(error)")
        }
    }

    func testQuantilesMatchRType7() {
        XCTAssertEqual(Quantiles.of([4, 1, 3, 2], ps: [0.25]), [1.75])
        // R: quantile(c(1, 2, 3, 4, 10), c(0, 0.1, 0.5, 0.9, 1)) -> 1.0 1.4 3.0 7.6 10.0
        let q = Quantiles.of([10, 3, 1, 4, 2], ps: [0, 0.1, 0.5, 0.9, 1])
        for (got, want) in zip(q, [1.0, 1.4, 3.0, 7.6, 10.0]) {
            XCTAssertEqual(got, want, accuracy: 1e-12, "quantiles \(q)")
        }
        XCTAssertEqual(Quantiles.sorted([1, 2, 3, 4], p: 0.25), 1.75)
        XCTAssertEqual(Quantiles.sorted([5], p: 0.3), 5)
    }

    func testQuantilesOfEmptyOrNaNDataAreNaN() {
        XCTAssertTrue(Quantiles.sorted([], p: 0.5).isNaN)
        XCTAssertTrue(Quantiles.of([1, .nan, 3], ps: [0.5, 0.9]).allSatisfy(\.isNaN))
    }

    func testQuantilesOfDoesNotMutateInput() {
        let data = [3.0, 1, 2]
        _ = Quantiles.of(data, ps: [0.5])
        XCTAssertEqual(data, [3, 1, 2])
    }
}
