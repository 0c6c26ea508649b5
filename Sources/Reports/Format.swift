/// Fixed, locale-independent number formatting for every output (so outputs diff cleanly and byte-compare).
public enum Format {
    /// `digits` decimals, half away from zero; "-0.000" is written "0.000". Digits are written into a small byte
    /// buffer (this runs millions of times for a Monte Carlo run's tables).
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "Inf" : "-Inf") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e17 else { return String(x) }
        var n = UInt64(scaled)
        let negative = x < 0 && n != 0
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buf in
            var i = 48
            var written = 0
            repeat {
                if written == digits && digits > 0 { i -= 1; buf[i] = UInt8(ascii: ".") }
                i -= 1; buf[i] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10; written += 1
            } while n > 0 || written <= digits
            if negative { i -= 1; buf[i] = UInt8(ascii: "-") }
            return String(decoding: UnsafeBufferPointer(rebasing: buf[i..<48]), as: UTF8.self)
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

/// Builds an RFC 4180 CSV text with a fixed header.
public struct CSVBuilder {
    public private(set) var text: String
    public init(header: [String]) { text = header.joined(separator: ",") + "\n" }
    public mutating func row(_ fields: [String]) {
        text += fields.map(Self.quote).joined(separator: ",")
        text += "\n"
    }
    static func quote(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

import Foundation
import Demand
