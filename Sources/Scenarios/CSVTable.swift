import Foundation

/// A CSV file read whole, with line numbers kept so every error can point at the line.
///
/// RFC 4180 fields (quotes, doubled quotes, commas inside quotes); lines starting with `#` before the
/// header are comments (derived and fitted files say how they were made there); blank lines are skipped.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        public let line: Int
        public let fields: [String]
    }
    public let file: String
    public let header: [String]
    public let rows: [Row]
    public let comments: [String]

    init(file: String, header: [String], rows: [Row]) {
        self.file = file; self.header = header; self.rows = rows; self.comments = []
    }

    /// The table of an input file read once (a scenario's inputs: `Scenario.input`).
    public init(_ f: InputFile) throws(InputError) {
        try self.init(text: try f.text(), file: f.name)
    }

    /// A CSV file outside a scenario (national tables, the England data).
    public init(url: URL) throws(InputError) {
        try self.init(try InputFile(url))
    }

    public init(text: String, file: String) throws(InputError) {
        self.file = file
        // A byte-order mark (spreadsheets write one) is not part of the first column's name.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var header: [String]? = nil
        var rows: [Row] = []
        var comments: [String] = []
        var lineNo = 0
        // Lines split on the LF byte: splitting the String on Character "\n" would keep a CRLF ("\r\n" is one
        // Character) inside one line, so a file saved on Windows would read as a single line. Also ~10x faster.
        for raw in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNo += 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if header == nil, line.hasPrefix("#") { comments.append(String(line.dropFirst())); continue }
            let fields = try Self.split(line, file: file, line: lineNo)
            if header == nil {
                let h = fields.map { $0.asciiTrimmed }
                if let dup = h.enumerated().first(where: { h[..<$0.offset].contains($0.element) })?.element {
                    throw InputError(file: file, location: "line \(lineNo) (header)", "column '\(dup)' appears twice; expected each column once")
                }
                header = h
            } else {
                guard fields.count == header!.count else {
                    throw InputError(file: file, location: "line \(lineNo)",
                                     "has \(fields.count) fields, expected \(header!.count) (\(header!.joined(separator: ",")))")
                }
                rows.append(Row(line: lineNo, fields: fields))
            }
        }
        guard let header else { throw InputError(file: file, "is empty: expected a header row") }
        self.header = header; self.rows = rows; self.comments = comments
    }

    static func split(_ line: Substring, file: String, line lineNo: Int) throws(InputError) -> [String] {
        // Fast path: no quotes, split on commas over UTF-8 bytes.
        let bytes = line.utf8
        if !bytes.contains(UInt8(ascii: "\"")) {
            return bytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { String(Substring($0)) }
        }
        var out: [String] = []
        var field = ""
        var quoted = false
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if quoted {
                if c == "\"" {
                    let n = line.index(after: i)
                    if n < line.endIndex, line[n] == "\"" { field.append("\""); i = n } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                out.append(field); field = ""
            } else { field.append(c) }
            i = line.index(after: i)
        }
        if quoted { throw InputError(file: file, location: "line \(lineNo)", "unterminated quoted field") }
        out.append(field)
        return out
    }

    /// Column index by name; a missing column is an error naming the columns that are there.
    public func column(_ name: String) throws(InputError) -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw InputError(file: file, location: "line 1 (header)",
                             "missing column '\(name)'; found \(header.joined(separator: ","))")
        }
        return i
    }

    public func require(_ names: [String]) throws(InputError) -> [Int] {
        var out: [Int] = []
        for n in names { out.append(try column(n)) }
        return out
    }

    public func double(_ row: Row, _ col: Int, min: Double? = nil, max: Double? = nil) throws(InputError) -> Double {
        let s = row.fields[col].asciiTrimmed
        // Decimal only: Double("0x49D") would read hexadecimal, Double("nan") a non-number.
        guard s.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 }),
              let v = Double(s), v.isFinite else {
            throw InputError(file: file, location: "line \(row.line)", "\(header[col]) = '\(s)' is not a number")
        }
        if let min, v < min {
            throw InputError(file: file, location: "line \(row.line)", "\(header[col]) = \(s) is below \(show(min)); expected a value >= \(show(min))")
        }
        if let max, v > max {
            throw InputError(file: file, location: "line \(row.line)", "\(header[col]) = \(s) is above \(show(max)); expected a value <= \(show(max))")
        }
        return v
    }

    public func int(_ row: Row, _ col: Int) throws(InputError) -> Int {
        let s = row.fields[col].asciiTrimmed
        guard let v = Int(s) else {
            throw InputError(file: file, location: "line \(row.line)", "\(header[col]) = '\(s)' is not a whole number")
        }
        return v
    }

    /// A year column, in the years a scenario may name (so year arithmetic cannot overflow).
    public func year(_ row: Row, _ col: Int) throws(InputError) -> Int {
        let y = try int(row, col)
        guard ConfigReader.years.contains(y) else {
            throw InputError(file: file, location: "line \(row.line)", "\(header[col]) = \(y); expected a year from \(ConfigReader.years.lowerBound) to \(ConfigReader.years.upperBound)")
        }
        return y
    }

    public func string(_ row: Row, _ col: Int) -> String { row.fields[col].asciiTrimmed }

    public func sex(_ row: Row, _ col: Int) throws(InputError) -> Sex {
        let s = string(row, col)
        guard let x = Sex(label: s) else {
            throw InputError(file: file, location: "line \(row.line)", "sex = '\(s)' is not female or male")
        }
        return x
    }

    public func age(_ row: Row, _ col: Int, top: Int = Ages.open) throws(InputError) -> Int {
        let s = string(row, col)
        let a: Int?
        if s == "90+" || s.lowercased() == "90 and over" { a = 90 } else { a = Int(s) }
        guard let a, a >= 0, a <= top else {
            throw InputError(file: file, location: "line \(row.line)", "age = '\(s)' is not an age 0...\(top)")
        }
        return a
    }
}

import Demography

extension String {
    /// Without leading and trailing spaces and tabs. Most CSV fields have none, so this usually returns the field
    /// as it is (Foundation's trimming bridges through UTF-16 and dominated load time).
    var asciiTrimmed: String {
        let u = utf8
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        guard let f = u.first, let l = u.last, blank(f) || blank(l) else { return String(self) }
        var start = u.startIndex, end = u.endIndex
        while start < end, blank(u[start]) { start = u.index(after: start) }
        while end > start, blank(u[u.index(before: end)]) { end = u.index(before: end) }
        return String(decoding: u[start..<end], as: UTF8.self)
    }
}
