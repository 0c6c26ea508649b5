/// Maps (master seed, draw index) to the 32-bit seed of that draw's `RandomStream`.
///
/// GSL's taus2 (like mt19937) uses only the low 32 bits of a seed, and hashing (master, draw) naively into 32 bits collides
/// often at 10^5 draws — two draws would then replay the same random numbers. Here the draw index is added
/// to a per-master offset and passed through murmur3's `fmix32`, which is a bijection on `UInt32`, so
/// distinct draws in `0..<UInt32.max` get distinct seeds for any master.
public enum SeedDerivation {
    /// Per-draw 32-bit seed for the generator from (master seed, draw index).
    ///
    /// Unique across draws `0..<UInt32.max` for a given master and never 0 (taus2 silently maps 0 to 1, and
    /// mt19937 to 4357, which could equal another draw's seed).
    ///
    /// How 0 is avoided without a collision: with `base = low32(splitmix64(master))`, draw `d` hashes
    /// `x = base &+ d`. Since `fmix32` is a bijection with `fmix32(0) == 0`, the only draw that would get 0
    /// is the one with `x == 0`. The draws `0..<UInt32.max` use every `x` except `base &- 1` (the value of
    /// the excluded index `UInt32.max`), so `fmix32(base &- 1)` is a seed no valid draw receives; it is given
    /// to the draw with `x == 0`. It is non-zero, because `base &- 1 == 0` would put the zero-producing draw at
    /// index `UInt32.max`, outside the domain.
    ///
    /// - Precondition: `0 <= draw < UInt32.max`.
    public static func streamSeed(master: UInt64, draw: Int) -> UInt32 {
        precondition(draw >= 0 && draw < Int(UInt32.max), "draw index \(draw) outside 0..<\(UInt32.max)")
        let offset = base(master: master)
        let hashed = fmix32(offset &+ UInt32(draw))
        return hashed != 0 ? hashed : fmix32(offset &- 1)
    }

    /// Per-master offset: splitmix64 spreads nearby masters (1, 2, 3, ...) far apart before truncation.
    static func base(master: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: splitmix64(master))
    }

    /// splitmix64 finaliser (Steele, Lea & Flood 2014), as used to seed xoshiro generators.
    static func splitmix64(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// murmur3 32-bit finaliser: each step (xor-shift, multiply by an odd constant) is invertible, so the
    /// whole function is a bijection on `UInt32`, and it maps 0 to 0.
    static func fmix32(_ value: UInt32) -> UInt32 {
        var h = value
        h ^= h >> 16
        h &*= 0x85EB_CA6B
        h ^= h >> 13
        h &*= 0xC2B2_AE35
        h ^= h >> 16
        return h
    }
}
