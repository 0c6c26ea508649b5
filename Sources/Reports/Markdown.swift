/// A Markdown table with a header row and right-aligned numeric columns.
public struct MarkdownTable {
    var header: [String]
    var rows: [[String]] = []
    var rightAligned: Set<Int>

    public init(_ header: [String], rightAligned: Set<Int>? = nil) {
        self.header = header
        self.rightAligned = rightAligned ?? Set(1..<header.count)
    }
    public mutating func row(_ r: [String]) { rows.append(r) }

    public var text: String {
        var s = "| " + header.map(Self.cell).joined(separator: " | ") + " |\n|"
        for i in header.indices { s += rightAligned.contains(i) ? "---:|" : "---|" }
        s += "\n"
        for r in rows { s += "| " + r.map(Self.cell).joined(separator: " | ") + " |\n" }
        return s
    }

    /// A cell's text with `|` escaped, so a header like "Largest |difference|" keeps the table's columns (GFM).
    static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}
