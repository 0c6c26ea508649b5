import Foundation

/// Writes several files below one folder so that either all of them are in place or none changed: each file is
/// written to a temporary sibling first, the files it replaces are set aside, and only then is everything renamed
/// into place. Any failure undoes what was done (temporary files, set-aside files, folders it created).
enum FileSet {
    static func write(_ files: [(path: String, text: String)], under dir: URL) throws {
        let fm = FileManager.default, tag = "\(getpid())"
        var createdDirs: [URL] = [], temps: [(tmp: URL, target: URL)] = [], setAside: [(old: URL, target: URL)] = []
        var placed: [URL] = []
        func undo() {
            for t in placed { try? fm.removeItem(at: t) }
            for s in setAside { try? fm.moveItem(at: s.old, to: s.target) }
            for t in temps { try? fm.removeItem(at: t.tmp) }
            for d in createdDirs.reversed() { try? fm.removeItem(at: d) }
        }
        do {
            for f in files {
                let target = dir.appendingPathComponent(f.path)
                // Create missing folders one level at a time so exactly those can be removed on failure.
                var missing: [URL] = [], d = target.deletingLastPathComponent()
                while !fm.fileExists(atPath: d.path) { missing.append(d); d = d.deletingLastPathComponent() }
                for m in missing.reversed() {
                    try fm.createDirectory(at: m, withIntermediateDirectories: false)
                    createdDirs.append(m)
                }
                let tmp = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp-\(tag)")
                try Data(f.text.utf8).write(to: tmp)
                temps.append((tmp, target))
            }
            for t in temps where fm.fileExists(atPath: t.target.path) {
                let old = t.target.deletingLastPathComponent().appendingPathComponent(".\(t.target.lastPathComponent).old-\(tag)")
                try fm.moveItem(at: t.target, to: old)
                setAside.append((old, t.target))
            }
            for t in temps {
                try fm.moveItem(at: t.tmp, to: t.target)
                placed.append(t.target)
            }
        } catch {
            undo()
            throw Failure("could not write \(dir.path): \(error.localizedDescription); nothing was changed")
        }
        for s in setAside { try? fm.removeItem(at: s.old) }
    }
}
