import ArgumentParser
import Foundation
import Scenarios
import Reports

/// `cohort batch`: many scenarios (every ICB, or a list) as independent shards with one seed and one number of
/// draws — in parallel processes here (`-j`), one shard by index (`--shard I`, what a cluster array task runs), or
/// as a Slurm / Kubernetes job file (`--emit`). Each shard writes a run's outputs plus `shard-draws.bin`, which
/// `cohort combine` adds up.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run many scenarios as shards of one batch (every ICB with --icb all, or --scenarios LIST), here or on a cluster.",
        discussion: """
        cohort batch --icb all --draws 10000 --seed 7 -j 2 --outputs Outputs/england
        cohort batch --icb all --draws 10000 --seed 7 --outputs /shared/england --shard 3   (one shard, by index from 0)
        cohort batch --icb all --draws 10000 --seed 7 --outputs /shared/england --emit slurm (or k8s)
        cohort combine Outputs/england

        With --icb, each shard's scenario is written by `cohort new` into OUTPUTS/scenarios/ (every part of a split LA
        kept, so national totals add up) unless it is there already. A shard whose outputs already hold a
        \(ShardDraws.fileName) of the same scenario file, draws and seed is not run again; a failed shard is reported
        (its log in OUTPUTS/logs/) and the batch exits 1.
        """)

    @Option(help: "ICBs: all, or a comma-separated list of ICB codes or names (as cohort new --icb).") var icb: String?
    @Option(help: "A file listing scenario files, one per line (# comments; paths relative to the list).") var scenarios: String?
    @Option(help: "Monte Carlo draws of every shard (default: each scenario's own).") var draws: Int?
    @Option(help: "Master seed of every shard (default: each scenario's own).") var seed: UInt64?
    @Option(help: "Intervals only for these years, e.g. 2033,2043 (replaces each scenario's [uncertainty] interval_years; a smaller draw store and shard file).")
    var intervalYears: String?
    @Option(name: .customShort("j"), help: "Shards run at once, each in its own process.") var jobs: Int = 1
    @Option(help: "Threads per shard (default: this machine's cores / -j).") var threads: Int?
    @Option(help: "Folder of the batch (one folder per shard, scenarios/, logs/, combined/).") var outputs: String = "Outputs/batch"
    @Option(help: "Run only shard I (0-based), in this process: what each task of a cluster array runs.") var shard: Int?
    @Option(help: "Write a cluster job file instead of running: slurm (job-array script) or k8s (Indexed Job manifest).")
    var emit: String?
    @Option(help: "Memory the whole batch may use (shared equally by the -j shards), e.g. 16G or 75% (default: COHORT_MAX_MEMORY, else 50% of physical memory).")
    var maxMemory: String?
    @Option(help: "Container image of the k8s job (--emit k8s).") var image: String = "cohort:latest"
    @Option(help: "PersistentVolumeClaim holding --outputs for the k8s job (--emit k8s).") var claim: String = "cohort-outputs"
    @Option(help: "The England inputs folder (with --icb).") var englandData: String = EnglandData.defaultFolder

    func validate() throws {
        guard (icb == nil) != (scenarios == nil) else { throw ValidationError("give the shards: one of --icb (e.g. --icb all) or --scenarios LIST") }
        if let draws, !(1...RunOptions.maxDraws).contains(draws) {
            throw ValidationError("--draws \(draws) is out of range; expected 1 to \(RunOptions.maxDraws) (a batch is for intervals; use cohort run for central runs)")
        }
        guard (1...256).contains(jobs) else { throw ValidationError("-j \(jobs) is out of range; expected 1 to 256") }
        if let threads, !(1...RunOptions.maxThreads).contains(threads) {
            throw ValidationError("--threads \(threads) is out of range; expected 1 to \(RunOptions.maxThreads)")
        }
        if let shard, shard < 0 { throw ValidationError("--shard \(shard): expected a shard index from 0") }
        if let emit, !["slurm", "k8s"].contains(emit) { throw ValidationError("--emit '\(emit)': expected slurm or k8s") }
        if emit != nil, shard != nil { throw ValidationError("--emit writes the job file for every shard; leave out --shard") }
        if outputs.isEmpty { throw ValidationError("--outputs is an empty string; expected a folder") }
        if let maxMemory { do { _ = try MemoryModel.limit(option: maxMemory) } catch { throw ValidationError(error.message) } }
        if intervalYears != nil, years == nil {
            throw ValidationError("--interval-years '\(intervalYears!)': expected years in increasing order, each once, comma-separated (e.g. 2033,2043)")
        }
    }

    /// `--interval-years` as years (nil when absent or not increasing whole years).
    var years: [Int]? {
        guard let intervalYears else { return nil }
        let parts = intervalYears.split(separator: ",", omittingEmptySubsequences: false)
        let y = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !y.isEmpty, y.count == parts.count, y == y.sorted(), Set(y).count == y.count else { return nil }
        return y
    }

    func run() throws {
        try userFacing { () throws -> Void in
            let list = try BatchShards.resolve(icb: icb, scenarios: scenarios, outputs: outputs, englandData: englandData)
            if let emit { return try writeJobFile(emit, shards: list) }
            if let shard {
                guard shard < list.count else {
                    throw Failure("--shard \(shard): the batch has \(list.count) shards; expected 0 to \(list.count - 1)")
                }
                let limit = try MemoryModel.limit(option: maxMemory)
                return try runShard(list[shard], index: shard, of: list.count, limit: limit.bytes)
            }
            try runAll(list)
        }
    }

    /// The options every shard of this batch is run with (selection, draws, seed, outputs), as arguments.
    func shardArguments(outputs out: String) -> [String] {
        var a: [String] = []
        if let icb { a += ["--icb", icb] }
        if let scenarios { a += ["--scenarios", scenarios] }
        if let draws { a += ["--draws", String(draws)] }
        if let seed { a += ["--seed", String(seed)] }
        if let intervalYears { a += ["--interval-years", intervalYears] }
        if icb != nil, englandData != EnglandData.defaultFolder { a += ["--england-data", englandData] }
        return a + ["--outputs", out]
    }

    var threadsPerShard: Int { threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount / jobs) }

    /// One shard in this process: its scenario (written first with --icb), a run with the batch's draws and seed, its
    /// outputs and shard file written atomically; skipped when its shard file shows it done.
    func runShard(_ s: BatchShards.Shard, index: Int, of count: Int, limit: Double) throws {
        let path = try s.scenarioFile(englandData: englandData)
        let p = try Pipeline(path.path, draws: draws, seed: seed, intervalYears: years)
        guard p.scenario.uncertainty.draws > 0 else {
            throw Failure("\(displayPath(p.scenario.file)): no Monte Carlo draws; a batch shard needs draws (give --draws N)")
        }
        let folder = URL(fileURLWithPath: outputs).appendingPathComponent(p.scenario.name)
        let sha = SHA256.hex(try Data(contentsOf: p.scenario.file))
        let u = p.scenario.uncertainty
        if let done = try? ShardDraws.read(folder.appendingPathComponent(ShardDraws.fileName)).header,
           done.shard == index, done.shards == count, done.scenarioSHA256 == sha, done.draws == u.draws, done.seed == u.seed,
           done.intervalYears == u.intervalYears {
            print("shard \(index) \(p.scenario.name): already done (\(folder.path)/)")
            return
        }
        try FolderOwner.check(folder, scenario: p.scenario)
        try OutputFolder.checkNotBusy(folder)
        let run = try p.central()
        let demand = try p.demand(run)
        if let need = try p.checkMemory(run, demand: demand, maxMemory: "\(Int(limit))", drawsOption: draws != nil, terms: true) {
            print("shard \(index) \(p.scenario.name): estimated peak memory \(MemoryModel.format(need)) for \(u.draws) draws")
        }
        let t0 = Date()
        guard let mc = try p.monteCarlo(threads: threadsPerShard, central: (run, demand), keepTerms: true, progress: nil) else { return }
        let files = try p.render(run, demand: demand, mc: mc, threads: threadsPerShard)
        let book = try XLSXWorkbook.forRun(files).data()
        let header = ShardDraws.Header(shard: index, shards: count, scenario: p.scenario.name, scenarioSHA256: sha,
                                       places: p.scenario.places, placeCodes: p.scenario.places.map { p.scenario.placeCode($0) },
                                       region: s.region, total: s.total.name, totalCode: s.total.code,
                                       draws: u.draws, seed: u.seed, percentiles: u.percentiles, intervalYears: u.intervalYears, terms: [])
        let bin = ShardDraws.encode(mc, header: header)
        try OutputFolder.write(files, data: ["\(p.scenario.name).xlsx": book, ShardDraws.fileName: bin], to: folder)
        print("shard \(index) \(p.scenario.name): \(p.scenario.places.count) Places, \(u.draws) draws in \(String(format: "%.1f", Date().timeIntervalSince(t0))) s, peak memory \(MemoryModel.format(Self.peakMemory())) -> \(folder.path)/")
    }

    /// This process's peak resident memory so far, in bytes.
    static func peakMemory() -> Double {
        var u = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_maxrss) * 1024  // KiB on Linux
        #else
        getrusage(RUSAGE_SELF, &u)
        return Double(u.ru_maxrss)  // bytes on macOS
        #endif
    }

    /// A line on stdout, unbuffered (shard lines from several threads, and a log read while the batch runs).
    static func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

    /// Every shard, `jobs` at a time, each as `cohort batch ... --shard I` in its own process (so a shard's memory is
    /// returned when it ends, and one failing shard cannot take the others down).
    func runAll(_ list: [BatchShards.Shard]) throws {
        let root = URL(fileURLWithPath: outputs)
        let logs = root.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let limit = try MemoryModel.limit(option: maxMemory)
        let perShard = Int(limit.bytes / Double(jobs))
        let exe = BatchShards.executable()
        let common = shardArguments(outputs: outputs) + ["--threads", String(threadsPerShard), "--max-memory", String(perShard)]
        Self.say("batch: \(list.count) shards, \(jobs) at a time, \(threadsPerShard) threads and \(MemoryModel.format(Double(perShard))) each (\(limit.source) / \(jobs)); logs in \(logs.path)/")
        let queue = BatchQueue(count: list.count)
        let t0 = Date()
        DispatchQueue.concurrentPerform(iterations: min(jobs, list.count)) { _ in
            while let i = queue.next() {
                let log = logs.appendingPathComponent("\(i)-\(list[i].name).log")
                let started = Date()
                let status = BatchShards.runProcess(exe, arguments: ["batch"] + common + ["--shard", String(i)], log: log)
                let line = status == 0
                    ? "shard \(i) \(list[i].name): ok (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)"
                    : "shard \(i) \(list[i].name): FAILED (exit \(status)); see \(log.path)"
                queue.finish(i, ok: status == 0, line: line)
            }
        }
        let failed = queue.failed.sorted()
        Self.say("batch: \(list.count - failed.count) of \(list.count) shards done in \(String(format: "%.1f", Date().timeIntervalSince(t0))) s")
        guard failed.isEmpty else {
            throw Failure("\(failed.count) shard\(failed.count == 1 ? "" : "s") failed: \(failed.map { "\($0) \(list[$0].name)" }.joined(separator: ", ")); their logs are in \(logs.path)/. Re-run the same command: finished shards are not redone")
        }
        Self.say("next: cohort combine \(outputs)")
    }

    func writeJobFile(_ kind: String, shards list: [BatchShards.Shard]) throws {
        let root = URL(fileURLWithPath: outputs)
        let job = ClusterJob(shards: list.count, arguments: shardArguments(outputs: "OUTPUTS_PLACEHOLDER"), outputs: outputs,
                             threads: threads ?? 2, memoryGiB: ClusterJob.memoryGiB(maxMemory), image: image, claim: claim)
        let (file, text) = kind == "slurm" ? ("cohort-batch.slurm", job.slurm()) : ("cohort-batch-k8s.yaml", job.kubernetes())
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let url = root.appendingPathComponent(file)
        try FileSet.write([(path: file, text: text)], under: root)
        print("wrote \(url.path) (\(list.count) shards)")
        print(kind == "slurm" ? "submit: sbatch \(url.path)   then, when all tasks are done: cohort combine \(outputs)"
                              : "submit: kubectl apply -f \(url.path)   then, when the Job completes: cohort combine on the volume")
    }
}

/// Hands out shard indices and gathers their results (printed as they finish, so the log reads as a progress report).
final class BatchQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    private(set) var failed: [Int] = []
    init(count: Int) { self.count = count }
    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }
    func finish(_ i: Int, ok: Bool, line: String) {
        lock.lock(); defer { lock.unlock() }
        if !ok { failed.append(i) }
        Batch.say(line)
    }
}
