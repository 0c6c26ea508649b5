import ArgumentParser

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
        subcommands: [Run.self, Compare.self, Check.self, Calibrate.self, Derive.self, Validate.self, Bench.self, BacktestCommand.self])
}
