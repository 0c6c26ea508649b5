import Foundation
import XCTest
@testable import Scenarios

/// The one definition of the scenario format: the committed schema and reference page are generated from it, every
/// shipped scenario passes it and each bad fixture fails with its stated message.
final class ScenarioFormatTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func testCommittedSchemaAndReferencePageAreCurrent() throws {
        let schema = try String(contentsOf: Self.root.appendingPathComponent("docs/cohort-scenario.schema.json"), encoding: .utf8)
        XCTAssertTrue(schema == ScenarioFormat.jsonSchema(),
                      "docs/cohort-scenario.schema.json is stale: run `swift run cohort schema > docs/cohort-scenario.schema.json`")
        let page = try String(contentsOf: Self.root.appendingPathComponent("docs/scenario-reference.md"), encoding: .utf8)
        XCTAssertTrue(page == ScenarioFormat.referencePage(),
                      "docs/scenario-reference.md is stale: run `swift run cohort schema --markdown > docs/scenario-reference.md`")
    }

    func testReferencePageListsEveryKey() {
        // A table has a section of its own; every other key a row.
        func walk(_ specs: [KeySpec], _ prefix: String) -> [String] {
            specs.flatMap { s -> [String] in
                let k = prefix + s.name
                switch s.kind {
                case .table(let inner): return ["## [\(k)]\n"] + walk(inner, k + ".")
                case .tableArray(let inner): return ["## [[\(k)]]\n"] + walk(inner, k + ".")
                default: return ["| `\(k)` |"]
                }
            }
        }
        let page = ScenarioFormat.referencePage()
        let all = walk(ScenarioFormat.keys, "")
        XCTAssertGreaterThan(all.count, 60)
        for k in all { XCTAssertTrue(page.contains(k), "\(k) is missing from the reference page") }
    }

    static var shipped: [URL] {
        let fm = FileManager.default
        return ["Scenarios", "Tests/Fixtures/tiny", "Tests/Fixtures/mc"].flatMap { d -> [URL] in
            let dir = root.appendingPathComponent(d)
            return ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
                .map { dir.appendingPathComponent($0) }
        }
    }

    func testEveryShippedScenarioIsValid() throws {
        XCTAssertEqual(Self.shipped.count, 6)
        for u in Self.shipped {
            XCTAssertNoThrow(try ScenarioLoader.load(u), u.lastPathComponent)
        }
    }

    func testEveryBadFixtureIsRejectedWithItsMessage() throws {
        let dir = Self.root.appendingPathComponent("Tests/Fixtures/bad-scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".toml") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 10)
        for f in files {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            let expect = try XCTUnwrap(text.components(separatedBy: "\n").first { $0.hasPrefix("# expect: ") }?.dropFirst(10), f)
            do {
                _ = try ScenarioLoader.load(dir.appendingPathComponent(f))
                XCTFail("\(f) loaded; expected: \(expect)")
            } catch {
                XCTAssertTrue(error.description.contains(expect), "\(f): expected \"\(expect)\" in: \(error.description)")
            }
        }
    }
}
