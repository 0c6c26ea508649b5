import Foundation
import XCTest

/// `cohort batch` and `cohort combine` end to end: shards of a 4-Place area (2 + 2 Places) combined equal one run of
/// the 4 Places to the byte; resumable shards; failures reported; cluster job files that their tools accept.
final class BatchCommandTests: XCTestCase {
    var ws: Workspace!
    override func setUpWithError() throws { ws = try Workspace() }
    override func tearDown() { ws.remove() }

    /// Bedford, Central Bedfordshire | Luton, Milton Keynes (whole LAs, trend mode, the generated [uncertainty]).
    static let areas = [("t4", "E06000055,E06000056,E06000032,E06000042"), ("t2a", "E06000055,E06000056"), ("t2b", "E06000032,E06000042")]

    func makeAreas() throws {
        for (name, lads) in Self.areas {
            let r = try ws.run(["new", name, "--lad", lads, "--dir", "s", "--england-data", NewCommandTests.england.path])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        try ws.write("s/list.txt", "# two shards\nt2a.toml\n\nt2b.toml\n")
    }

    /// The value columns (central, mean, percentiles) of rows, keyed by period and the fields after the Place.
    func values(_ csv: String, place: String?) -> [String] {
        csvRows(csv).dropFirst().filter { place == nil || $0[3] == place! }.map { r in ([r[1]] + r[4...]).joined(separator: ",") }
    }

    func testCombinedShardsEqualOneRunOfAllPlacesToTheByte() throws {
        try makeAreas()
        let batch = try ws.run(["batch", "--scenarios", "s/list.txt", "--draws", "60", "--seed", "11", "-j", "2", "--outputs", "b"])
        XCTAssertEqual(batch.status, 0, batch.stderr + batch.stdout)
        XCTAssertTrue(batch.stdout.contains("2 of 2 shards done"), batch.stdout)
        let combine = try ws.run(["combine", "b"])
        XCTAssertEqual(combine.status, 0, combine.stderr)
        let single = try ws.run(["run", "s/t4.toml", "--draws", "60", "--seed", "11", "--outputs", "one"])
        XCTAssertEqual(single.status, 0, single.stderr)
        for table in ["population", "deaths"] {
            let whole = values(try ws.read("one/t4/\(table)-intervals.csv"), place: "All Places")
            let combined = values(try ws.read("b/combined/\(table)-intervals.csv"), place: "All shards")
            XCTAssertFalse(whole.isEmpty)
            XCTAssertEqual(combined, whole, "\(table): combined shards differ from the single run's All Places rows")
        }
        // The intervals are real intervals (draws differ), so the equality above is not of constants.
        let rows = csvRows(try ws.read("b/combined/population-intervals.csv"))
        let last = rows.last { $0[1] == "2047" && $0[4] == "all ages" }!
        XCTAssertLessThan(Double(last[last.count - 5])!, Double(last[last.count - 1])!)

        // Same bytes when the shards ran one at a time, and when the folders are found in another order.
        let again = try ws.run(["batch", "--scenarios", "s/list.txt", "--draws", "60", "--seed", "11", "-j", "1", "--threads", "1", "--outputs", "c"])
        XCTAssertEqual(again.status, 0, again.stderr)
        try FileManager.default.moveItem(at: ws.url("c/t2a"), to: ws.url("c/zz-renamed"))
        XCTAssertEqual(try ws.run(["combine", "c", "--threads", "1"]).status, 0)
        for f in ["population-intervals.csv", "deaths-intervals.csv"] {
            // Every column but the first (the batch folder's name).
            XCTAssertEqual(csvRows(try ws.read("c/combined/\(f)")).map { $0.dropFirst() }, csvRows(try ws.read("b/combined/\(f)")).map { $0.dropFirst() }, f)
        }
        XCTAssertEqual(try ws.read("c/combined/shards.csv"), try ws.read("b/combined/shards.csv"))
    }

    func testShardsRunByIndexResumeAndFailuresAreReported() throws {
        try makeAreas()
        let args = ["batch", "--scenarios", "s/list.txt", "--draws", "20", "--seed", "3", "--outputs", "b"]
        // Shard 1 alone; combine refuses while shard 0 is missing.
        let one = try ws.run(args + ["--shard", "1"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: ws.url("b/t2b/shard-draws.bin").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.url("b/t2a").path))
        let early = try ws.run(["combine", "b"])
        XCTAssertEqual(early.status, 1)
        XCTAssertTrue(early.stderr.contains("shards 0 of 2 have no shard-draws.bin"), early.stderr)
        // A finished shard is not redone.
        let repeated = try ws.run(args + ["--shard", "1"])
        XCTAssertTrue(repeated.stdout.contains("shard 1 t2b: already done"), repeated.stdout)
        XCTAssertEqual(try ws.run(args + ["--shard", "2"]).stderr.contains("--shard 2: the batch has 2 shards"), true)
        // Shard 0's inputs broken: the batch runs shard 1 (already done), reports shard 0 with its log, exits 1.
        let pop = try ws.read("s/data/t2a/population_mid2022.csv")
        try ws.write("s/data/t2a/population_mid2022.csv", "broken\n")
        let failed = try ws.run(args + ["-j", "2"])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.stdout.contains("shard 0 t2a: FAILED"), failed.stdout)
        XCTAssertTrue(failed.stderr.contains("1 shard failed: 0 t2a"), failed.stderr)
        XCTAssertTrue(try ws.read("b/logs/0-t2a.log").contains("population_mid2022.csv"))
        // Repaired: only shard 0 runs, then combine succeeds.
        try ws.write("s/data/t2a/population_mid2022.csv", pop)
        let fixed = try ws.run(args + ["-j", "2"])
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertTrue(try ws.read("b/logs/1-t2b.log").contains("already done"))
        XCTAssertEqual(try ws.run(["combine", "b"]).status, 0)
        // Shards of another seed cannot be combined with these.
        let other = try ws.run(["batch", "--scenarios", "s/list.txt", "--draws", "20", "--seed", "4", "--outputs", "b", "--shard", "0"])
        XCTAssertEqual(other.status, 0, other.stderr)
        let mixed = try ws.run(["combine", "b"])
        XCTAssertEqual(mixed.status, 1)
        XCTAssertTrue(mixed.stderr.contains("seed 3") && mixed.stderr.contains("seed 4"), mixed.stderr)
    }

    func testEmittedClusterFilesSelectTheShardByIndex() throws {
        try makeAreas()
        let s = try ws.run(["batch", "--scenarios", "s/list.txt", "--draws", "20", "--seed", "3", "--outputs", "b", "--emit", "slurm"])
        XCTAssertEqual(s.status, 0, s.stderr)
        let script = try ws.read("b/cohort-batch.slurm")
        XCTAssertTrue(script.contains("#SBATCH --array=0-1"))
        XCTAssertTrue(script.contains("--shard \"$SLURM_ARRAY_TASK_ID\""))
        XCTAssertTrue(script.contains("OUTPUTS=\"${OUTPUTS:-b}\""))
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/bin/bash")
        check.arguments = ["-n", ws.url("b/cohort-batch.slurm").path]
        try check.run(); check.waitUntilExit()
        XCTAssertEqual(check.terminationStatus, 0, "bash -n rejects the Slurm script")
        let k = try ws.run(["batch", "--scenarios", "s/list.txt", "--draws", "20", "--seed", "3", "--outputs", "b", "--emit", "k8s", "--image", "reg/cohort:1"])
        XCTAssertEqual(k.status, 0, k.stderr)
        let yaml = try ws.read("b/cohort-batch-k8s.yaml")
        for needle in ["kind: Job", "completionMode: Indexed", "completions: 2", "image: \"reg/cohort:1\"", "\"--shard\", \"$(COHORT_SHARD)\"",
                       "batch.kubernetes.io/job-completion-index", "claimName: \"cohort-outputs\""] {
            XCTAssertTrue(yaml.contains(needle), needle)
        }
        // What a task runs, for each index, works here.
        for i in 0..<2 {
            let r = try ws.run(["batch", "--scenarios", "s/list.txt", "--draws", "20", "--seed", "3", "--outputs", "b", "--shard", String(i)])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        XCTAssertEqual(try ws.run(["combine", "b"]).status, 0)
    }

    func testABatchWithIntervalYearsCombinesOnlyThoseYears() throws {
        try makeAreas()
        let bad = try ws.run(["batch", "--scenarios", "s/list.txt", "--draws", "20", "--interval-years", "2043,2033", "--outputs", "b"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("--interval-years '2043,2033'"), bad.stderr)
        let r = try ws.run(["batch", "--scenarios", "s/list.txt", "--draws", "20", "--seed", "2", "--interval-years", "2033,2043", "-j", "2", "--outputs", "b"])
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        XCTAssertEqual(try ws.run(["combine", "b"]).status, 0)
        let rows = csvRows(try ws.read("b/combined/population-intervals.csv")).dropFirst()
        XCTAssertEqual(Set(rows.map { $0[1] }), ["2033", "2043"])
        XCTAssertEqual(Set(csvRows(try ws.read("b/t2a/population-intervals.csv")).dropFirst().map { $0[1] }), ["2033", "2043"])
        // A shard re-run for every year is another batch's: combine names the difference.
        let other = try ws.run(["batch", "--scenarios", "s/list.txt", "--draws", "20", "--seed", "2", "--outputs", "b", "--shard", "1"])
        XCTAssertEqual(other.status, 0, other.stderr)
        let mixed = try ws.run(["combine", "b"])
        XCTAssertEqual(mixed.status, 1)
        XCTAssertTrue(mixed.stderr.contains("interval years every year") && mixed.stderr.contains("[2033, 2043]"), mixed.stderr)
    }

    func testIntervalYearsKeepOnlyThoseYearsWithTheSameValues() throws {
        let full = try ws.run(["run", ws.scenarioPath, "--draws", "30", "--outputs", "full"])
        XCTAssertEqual(full.status, 0, full.stderr)
        try ws.write("tiny/iy.toml", "extends = \"tiny.toml\"\nname = \"iy\"\n[uncertainty]\ninterval_years = [2022, 2024]\n")
        let part = try ws.run(["run", "tiny/iy.toml", "--draws", "30", "--outputs", "part"])
        XCTAssertEqual(part.status, 0, part.stderr)
        let all = csvRows(try ws.read("full/tiny/population-intervals.csv")).dropFirst()
        let kept = csvRows(try ws.read("part/iy/population-intervals.csv")).dropFirst()
        XCTAssertEqual(Set(kept.map { $0[1] }), ["2022", "2024"])
        XCTAssertEqual(kept.map { Array($0.dropFirst()) }, all.filter { ["2022", "2024"].contains($0[1]) }.map { Array($0.dropFirst()) })
        try ws.write("tiny/bad.toml", "extends = \"tiny.toml\"\nname = \"bad\"\n[uncertainty]\ninterval_years = [2024, 2022]\n")
        let bad = try ws.run(["run", "tiny/bad.toml", "--draws", "5", "--outputs", "bad"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("uncertainty.interval_years") && bad.stderr.contains("increasing order"), bad.stderr)
    }
}
