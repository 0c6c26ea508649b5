import CGSL

/// Process-wide facts about and set-up of the linked GSL.
public enum GSLLibrary {
    /// Run-time GSL version (e.g. "2.7.1"), read from the library rather than the header so output headers
    /// record the code that actually ran.
    public static var version: String { String(cString: cgsl_version()) }

    /// Switches GSL's abort-on-error handler off, exactly once per process.
    ///
    /// Every wrapper in this module checks GSL status codes and throws `GSLError`, so the default handler
    /// (which calls `abort()`) must never run. A `static let` initialiser is run once, thread-safely, by the
    /// Swift runtime, so calling this from many workers is cheap and race-free.
    public static func configure() {
        _ = handlerSwitchedOff
    }

    private static let handlerSwitchedOff: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()
}
