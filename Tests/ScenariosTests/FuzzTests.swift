import Foundation
import XCTest
@testable import Scenarios

/// A deterministic mutation fuzzer for the scenario loader and the CSV readers (libFuzzer's `-sanitize=fuzzer` needs
/// a separate executable with no `main`, which SwiftPM would also try to link in every ordinary build).
///
/// Each input is a seed from Tests/Fixtures/fuzz/ (or a tiny fixture CSV) with 1-4 mutations chosen by a seeded
/// generator: the same (seed, iteration) always gives the same input. Every input must either load or fail with an
/// `InputError`; a crash (trap, abort) kills the test process, and the input that did it is left at
/// `<tmp>/cohort-fuzz-<pid>/` (the path is printed first) to turn into a regression under fuzz/regressions/.
/// Bounded by COHORT_FUZZ_SECONDS (default 10) and COHORT_FUZZ_ITERATIONS (default 100000), whichever ends first.
final class FuzzTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// SplitMix64: small, fast, and the same on every platform.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    }

    /// Pieces that reach the parsers' corners: brackets, quotes, comments, escapes, extreme and non-decimal numbers,
    /// control bytes, invalid UTF-8, line endings.
    static let tokens: [[UInt8]] = [
        "[", "[[", "]", "]]", "[ ", "[ # c", "{", "}", "=", " = ", ",", ".", "#", "\"", "'", "\"\"\"", "'''", "\\", "\\u",
        "\n", "\r\n", "\r", "\t", " ", "0", "-1", "1e308", "-1e308", "1e-9", "nan", "inf", "-inf", "0x49D", "0b1", "0o7",
        "9223372036854775807", "-9223372036854775808", "99999999999999999999", "true", "2020-01-01", "1_000", "+",
        "\"A\"", "A", "draws", "base_year", "extends", "[uncertainty]", "[[new_towns]]", "{ distribution = \"normal\" }",
        "90+", "female", "male", "1979-05-27T07:32:00Z", "07:32:00", "1979-05-27 07:32", "+inf", "-nan", "0x", "1__0",
        "1.", ".5", "1e", "[a.b]", "[\"a\".b]", "a.b.c = 1", "x = [[1], [2]]", "x = {a = {b = 1}}", "\\u0000", "\\x41",
    ].map { Array($0.utf8) } + [[0], [0xFF], [0xC3], [0xE9, 0x0A], [0xEF, 0xBB, 0xBF], [0x7F], [0x01]]

    static func mutate(_ input: [UInt8], _ g: inout Generator) -> [UInt8] {
        var b = input
        for _ in 0...g.below(4) {
            let at = g.below(b.count + 1)
            switch g.below(8) {
            case 0: if !b.isEmpty { b[min(at, b.count - 1)] ^= UInt8(1 << g.below(8)) }              // flip a bit
            case 1: b.insert(contentsOf: tokens[g.below(tokens.count)], at: at)                       // insert a token
            case 2: b.removeSubrange(at..<min(b.count, at + 1 + g.below(16)))                        // delete a run
            case 3: if !b.isEmpty { b[min(at, b.count - 1)] = UInt8(truncatingIfNeeded: g.next()) }  // random byte
            case 4:                                                                                   // duplicate a run
                let end = min(b.count, at + 1 + g.below(64))
                b.insert(contentsOf: Array(b[at..<end]), at: g.below(b.count + 1))
            case 5: b = Array(b.prefix(at))                                                           // truncate
            case 6:                                                                                   // replace a line
                let lines = b.split(separator: 0x0A, omittingEmptySubsequences: false)
                var l = lines.map(Array.init)
                l[g.below(l.count)] = tokens[g.below(tokens.count)]
                b = Array(l.joined(separator: [0x0A]))
            default:                                                                                  // swap two lines
                var l = b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                let i = g.below(l.count), j = g.below(l.count)
                l.swapAt(i, j)
                b = Array(l.joined(separator: [0x0A]))
            }
        }
        return b
    }

    func seeds(_ folder: String) throws -> [(String, [UInt8])] {
        let dir = Self.fixtures.appendingPathComponent("fuzz/\(folder)")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map {
            ($0, Array(try Data(contentsOf: dir.appendingPathComponent($0))))
        }
    }

    /// What one input does: load it (and, for a scenario that loads, its inputs and the central projection).
    /// Only InputError and the engine's ProjectionError are acceptable outcomes besides success.
    static func exercise(scenario url: URL, inputs: Bool, project: Bool) {
        do {
            let s = try ScenarioLoader.load(url)
            guard inputs else { return }
            let i = try InputSet.load(s)
            if project { _ = try ProjectionRun.run(ModelBuilder(scenario: s, inputs: i), Assumptions(s)) }
        } catch {}
    }

    static func exercise(csv bytes: [UInt8]) {
        guard let text = String(bytes: bytes, encoding: .utf8) else { return }
        guard let t = try? CSVTable(text: text, file: "fuzz.csv") else { return }
        for row in t.rows {
            for c in t.header.indices {
                _ = try? t.double(row, c, min: 0, max: 10); _ = try? t.int(row, c); _ = try? t.year(row, c)
                _ = try? t.age(row, c); _ = try? t.sex(row, c); _ = t.string(row, c)
            }
        }
        _ = try? t.require(["place", "year"])
    }

    func testMutatedInputsNeverCrash() throws {
        let env = ProcessInfo.processInfo.environment
        let seconds = Double(env["COHORT_FUZZ_SECONDS"] ?? "") ?? 10
        let maxIterations = Int(env["COHORT_FUZZ_ITERATIONS"] ?? "") ?? 100_000
        let seed = UInt64(env["COHORT_FUZZ_SEED"] ?? "") ?? 20261201
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("cohort-fuzz-\(getpid())")
        try? fm.removeItem(at: work)
        try fm.copyItem(at: Self.fixtures.appendingPathComponent("tiny"), to: work)
        print("fuzz: seed \(seed), inputs written to \(work.path) (the last one is what crashed, if anything did)")
        try fm.copyItem(at: work.appendingPathComponent("tiny.toml"), to: work.appendingPathComponent("parent.toml"))
        let scenarios = try seeds("scenario"), csvs = try seeds("csv")
        let tinyCSVs = try fm.contentsOfDirectory(atPath: work.path).filter { $0.hasSuffix(".csv") }.sorted()
        let originals = try Dictionary(uniqueKeysWithValues: tinyCSVs.map { ($0, try Data(contentsOf: work.appendingPathComponent($0))) })
        var g = Generator(state: seed)
        let start = Date()
        var counts = (scenario: 0, inputFile: 0, csv: 0)
        var i = 0
        while i < maxIterations, Date().timeIntervalSince(start) < seconds {
            i += 1
            switch g.below(10) {
            case 0..<6:   // a mutated scenario over intact inputs
                let (name, bytes) = scenarios[g.below(scenarios.count)]
                let url = work.appendingPathComponent("fuzz-\(name)")
                try Data(Self.mutate(bytes, &g)).write(to: url)
                let deep = g.below(8) == 0   // reading the inputs costs far more than the scenario
                Self.exercise(scenario: url, inputs: deep, project: deep)
                counts.scenario += 1
            case 6:       // the tiny scenario over one mutated input file (slower: it reads every input)
                let name = tinyCSVs[g.below(tinyCSVs.count)]
                let file = work.appendingPathComponent(name)
                try Data(Self.mutate(Array(originals[name]!), &g)).write(to: file)
                Self.exercise(scenario: work.appendingPathComponent("tiny.toml"), inputs: true, project: g.below(4) == 0)
                try originals[name]!.write(to: file)
                counts.inputFile += 1
            default:      // the CSV reader alone
                let (name, bytes) = csvs[g.below(csvs.count)]
                let m = Self.mutate(bytes, &g)
                try Data(m).write(to: work.appendingPathComponent("fuzz-\(name)"))
                Self.exercise(csv: m)
                counts.csv += 1
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        print("fuzz: \(i) inputs in \(String(format: "%.1f", elapsed)) s (\(counts.scenario) scenarios, \(counts.inputFile) scenario input files, \(counts.csv) CSV texts), no crash")
        try? fm.removeItem(at: work)
        XCTAssertGreaterThan(i, 0)
        XCTAssertGreaterThan(counts.scenario, 0)
    }

    /// Inputs that once crashed, kept under fuzz/regressions/: each must now be an input error.
    func testRegressions() throws {
        let fm = FileManager.default
        let dir = Self.fixtures.appendingPathComponent("fuzz/regressions")
        let work = fm.temporaryDirectory.appendingPathComponent("cohort-fuzzreg-\(UUID().uuidString)")
        try fm.copyItem(at: Self.fixtures.appendingPathComponent("tiny"), to: work)
        defer { try? fm.removeItem(at: work) }
        let names = try fm.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".toml") }.sorted()
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let url = work.appendingPathComponent(name)
            try fm.copyItem(at: dir.appendingPathComponent(name), to: url)
            XCTAssertThrowsError(try ScenarioLoader.load(url), name) { e in
                XCTAssertTrue(e is InputError, "\(name): \(e)")
                XCTAssertTrue("\(e)".contains("line "), "\(name): the error should give the line: \(e)")
            }
        }
    }
}
