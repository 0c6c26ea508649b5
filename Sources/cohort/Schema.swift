import ArgumentParser
import Scenarios

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema of scenario files (or, with --markdown, the reference page).",
        discussion: """
        Both come from the one definition of the format (Sources/Scenarios/ScenarioFormat.swift); the committed \
        copies are docs/cohort-scenario.schema.json and docs/scenario-reference.md:
          cohort schema > docs/cohort-scenario.schema.json
          cohort schema --markdown > docs/scenario-reference.md
        """)

    @Flag(help: "Print docs/scenario-reference.md instead.") var markdown = false

    func run() {
        print(markdown ? ScenarioFormat.referencePage() : ScenarioFormat.jsonSchema(), terminator: "")
    }
}
