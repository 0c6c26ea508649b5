import Foundation
import Scenarios
#if canImport(Glibc)
import Glibc
#endif

/// Writes a run's files so that a reader never sees a half-written folder, even if the process is killed at any
/// point: everything goes to a temporary sibling folder `.<name>.tmp-<pid>` (each file fsync'ed, then the folder),
/// which then takes the place of the old folder in one atomic exchange (Linux renameat2 RENAME_EXCHANGE); the old
/// contents, now under the temporary name, are removed after. The temporary folder is also the claim on the name: a
/// run finding a live process's claim stops with a message; the claims of dead processes are litter, removed by the
/// next run of the name (claims are checked and made under a short flock of the outputs folder, so no lock file).
enum OutputFolder {
    /// A file produced in pieces (e.g. draws.csv), handed to `emit` in order; each piece ends at a row boundary.
    typealias Stream = (_ emit: (String) throws -> Void) throws -> Void

    /// - Parameter data: binary files (the Excel workbook), written as they are.
    static func write(_ files: [String: String], data: [String: Data] = [:], streams: [String: Stream] = [:], to folder: URL) throws {
        let fm = FileManager.default
        let parent = folder.deletingLastPathComponent(), name = folder.lastPathComponent
        let tmp = try claim(folder)
        do {
            for (n, (file, text)) in files.sorted(by: { $0.key < $1.key }).enumerated() {
                try writeFile(tmp.appendingPathComponent(file), name: file) { emit in try emit(text) }
                if n == files.count / 2 { Fault.point("writing-files") }
            }
            for (file, bytes) in data.sorted(by: { $0.key < $1.key }) {
                try FileManager.default.createDirectory(at: tmp.appendingPathComponent(file).deletingLastPathComponent(), withIntermediateDirectories: true)
                let w = try FileWriter(path: tmp.appendingPathComponent(file).path)
                try w.write(bytes)
                try w.close()
            }
            for (file, stream) in streams.sorted(by: { $0.key < $1.key }) {
                try writeFile(tmp.appendingPathComponent(file), name: file, stream)
            }
            try FileWriter.syncFolder(tmp.path)
            Fault.point("before-swap")
            try swap(tmp, into: folder)
        } catch {
            try? fm.removeItem(at: tmp)
            if let e = error as? Failure { throw e }
            throw Failure("could not write \(folder.path): \(readable(error))")
        }
    }

    /// One output file, through the chunked writer; CSV text is checked finite on the way (nothing is kept).
    static func writeFile(_ url: URL, name: String, _ produce: Stream) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let w = try FileWriter(path: url.path)
        var check = name.hasSuffix(".csv") ? FiniteCheck(file: name) : nil
        try produce { piece in
            try check?.feed(piece)
            try w.write(piece)
        }
        try w.close()
    }

    /// Puts `tmp` in the place of `folder` atomically, then removes the old contents.
    static func swap(_ tmp: URL, into folder: URL) throws {
        let parent = folder.deletingLastPathComponent().path
        if FileManager.default.fileExists(atPath: folder.path) || isSymlink(folder.path) {
            // COHORT_TEST_NO_EXCHANGE: tests take the two-rename path.
            if let exchange = renameExchange, ProcessInfo.processInfo.environment["COHORT_TEST_NO_EXCHANGE"] == nil,
               exchange(AT_FDCWD, tmp.path, AT_FDCWD, folder.path, 2 /* RENAME_EXCHANGE */) == 0 {
                Fault.point("after-exchange")
                try FileWriter.syncFolder(parent)
                Fault.point("after-sync")
                try? FileManager.default.removeItem(at: tmp)   // now the old contents
                return
            }
            // No RENAME_EXCHANGE (another system or filesystem): two renames; a run killed between them leaves the old
            // folder under `.old-<pid>`, which the next run puts back (claim).
            let old = folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent).old-\(getpid())")
            try renameOrFail(folder.path, old.path)
            Fault.point("between-renames")
            do { try renameOrFail(tmp.path, folder.path) } catch {
                _ = rename(old.path, folder.path)
                throw error
            }
            try FileWriter.syncFolder(parent)
            try? FileManager.default.removeItem(at: old)
        } else {
            try renameOrFail(tmp.path, folder.path)
            Fault.point("after-rename")
            try FileWriter.syncFolder(parent)
        }
    }

    static func renameOrFail(_ from: String, _ to: String) throws {
        guard rename(from, to) == 0 else { throw Failure("could not rename \(from) to \(to): \(String(cString: strerror(errno)))") }
    }

    static func isSymlink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    /// renameat2 from the C library (Glibc's Swift module does not declare it); nil where it does not exist.
    static let renameExchange: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32)? = {
        guard let sym = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
        return unsafeBitCast(sym, to: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32).self)
    }()

    /// Makes `.<name>.tmp-<pid>`, this run's claim on the name, after removing what dead runs of the name left:
    /// `.tmp-<pid>` (a new folder not yet swapped in, or an old one swapped out) and `.old-<pid>` (the previous folder,
    /// put back first if a run died between two renames and left no folder). Fails if a live process holds a claim.
    static func claim(_ folder: URL) throws -> URL {
        let fm = FileManager.default
        let parent = folder.deletingLastPathComponent(), name = folder.lastPathComponent
        do { try fm.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
            throw Failure("could not create the outputs folder \(parent.path): \(readable(error))")
        }
        // Held only while claims are checked and made: the kernel releases it however the process ends.
        let dir = open(parent.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { throw Failure("could not open the outputs folder \(parent.path): \(String(cString: strerror(errno)))") }
        defer { close(dir) }
        guard flock(dir, LOCK_EX) == 0 else { throw Failure("could not lock the outputs folder \(parent.path): \(String(cString: strerror(errno)))") }
        defer { flock(dir, LOCK_UN) }
        try checkNotBusy(folder)
        let entries = (try? fm.contentsOfDirectory(atPath: parent.path)) ?? []
        for e in entries where e.hasPrefix(".\(name).old-") && !fm.fileExists(atPath: folder.path) && !isSymlink(folder.path) {
            _ = rename(parent.appendingPathComponent(e).path, folder.path)
        }
        for e in entries where claimPID(e, name: name) != nil {
            let u = parent.appendingPathComponent(e)
            if fm.fileExists(atPath: u.path) || isSymlink(u.path) { try? fm.removeItem(at: u) }
        }
        let tmp = parent.appendingPathComponent(".\(name).tmp-\(getpid())")
        do { try fm.createDirectory(at: tmp, withIntermediateDirectories: false) } catch {
            throw Failure("could not create \(tmp.path): \(readable(error))")
        }
        return tmp
    }

    /// Fails if another live cohort process is writing `folder` (holds a claim on its name). Creates nothing.
    static func checkNotBusy(_ folder: URL) throws {
        let parent = folder.deletingLastPathComponent(), name = folder.lastPathComponent
        for e in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] {
            guard let pid = claimPID(e, name: name), pid != getpid(), isLiveCohort(pid) else { continue }
            throw Failure("another cohort process (PID \(pid)) is writing \(folder.path); wait for it to finish, or give this run another --outputs folder")
        }
    }

    /// The PID in `.<name>.tmp-<pid>` or `.<name>.old-<pid>`, else nil.
    static func claimPID(_ entry: String, name: String) -> Int32? {
        for kind in [".tmp-", ".old-"] where entry.hasPrefix("." + name + kind) {
            return Int32(entry.dropFirst(name.count + 1 + kind.count))
        }
        return nil
    }

    /// Whether `pid` is a running cohort process (on Linux by its /proc name, so a reused PID is not mistaken for one).
    static func isLiveCohort(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return true }
        // A killed process not yet reaped by its parent (a zombie, state Z after the name) is not writing.
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let end = stat.lastIndex(of: ")"),
           stat[end...].dropFirst().trimmingCharacters(in: .whitespaces).hasPrefix("Z") { return false }
        return comm.hasPrefix("cohort")
    }

    /// A Foundation error as one readable line ("file exists", "permission denied"), not an NSError dump.
    static func readable(_ error: Error) -> String {
        if let e = error as? Failure { return e.description }
        if let e = error as? FileWriter.Failure { return e.description }
        let ns = error as NSError
        if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(u.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileWriteFileExists: return "a file of that name is in the way"
        case .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on the device"
        case .fileWriteVolumeReadOnly: return "the file system is read-only"
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
        default: return ns.localizedDescription
        }
    }
}

/// Named points of the output swap where a test script can stop the process (COHORT_FAULT_POINT=<name>, with
/// COHORT_FAULT_ACTION=pause (default: say so on stderr and wait to be killed) or abort). Used only by
/// scripts/kill-trials.sh and the lock test; unset in normal use.
enum Fault {
    static func point(_ name: String) {
        let env = ProcessInfo.processInfo.environment
        guard env["COHORT_FAULT_POINT"] == name else { return }
        if env["COHORT_FAULT_ACTION"] == "abort" { abort() }
        FileHandle.standardError.write(Data("cohort: paused at \(name)\n".utf8))
        sleep(600)
    }
}
