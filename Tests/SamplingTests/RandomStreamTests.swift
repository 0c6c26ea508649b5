import XCTest
@testable import Sampling

final class RandomStreamTests: XCTestCase {
    /// A mixed sequence touching several samplers, so reproducibility covers more than the raw uniform.
    private func sequence(_ s: RandomStream, count: Int = 50) -> [Double] {
        (0..<count).flatMap { _ in
            [s.uniform(), s.normal(mean: 0, sd: 1), s.gamma(shape: 2, scale: 1), Double(s.poisson(mean: 3))]
        }
    }

    func testSameSeedGivesIdenticalSequence() {
        let seed: UInt32 = 20_240_601
        XCTAssertEqual(sequence(RandomStream(seed: seed)), sequence(RandomStream(seed: seed)), "seed \(seed)")
    }

    func testDifferentSeedsGiveDifferentSequences() {
        let a = sequence(RandomStream(seed: 1)), b = sequence(RandomStream(seed: 2))
        XCTAssertNotEqual(a, b, "seeds 1 and 2")
        let s1 = RandomStream(seed: 1), s2 = RandomStream(seed: 2)
        let matches = (0..<1000).filter { _ in s1.uniform() == s2.uniform() }.count
        XCTAssertEqual(matches, 0, "seeds 1 and 2 share \(matches) uniforms")
    }

    func testReseedReproducesFreshStream() {
        let seed: UInt32 = 777
        let s = RandomStream(seed: seed)
        let first = sequence(s)
        _ = sequence(s)  // move on
        s.reseed(seed)
        XCTAssertEqual(sequence(s), first, "reseed(\(seed))")
    }

    /// Pins the generator to an independent transcription of taus2 (L'Ecuyer 1996, "Maximally equidistributed
    /// combined Tausworthe generators", Math. Comp. 65) with GSL's seeding (three LCG(69069) steps, lower bounds
    /// 2, 8 and 16, six warm-up outputs); gsl_rng_uniform_pos divides the 32-bit output by 2^32.
    func testKnownAnswerForTaus2() {
        func lcg(_ n: UInt32) -> UInt32 { n &* 69069 }
        for seed: UInt32 in [1, 5489, 20_251_124, 0xFFFF_FFFF] {
            var s1 = lcg(seed); if s1 < 2 { s1 += 2 }
            var s2 = lcg(s1); if s2 < 8 { s2 += 8 }
            var s3 = lcg(s2); if s3 < 16 { s3 += 16 }
            func next() -> UInt32 {
                s1 = ((s1 & 4_294_967_294) << 12) ^ (((s1 << 13) ^ s1) >> 19)
                s2 = ((s2 & 4_294_967_288) << 4) ^ (((s2 << 2) ^ s2) >> 25)
                s3 = ((s3 & 4_294_967_280) << 17) ^ (((s3 << 3) ^ s3) >> 11)
                return s1 ^ s2 ^ s3
            }
            for _ in 0..<6 { _ = next() }
            let stream = RandomStream(seed: seed)
            for i in 0..<1000 {
                var x = next()
                while x == 0 { x = next() }
                let u = stream.uniform()
                XCTAssertEqual(u, Double(x) / 4_294_967_296.0, "seed \(seed), output \(i)")
                if u != Double(x) / 4_294_967_296.0 { break }
            }
        }
    }

    func testGeneratorNameAndVersion() {
        XCTAssertEqual(RandomStream.generatorName, "taus2")
        let parts = GSLLibrary.version.split(separator: ".")
        XCTAssertGreaterThanOrEqual(parts.count, 2, "version \(GSLLibrary.version)")
        XCTAssertTrue(parts.allSatisfy { Int($0) != nil }, "version \(GSLLibrary.version)")
        XCTAssertGreaterThanOrEqual(Int(parts[0]) ?? 0, 2, "version \(GSLLibrary.version)")
    }

    func testUniformIsOpenInterval() {
        let seed: UInt32 = 99
        let s = RandomStream(seed: seed)
        for _ in 0..<100_000 {
            let u = s.uniform()
            XCTAssert(u > 0 && u < 1, "seed \(seed): uniform() returned \(u)")
        }
    }

    func testDiscreteNeverPicksZeroWeight() {
        let seed: UInt32 = 4242
        let s = RandomStream(seed: seed)
        var counts = [0, 0, 0, 0]
        for _ in 0..<50_000 { counts[s.discrete(weights: [2, 0, 5, 3])] += 1 }
        XCTAssertEqual(counts[1], 0, "seed \(seed): zero-weight index drawn")
        XCTAssertEqual(counts.reduce(0, +), 50_000)
    }

    func testBinomialExtremes() {
        let s = RandomStream(seed: 5)
        XCTAssertEqual(s.binomial(p: 0, n: 40), 0)
        XCTAssertEqual(s.binomial(p: 1, n: 40), 40)
        XCTAssertFalse(s.bernoulli(p: 0))
        XCTAssertTrue(s.bernoulli(p: 1))
    }
}
