import Foundation
import TOMLKit
import XCTest
@testable import Scenarios

/// The committed JSON Schema, applied in Swift (the subset of draft-07 it uses) to the shipped scenarios and the bad
/// fixtures: the same check CI makes with Python's `jsonschema` (scripts/check-scenario-schema.py), so `swift test`
/// alone catches a schema that rejects a shipped file or accepts a bad one.
final class SchemaValidationTests: XCTestCase {
    static let root = ScenarioFormatTests.root

    func schema() throws -> [String: Any] {
        let d = try Data(contentsOf: Self.root.appendingPathComponent("docs/cohort-scenario.schema.json"))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: d) as? [String: Any])
    }

    /// A TOML file as JSON-like values (no `extends` resolution: the schema describes each file as written).
    func document(_ u: URL) throws -> Any {
        plain(ConfigValue.from(try TOMLTable(string: String(contentsOf: u, encoding: .utf8))))
    }

    func plain(_ v: ConfigValue) -> Any {
        switch v {
        case .int(let i): return i
        case .double(let d): return d
        case .string(let s): return s
        case .bool(let b): return b
        case .array(let a): return a.map(plain)
        case .table(let t): return Dictionary(t.map { ($0.0, plain($0.1)) }, uniquingKeysWith: { a, _ in a })
        }
    }

    func testShippedScenariosPassAndBadFixturesFail() throws {
        let s = try schema()
        for u in ScenarioFormatTests.shipped {
            let problems = MiniSchema(root: s).errors(try document(u), s, at: "")
            XCTAssertEqual(problems, [], u.lastPathComponent)
        }
        let dir = Self.root.appendingPathComponent("Tests/Fixtures/bad-scenarios")
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".toml") }).sorted() {
            let u = dir.appendingPathComponent(f)
            let accepts = try String(contentsOf: u, encoding: .utf8).contains("# schema-accepts:")
            let problems = MiniSchema(root: s).errors(try document(u), s, at: "")
            XCTAssertEqual(problems.isEmpty, accepts, "\(f): \(problems)")
        }
    }

    func testSchemaPointsAtTheFirstProblem() throws {
        let s = try schema()
        let u = Self.root.appendingPathComponent("Tests/Fixtures/bad-scenarios/quoted-number.toml")
        // (Reported by the schema's two views of the file: as written, and as a complete scenario without `extends`.)
        XCTAssertEqual(Set(MiniSchema(root: s).errors(try document(u), s, at: "")), ["housing.communal_share: not a number"])
    }
}

/// The draft-07 keywords the generated schema uses: type, properties, additionalProperties, required, enum, const,
/// minimum, maximum, exclusiveMinimum, exclusiveMaximum, items, minItems, maxItems, anyOf, allOf, $ref, if/not/then.
struct MiniSchema {
    let root: [String: Any]

    func errors(_ v: Any, _ s: [String: Any], at path: String) -> [String] {
        var out: [String] = []
        func sub(_ k: String) -> String { path.isEmpty ? k : path + "." + k }
        if let ref = s["$ref"] as? String {
            let name = String(ref.dropFirst("#/definitions/".count))
            out += errors(v, (root["definitions"] as! [String: Any])[name] as! [String: Any], at: path)
        }
        if let t = s["type"] as? String, !Self.isType(v, t) { return [path + ": not " + (t == "integer" ? "a whole number" : "a" + (t == "object" || t == "array" ? "n " : " ") + t)] }
        if let e = s["enum"] as? [String], !e.contains(where: { ($0 as String) == (v as? String) }) { out.append("\(path): not one of \(e)") }
        if let c = s["const"] as? String, c != (v as? String) { out.append("\(path): not \(c)") }
        if let x = Self.number(v) {
            if let m = (s["minimum"] as? NSNumber)?.doubleValue, x < m { out.append("\(path): below \(m)") }
            if let m = (s["maximum"] as? NSNumber)?.doubleValue, x > m { out.append("\(path): above \(m)") }
            if let m = (s["exclusiveMinimum"] as? NSNumber)?.doubleValue, x <= m { out.append("\(path): not above \(m)") }
            if let m = (s["exclusiveMaximum"] as? NSNumber)?.doubleValue, x >= m { out.append("\(path): not below \(m)") }
        }
        if let o = v as? [String: Any] {
            let props = s["properties"] as? [String: Any] ?? [:]
            for k in (s["required"] as? [String] ?? []) where o[k] == nil { out.append("\(sub(k)): missing") }
            for (k, x) in o.sorted(by: { $0.key < $1.key }) {
                if let p = props[k] as? [String: Any] { out += errors(x, p, at: sub(k)) }
                else if let a = s["additionalProperties"] as? [String: Any] { out += errors(x, a, at: sub(k)) }
                else if (s["additionalProperties"] as? Bool) == false { out.append("\(sub(k)): unknown key") }
            }
        }
        if let a = v as? [Any] {
            if let n = s["minItems"] as? Int, a.count < n { out.append("\(path): fewer than \(n) items") }
            if let n = s["maxItems"] as? Int, a.count > n { out.append("\(path): more than \(n) items") }
            if let item = s["items"] as? [String: Any] { for (i, x) in a.enumerated() { out += errors(x, item, at: "\(path)[\(i + 1)]") } }
        }
        if let any = s["anyOf"] as? [[String: Any]], !any.contains(where: { errors(v, $0, at: path).isEmpty }) {
            out.append("\(path): matches none of \(any.count) forms")
        }
        for x in s["allOf"] as? [[String: Any]] ?? [] { out += errors(v, x, at: path) }
        if let cond = s["if"] as? [String: Any], let then = s["then"] as? [String: Any], errors(v, cond, at: path).isEmpty {
            out += errors(v, then, at: path)
        }
        if let not = s["not"] as? [String: Any], errors(v, not, at: path).isEmpty { out.append("\(path): matches a 'not'") }
        return out
    }

    static func number(_ v: Any) -> Double? {
        if v is Bool { return nil }
        if let i = v as? Int { return Double(i) }
        return v as? Double
    }

    static func isType(_ v: Any, _ t: String) -> Bool {
        switch t {
        case "object": return v is [String: Any]
        case "array": return v is [Any]
        case "string": return v is String
        case "boolean": return v is Bool
        case "integer": return !(v is Bool) && (v is Int || (v as? Double).map { $0 == $0.rounded() } == true)
        case "number": return number(v) != nil
        default: return false
        }
    }
}
