import XCTest
import Sampling

final class DistributionCheckTests: XCTestCase {
    private func rejects(_ d: Distribution, mentioning fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            try DistributionCheck.validate(d)
            XCTFail("accepted \(d)", file: file, line: line)
        } catch {
            XCTAssertTrue(error.message.contains(fragment), "\(d): message '\(error.message)' lacks '\(fragment)'",
                          file: file, line: line)
        }
    }

    func testRejectsInvalidParameters() {
        rejects(.normal(mean: 0, sd: -1), mentioning: "sd must be > 0 (got -1)")
        rejects(.normal(mean: 0, sd: 0), mentioning: "sd must be > 0")
        rejects(.lognormal(mu: 0, sigma: 0), mentioning: "sigma")
        rejects(.uniform(min: 2, max: 1), mentioning: "min must be <= max")
        rejects(.triangular(min: 2, mode: 2, max: 1), mentioning: "min must be <= max")
        rejects(.triangular(min: 0, mode: 3, max: 2), mentioning: "mode must be in [min, max]")
        rejects(.triangular(min: 0, mode: -0.1, max: 2), mentioning: "mode must be in [min, max]")
        rejects(.bernoulli(p: 1.5), mentioning: "p must be in [0, 1]")
        rejects(.bernoulli(p: -0.01), mentioning: "p must be in [0, 1]")
        rejects(.beta(a: -1, b: 2), mentioning: "a must be > 0")
        rejects(.beta(a: 1, b: 0), mentioning: "b must be > 0")
        rejects(.gamma(shape: 0, scale: 1), mentioning: "shape must be > 0")
        rejects(.gamma(shape: 1, scale: -2), mentioning: "scale must be > 0")
        rejects(.discrete(values: [1, 2], weights: [0, 0]), mentioning: "positive finite")
        rejects(.discrete(values: [1, 2], weights: [1, -0.5]), mentioning: "weights[1] must be >= 0")
        rejects(.discrete(values: [1, 2], weights: [1, .infinity]), mentioning: "weights[1] must be a finite number")
        rejects(.discrete(values: [1, 2], weights: [.greatestFiniteMagnitude, .greatestFiniteMagnitude]), mentioning: "positive finite")
        rejects(.discrete(values: [1, 2], weights: [1]), mentioning: "one weight per value")
        rejects(.discrete(values: [], weights: []), mentioning: "at least one value")
    }

    func testRejectsNaNAndInfinity() {
        rejects(.fixed(.nan), mentioning: "value must be a finite number")
        rejects(.normal(mean: .nan, sd: 1), mentioning: "mean must be a finite number")
        rejects(.normal(mean: 0, sd: .nan), mentioning: "sd must be a finite number")
        rejects(.uniform(min: 0, max: .infinity), mentioning: "max must be a finite number")
        rejects(.bernoulli(p: .nan), mentioning: "p must be a finite number")
        rejects(.beta(a: .nan, b: 1), mentioning: "a must be a finite number")
        rejects(.discrete(values: [.nan], weights: [1]), mentioning: "values[0]")
    }

    func testAcceptsValidParameters() {
        let valid: [Distribution] = [
            .fixed(-3), .normal(mean: -5, sd: 0.1), .lognormal(mu: -1, sigma: 2),
            .uniform(min: 1, max: 1), .uniform(min: -1, max: 1),
            .triangular(min: 0, mode: 0, max: 1), .triangular(min: 0, mode: 1, max: 1), .triangular(min: 0, mode: 0.3, max: 1),
            .beta(a: 0.5, b: 0.5), .gamma(shape: 0.2, scale: 10),
            .discrete(values: [1, 2, 3], weights: [0, 3, 1]), .bernoulli(p: 0), .bernoulli(p: 1),
        ]
        for d in valid {
            XCTAssertNoThrow(try DistributionCheck.validate(d), "\(d)")
        }
    }

    func testErrorDescriptionIsMessage() {
        let error = DistributionError(message: "sd must be > 0 (got -1)")
        XCTAssertEqual(error.description, "sd must be > 0 (got -1)")
    }
}
