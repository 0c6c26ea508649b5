import ArgumentParser
import Foundation

/// `cohort`: population and health-service demand forecasts for integrated care systems.
@main
struct Cohort: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "Cohort-component population and health-service demand forecasts for NHS integrated care systems.",
        discussion: """
        Typical use:
          cohort run Scenarios/blmk-baseline.toml          # writes Outputs/blmk-baseline/
          cohort check Outputs/blmk-baseline --against Outputs/reference/blmk-baseline
        """,
        version: "0.1.0",
        subcommands: [Run.self, New.self, Compare.self, Batch.self, Combine.self, BacktestCommand.self, Check.self, Calibrate.self, Derive.self, Validate.self, Show.self, Schema.self, Bench.self])

    /// As ArgumentParser's, except that a usage error of `check` exits 2 ("could not compare"), not 64: in a CI
    /// pipeline every exit code of check other than 0 and 1 means the comparison did not happen.
    static func main() {
        let args = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(args)
            try command.run()
        } catch {
            if args.first == "check", exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
