import Foundation
import Demand

/// Fixed, locale-independent number formatting for every output (so outputs diff cleanly and byte-compare).
public enum Format {
    /// `digits` decimals, half away from zero; "-0.000" is written "0.000". Digits are written into a small byte
    /// buffer (this runs millions of times for a Monte Carlo run's tables).
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendFixed(x, digits, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `fixed` written straight into a byte buffer (no String per number: CSV tables hold millions).
    public static func appendFixed(_ x: Double, _ digits: Int, to out: inout [UInt8]) {
        guard x.isFinite else { out += Array((x.isNaN ? "NaN" : (x > 0 ? "Inf" : "-Inf")).utf8); return }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e17 else { out += Array(String(x).utf8); return }
        var n = UInt64(scaled)
        let negative = x < 0 && n != 0
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buf in
            var i = 48
            var written = 0
            repeat {
                if written == digits && digits > 0 { i -= 1; buf[i] = UInt8(ascii: ".") }
                i -= 1; buf[i] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10; written += 1
            } while n > 0 || written <= digits
            if negative { i -= 1; buf[i] = UInt8(ascii: "-") }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<48]))
        }
    }

    /// Thousands separators for Markdown and HTML tables (e.g. 1,139,000).
    public static func grouped(_ x: Double, _ digits: Int = 0) -> String {
        let s = fixed(x, digits)
        let neg = s.hasPrefix("-")
        let body = neg ? String(s.dropFirst()) : s
        let parts = body.split(separator: ".", maxSplits: 1)
        var intPart = String(parts[0])
        var out = ""
        while intPart.count > 3 {
            out = "," + intPart.suffix(3) + out
            intPart = String(intPart.dropLast(3))
        }
        out = intPart + out
        if parts.count > 1 { out += "." + parts[1] }
        return (neg ? "-" : "") + out
    }

    public static func percent(_ x: Double, _ digits: Int = 1) -> String { fixed(x * 100, digits) + "%" }
    public static func signedPercent(_ x: Double, _ digits: Int = 1) -> String { (x >= 0 ? "+" : "") + percent(x, digits) }

    /// Financial year label for the year starting 1 April `start`: 2033 -> "2033/34".
    public static func fy(_ start: Int) -> String { FinancialYear.label(start) }
}

/// Builds an RFC 4180 CSV text with a fixed header, in a byte buffer (numbers are appended without Strings).
public struct CSVBuilder {
    private var bytes: [UInt8] = []
    private var fieldsInRow = 0
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    public init(header: [String]) { row(header) }

    public mutating func row(_ fields: [String]) {
        for f in fields { field(f) }
        endRow()
    }
    public mutating func field(_ s: String) {
        separate()
        if s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) {
            bytes.append(UInt8(ascii: "\""))
            for b in s.utf8 { if b == UInt8(ascii: "\"") { bytes.append(b) }; bytes.append(b) }
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes += s.utf8
        }
    }
    /// A number with `digits` decimals (`Format.fixed`).
    public mutating func field(_ x: Double, _ digits: Int) {
        separate()
        Format.appendFixed(x, digits, to: &bytes)
    }
    public mutating func endRow() { bytes.append(UInt8(ascii: "\n")); fieldsInRow = 0 }
    /// Bytes so far, and the text so far with the builder emptied (for tables written in pieces).
    public var byteCount: Int { bytes.count }
    public mutating func takeText() -> String { defer { bytes.removeAll(keepingCapacity: true) }; return text }
    private mutating func separate() {
        if fieldsInRow > 0 { bytes.append(UInt8(ascii: ",")) }
        fieldsInRow += 1
    }
}
