import Foundation
import XCTest

/// Runs the built `cohort` executable. It sits in the products folder next to the test bundle.
enum Cohort {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let tinyFixture = packageRoot.appendingPathComponent("Tests/Fixtures/tiny")

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var crashed: Bool
    }

    /// The `cohort` binary: a sibling of the test bundle (Bundle.main.bundleURL or its parent on Linux).
    static func binary() throws -> URL {
        var dirs: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let e = Bundle.main.executableURL { dirs.append(e.deletingLastPathComponent()) }
        let arg0 = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        dirs += [arg0, arg0.deletingLastPathComponent()]
        for b in Bundle.allBundles { dirs += [b.bundleURL, b.bundleURL.deletingLastPathComponent()] }
        let fm = FileManager.default
        for d in dirs {
            let u = d.appendingPathComponent("cohort")
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: u.path, isDirectory: &isDir), !isDir.boolValue, fm.isExecutableFile(atPath: u.path) {
                return u
            }
        }
        throw BinaryNotFound(description: """
            the `cohort` executable was not found next to the test bundle; looked in:
            \(dirs.map(\.path).joined(separator: "\n"))
            Build it first: swift build --scratch-path .build-tests
            """)
    }

    /// Runs `cohort args...` in `cwd`, capturing stdout and stderr through files (no pipe deadlocks).
    @discardableResult
    static func run(_ args: [String], cwd: URL, environment: [String: String]? = nil) throws -> Result {
        let exe: URL
        do { exe = try binary() } catch {
            // A missing binary is a failure, never a skip: the CLI tests must not pass vacuously.
            XCTFail("\(error)")
            throw error
        }
        let fm = FileManager.default
        let io = fm.temporaryDirectory.appendingPathComponent("cohort-io-\(UUID().uuidString)")
        try fm.createDirectory(at: io, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: io) }
        let out = io.appendingPathComponent("out"), err = io.appendingPathComponent("err")
        _ = fm.createFile(atPath: out.path, contents: nil)
        _ = fm.createFile(atPath: err.path, contents: nil)
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        p.currentDirectoryURL = cwd
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        for (k, v) in environment ?? [:] { env[k] = v }
        p.environment = env
        let oh = try FileHandle(forWritingTo: out), eh = try FileHandle(forWritingTo: err)
        p.standardOutput = oh
        p.standardError = eh
        try p.run()
        p.waitUntilExit()
        try oh.close(); try eh.close()
        return Result(status: p.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self),
                      crashed: p.terminationReason == .uncaughtSignal)
    }
}

struct BinaryNotFound: Error, CustomStringConvertible {
    let description: String
}

/// A temporary working folder holding a copy of the tiny fixture at `tiny/`.
struct Workspace {
    let root: URL
    var fixture: URL { root.appendingPathComponent("tiny") }
    var scenarioPath: String { "tiny/tiny.toml" }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Cohort.tinyFixture, to: fixture)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func url(_ rel: String) -> URL { root.appendingPathComponent(rel) }

    func read(_ rel: String) throws -> String { try String(contentsOf: url(rel), encoding: .utf8) }

    func write(_ rel: String, _ text: String) throws { try text.write(to: url(rel), atomically: true, encoding: .utf8) }

    /// Replaces exactly one occurrence of `old` in `rel`.
    func replace(_ rel: String, _ old: String, with new: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = try read(rel)
        let n = text.components(separatedBy: old).count - 1
        XCTAssertEqual(n, 1, "\(rel): '\(old)' occurs \(n) times", file: file, line: line)
        try write(rel, text.replacingOccurrences(of: old, with: new))
    }

    func run(_ args: [String]) throws -> Cohort.Result { try Cohort.run(args, cwd: root) }
}

/// Every file below `folder` (relative path -> bytes), for byte-for-byte comparisons.
func snapshot(_ folder: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let fm = FileManager.default
    guard let e = fm.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return out }
    let base = folder.standardizedFileURL.path + "/"
    for case let u as URL in e {
        guard (try u.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
        let p = u.standardizedFileURL.path
        out[p.hasPrefix(base) ? String(p.dropFirst(base.count)) : p] = try Data(contentsOf: u)
    }
    return out
}

/// Rows of a CSV text as field arrays (the outputs never quote the fields read here).
func csvRows(_ text: String) -> [[String]] {
    text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}
