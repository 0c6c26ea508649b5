import Foundation
import XCTest
@testable import Sampling

/// Sample mean and variance against theory. Tolerance: 5 standard errors at n = 200_000 — for the mean
/// sqrt(σ²/n), for the variance sqrt((m4 − s⁴)/n) with the sample fourth central moment m4.
final class DistributionMomentTests: XCTestCase {
    private let n = 200_000

    private func check(
        _ name: String, seed: UInt32, mean: Double, variance: Double,
        file: StaticString = #filePath, line: UInt = #line, draw: (RandomStream) -> Double
    ) {
        let s = RandomStream(seed: seed)
        var xs = [Double](repeating: 0, count: n)
        for i in 0..<n { xs[i] = draw(s) }
        let m = xs.reduce(0, +) / Double(n)
        var m2 = 0.0, m4 = 0.0
        for x in xs {
            let d = (x - m) * (x - m)
            m2 += d
            m4 += d * d
        }
        let s2 = m2 / Double(n - 1)
        m4 /= Double(n)
        let meanTolerance = 5 * (variance / Double(n)).squareRoot()
        let varianceTolerance = 5 * ((m4 - s2 * s2) / Double(n)).squareRoot()
        XCTAssertEqual(m, mean, accuracy: meanTolerance, "\(name) mean, seed \(seed)", file: file, line: line)
        XCTAssertEqual(s2, variance, accuracy: varianceTolerance, "\(name) variance, seed \(seed)", file: file, line: line)
    }

    /// Checks both the closed-form `Distribution.mean` and the sampled moments.
    private func check(
        _ d: Distribution, seed: UInt32, mean: Double, variance: Double,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertNoThrow(try DistributionCheck.validate(d), "\(d)", file: file, line: line)
        XCTAssertEqual(d.mean, mean, accuracy: 1e-12 * max(1, abs(mean)), "\(d).mean", file: file, line: line)
        check("\(d)", seed: seed, mean: mean, variance: variance, file: file, line: line) { d.sample($0) }
    }

    func testNormal() {
        check(.normal(mean: 10, sd: 2), seed: 101, mean: 10, variance: 4)
    }

    func testLognormal() {
        let mu = 1.0, sigma = 0.5
        check(.lognormal(mu: mu, sigma: sigma), seed: 102, mean: exp(mu + sigma * sigma / 2),
              variance: (exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma))
    }

    func testGammaUsesScale() {
        check(.gamma(shape: 2.5, scale: 3), seed: 103, mean: 7.5, variance: 22.5)
    }

    func testBeta() {
        let a = 2.0, b = 5.0
        check(.beta(a: a, b: b), seed: 104, mean: a / (a + b), variance: a * b / ((a + b) * (a + b) * (a + b + 1)))
    }

    func testUniform() {
        check(.uniform(min: -1, max: 3), seed: 105, mean: 1, variance: 16.0 / 12)
    }

    func testTriangular() {
        // Var = (a² + b² + c² − ab − ac − bc) / 18 = (1 + 4 + 25 − 2 − 5 − 10) / 18
        check(.triangular(min: 1, mode: 2, max: 5), seed: 106, mean: 8.0 / 3, variance: 13.0 / 18)
    }

    func testTriangularWithModeAtEnd() {
        // min = mode: mean (0 + 0 + 6)/3 = 2, variance (36)/18 = 2
        check(.triangular(min: 0, mode: 0, max: 6), seed: 112, mean: 2, variance: 2)
    }

    func testPoisson() {
        check("poisson(4.5)", seed: 107, mean: 4.5, variance: 4.5) { Double($0.poisson(mean: 4.5)) }
    }

    func testBinomial() {
        check("binomial(p 0.3, n 20)", seed: 108, mean: 6, variance: 4.2) { Double($0.binomial(p: 0.3, n: 20)) }
    }

    func testBernoulli() {
        check(.bernoulli(p: 0.3), seed: 109, mean: 0.3, variance: 0.21)
    }

    func testDiscrete() {
        // E = 0.2 + 1 + 3 = 4.2; E[X²] = 0.2 + 2 + 30 = 32.2; Var = 32.2 − 17.64
        check(.discrete(values: [1, 2, 10], weights: [0.2, 0.5, 0.3]), seed: 110, mean: 4.2, variance: 14.56)
    }

    func testDiscreteUnnormalisedWeightsWithZero() {
        // weights 2:0:5:3 over values 0...3 -> same as values [0, 2, 3] with probabilities .2, .5, .3
        check("discrete index", seed: 111, mean: 1.9, variance: 0.2 * 1.9 * 1.9 + 0.5 * 0.1 * 0.1 + 0.3 * 1.1 * 1.1) {
            Double($0.discrete(weights: [2, 0, 5, 3]))
        }
    }

    func testFixedConsumesNoRandomNumbers() {
        let a = RandomStream(seed: 3), b = RandomStream(seed: 3)
        XCTAssertEqual(Distribution.fixed(2.5).sample(a), 2.5)
        XCTAssertEqual(a.uniform(), b.uniform(), "seed 3")
    }
}
