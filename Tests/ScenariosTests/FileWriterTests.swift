import Foundation
import XCTest
@testable import Scenarios

/// The output writer past 2 GiB: Foundation's Data.write on Linux repeats the first 2,147,479,552 bytes of larger
/// data. Each 8 MiB piece starts with its own offset (and is otherwise filled with a fixed byte), so a repeat or a gap
/// shows in the first word of the piece it hits.
final class FileWriterTests: XCTestCase {
    func testWritesPast2GiBInOrder() throws {
        let fm = FileManager.default
        // In memory (tmpfs) where there is one with room, so the test costs seconds rather than a 2 GB disk flush;
        // the writer's calls are the same on any file system.
        let shm = URL(fileURLWithPath: "/dev/shm")
        var fs = statvfs()
        let roomy = statvfs(shm.path, &fs) == 0 && Double(fs.f_bavail) * Double(fs.f_frsize) > 8e9
        let dir = (roomy ? shm : fm.temporaryDirectory).appendingPathComponent("cohort-big-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let path = dir.appendingPathComponent("big.bin").path
        let piece = 8 << 20, total = (2 << 30) + 3 * piece   // 2 GiB + 24 MiB, in 8 MiB pieces as a stream hands them
        let w = try FileWriter(path: path)
        var bytes = [UInt8](repeating: 0x5A, count: piece)
        var offset = 0
        while offset < total {
            bytes.withUnsafeMutableBytes { $0.storeBytes(of: UInt64(offset), as: UInt64.self) }
            try bytes.withUnsafeBytes { try w.write($0) }
            offset += piece
        }
        try w.close()
        XCTAssertEqual(w.bytesWritten, total)
        XCTAssertEqual((try fm.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue, total)
        let h = try XCTUnwrap(FileHandle(forReadingAtPath: path))
        defer { try? h.close() }
        for start in stride(from: 0, to: total, by: piece) {
            try h.seek(toOffset: UInt64(start))
            let head = try XCTUnwrap(try h.read(upToCount: 16))
            let v = head.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            XCTAssertEqual(v, UInt64(start), "the piece at \(start) holds the piece written at \(v)")
            XCTAssertEqual(head.last, 0x5A)
        }
    }
}
