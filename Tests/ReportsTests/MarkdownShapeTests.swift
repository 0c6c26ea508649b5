import Foundation
import XCTest

/// GitHub-flavoured Markdown table shape: every table has a header, a delimiter row of the same width, and rows of the
/// same width (an unescaped `|` inside a cell would add a column and break the table's rendering).
final class MarkdownShapeTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Cells of a table line: split on pipes that are not escaped, dropping the outer ones.
    static func cells(_ line: String) -> Int {
        var n = 0, escaped = false
        for c in line.dropFirst().dropLast() {
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true } else if c == "|" { n += 1 }
        }
        return n + 1
    }

    static func problems(_ text: String, file: String) -> [String] {
        var out: [String] = []
        let lines = text.components(separatedBy: "\n")
        var i = 0
        while i < lines.count {
            guard lines[i].hasPrefix("|") else { i += 1; continue }
            let width = cells(lines[i])
            if i + 1 >= lines.count || !lines[i + 1].hasPrefix("|") || lines[i + 1].contains(where: { !"|-: ".contains($0) }) {
                out.append("\(file):\(i + 1): table header without a delimiter row")
            } else if cells(lines[i + 1]) != width {
                out.append("\(file):\(i + 2): delimiter row has \(cells(lines[i + 1])) cells, header \(width)")
            }
            if i > 0, !lines[i - 1].isEmpty { out.append("\(file):\(i + 1): a table must follow a blank line") }
            var j = i + 2
            while j < lines.count, lines[j].hasPrefix("|") {
                if cells(lines[j]) != width { out.append("\(file):\(j + 1): \(cells(lines[j])) cells, header \(width)") }
                j += 1
            }
            i = j
        }
        return out
    }

    func testEveryCommittedSummaryRendersItsTables() throws {
        let fm = FileManager.default
        var checked = 0
        for dir in ["Outputs/reference", "Tests/Fixtures/golden"] {
            let base = Self.root.appendingPathComponent(dir)
            for sub in try fm.contentsOfDirectory(atPath: base.path) {
                let u = base.appendingPathComponent(sub).appendingPathComponent("summary.md")
                guard let text = try? String(contentsOf: u, encoding: .utf8) else { continue }
                XCTAssertEqual(Self.problems(text, file: "\(dir)/\(sub)/summary.md"), [])
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 4)
    }

    func testTheCheckCatchesABrokenTable() {
        XCTAssertEqual(Self.problems("\n| a | b |\n|---|---|\n| x | y | z |\n", file: "t").count, 1)
        XCTAssertEqual(Self.problems("\n| a | b |\n|---|---|\n| x \\| y | z |\n", file: "t"), [], "an escaped pipe is text")
        XCTAssertEqual(Self.problems("\n| a | b |\n| x | y |\n", file: "t").count, 1)
    }
}
