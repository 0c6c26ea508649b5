#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rogers-Castro model migration schedule (Rogers & Castro 1981), without the retirement peak: the
/// migrant age profile that carries migration above or below trend (parameters from `inputs.migration_profiles`).
public enum RogersCastro {
    public static func rate(age x: Double, a1: Double, alpha1: Double, a2: Double, alpha2: Double, mu2: Double,
                            lambda2: Double, c: Double) -> Double {
        a1 * exp(-alpha1 * x) + a2 * exp(-alpha2 * (x - mu2) - exp(-lambda2 * (x - mu2))) + c
    }
}
