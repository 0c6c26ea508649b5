import XCTest
import Sampling

final class SolverTests: XCTestCase {
    func testMinimizerFindsRosenbrockMinimum() throws {
        let rosenbrock: ([Double]) -> Double = { x in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            return a * a + 100 * b * b
        }
        let result = try Minimizer.minimize(rosenbrock, start: [-1.2, 1], step: [0.5, 0.5])
        XCTAssertTrue(result.converged, "iterations \(result.iterations)")
        XCTAssertEqual(result.x[0], 1, accuracy: 1e-4, "\(result.x)")
        XCTAssertEqual(result.x[1], 1, accuracy: 1e-4, "\(result.x)")
        XCTAssertLessThan(result.value, 1e-8)
        XCTAssertEqual(result.value, rosenbrock(result.x), accuracy: 1e-15)
    }

    func testMinimizerInOneDimensionAndIterationCap() throws {
        let result = try Minimizer.minimize({ ($0[0] - 3) * ($0[0] - 3) }, start: [0], step: [1])
        XCTAssertEqual(result.x[0], 3, accuracy: 1e-4)
        let capped = try Minimizer.minimize({ ($0[0] - 3) * ($0[0] - 3) }, start: [0], step: [1], maxIterations: 2)
        XCTAssertFalse(capped.converged)
        XCTAssertEqual(capped.iterations, 2)
    }

    func testMinimizerRejectsBadInput() {
        XCTAssertThrowsError(try Minimizer.minimize({ $0[0] }, start: [0, 0], step: [1]))
        XCTAssertThrowsError(try Minimizer.minimize({ _ in 0 }, start: [], step: []))
        XCTAssertThrowsError(try Minimizer.minimize({ _ in .nan }, start: [0], step: [1])) { error in
            XCTAssertNotEqual((error as? GSLError)?.code, 0)
        }
    }

    func testBrentFindsSquareRootOfTwo() throws {
        let root = try RootFinder.brent({ $0 * $0 - 2 }, lo: 0, hi: 2)
        XCTAssertEqual(root, 2.0.squareRoot(), accuracy: 1e-10)
    }

    func testBrentFindsRootAtZeroAndAtEndpoint() throws {
        XCTAssertEqual(try RootFinder.brent({ $0 * $0 * $0 }, lo: -1, hi: 2), 0, accuracy: 1e-6)
        XCTAssertEqual(try RootFinder.brent({ $0 - 2 }, lo: 0, hi: 2), 2)
    }

    func testBrentThrowsWhenNotBracketed() {
        XCTAssertThrowsError(try RootFinder.brent({ $0 * $0 - 2 }, lo: 2, hi: 3)) { error in
            let gslError = error as? GSLError
            XCTAssertEqual(gslError?.code, 4, "GSL_EINVAL")
            XCTAssertTrue(gslError?.reason.contains("not bracketed") ?? false, "\(error)")
        }
        XCTAssertThrowsError(try RootFinder.brent({ $0 }, lo: 1, hi: -1))
    }

    /// The zero-bracket rule must not stop early for a small but non-zero root.
    func testSmallNonZeroRootKeepsRelativeAccuracy() throws {
        let root = try RootFinder.brent({ $0 - 1e-3 }, lo: -1e6, hi: 1e6)
        XCTAssertEqual(root, 1e-3, accuracy: 1e-13)
    }
}
