import Foundation

/// The one error a user sees for bad input: where (file, line or key path), what was found, what was expected.
public struct InputError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var location: String?
    public var message: String

    public init(file: String, location: String? = nil, _ message: String) {
        self.file = file; self.location = location; self.message = message
    }
    public var description: String {
        if let location { return "\(file): \(location): \(message)" }
        return "\(file): \(message)"
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
