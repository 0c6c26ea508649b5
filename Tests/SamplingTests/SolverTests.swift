import XCTest
import Sampling

final class SolverTests: XCTestCase {
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
