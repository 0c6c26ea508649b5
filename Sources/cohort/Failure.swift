import ArgumentParser
import Demography
import Scenarios
import Sampling

/// The one path by which failures reach the user: a message on stderr (via ArgumentParser) and exit code 1.
struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Runs `body`, turning every domain error into a `Failure` with a readable message.
func userFacing<T>(_ body: () throws -> T) throws -> T {
    do { return try body() }
    catch let e as InputError { throw Failure(e.description) }
    catch let e as ProjectionError { throw Failure("projection failed: \(e.description)") }
    catch let e as GSLError { throw Failure("GSL error: \(e.description)") }
    catch let e as DistributionError { throw Failure(e.description) }
    catch let e as Failure { throw e }
    catch let e as CleanExit { throw e }
    catch let e as ExitCode { throw e }
    catch { throw Failure("\(error)") }
}
