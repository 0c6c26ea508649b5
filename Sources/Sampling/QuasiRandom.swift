import CGSL

/// A Sobol low-discrepancy sequence, for covering a parameter space evenly with fewer runs than random draws.
///
/// Owns one `gsl_qrng`, freed in `deinit`. Not safe to share between threads.
public final class QuasiRandom {
    /// Largest dimension GSL's Sobol generator supports.
    public static let maxDimensions = 40

    /// Number of coordinates in each point.
    public let dimensions: Int

    private let qrng: UnsafeMutablePointer<gsl_qrng>

    /// - Throws: `GSLError` (`GSL_EINVAL`) unless `dimensions` is in 1...40. Checked here because
    ///   `gsl_qrng_alloc` with too many dimensions returns an uninitialised generator instead of failing.
    public init(dimensions: Int) throws(GSLError) {
        GSLLibrary.configure()
        guard (1...Self.maxDimensions).contains(dimensions) else {
            throw GSLError(GSL_EINVAL, "Sobol dimensions must be in 1...\(Self.maxDimensions) (got \(dimensions))")
        }
        guard let qrng = gsl_qrng_alloc(cgsl_qrng_sobol(), UInt32(dimensions)) else {
            throw GSLError(GSL_ENOMEM, "gsl_qrng_alloc failed for \(dimensions) Sobol dimensions")
        }
        self.dimensions = dimensions
        self.qrng = qrng
    }

    deinit {
        gsl_qrng_free(qrng)
    }

    /// The next point, each coordinate in (0, 1). The first 2-D points are (0.5, 0.5), (0.75, 0.25), (0.25, 0.75).
    public func next() -> [Double] {
        var point = [Double](repeating: 0, count: dimensions)
        next(into: &point)
        return point
    }

    /// Writes the next point into `point` without allocating when it already has `dimensions` elements
    /// (otherwise it is resized first).
    ///
    /// - Precondition: the sequence is not exhausted (GSL's Sobol stops after 2^30 points).
    public func next(into point: inout [Double]) {
        if point.count != dimensions {
            point = [Double](repeating: 0, count: dimensions)
        }
        let status = point.withUnsafeMutableBufferPointer { buffer in
            gsl_qrng_get(qrng, buffer.baseAddress)
        }
        precondition(status == Int32(GSL_SUCCESS), "gsl_qrng_get failed (status \(status)): Sobol sequence exhausted")
    }
}
