import Foundation

/// Checks on a text file's bytes before anything parses them, so every reader reports the line.
enum TextCheck {
    /// The bytes as UTF-8 text; invalid UTF-8 and NUL bytes are errors naming the line.
    static func utf8Text(_ data: Data, file: String) throws(InputError) -> String {
        if let s = String(data: data, encoding: .utf8), !s.utf8.contains(0) { return s }
        var line = 1
        for raw in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if raw.contains(0) {
                throw InputError(file: file, location: "line \(line)", "contains a NUL byte (binary data?); expected plain UTF-8 text")
            }
            if String(data: raw, encoding: .utf8) == nil {
                throw InputError(file: file, location: "line \(line)", "is not valid UTF-8 text; save the file as UTF-8")
            }
            line += 1
        }
        throw InputError(file: file, "is not valid UTF-8 text; save the file as UTF-8")
    }

    /// Text that the TOML parser (toml++) would abort on instead of reporting: a table header `[` or `[[` followed
    /// by anything but a key or `]` (`[`, `[ # note`, `[=`), and a `}` inside an array (`[1, }`). Tracks strings,
    /// comments and nested arrays and inline tables, so a nested array opening on its own line is not mistaken for
    /// a header.
    static func tomlHeaders(_ text: String, file: String) throws(InputError) {
        let b = Array(text.utf8)
        var i = 0, line = 1
        var open: [UInt8] = []   // the brackets of values open here, innermost last
        var lineStart = true   // nothing but blanks so far on this line
        func bare(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
        }
        /// Skips a string opened at `i` (quote `q`); multi-line when tripled. Counts the lines it spans.
        func skipString(_ q: UInt8) {
            let triple = i + 2 < b.count && b[i + 1] == q && b[i + 2] == q
            i += triple ? 3 : 1
            while i < b.count {
                let c = b[i]
                if c == 0x5C && q == 0x22 { i += 2; continue }   // backslash escape in a basic string
                if c == 0x0A { line += 1; if !triple { return } }
                if c == q {
                    if !triple { i += 1; return }
                    if i + 2 < b.count && b[i + 1] == q && b[i + 2] == q {
                        i += 3
                        while i < b.count && b[i] == q { i += 1 }   // up to two quotes may end the content
                        return
                    }
                }
                i += 1
            }
        }
        while i < b.count {
            let c = b[i]
            switch c {
            case 0x0A: line += 1; lineStart = true; i += 1
            case 0x20, 0x09, 0x0D: i += 1
            case 0x23: while i < b.count && b[i] != 0x0A { i += 1 }
            case 0x22, 0x27: lineStart = false; skipString(c)
            case 0x5B where open.isEmpty && lineStart:
                var j = i + 1
                let array = j < b.count && b[j] == 0x5B
                if array { j += 1 }
                while j < b.count && (b[j] == 0x20 || b[j] == 0x09) { j += 1 }
                // `[ [` (spaced) is reported by the parser; `[[ [` is not.
                guard j < b.count, bare(b[j]) || b[j] == 0x22 || b[j] == 0x27 || b[j] == 0x5D || (b[j] == 0x5B && !array) else {
                    throw InputError(file: file, location: "line \(line)",
                                     "TOML syntax error: a table header '[' must be followed by a table name, e.g. [demand]")
                }
                // The rest of the header (its name may hold quoted dots or brackets) up to the closing bracket.
                i = j
                lineStart = false
                while i < b.count && b[i] != 0x5D && b[i] != 0x0A {
                    if b[i] == 0x22 || b[i] == 0x27 { skipString(b[i]) } else { i += 1 }
                }
            case 0x5B, 0x7B: open.append(c); lineStart = false; i += 1
            case 0x7D where open.last == 0x5B:
                throw InputError(file: file, location: "line \(line)", "TOML syntax error: '}' inside an array; expected a value, ',' or ']'")
            case 0x5D, 0x7D: _ = open.popLast(); lineStart = false; i += 1
            default: lineStart = false; i += 1
            }
        }
    }
}
