import XCTest
import Sampling

final class QuasiRandomTests: XCTestCase {
    func testFirstSobolPointsIn2D() throws {
        let q = try QuasiRandom(dimensions: 2)
        XCTAssertEqual(q.next(), [0.5, 0.5])
        XCTAssertEqual(q.next(), [0.75, 0.25])
        XCTAssertEqual(q.next(), [0.25, 0.75])
    }

    func testNextIntoMatchesNext() throws {
        let a = try QuasiRandom(dimensions: 5), b = try QuasiRandom(dimensions: 5)
        var point: [Double] = []
        for i in 0..<100 {
            b.next(into: &point)
            XCTAssertEqual(a.next(), point, "point \(i)")
        }
    }

    func testDimensionLimits() {
        XCTAssertNoThrow(try QuasiRandom(dimensions: 40))
        for bad in [41, 0, -1] {
            XCTAssertThrowsError(try QuasiRandom(dimensions: bad), "dimensions \(bad)") { error in
                XCTAssertEqual((error as? GSLError)?.code, 4, "GSL_EINVAL")
            }
        }
    }

    /// Sobol points fill [0,1)^d evenly: the first 2^k points put exactly 2^k / 4 in each quadrant.
    func testFirst1024PointsAreBalanced() throws {
        let q = try QuasiRandom(dimensions: 2)
        var quadrants = [0, 0, 0, 0]
        for _ in 0..<1023 {  // GSL skips the initial all-zero point, which falls in quadrant 0
            let p = q.next()
            quadrants[(p[0] < 0.5 ? 0 : 1) + (p[1] < 0.5 ? 0 : 2)] += 1
        }
        quadrants[0] += 1
        XCTAssertEqual(quadrants, [256, 256, 256, 256])
    }
}
