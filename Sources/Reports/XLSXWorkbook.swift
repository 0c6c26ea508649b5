import Foundation
import ZIPFoundation

/// An Excel workbook (Office Open XML, .xlsx) built from tables: one sheet per table, the header row frozen, units in
/// the headers, number formats by kind of column, and an "About" sheet. Written as real OOXML parts in a zip container
/// (ZIPFoundation), with fixed entry dates so the same tables give the same bytes.
public struct XLSXWorkbook: Sendable {
    /// How a numeric column is shown; the stored value keeps every digit of the CSV.
    public enum NumberKind: Sendable, Equatable {
        case count       // #,##0
        case money       // #,##0.000 (GBP million)
        case fte         // #,##0.0
        case share       // 0.00% (shares and rates stored as fractions)
        case plain(Int)  // a fixed number of decimals
        case year        // 0 (no thousands separator)
    }
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        case empty
    }
    public struct Sheet: Sendable {
        public var name: String
        public var header: [String]
        /// Per column: nil = text, else its number format.
        public var kinds: [NumberKind?]
        public var rows: [[Cell]]
        public init(name: String, header: [String], kinds: [NumberKind?], rows: [[Cell]]) {
            self.name = name; self.header = header; self.kinds = kinds; self.rows = rows
        }
    }

    public var sheets: [Sheet]
    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// Excel sheet names: at most 31 characters, none of []:*?/\, unique.
    static func sheetNames(_ names: [String]) -> [String] {
        var out: [String] = [], used = Set<String>()
        for n in names {
            var s = String(n.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            if s.isEmpty { s = "Sheet" }
            var k = 2, candidate = s
            while used.contains(candidate.lowercased()) { candidate = String(s.prefix(28)) + "_\(k)"; k += 1 }
            used.insert(candidate.lowercased()); out.append(candidate)
        }
        return out
    }

    static func escape(_ s: String) -> String {
        var o = ""
        o.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            // XML 1.0 forbids most control characters: drop them rather than write an unreadable file.
            case _ where c.value < 0x20 && c != "\t" && c != "\n" && c != "\r": continue
            default: o.unicodeScalars.append(c)
            }
        }
        return o
    }

    /// A1-style column letters: 0 -> A, 25 -> Z, 26 -> AA.
    static func column(_ i: Int) -> String {
        var n = i + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }

    /// Style index (in styles.xml's cellXfs) for a kind: 0 = default, 1 = bold header, then one per number format.
    static func style(_ k: NumberKind?) -> Int {
        switch k {
        case nil: return 0
        case .count?: return 2
        case .money?: return 3
        case .fte?: return 4
        case .share?: return 5
        case .year?: return 6
        case .plain(let d)?: return 7 + min(max(d, 0), 6)
        }
    }

    static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
    <numFmts count="9"><numFmt numFmtId="164" formatCode="#,##0"/><numFmt numFmtId="165" formatCode="#,##0.000"/>\
    <numFmt numFmtId="166" formatCode="#,##0.0"/><numFmt numFmtId="167" formatCode="0.00%"/><numFmt numFmtId="168" formatCode="0"/>\
    <numFmt numFmtId="169" formatCode="0.0"/><numFmt numFmtId="170" formatCode="0.00"/><numFmt numFmtId="171" formatCode="0.000"/>\
    <numFmt numFmtId="172" formatCode="0.000000"/></numFmts>
    <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
    <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
    <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
    <cellXfs count="14"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
    <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
    <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="169" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="170" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="171" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="171" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="171" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="172" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
    <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
    </styleSheet>
    """

    func sheetXML(_ s: Sheet) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        x += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        // Freeze the header row.
        x += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        x += "<cols>"
        for (i, h) in s.header.enumerated() {
            let longest = s.rows.prefix(200).reduce(h.count) { m, r in
                guard i < r.count, case .text(let t) = r[i] else { return m }
                return max(m, t.count)
            }
            x += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(min(max(longest + 2, 10), 60))\" customWidth=\"1\"/>"
        }
        x += "</cols><sheetData>"
        x += "<row r=\"1\">" + s.header.enumerated().map { i, h in
            "<c r=\"\(Self.column(i))1\" t=\"inlineStr\" s=\"1\"><is><t>\(Self.escape(h))</t></is></c>"
        }.joined() + "</row>"
        // The rows are most of a workbook (hundreds of thousands of cells): written as bytes, numbers as fixed
        // decimals (6, trailing zeros dropped: every cohort CSV has at most 6, so the value is the CSV's exactly).
        var b: [UInt8] = []
        b.reserveCapacity(s.rows.count * max(s.header.count, 1) * 28)
        func put(_ t: StaticString) { t.withUTF8Buffer { b.append(contentsOf: $0) } }
        func putInt(_ n: Int) { b.append(contentsOf: String(n).utf8) }
        let letters = s.header.indices.map { Array(Self.column($0).utf8) }
        let styles = s.header.indices.map { Array(String(Self.style($0 < s.kinds.count ? s.kinds[$0] : nil)).utf8) }
        for (ri, row) in s.rows.enumerated() {
            let r = ri + 2
            put("<row r=\""); putInt(r); put("\">")
            for (ci, cell) in row.enumerated() {
                let col = ci < letters.count ? letters[ci] : Array(Self.column(ci).utf8)
                switch cell {
                case .empty: continue
                case .text(let t):
                    put("<c r=\""); b.append(contentsOf: col); putInt(r)
                    put("\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"); b.append(contentsOf: Self.escape(t).utf8); put("</t></is></c>")
                case .number(let v):
                    guard v.isFinite else { continue }
                    put("<c r=\""); b.append(contentsOf: col); putInt(r); put("\"")
                    let st = ci < styles.count ? styles[ci] : [UInt8(ascii: "0")]
                    if st != [UInt8(ascii: "0")] { put(" s=\""); b.append(contentsOf: st); put("\"") }
                    put("><v>"); Self.appendNumber(v, to: &b); put("</v></c>")
                }
            }
            put("</row>")
        }
        x += String(decoding: b, as: UTF8.self)
        x += "</sheetData></worksheet>\n"
        return x
    }

    /// A number as fixed 6 decimals with trailing zeros (and a trailing point) dropped: 1001, -0.5, 35.881174.
    static func appendNumber(_ v: Double, to b: inout [UInt8]) {
        let start = b.count
        Format.appendFixed(v, 6, to: &b)
        guard b[start...].contains(UInt8(ascii: ".")), !b[start...].contains(UInt8(ascii: "e")) else { return }
        while b.last == UInt8(ascii: "0") { b.removeLast() }
        if b.last == UInt8(ascii: ".") { b.removeLast() }
    }

    /// The workbook's parts, in the order they are stored.
    func parts() -> [(String, String)] {
        let names = Self.sheetNames(sheets.map(\.name))
        var types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        types += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        types += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        types += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        types += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        for i in sheets.indices {
            types += "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        types += "</Types>\n"
        let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>\n"
        var wb = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
        var wbRels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for (i, n) in names.enumerated() {
            wb += "<sheet name=\"\(Self.escape(n))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
            wbRels += "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        wb += "</sheets></workbook>\n"
        wbRels += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>\n"
        var out = [("[Content_Types].xml", types), ("_rels/.rels", rels), ("xl/workbook.xml", wb),
                   ("xl/_rels/workbook.xml.rels", wbRels), ("xl/styles.xml", Self.styles)]
        // Sheets are independent: rendered side by side.
        var xml = [String](repeating: "", count: sheets.count)
        xml.withUnsafeMutableBufferPointer { buf in
            let slots = SheetSlots(buf), all = sheets, me = self
            DispatchQueue.concurrentPerform(iterations: all.count) { i in slots.set(i, me.sheetXML(all[i])) }
        }
        for (i, x) in xml.enumerated() { out.append(("xl/worksheets/sheet\(i + 1).xml", x)) }
        return out
    }

    /// The .xlsx bytes. Entry dates are fixed (1 January 2000; the zip stores local time, so a machine in another time zone writes another hour) so the bytes depend only on the tables.
    public func data() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let date = Date(timeIntervalSince1970: 946_728_000)  // 2000-01-01 12:00 UTC: the same calendar day in every time zone
        for (path, text) in parts() {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: date,
                                 permissions: 0o644, compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        guard let d = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return d
    }
}

/// Lets the sheet renderers write disjoint slots of one array.
private struct SheetSlots: @unchecked Sendable {
    let buf: UnsafeMutableBufferPointer<String>
    init(_ b: UnsafeMutableBufferPointer<String>) { buf = b }
    func set(_ i: Int, _ v: String) { buf[i] = v }
}
