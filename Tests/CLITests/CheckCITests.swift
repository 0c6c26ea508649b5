import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `cohort check` as CI uses it: exit codes 0/1/2, manifests first, row keys, JSON, JUnit and GitHub annotations.
/// The README's CI examples run these same commands.
final class CheckCITests: XCTestCase {
    var ws: Workspace!
    override func setUpWithError() throws {
        ws = try Workspace()
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "run"]).status, 0)
        XCTAssertEqual(try ws.run(["run", ws.scenarioPath, "--outputs", "ref"]).status, 0)
    }
    override func tearDown() { ws.remove() }

    /// Sets the `resident` value of the 2023, B, male, 40 row of the reference to `value`; returns the run's value.
    @discardableResult
    func driftReference(_ value: String = "1.500") throws -> (old: String, line: Int) {
        var rows = try ws.read("ref/tiny/population.csv").components(separatedBy: "\n")
        // Columns: scenario, year, place_code, place, sex, age, resident, registered.
        let i = try XCTUnwrap(rows.firstIndex { $0.hasPrefix("tiny,2023,,B,male,40,") })
        var f = rows[i].components(separatedBy: ",")
        let old = f[6]
        f[6] = value
        rows[i] = f.joined(separator: ",")
        try ws.write("ref/tiny/population.csv", rows.joined(separator: "\n"))
        return (old, i + 1)
    }

    func editManifest(_ old: String, _ new: String) throws {
        try ws.replace("ref/tiny/manifest.json", old, with: new)
    }

    func testDriftLineNamesTheRowByItsKeysAndGivesTheTolerance() throws {
        let (old, line) = try driftReference()
        let r = try ws.run(["check", "run/tiny", "--against", "ref/tiny"])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stdout.contains("DRIFT population.csv:\(line) year=2023 place=B sex=male age=40: resident: expected 1.500, got \(old) (relative "), r.stdout)
        XCTAssertTrue(r.stdout.contains("> tolerance 1e-09)"), r.stdout)
    }

    func testASeedDifferenceIsReportedAsSuchNotAsDrift() throws {
        try driftReference()
        try editManifest("\"seed\" : 1,", "\"seed\" : 7,")
        let r = try ws.run(["check", "run/tiny", "--against", "ref/tiny"])
        XCTAssertEqual(r.status, 2, r.stdout)
        XCTAssertTrue(r.stdout.contains("NOT COMPARABLE because the seed differs (reference 7, run 1)"), r.stdout)
        XCTAssertFalse(r.stdout.contains("DRIFT"), "no cell is reported when the runs are not comparable: \(r.stdout)")
        // Asked to compare anyway, the seed becomes a note and the tables are compared.
        let anyway = try ws.run(["check", "run/tiny", "--against", "ref/tiny", "--ignore-manifest"])
        XCTAssertEqual(anyway.status, 1, anyway.stdout)
        XCTAssertTrue(anyway.stdout.contains("note: the seed differs (reference 7, run 1); tables compared anyway"), anyway.stdout)
        XCTAssertTrue(anyway.stdout.contains("DRIFT population.csv:"), anyway.stdout)
    }

    func testAChangedInputOrScenarioFileIsNotComparable() throws {
        let text = try ws.read("ref/tiny/manifest.json")
        // The hash of the dwellings entry (keys sorted: bytes, path, role, sha256).
        let role = try XCTUnwrap(text.range(of: #""role" : "dwellings","#))
        let key = try XCTUnwrap(text.range(of: #""sha256" : ""#, range: role.upperBound..<text.endIndex))
        let sha = key.upperBound..<text.index(key.upperBound, offsetBy: 64)
        XCTAssertNotNil(text[sha].range(of: "^[0-9a-f]{64}$", options: .regularExpression))
        try ws.write("ref/tiny/manifest.json", text.replacingCharacters(in: sha, with: String(repeating: "0", count: 64)))
        let r = try ws.run(["check", "run/tiny", "--against", "ref/tiny"])
        XCTAssertEqual(r.status, 2, r.stdout)
        XCTAssertTrue(r.stdout.contains("NOT COMPARABLE because input 'dwellings' differs: dwellings.csv sha256 000000000000 in the reference"), r.stdout)
    }

    func testAnotherToolVersionIsOnlyANote() throws {
        try editManifest("\"version\" : \"0.1.0\"", "\"version\" : \"0.0.9\"")
        let r = try ws.run(["check", "run/tiny", "--against", "ref/tiny"])
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertTrue(r.stdout.contains("note: the tool version differs (reference 0.0.9, run 0.1.0); tables compared anyway"), r.stdout)
    }

    func testAReferenceWithoutManifestIsComparedWithANote() throws {
        try FileManager.default.removeItem(at: ws.url("ref/tiny/manifest.json"))
        let r = try ws.run(["check", "run/tiny", "--against", "ref/tiny"])
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertTrue(r.stdout.contains("note: manifest.json is in the run but not in the reference, so scenario, seed and inputs were not compared"), r.stdout)
        try driftReference()
        let d = try ws.run(["check", "run/tiny", "--against", "ref/tiny"])
        XCTAssertEqual(d.status, 1, d.stdout)
        XCTAssertTrue(d.stdout.contains("check FAILED: 0 structural problems, 1 cell outside tolerance in 5 files"), d.stdout)
    }

    func testUnknownColumnToleranceIsRejectedWithASuggestion() throws {
        let r = try ws.run(["check", "run/tiny", "--against", "ref/tiny", "--column-tolerance", "residnt=0.1"])
        XCTAssertEqual(r.status, 2, r.stdout)
        XCTAssertTrue(r.stderr.contains("no table of ref/tiny has a column 'residnt'; did you mean 'resident'?"), r.stderr)
        let unknownOption = try ws.run(["check", "run/tiny", "--against", "ref/tiny", "--no-such-option"])
        XCTAssertEqual(unknownOption.status, 2, unknownOption.stderr)
    }

    func testCRLFAndByteOrderMarkReadLikeAnyOtherCSV() throws {
        for name in ["population.csv", "components.csv"] {
            let t = try ws.read("ref/tiny/\(name)")
            try ws.write("ref/tiny/\(name)", "\u{FEFF}" + t.replacingOccurrences(of: "\n", with: "\r\n"))
        }
        let r = try ws.run(["check", "run/tiny", "--against", "ref/tiny"])
        XCTAssertEqual(r.status, 0, "CRLF and a BOM are not drift: \(r.stdout)")
        // ...and a drifted CRLF file still names the right line and row.
        var rows = try ws.read("ref/tiny/population.csv").components(separatedBy: "\r\n")
        let i = try XCTUnwrap(rows.firstIndex { $0.hasPrefix("tiny,2023,,B,male,40,") })
        var f = rows[i].components(separatedBy: ",")
        f[6] = "1.500"
        rows[i] = f.joined(separator: ",")
        try ws.write("ref/tiny/population.csv", rows.joined(separator: "\r\n"))
        let d = try ws.run(["check", "run/tiny", "--against", "ref/tiny"])
        XCTAssertEqual(d.status, 1, d.stdout)
        XCTAssertTrue(d.stdout.contains("DRIFT population.csv:\(i + 1) year=2023 place=B sex=male age=40: resident: expected 1.500"), d.stdout)
    }

    func testTextOptionComparesSummaryAndReport() throws {
        try ws.write("ref/tiny/summary.md", try ws.read("ref/tiny/summary.md") + "\nan extra line\n")
        let plain = try ws.run(["check", "run/tiny", "--against", "ref/tiny"])
        XCTAssertEqual(plain.status, 0, "summary.md is compared only with --text: \(plain.stdout)")
        let r = try ws.run(["check", "run/tiny", "--against", "ref/tiny", "--text"])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stdout.contains("DRIFT summary.md: 2 of "), r.stdout)
        XCTAssertTrue(r.stdout.contains("DRIFT summary.md:"), r.stdout)
    }

    // MARK: the README's CI examples

    func testJSONFormatParses() throws {
        let (old, line) = try driftReference()
        let r = try ws.run(["check", "run/tiny", "--against", "ref/tiny", "--format", "json"])
        XCTAssertEqual(r.status, 1)
        let o = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout)
        XCTAssertEqual(o["verdict"] as? String, "drift")
        XCTAssertEqual(o["exit_code"] as? Int, 1)
        let files = try XCTUnwrap(o["files"] as? [[String: Any]])
        let pop = try XCTUnwrap(files.first { $0["file"] as? String == "population.csv" })
        XCTAssertEqual(pop["status"] as? String, "drift")
        let d = try XCTUnwrap((pop["differences"] as? [[String: Any]])?.first)
        XCTAssertEqual(d["line"] as? Int, line)
        XCTAssertEqual(d["column"] as? String, "resident")
        XCTAssertEqual(d["expected"] as? String, "1.500")
        XCTAssertEqual(d["actual"] as? String, old)
        XCTAssertEqual(d["key"] as? [String: String], ["year": "2023", "place": "B", "sex": "male", "age": "40"])
        XCTAssertEqual(files.filter { $0["status"] as? String == "same" }.count, files.count - 1)

        let same = try ws.run(["check", "run/tiny", "--against", "run/tiny", "--format", "json"])
        XCTAssertEqual(same.status, 0)
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(same.stdout.utf8)) as? [String: Any])?["verdict"] as? String, "same")
    }

    func testJUnitFormatParsesWithOneTestCasePerFile() throws {
        try driftReference()
        let r = try ws.run(["check", "run/tiny", "--against", "ref/tiny", "--format", "junit", "--output", "check.xml"])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stdout.contains("check: drift (exit 1); report written to check.xml"), r.stdout)
        let j = try JUnit(data: Data(contentsOf: ws.url("check.xml")))
        XCTAssertEqual(j.cases.map(\.name), ["manifest.json", "components.csv", "components_by_age.csv", "deaths.csv", "population.csv", "waterfall.csv"])
        XCTAssertEqual(j.cases.filter { $0.failure != nil }.map(\.name), ["population.csv"])
        let f = try XCTUnwrap(j.cases.first { $0.name == "population.csv" }?.failure)
        XCTAssertTrue(f.message.contains("year=2023 place=B sex=male age=40 resident"), f.message)
        XCTAssertTrue(f.body.contains("resident: expected 1.500"), f.body)
        XCTAssertEqual(j.suiteFailures, "1")

        let missing = try ws.run(["check", "run/tiny", "--against", "nowhere", "--format", "junit"])
        XCTAssertEqual(missing.status, 2)
        let e = try JUnit(data: Data(missing.stdout.utf8))
        XCTAssertEqual(e.cases.count, 1)
        XCTAssertTrue(e.cases[0].error?.contains("nowhere: no such folder") ?? false, missing.stdout)
    }

    func testGitHubAnnotationsPointAtFileAndLine() throws {
        let (_, line) = try driftReference()
        let r = try ws.run(["check", "run/tiny", "--against", "ref/tiny", "--github"])
        XCTAssertEqual(r.status, 1)
        let ann = r.stdout.split(separator: "\n").filter { $0.hasPrefix("::error ") }
        XCTAssertEqual(ann, ["::error file=run/tiny/population.csv,line=\(line),title=cohort check drift::year=2023 place=B sex=male age=40: resident: expected 1.500, got \(try ws.read("run/tiny/population.csv").components(separatedBy: "\n")[line - 1].components(separatedBy: ",")[6])"])
        let json = try ws.run(["check", "run/tiny", "--against", "ref/tiny", "--github", "--format", "json"])
        XCTAssertEqual(json.status, 2, "annotations and a JSON report cannot share standard output: \(json.stderr)")
    }

    /// The `cohort check` commands of the README's CI section, run on a drifted copy of the tiny run (the README's
    /// folders replaced by this workspace's), each output parsed as its format says.
    func testREADMECIExamplesRunOnADriftedCopy() throws {
        let readme = try String(contentsOf: Cohort.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try XCTUnwrap(readme.components(separatedBy: "\n## `cohort check` in CI\n").dropFirst().first)
            .components(separatedBy: "\n## ")[0]
        let commands = section.components(separatedBy: "\n").compactMap { line -> [String]? in
            guard let r = line.range(of: ".build/release/cohort check ") else { return nil }
            let cmd = line[r.upperBound...].prefix { $0 != "`" }
            return ["check"] + cmd.split(separator: " ").map {
                $0 == "out/blmk-baseline" ? "run/tiny" : $0 == "Outputs/reference/blmk-baseline" ? "ref/tiny" : String($0)
            }
        }
        XCTAssertEqual(commands.count, 3, "GitHub, GitLab and JSON examples: \(commands)")
        let (_, line) = try driftReference()
        var formats: Set<String> = []
        for var args in commands {
            var redirect: String? = nil
            if let i = args.firstIndex(of: ">") { redirect = args[i + 1]; args.removeSubrange(i...) }
            let r = try ws.run(args)
            XCTAssertEqual(r.status, 1, "\(args.joined(separator: " ")): \(r.stdout) \(r.stderr)")
            if let redirect { try ws.write(redirect, r.stdout) }
            let format = args.firstIndex(of: "--format").map { args[$0 + 1] } ?? "text"
            formats.insert(format)
            let file = redirect ?? args.firstIndex(of: "--output").map { args[$0 + 1] }
            let data = try file.map { try Data(contentsOf: ws.url($0)) } ?? Data(r.stdout.utf8)
            switch format {
            case "junit":
                let j = try JUnit(data: data)
                XCTAssertEqual(j.cases.filter { $0.failure != nil }.map(\.name), ["population.csv"])
                XCTAssertTrue(j.cases.first { $0.name == "population.csv" }?.failure?.message.contains("year=2023 place=B sex=male age=40") ?? false)
            case "json":
                let o = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                XCTAssertEqual(o["verdict"] as? String, "drift")
            default:
                XCTFail("unexpected format \(format)")
            }
            if args.contains("--github") {
                XCTAssertTrue(r.stdout.contains("::error file=run/tiny/population.csv,line=\(line),"), r.stdout)
            }
        }
        XCTAssertEqual(formats, ["junit", "json"])
    }
}

/// The test cases of a JUnit XML report, read with Foundation's XMLParser.
final class JUnit: NSObject, XMLParserDelegate {
    struct Case { var name: String; var failure: (message: String, body: String)?; var error: String? }
    var cases: [Case] = []
    var suiteFailures: String?
    private var text = ""

    init(data: Data) throws {
        super.init()
        let p = XMLParser(data: data)
        p.delegate = self
        guard p.parse() else { throw p.parserError ?? NSError(domain: "JUnit", code: 1) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]) {
        text = ""
        switch name {
        case "testsuite": suiteFailures = a["failures"]
        case "testcase": cases.append(Case(name: a["name"] ?? ""))
        case "failure": cases[cases.count - 1].failure = (a["message"] ?? "", "")
        case "error": cases[cases.count - 1].error = a["message"] ?? ""
        default: break
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "failure" { cases[cases.count - 1].failure?.body = text }
    }
}
