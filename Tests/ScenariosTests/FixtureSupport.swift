import Foundation
import XCTest
@testable import Scenarios

/// A private copy of Tests/Fixtures/tiny in a fresh temporary folder, so a test can break one input.
struct TinyFixture {
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tiny")

    /// Parent temporary folder (removed by `remove()`); the fixture is its `tiny/` subfolder.
    let root: URL
    var dir: URL { root.appendingPathComponent("tiny") }
    var scenario: URL { dir.appendingPathComponent("tiny.toml") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-scenarios-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.source, to: root.appendingPathComponent("tiny"))
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func url(_ name: String) -> URL { dir.appendingPathComponent(name) }

    func read(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }

    func write(_ name: String, _ text: String) throws { try text.write(to: url(name), atomically: true, encoding: .utf8) }

    /// Replaces exactly one occurrence of `old` in file `name` (fails the test if there is not exactly one).
    func replace(_ name: String, _ old: String, with new: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = try read(name)
        let n = text.components(separatedBy: old).count - 1
        guard n == 1 else {
            XCTFail("\(name): '\(old)' occurs \(n) times; the edit needs exactly one", file: file, line: line)
            throw CocoaError(.fileReadCorruptFile)
        }
        try write(name, text.replacingOccurrences(of: old, with: new))
    }

    /// 1-based line number of the first line of `name` containing `needle`.
    func lineNumber(_ name: String, of needle: String) throws -> Int {
        let lines = try read(name).components(separatedBy: "\n")
        guard let i = lines.firstIndex(where: { $0.contains(needle) }) else { throw CocoaError(.fileReadUnknown) }
        return i + 1
    }

    /// Expects tiny.toml to fail at the line containing `needle`, naming `key`, with every fragment in the message.
    func assertKeyError(lineOf needle: String, key: String, contains fragments: [String],
                        file: StaticString = #filePath, line: UInt = #line) throws {
        assertInputError(expectInputError(scenario, file: file, line: line), file: "tiny.toml",
                         location: "line \(try lineNumber("tiny.toml", of: needle)), key \(key)", contains: fragments,
                         file: file, line: line)
    }

    func load() throws -> (Scenario, InputSet) {
        let s = try ScenarioLoader.load(scenario)
        return (s, try InputSet.load(s))
    }
}

/// Loads `scenario` and its inputs, expecting an InputError; returns it for inspection.
func expectInputError(_ scenario: URL, file: StaticString = #filePath, line: UInt = #line) -> InputError? {
    do {
        let s = try ScenarioLoader.load(scenario)
        _ = try InputSet.load(s)
        XCTFail("expected an input error, but \(scenario.lastPathComponent) loaded", file: file, line: line)
        return nil
    } catch {
        let any: any Error = error
        guard let e = any as? InputError else {
            XCTFail("expected an InputError, got \(error)", file: file, line: line)
            return nil
        }
        return e
    }
}

/// Asserts the error points at `file` (by last path component), has `location` (exactly, or nil) and that its
/// message contains every fragment.
func assertInputError(_ e: InputError?, file name: String, location: String?, contains fragments: [String],
                      file: StaticString = #filePath, line: UInt = #line) {
    guard let e else { return }
    XCTAssertEqual(URL(fileURLWithPath: e.file).lastPathComponent, name, "file of: \(e)", file: file, line: line)
    XCTAssertEqual(e.location, location, "location of: \(e)", file: file, line: line)
    for f in fragments {
        XCTAssertTrue(e.message.contains(f), "message should contain \"\(f)\": \(e)", file: file, line: line)
    }
    // The user sees "file: location: message".
    XCTAssertEqual(e.description, ([e.file] + (e.location.map { [$0] } ?? []) + [e.message]).joined(separator: ": "),
                   file: file, line: line)
}

/// Asserts |a - b| <= tol, naming what was compared.
func assertClose(_ a: Double, _ b: Double, tol: Double, _ what: @autoclosure () -> String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssert(abs(a - b) <= tol, "\(what()): got \(a), expected \(b) (tolerance \(tol))", file: file, line: line)
}
