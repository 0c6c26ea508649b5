import Foundation
import Scenarios

extension XLSXWorkbook {
    /// Excel's row limit; a larger table is left out of the workbook (the CSV has it all) with a note on "About".
    static let maxRows = 1_048_575

    /// One sheet from one of cohort's tidy CSV tables: numeric cells become numbers, the number format and the unit
    /// in the header follow the column (or, in long tables, the row's `measure`).
    public static func sheet(name: String, csv: String) throws -> Sheet {
        let t = try CSVTable(text: csv, file: name)
        let measureCol = t.header.firstIndex(of: "measure")
        let kinds = t.header.map { kind(table: name, column: $0, measure: nil) }
        var rows: [[Cell]] = []
        rows.reserveCapacity(t.rows.count)
        var rowKinds = kinds
        var measureKinds: [NumberKind?] = []
        for r in t.rows {
            var out: [Cell] = []
            out.reserveCapacity(r.fields.count)
            for f in r.fields {
                if f.isEmpty { out.append(.empty) } else if !f.utf8.contains(UInt8(ascii: "/")), let v = Double(f), v.isFinite { out.append(.number(v)) } else { out.append(.text(f)) }
            }
            rows.append(out)
            if let m = measureCol {
                let k = kind(table: name, column: "central", measure: r.fields[m])
                if !measureKinds.contains(k) { measureKinds.append(k) }
            }
        }
        // In a long table whose measures have different units the header cannot carry one unit; the unit is in the
        // measure's name (e.g. gap_gbp_m) and numbers get the finest format of the measures.
        if let k = measureKinds.first {
            for (i, c) in t.header.enumerated() where isValueColumn(c) { rowKinds[i] = measureKinds.count > 1 ? .plain(3) : k }
        }
        let header = zip(t.header, rowKinds).map { h, k in unit(k, column: h).map { "\(h) [\($0)]" } ?? h }
        return Sheet(name: name, header: header, kinds: rowKinds, rows: rows)
    }

    static func isValueColumn(_ c: String) -> Bool {
        ["central", "mean", "median"].contains(c) || (c.hasPrefix("p") && Int(c.dropFirst()) != nil)
            || c.hasPrefix("diff_") || c.hasSuffix("_central")
    }

    /// The number format of a column of a cohort table.
    static func kind(table: String, column c: String, measure: String?) -> NumberKind? {
        let key = measure ?? c
        if ["year", "age", "draw", "base_year", "target_year"].contains(c) { return .year }
        if ["fy", "place", "place_code", "sex", "group", "service", "condition", "staff_group", "measure", "basis",
            "age_group", "age_band", "scenario", "migration_basis", "method", "lad23_code", "table", "period", "item", "unit"].contains(c) { return nil }
        if table == "run-plan" { return .plain(6) }
        if key.contains("gbp_m") { return .money }
        if key.contains("fte") { return .fte }
        if c.contains("prevalence") || c.contains("share") || c == "rate" { return .share }
        if c.hasSuffix("_pct") { return .plain(2) }
        if c.contains("per_dwelling") { return .plain(3) }
        return .count
    }

    static func unit(_ k: NumberKind?, column: String) -> String? {
        switch k {
        case .money?: return column.contains("gbp_m") ? nil : "GBP m"
        case .fte?: return column.contains("fte") ? nil : "FTE"
        case .share?: return "share"
        case .count?: return "count"
        case .plain?, .year?, nil: return nil
        }
    }

    /// Cells above which a table stays in its CSV only: a workbook is for reading, and a 10,000-draw run plan (over a
    /// million cells) would take seconds to write and more to open, for no reader.
    public static let maxCells = 500_000

    /// A workbook of a run's CSV tables (name without ".csv" -> text) in the given order, with an "About" sheet
    /// first: `about` as label/value rows, then any table too large for a sheet (left out, named, with its size).
    public static func fromTables(_ tables: [(name: String, csv: String)], about: [(String, String)],
                                  maxCells: Int = maxCells) throws -> XLSXWorkbook {
        var sheets: [Sheet] = [], notes: [(String, String)] = []
        for (name, csv) in tables {
            // Size from the text first (lines x header fields), so a table left out is never parsed.
            let lines = csv.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } + (csv.utf8.last.map { $0 == 0x0A ? 0 : 1 } ?? 0)
            let columns = (csv.split(separator: "\n", maxSplits: 1).first.map { $0.split(separator: ",", omittingEmptySubsequences: false).count }) ?? 1
            if lines - 1 > maxRows || (lines - 1) * columns > maxCells {
                notes.append(("left out", "\(name).csv (\(lines - 1) rows x \(columns) columns) is larger than a sheet of this workbook takes (\(maxCells) cells); read the CSV"))
                continue
            }
            sheets.append(try sheet(name: name, csv: csv))
        }
        let aboutRows = (about + notes).map { [Cell.text($0.0), Cell.text($0.1)] }
        return XLSXWorkbook(sheets: [Sheet(name: "About", header: ["item", "value"], kinds: [nil, nil], rows: aboutRows)] + sheets)
    }
}
