import Foundation

/// The one error a user sees for bad input: where (file, line or key path), what was found, what was expected.
public struct InputError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var location: String?
    public var message: String
    /// Further problems found in the same pass (a scenario file's errors are reported together).
    public var others: [InputError] = []
    /// Problems found but not listed (the list is bounded).
    public var notShown = 0

    public init(file: String, location: String? = nil, _ message: String) {
        self.file = file; self.location = location; self.message = message
    }
    public var description: String {
        let first = location.map { "\(file): \($0): \(message)" } ?? "\(file): \(message)"
        guard !others.isEmpty || notShown > 0 else { return first }
        var lines = [first] + others.map(\.description)
        if notShown > 0 { lines.append("... and \(notShown) more problems (the first \(lines.count) are shown)") }
        return lines.joined(separator: "\n")
    }
}

/// Paths in messages are shown relative to the working directory when they are below it.
public func displayPath(_ url: URL) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/"
    let p = url.standardizedFileURL.path
    return p.hasPrefix(cwd) ? String(p.dropFirst(cwd.count)) : p
}

/// Formats a number the way a user typed it (no trailing ".0" noise).
func show(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
}
