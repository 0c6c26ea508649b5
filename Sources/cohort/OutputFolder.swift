import Foundation

/// Writes a run's files so that a reader never sees a half-written folder: everything goes to a temporary
/// sibling folder, which then replaces the old one by rename. A failure before the rename leaves the
/// previous results untouched.
enum OutputFolder {
    static func write(_ files: [String: String], data: [String: Data] = [:], to folder: URL) throws {
        let fm = FileManager.default
        let parent = folder.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let tmp = parent.appendingPathComponent(".\(folder.lastPathComponent).tmp-\(getpid())")
        try? fm.removeItem(at: tmp)
        try fm.createDirectory(at: tmp, withIntermediateDirectories: false)
        do {
            for (name, bytes) in (files.mapValues { Data($0.utf8) }.merging(data) { _, d in d }).sorted(by: { $0.key < $1.key }) {
                let u = tmp.appendingPathComponent(name)
                try fm.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
                try bytes.write(to: u)
            }
            let old = parent.appendingPathComponent(".\(folder.lastPathComponent).old-\(getpid())")
            if fm.fileExists(atPath: folder.path) { try fm.moveItem(at: folder, to: old) }
            do { try fm.moveItem(at: tmp, to: folder) } catch {
                if fm.fileExists(atPath: old.path) { try? fm.moveItem(at: old, to: folder) }
                throw error
            }
            try? fm.removeItem(at: old)
        } catch {
            try? fm.removeItem(at: tmp)
            throw Failure("could not write \(folder.path): \(error)")
        }
    }
}
