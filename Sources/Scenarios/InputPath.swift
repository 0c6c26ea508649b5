import Foundation

/// Why `url` cannot be read as an input file ("not found", a folder, a device), or nil when it can; `named` puts
/// the path in the phrase (for messages that do not start with it).
func fileProblem(_ url: URL, named: Bool = true) -> String? {
    let name = named ? displayPath(url) + " " : ""
    var st = stat()
    guard stat(url.path, &st) == 0 else { return named ? "file \(name)not found" : "not found" }
    switch st.st_mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return "\(name)is a folder, not a file"
    default: return "\(name)is not a regular file (a device, pipe or socket)"
    }
}

extension ConfigReader {
    /// The input file named by `key` (relative paths against `dir`; nil when already absolute). An empty path, a
    /// folder or a device is an error naming the key; a missing file is allowed when `derivable` (about to be made).
    func inputFile(_ key: String, relativeTo dir: URL? = nil, derivable: Bool = false,
                   expected: String = "expected an existing input file") throws(InputError) -> URL {
        let s = try string(key)
        guard !s.isEmpty else { throw error(key, "= \"\" is empty; expected the path of an input file") }
        let u = (dir.map { URL(fileURLWithPath: s, relativeTo: $0) } ?? URL(fileURLWithPath: s)).standardizedFileURL
        if let p = fileProblem(u), !(derivable && !FileManager.default.fileExists(atPath: u.path)) {
            throw error(key, "\(p); \(expected)")
        }
        return u
    }
}
