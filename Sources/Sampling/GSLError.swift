import CGSL

/// A failure reported by GSL (a status code) or detected by this module before calling GSL.
///
/// GSL's default error handler calls `abort()`, so `GSLLibrary.configure()` switches it off and every
/// status code is checked and turned into this value instead. `code` uses GSL's numbering (`GSL_EDOM`,
/// `GSL_EINVAL`, ...) even when the check happened in Swift, so callers can branch on one scheme.
public struct GSLError: Error, CustomStringConvertible, Equatable {
    /// GSL status code, e.g. `GSL_EINVAL` (4).
    public let code: Int32
    /// What went wrong, in words that name the offending input.
    public let reason: String

    public init(code: Int32, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `reason` followed by GSL's own text for `code`, e.g. "dimensions must be in 1...40 (got 41) [GSL 4: invalid argument supplied by user]".
    public var description: String {
        "\(reason) [GSL \(code): \(String(cString: gsl_strerror(code)))]"
    }
}

extension GSLError {
    /// GSL's error constants import as `Int` while its functions return `Int32`; convert once here.
    init(_ code: Int, _ reason: String) {
        self.init(code: Int32(code), reason: reason)
    }

    /// Throws when `status` is not `GSL_SUCCESS`; `context` names the call that failed.
    static func check(_ status: Int32, _ context: @autoclosure () -> String) throws(GSLError) {
        guard status != Int32(GSL_SUCCESS) else { return }
        throw GSLError(code: status, reason: context())
    }
}
