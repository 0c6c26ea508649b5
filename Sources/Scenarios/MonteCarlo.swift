import Foundation
import Demography
import Demand
import Sampling

/// Runs the draws of a scenario in parallel and summarises every catalogued series.
///
/// Determinism: each draw's assumptions come only from (master seed, assumption name, draw index), and each draw's
/// results go to their own slot, so the output does not depend on the number of threads or their timing.
public struct MonteCarloResult: Sendable {
    public let catalog: SeriesCatalog
    public let draws: Int
    /// Series-major storage: value of series s in draw d (1-based) at s * draws + d - 1.
    public let values: [Float]
    /// Smallest and largest value of each series over the draws (NaN aside), taken while the draws were stored.
    let lows: [Float], highs: [Float]
    public let central: [Double]
    public let plan: RunPlan
    /// Sampled values per draw (row d-1), in `plan.columns` order.
    public let planRows: [[Double]]
    /// With `keepTerms`: the catalogue indices of the Place rows that "All Places" rows add up (population, referrals,
    /// deaths, conditions), and their values in double precision, series-major (term j of draw d at j * draws + d - 1).
    /// `cohort combine` adds them across shards in Place order, as a single run adds them, so totals agree to the bit.
    public let termSeries: [Int]
    public let terms: [Double]

    public func draws(ofSeries s: Int) -> ArraySlice<Float> { values[(s * draws)..<((s + 1) * draws)] }

    /// Mean and type-7 percentiles (0-100) of every series.
    public func summaries(percentiles: [Double], threads: Int) -> [SeriesSummary] {
        var out = [SeriesSummary](repeating: SeriesSummary(mean: 0, percentiles: []), count: catalog.keys.count)
        let n = catalog.keys.count, workers = max(threads, 1)
        out.withUnsafeMutableBufferPointer { buf in
            values.withUnsafeBufferPointer { all in
                let sink = UnsafeSink(buf), source = UnsafeSource(all)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    var s = w
                    while s < n {
                        let x = UnsafeBufferPointer(rebasing: source.buf[(s * draws)..<((s + 1) * draws)])
                        let (mean, p) = Percentiles.summary(x, percentiles, lo: Double(lows[s]), hi: Double(highs[s]))
                        sink.set(s, SeriesSummary(mean: mean, percentiles: p))
                        s += workers
                    }
                }
            }
        }
        return out
    }
}

public struct SeriesSummary: Sendable {
    public var mean: Double
    public var percentiles: [Double]
}

/// Lets parallel workers read one buffer that nobody writes while they run.
struct UnsafeSource<T>: @unchecked Sendable {
    let buf: UnsafeBufferPointer<T>
    init(_ b: UnsafeBufferPointer<T>) { buf = b }
}

/// Lets parallel workers write disjoint slots of one buffer.
final class UnsafeSink<T>: @unchecked Sendable {
    let buf: UnsafeMutableBufferPointer<T>
    init(_ b: UnsafeMutableBufferPointer<T>) { buf = b }
    func set(_ i: Int, _ v: T) { buf[i] = v }
}

public enum MonteCarlo {
    /// Draws per worker block, up to 512: each series then receives up to 2 KB of contiguous storage per block, which
    /// the memory system streams, instead of one scattered cache line per draw (measured on the shipped reference scenario, 10,000 draws, one
    /// thread: copy-out 0.55 s with blocks of 16, 0.08 s with 512). At least four blocks per worker, so small runs
    /// still use every thread, and at most 32 MB of block per worker however many series there are; any blocking gives
    /// the same result (each draw has its own slots). With `keepTerms` a draw is first written in double
    /// precision to a one-draw row, whose Place terms are kept exact and which is then rounded into the block.
    static func blockSize(draws: Int, workers: Int, series: Int) -> Int {
        min(512, max(16, draws / (4 * max(workers, 1))), max(1, (8 << 20) / max(series, 1)))
    }
    /// Series per copy-out tile (the tile's lines of the block stay in cache while its series are written).
    static let tile = 32
    public struct Failure: Error, CustomStringConvertible { public let description: String }

    /// Has the kernel map and clear this worker's share of the draw store (or its block) in one call. The store (400 MB for
    /// the reference scenario at 10,000 draws) is fresh memory; page by page, its first writes cost ~0.65 ms a MB here (a fault per
    /// 4 KB page), in one call ~0.4 ms a MB (measured, 200 MB). Only a hint: without Linux's MADV_POPULATE_WRITE
    /// (5.14+) the call fails and the pages fault in as before, with the same contents.
    static func prefault(_ b: UnsafeMutableRawBufferPointer, part: Int, of parts: Int) {
        #if os(Linux)
        guard let base = b.baseAddress, b.count >= 8 << 20, parts > 0 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let lo = Int(bitPattern: base) + b.count * part / parts, hi = Int(bitPattern: base) + b.count * (part + 1) / parts
        let start = (lo + page - 1) / page * page, end = hi / page * page
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, 23 /* MADV_POPULATE_WRITE */) }
        #endif
    }

    /// - Parameters:
    ///   - progress: called from worker 0 with the number of finished draws (for a progress bar).
    /// - Parameter centralRun: the central run and its demand when the caller already has them (computed otherwise).
    /// - Parameter demandPlan: the demand plan of `demand` when the caller already has it (built otherwise).
    public static func run(builder b: ModelBuilder, demand: (DemandConfig, DemandInputs)?, draws: Int, threads: Int,
                           centralRun: (ProjectionRun, DemandResult?)? = nil, demandPlan: DemandPlan? = nil,
                           keepTerms: Bool = false,
                           progress: (@Sendable (Int) -> Void)? = nil) throws(Failure) -> MonteCarloResult {
        let plan = RunPlan(b.scenario)
        let demandPlan = demandPlan ?? demand.map { DemandPlan($0.1, places: b.scenario.places) }
        let central: ProjectionRun
        let centralDemand: DemandResult?
        if let (r, d) = centralRun {
            central = r; centralDemand = d
        } else {
            do { central = try ProjectionRun.run(b, Assumptions(b.scenario)) } catch { throw Failure(description: "central run: \(error)") }
            do { centralDemand = try demand.map { c, d throws(InputError) in try DemandRun.run(central, config: c, inputs: d, plan: demandPlan) } ?? DemandRun.deathsOnly(central) }
            catch { throw Failure(description: "\(error)") }
        }
        let catalog = SeriesCatalog(run: central, demand: centralDemand, years: b.scenario.uncertainty.intervalYears.map(Set.init))
        let centralValues = catalog.values(run: central, demand: centralDemand)
        let n = catalog.keys.count
        let termSeries = keepTerms ? catalog.termSeries : []
        let nt = termSeries.count
        var terms = [Double](repeating: 0, count: nt * draws)
        // Not zero-filled: every slot is written by exactly one draw, so the pages are first touched (and cleared by the
        // kernel) in parallel by the workers rather than by one thread up front.
        var rows = [[Double]](repeating: [], count: draws)
        var errors = [String?](repeating: nil, count: max(threads, 1))
        let workers = max(1, min(threads, max(draws, 1)))
        let counter = Counter()
        let blockSize = Self.blockSize(draws: draws, workers: workers, series: n)
        let blocks = BlockQueue(draws: draws, maxBlock: blockSize, workers: workers)
        // Per worker, each series' smallest and largest value so far ([worker][series]); merged after the draws.
        // Two arrays: one interleaved low/high buffer measured 0.03 ms a draw slower in the copy-out.
        var lows = [Float](repeating: .infinity, count: workers * n), highs = [Float](repeating: -.infinity, count: workers * n)
        let values = [Float](unsafeUninitializedCapacity: n * draws) { vbuf, count in
            count = n * draws
            rows.withUnsafeMutableBufferPointer { rbuf in
                errors.withUnsafeMutableBufferPointer { ebuf in lows.withUnsafeMutableBufferPointer { lbuf in highs.withUnsafeMutableBufferPointer { hbuf in
                  terms.withUnsafeMutableBufferPointer { tbuf in
                    let vs = UnsafeSink(vbuf), rs = UnsafeSink(rbuf), es = UnsafeSink(ebuf), ls = UnsafeSink(lbuf), hs = UnsafeSink(hbuf)
                    let ts = UnsafeSink(tbuf)
                    DispatchQueue.concurrentPerform(iterations: workers) { w in
                        Self.prefault(UnsafeMutableRawBufferPointer(vs.buf), part: w, of: workers)
                        let stream = RandomStream(seed: 1)
                        var workspace = ProjectionWorkspace()  // this worker's projection buffers, reused draw to draw
                        // A block of consecutive draws is kept draw-major here, then copied out series by series,
                        // so storage is written a cache line at a time rather than one scattered float per series.
                        let block = UnsafeMutableBufferPointer<Float>.allocate(capacity: n * blockSize)
                        let exact = UnsafeMutableBufferPointer<Double>.allocate(capacity: nt > 0 ? n : 0)
                        defer { block.deallocate(); exact.deallocate() }
                        Self.prefault(UnsafeMutableRawBufferPointer(block), part: 0, of: 1)
                        var demandWorkspace = DemandWorkspace()
                        while let (first, last) = blocks.next() {
                            for d in first...last {
                                do {
                                    let (a, sampled) = try plan.sample(draw: d, stream: stream)
                                    let run = try ProjectionRun.run(b, a, recordComponents: false, workspace: &workspace)
                                    // Without demand inputs a draw still has its deaths, like the central run.
                                    let dem = try demand.map { c, di throws(InputError) in try DemandRun.run(run, config: c, inputs: di, plan: demandPlan, workspace: &demandWorkspace) } ?? DemandRun.deathsOnly(run)
                                    let row = UnsafeMutableBufferPointer(rebasing: block[((d - first) * n)..<((d - first + 1) * n)])
                                    if nt == 0 {
                                        guard catalog.values(run: run, demand: dem, into: row) == n else {
                                            throw RunPlan.DrawError(description: "draw \(d): output shape changed")
                                        }
                                    } else {
                                        guard catalog.values(run: run, demand: dem, into: exact) == n else {
                                            throw RunPlan.DrawError(description: "draw \(d): output shape changed")
                                        }
                                        for i in 0..<n { row[i] = Float(exact[i]) }
                                        for (j, s) in termSeries.enumerated() { ts.buf[j * draws + d - 1] = exact[s] }
                                    }
                                    rs.set(d - 1, sampled)
                                } catch {
                                    es.set(w, "draw \(d) (master seed \(b.scenario.uncertainty.seed)): \(error)")
                                    return
                                }
                                let done = counter.increment()
                                if w == 0 { progress?(done) }
                            }
                            // Copied out in tiles of `tile` series, so the block's lines are reused from cache and each
                            // series receives `width` contiguous floats; each series' range is kept on the way.
                            let width = last - first + 1
                            var s0 = 0
                            while s0 < n {
                                for s in s0..<min(s0 + tile, n) {
                                    let at = s * draws + first - 1
                                    var lo = ls.buf[w * n + s], hi = hs.buf[w * n + s]
                                    for j in 0..<width {
                                        let v = block[j * n + s]
                                        vs.buf[at + j] = v
                                        lo = v < lo ? v : lo
                                        hi = v > hi ? v : hi
                                    }
                                    ls.buf[w * n + s] = lo; hs.buf[w * n + s] = hi
                                }
                                s0 += tile
                            }
                        }
                    }
                  }
                } }
                }
            }
        }
        for w in 1..<workers { for s in 0..<n {
            lows[s] = min(lows[s], lows[w * n + s]); highs[s] = max(highs[s], highs[w * n + s])
        } }
        if let e = errors.compactMap({ $0 }).first { throw Failure(description: e) }
        return MonteCarloResult(catalog: catalog, draws: draws, values: values, lows: Array(lows.prefix(n)), highs: Array(highs.prefix(n)),
                                central: centralValues, plan: plan,
                                planRows: rows, termSeries: termSeries, terms: terms)
    }
}

/// Hands out consecutive ranges of draws to whichever worker is free ("guided" scheduling): full blocks while many
/// draws remain, then smaller ones, so the workers finish together even when the host slows one of them. Which
/// worker runs a draw never changes its result: every draw has its own stream and its own slots.
final class BlockQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var first = 1
    private let draws: Int, maxBlock: Int, workers: Int
    init(draws: Int, maxBlock: Int, workers: Int) { self.draws = draws; self.maxBlock = maxBlock; self.workers = workers }

    /// The next range of draws (1-based, inclusive), or nil when all are handed out.
    func next() -> (first: Int, last: Int)? {
        lock.lock(); defer { lock.unlock() }
        guard first <= draws else { return nil }
        let remaining = draws - first + 1
        let size = min(remaining, maxBlock, max(16, remaining / (2 * workers)))
        defer { first += size }
        return (first, first + size - 1)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
}
