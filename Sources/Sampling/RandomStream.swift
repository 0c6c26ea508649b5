import CGSL

/// One mt19937 random number stream, owning its `gsl_rng`.
///
/// Not safe to share between threads: give each worker its own stream and `reseed` it per draw with
/// `SeedDerivation.streamSeed(master:draw:)`, so results do not depend on the number of workers
/// (reseeding costs ~3 µs, allocating ~4 µs). The handle is freed in `deinit`.
///
/// The samplers do not check their parameters (neither does GSL; see `DistributionCheck`), except `beta`,
/// where GSL would loop forever.
public final class RandomStream {
    /// Name GSL reports for the generator ("mt19937"); written into output headers for reproducibility.
    public static let generatorName: String = String(cString: cgsl_rng_mt19937().pointee.name)

    /// Internal (not private) so the sampler extension in RandomStream+Distributions.swift can use it.
    let rng: UnsafeMutablePointer<gsl_rng>

    /// Allocates an mt19937 stream seeded with `seed`. Note mt19937 treats seed 0 as 4357.
    public init(seed: UInt32) {
        GSLLibrary.configure()
        guard let rng = gsl_rng_alloc(cgsl_rng_mt19937()) else {
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
