import Foundation
#if canImport(Glibc)
import Glibc
#endif

// The C calls under names that the writer's own methods do not hide.
private func sysClose(_ fd: Int32) { _ = close(fd) }
private func sysWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }

/// The one way outputs reach the disk: write(2) in bounded chunks (partial writes and EINTR retried), then fsync.
/// Foundation's `Data.write(to:)` on Linux repeats the first 2,147,479,552 bytes of larger data instead of going on,
/// so nothing is handed to it whole.
public final class FileWriter {
    public struct Failure: Error, CustomStringConvertible { public let description: String }

    /// Largest single write(2): Linux writes at most 2,147,479,552 bytes per call anyway.
    static let chunk = 8 << 20
    let path: String
    private var fd: Int32
    public private(set) var bytesWritten = 0

    public init(path: String) throws(Failure) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.failure("cannot create", path) }
    }

    deinit { if fd >= 0 { sysClose(fd) } }

    static func failure(_ what: String, _ path: String) -> Failure {
        Failure(description: "\(path): \(what): \(String(cString: strerror(errno)))")
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        var done = 0
        while done < bytes.count {
            let n = sysWrite(fd, bytes.baseAddress! + done, min(Self.chunk, bytes.count - done))
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.failure("write failed", path)
            }
            done += n
        }
        bytesWritten += done
    }

    public func write(_ bytes: [UInt8]) throws(Failure) {
        var err: Failure? = nil
        bytes.withUnsafeBytes { b in do throws(Failure) { try write(b) } catch { err = error } }
        if let err { throw err }
    }

    /// Binary data as it is (no copy: a shard file can be hundreds of MB).
    public func write(_ data: Data) throws(Failure) {
        var err: Failure? = nil
        data.withUnsafeBytes { b in do throws(Failure) { try write(b) } catch { err = error } }
        if let err { throw err }
    }

    public func write(_ text: String) throws(Failure) {
        var t = text, err: Failure? = nil
        t.withUTF8 { b in do throws(Failure) { try write(UnsafeRawBufferPointer(b)) } catch { err = error } }
        if let err { throw err }
    }

    /// Flushes the file to the disk (fsync) and closes it.
    public func close() throws(Failure) {
        defer { sysClose(fd); fd = -1 }
        guard fsync(fd) == 0 else { throw Self.failure("fsync failed", path) }
    }

    /// fsync of a folder, so the names of the files in it (a rename, a new file) are on the disk too.
    public static func syncFolder(_ path: String) throws(Failure) {
        let d = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard d >= 0 else { throw failure("cannot open folder", path) }
        defer { sysClose(d) }
        guard fsync(d) == 0 else { throw failure("fsync failed", path) }
    }
}
