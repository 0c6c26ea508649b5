import CGSL

/// Derivative-free minimisation (GSL Nelder–Mead simplex, `nmsimplex2`), e.g. for calibrating a rate
/// schedule to observed totals where no gradient is available.
public enum Minimizer {
    /// Where the search ended.
    public struct Result: Sendable {
        /// Best point found.
        public let x: [Double]
        /// `f(x)`.
        public let value: Double
        /// Simplex iterations performed.
        public let iterations: Int
        /// Whether the simplex shrank below `tolerance` before `maxIterations` ran out.
        public let converged: Bool

        public init(x: [Double], value: Double, iterations: Int, converged: Bool) {
            self.x = x
            self.value = value
            self.iterations = iterations
            self.converged = converged
        }
    }

    /// Minimises `f` starting from `start`, with initial simplex step sizes `step`.
    ///
    /// Stops when GSL's simplex size (mean distance of vertices from the centre) is below `tolerance`, or
    /// after `maxIterations` (then `converged` is false). `f` must return finite values.
    ///
    /// - Throws: `GSLError` if `start` is empty, `step` has a different length, `f` returns a non-finite
    ///   value at the starting simplex, or GSL reports a failure mid-search.
    public static func minimize(
        _ f: ([Double]) -> Double, start: [Double], step: [Double],
        tolerance: Double = 1e-10, maxIterations: Int = 5000
    ) throws(GSLError) -> Result {
        GSLLibrary.configure()
        guard !start.isEmpty else {
            throw GSLError(GSL_EINVAL, "minimize needs at least one parameter")
        }
        guard step.count == start.count else {
            throw GSLError(GSL_EBADLEN, "step has \(step.count) entries but start has \(start.count)")
        }
        let outcome = withoutActuallyEscaping(f) { f in
            var objective = Objective(f: f, point: [Double](repeating: 0, count: start.count))
            return withUnsafeMutablePointer(to: &objective) { context in
                run(context: context, start: start, step: step, tolerance: tolerance, maxIterations: maxIterations)
            }
        }
        return try outcome.get()
    }

    /// What the C callback reaches through its `params` pointer: the Swift closure plus a reusable buffer.
    private struct Objective {
        let f: ([Double]) -> Double
        var point: [Double]
    }

    /// C entry point GSL calls for each function evaluation; copies the `gsl_vector` into a Swift array.
    private static let callback: @convention(c) (UnsafePointer<gsl_vector>?, UnsafeMutableRawPointer?) -> Double = { vector, params in
        let objective = params!.assumingMemoryBound(to: Objective.self)
        let v = vector!.pointee
        for i in 0..<v.size {
            objective.pointee.point[i] = v.data[i * v.stride]
        }
        return objective.pointee.f(objective.pointee.point)
    }

    private static func run(
        context: UnsafeMutablePointer<Objective>, start: [Double], step: [Double],
        tolerance: Double, maxIterations: Int
    ) -> Swift.Result<Minimizer.Result, GSLError> {
        let n = start.count
        guard let solver = gsl_multimin_fminimizer_alloc(cgsl_multimin_nmsimplex2(), n) else {
            return .failure(GSLError(GSL_ENOMEM, "gsl_multimin_fminimizer_alloc failed"))
        }
        defer { gsl_multimin_fminimizer_free(solver) }
        guard let x = vector(start) else { return .failure(GSLError(GSL_ENOMEM, "gsl_vector_alloc failed")) }
        defer { gsl_vector_free(x) }
        guard let steps = vector(step) else { return .failure(GSLError(GSL_ENOMEM, "gsl_vector_alloc failed")) }
        defer { gsl_vector_free(steps) }

        var function = gsl_multimin_function(f: callback, n: n, params: UnsafeMutableRawPointer(context))
        var status = gsl_multimin_fminimizer_set(solver, &function, x, steps)
        guard status == Int32(GSL_SUCCESS) else {
            return .failure(GSLError(code: status, reason: "simplex set-up failed at start \(start)"))
        }
        var iterations = 0
        var converged = false
        while iterations < maxIterations && !converged {
            iterations += 1
            status = gsl_multimin_fminimizer_iterate(solver)
            converged = gsl_multimin_test_size(gsl_multimin_fminimizer_size(solver), tolerance) == Int32(GSL_SUCCESS)
            if status != Int32(GSL_SUCCESS) && !converged {
                return .failure(GSLError(code: status, reason: "simplex iteration \(iterations) failed"))
            }
        }
        let best = gsl_multimin_fminimizer_x(solver)!.pointee
        let xs = (0..<n).map { best.data[$0 * best.stride] }
        return .success(Result(x: xs, value: gsl_multimin_fminimizer_minimum(solver),
                               iterations: iterations, converged: converged))
    }

    /// Copies `values` into a new `gsl_vector` (caller frees it).
    private static func vector(_ values: [Double]) -> UnsafeMutablePointer<gsl_vector>? {
        guard let v = gsl_vector_alloc(values.count) else { return nil }
        for (i, value) in values.enumerated() { gsl_vector_set(v, i, value) }
        return v
    }
}
