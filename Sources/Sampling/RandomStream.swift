import CGSL

/// One taus2 random number stream, owning its `gsl_rng`.
///
/// Why taus2 (L'Ecuyer 1996, maximally equidistributed combined Tausworthe, period 2^88) rather than mt19937:
/// every assumption of every draw gets its own freshly seeded stream (common random numbers), so a run seeds
/// ~20 streams per draw. Seeding mt19937 fills 624 words (~4 µs measured here, ~40% of a whole draw of the reference scenario);
/// seeding taus2 is three LCG steps and six warm-up outputs (~0.02 µs). Each stream then yields only a few
/// numbers, far inside either period.
///
/// Not safe to share between threads: give each worker its own stream and `reseed` it per draw with
/// `SeedDerivation.streamSeed(master:draw:)`, so results do not depend on the number of workers.
/// The handle is freed in `deinit`.
///
/// The samplers do not check their parameters (neither does GSL; see `DistributionCheck`), except `beta`,
/// where GSL would loop forever.
public final class RandomStream {
    /// Name GSL reports for the generator ("taus2"); written into output headers for reproducibility.
    public static let generatorName: String = String(cString: cgsl_rng_taus2().pointee.name)

    /// Internal (not private) so the sampler extension in RandomStream+Distributions.swift can use it.
    let rng: UnsafeMutablePointer<gsl_rng>

    /// Allocates a taus2 stream seeded with `seed`. Note taus2 treats seed 0 as 1.
    public init(seed: UInt32) {
        GSLLibrary.configure()
        guard let rng = gsl_rng_alloc(cgsl_rng_taus2()) else {
            fatalError("gsl_rng_alloc failed: out of memory")
        }
        self.rng = rng
        gsl_rng_set(rng, UInt(seed))
    }

    deinit {
        gsl_rng_free(rng)
    }

    /// Restarts the stream as if freshly created with `seed`.
    public func reseed(_ seed: UInt32) {
        gsl_rng_set(rng, UInt(seed))
    }

    /// Uniform on the open interval (0, 1): never exactly 0, so it is safe for logs and inverse CDFs.
    public func uniform() -> Double {
        gsl_rng_uniform_pos(rng)
    }

    /// Uniform on [0, 1); used where a cumulative search needs the half-open interval.
    func uniformHalfOpen() -> Double {
        gsl_rng_uniform(rng)
    }
}
