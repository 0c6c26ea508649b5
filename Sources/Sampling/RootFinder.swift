import CGSL

/// One-dimensional root finding (GSL Brent–Dekker), e.g. to solve for the rate that meets a target total.
public enum RootFinder {
    /// A root of `f` in [lo, hi], where `f(lo)` and `f(hi)` have opposite signs (or one is zero).
    ///
    /// Converges when the bracketing interval's width is below `relTolerance` times its smaller endpoint
    /// magnitude (GSL's `gsl_root_test_interval` with no absolute tolerance), or collapses to a point.
    /// That test cannot pass while the bracket still contains 0, so such a bracket is accepted once its
    /// width is below `relTolerance * max(|lo|, |hi|)`: a root at 0 is found to that absolute accuracy.
    ///
    /// - Throws: `GSLError` with `GSL_EINVAL` if the root is not bracketed or lo > hi, `GSL_EBADFUNC` if `f`
    ///   returns a non-finite value, `GSL_EMAXITER` if `maxIterations` pass without convergence.
    public static func brent(
        _ f: (Double) -> Double, lo: Double, hi: Double,
        relTolerance: Double = 1e-12, maxIterations: Int = 200
    ) throws(GSLError) -> Double {
        GSLLibrary.configure()
        guard lo <= hi else {
            throw GSLError(GSL_EINVAL, "brent needs lo <= hi (got [\(lo), \(hi)])")
        }
        let outcome = withoutActuallyEscaping(f) { f in
            var objective = Objective(f: f)
            return withUnsafeMutablePointer(to: &objective) { context in
                run(context: context, lo: lo, hi: hi, relTolerance: relTolerance, maxIterations: maxIterations)
            }
        }
        return try outcome.get()
    }

    /// What the C callback reaches through its `params` pointer.
    private struct Objective {
        let f: (Double) -> Double
    }

    /// C entry point GSL calls for each function evaluation.
    private static let callback: @convention(c) (Double, UnsafeMutableRawPointer?) -> Double = { x, params in
        params!.assumingMemoryBound(to: Objective.self).pointee.f(x)
    }

    private static func run(
        context: UnsafeMutablePointer<Objective>, lo: Double, hi: Double,
        relTolerance: Double, maxIterations: Int
    ) -> Result<Double, GSLError> {
        let fLo = context.pointee.f(lo), fHi = context.pointee.f(hi)
        if fLo == 0 { return .success(lo) }
        if fHi == 0 { return .success(hi) }
        guard let solver = gsl_root_fsolver_alloc(cgsl_root_brent()) else {
            return .failure(GSLError(GSL_ENOMEM, "gsl_root_fsolver_alloc failed"))
        }
        defer { gsl_root_fsolver_free(solver) }
        var function = gsl_function(function: callback, params: UnsafeMutableRawPointer(context))
        var status = gsl_root_fsolver_set(solver, &function, lo, hi)
        guard status == Int32(GSL_SUCCESS) else {
            let reason = status == Int32(GSL_EINVAL)
                ? "root not bracketed: f(\(lo)) = \(fLo) and f(\(hi)) = \(fHi) have the same sign"
                : "Brent set-up failed on [\(lo), \(hi)]"
            return .failure(GSLError(code: status, reason: reason))
        }
        // A relative test can never pass while the bracket contains 0, so a root at (or within
        // relTolerance·scale of) 0 is accepted once the bracket is that narrow, relative to the original one.
        let zeroScale = relTolerance * max(abs(lo), abs(hi))
        for iteration in 1...max(maxIterations, 1) {
            status = gsl_root_fsolver_iterate(solver)
            guard status == Int32(GSL_SUCCESS) else {
                return .failure(GSLError(code: status, reason: "Brent iteration \(iteration) failed on [\(lo), \(hi)]"))
            }
            let a = gsl_root_fsolver_x_lower(solver), b = gsl_root_fsolver_x_upper(solver)
            let straddlesZero = a < 0 && b > 0
            if a == b || gsl_root_test_interval(a, b, 0, relTolerance) == Int32(GSL_SUCCESS)
                || (straddlesZero && b - a < zeroScale) {
                return .success(gsl_root_fsolver_root(solver))
            }
        }
        return .failure(GSLError(GSL_EMAXITER, "Brent did not converge in \(maxIterations) iterations on [\(lo), \(hi)]"))
    }
}
