import XCTest
@testable import Sampling

final class SeedDerivationTests: XCTestCase {
    private let masters: [UInt64] = [0, 1, 42, 20_240_601, .max]

    func testNoZeroAndNoCollisionsOver200kDraws() {
        for master in masters {
            var seen = Set<UInt32>(minimumCapacity: 200_000)
            for draw in 0..<200_000 {
                let seed = SeedDerivation.streamSeed(master: master, draw: draw)
                XCTAssertNotEqual(seed, 0, "master \(master) draw \(draw)")
                guard seen.insert(seed).inserted else {
                    return XCTFail("master \(master): draw \(draw) repeats an earlier seed \(seed)")
                }
            }
        }
    }

    func testDependsOnMaster() {
        let a = (0..<1000).map { SeedDerivation.streamSeed(master: 1, draw: $0) }
        let b = (0..<1000).map { SeedDerivation.streamSeed(master: 2, draw: $0) }
        XCTAssertNotEqual(a, b)
        XCTAssertLessThan(Set(a).intersection(b).count, 5, "masters 1 and 2 share many seeds")
    }

    func testIsDeterministic() {
        XCTAssertEqual(SeedDerivation.streamSeed(master: 7, draw: 123), SeedDerivation.streamSeed(master: 7, draw: 123))
    }

    /// The one draw whose hash would be 0 gets the seed of the excluded index UInt32.max instead.
    func testZeroHashDrawIsRemappedWithoutCollision() {
        for master in masters {
            let base = SeedDerivation.base(master: master)
            let zeroDraw = Int(0 &- base)
            guard zeroDraw < Int(UInt32.max) else { continue }
            let seed = SeedDerivation.streamSeed(master: master, draw: zeroDraw)
            XCTAssertNotEqual(seed, 0, "master \(master) draw \(zeroDraw)")
            XCTAssertEqual(seed, SeedDerivation.fmix32(base &- 1), "master \(master)")
            for neighbour in [zeroDraw - 1, zeroDraw + 1] where neighbour >= 0 && neighbour < Int(UInt32.max) {
                XCTAssertNotEqual(seed, SeedDerivation.streamSeed(master: master, draw: neighbour), "master \(master)")
            }
        }
    }

    /// fmix32 must be a bijection for the uniqueness argument; check invertibility on a sample by inverting it.
    func testFmix32IsInvertible() {
        func inverse(_ value: UInt32) -> UInt32 {
            var h = value
            h ^= h >> 16
            h &*= 0x7ED1_B41D  // inverse of 0xC2B2AE35 mod 2^32
            h ^= (h >> 13) ^ (h >> 26)
            h &*= 0xA5CB_9243  // inverse of 0x85EBCA6B mod 2^32
            h ^= h >> 16
            return h
        }
        XCTAssertEqual(SeedDerivation.fmix32(0), 0)
        for x: UInt32 in [1, 2, 3, 0xDEAD_BEEF, .max, 123_456_789] {
            XCTAssertEqual(inverse(SeedDerivation.fmix32(x)), x, "x = \(x)")
        }
    }
}
