import Foundation

/// Peak memory of a run, estimated before it starts, and the limit it must stay under.
///
/// peak ≈ base + perPlace × Places + draws × (perValue × series + perDraw + 8 × plan columns): the draw store keeps
/// one Float per reported row (series) per draw, the sampled plan one Double per column per draw.
/// Measured on this machine (2 cores, 24 GB, release build, maximum resident set size from `/usr/bin/time -v`;
/// scripts/measure-memory.sh re-measures): the reference scenario (4 Places, 9,995 series, 117 plan columns) 32 MiB at 0 draws, 80 at
/// 1,000, 224 at 4,000, 473 at 10,000 with --keep-draws; tiny fixture (2 Places, 108 series, no plan columns) 24 MiB
/// at 0 draws, 34 at 20,000, 67 at 80,000. The constants are fitted to the steeper slopes, so they err high (the reference scenario
/// 10,000 draws: 500 MiB estimated, 473 measured).
public enum MemoryModel {
    /// Inputs, the central run and the rendered tables (intercepts of the two fits, over 2 and 4 Places).
    static let baseBytes = 16 << 20
    static let perPlaceBytes = Int(4.25 * 1048576)
    /// Per series per draw: the 4-byte store plus the summaries' working copies (the reference scenario 1,000 -> 4,000 draws and tiny
    /// 20,000 -> 80,000 draws: 49,152 and 577 bytes a draw).
    static let perValueBytes = 4.8
    /// Per draw besides the series: the plan row's array, the draw's seed and bookkeeping.
    static let perDrawBytes = 64

    /// Per Place term kept for a batch shard, per draw: the double in the store and its copy in the shard file's bytes.
    static let perTermBytes = 16.0

    /// Estimated peak bytes of one Monte Carlo run (or of `runs` held at once, as `compare` does).
    /// - Parameter terms: Place terms kept in double precision (a `cohort batch` shard; 0 otherwise).
    public static func estimate(places: Int, series: Int, terms: Int = 0, draws: Int, planColumns: Int, runs: Int = 1) -> Double {
        let perRun = (perValueBytes * Double(series) + perTermBytes * Double(terms)) * Double(draws)
            + Double(draws) * Double(perDrawBytes + 8 * planColumns)
        return Double(baseBytes + perPlaceBytes * places) + Double(runs) * perRun
    }

    /// The largest number of draws whose estimate stays under `limit`.
    public static func maxDraws(places: Int, series: Int, terms: Int = 0, planColumns: Int, runs: Int = 1, limit: Double) -> Int {
        let fixed = Double(baseBytes + perPlaceBytes * places)
        let perDraw = Double(runs) * (perValueBytes * Double(series) + perTermBytes * Double(terms) + Double(perDrawBytes + 8 * planColumns))
        return max(0, Int(((limit - fixed) / perDraw).rounded(.down)))
    }

    /// Default limit: this share of physical memory (the rest for the system and other programs).
    public static let defaultShare = 0.5
    public static let environmentVariable = "COHORT_MAX_MEMORY"

    public struct Limit: Sendable {
        public var bytes: Double
        /// Where the limit came from, for messages.
        public var source: String
    }

    /// The limit from `--max-memory` (if given), else COHORT_MAX_MEMORY, else `defaultShare` of physical memory.
    /// Sizes: `8G`, `512M`, `2.5GiB`, `1000000000` (bytes) or a share of physical memory such as `75%`.
    public static func limit(option: String?) throws(InputError) -> Limit {
        let physical = Double(ProcessInfo.processInfo.physicalMemory)
        if let option {
            guard let b = parseSize(option, physical: physical) else { throw sizeError("--max-memory", option) }
            return Limit(bytes: b, source: "--max-memory \(option)")
        }
        if let env = ProcessInfo.processInfo.environment[environmentVariable] {
            guard let b = parseSize(env, physical: physical) else { throw sizeError(environmentVariable, env) }
            return Limit(bytes: b, source: "\(environmentVariable)=\(env)")
        }
        return Limit(bytes: physical * defaultShare,
                     source: "\(Int(defaultShare * 100))% of physical memory \(format(physical))")
    }

    static func sizeError(_ name: String, _ value: String) -> InputError {
        InputError(file: name == "--max-memory" ? "command line" : name, "\(name) '\(value)' is not a memory size; expected e.g. 8G, 512M, 2.5GiB, a number of bytes, or a share of physical memory such as 75%")
    }

    static func parseSize(_ s: String, physical: Double) -> Double? {
        var t = s.trimmingCharacters(in: .whitespaces).uppercased()
        if t.hasSuffix("%") {
            guard let p = Double(t.dropLast()), p.isFinite, p > 0, p <= 100 else { return nil }
            return physical * p / 100
        }
        if t.hasSuffix("IB") { t.removeLast(2) } else if t.hasSuffix("B") { t.removeLast() }
        var scale = 1.0
        if let last = t.last, let i = "KMGT".firstIndex(of: last) {
            scale = pow(1024, Double("KMGT".distance(from: "KMGT".startIndex, to: i) + 1))
            t.removeLast()
        }
        guard !t.isEmpty, t.allSatisfy({ $0.isNumber || $0 == "." }), let x = Double(t), x.isFinite, x > 0 else { return nil }
        return x * scale
    }

    /// `1.2 GiB`, `412 MiB`.
    public static func format(_ bytes: Double) -> String {
        bytes >= 1_073_741_824 ? String(format: "%.1f GiB", bytes / 1_073_741_824) : String(format: "%.0f MiB", bytes / 1_048_576)
    }

    /// Refuses a run whose estimate is over the limit, saying what would fit and what to change.
    /// - Parameter scenarioFile: the scenario whose `[uncertainty] draws` set the draws, or nil for `--draws`.
    public static func check(places: Int, series: Int, terms: Int = 0, draws: Int, planColumns: Int, runs: Int = 1,
                             limit: Limit, scenarioFile: String?) throws(InputError) -> Double {
        let need = estimate(places: places, series: series, terms: terms, draws: draws, planColumns: planColumns, runs: runs)
        guard need <= limit.bytes else {
            let fit = maxDraws(places: places, series: series, terms: terms, planColumns: planColumns, runs: runs, limit: limit.bytes)
            let setting = scenarioFile == nil ? "--draws \(draws)" : "= \(draws)"
            throw InputError(file: scenarioFile ?? "command line", location: scenarioFile == nil ? nil : "key uncertainty.draws",
                             "\(setting): the draws would need about \(format(need)) of memory (\(series) series x \(draws) draws\(runs > 1 ? " x \(runs) scenarios" : "")), over the limit of \(format(limit.bytes)) (\(limit.source)); use at most \(fit) draws, or raise the limit with --max-memory or \(environmentVariable) if this machine has the memory")
        }
        return need
    }
}
