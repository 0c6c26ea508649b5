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
    public let central: [Double]
    public let plan: RunPlan
    /// Sampled values per draw (row d-1), in `plan.columns` order.
    public let planRows: [[Double]]
    public let drawSeeds: [UInt32]

    public func draws(ofSeries s: Int) -> ArraySlice<Float> { values[(s * draws)..<((s + 1) * draws)] }

    /// Mean and type-7 percentiles (0-100) of every series.
    public func summaries(percentiles: [Double], threads: Int) -> [SeriesSummary] {
        var out = [SeriesSummary](repeating: SeriesSummary(mean: 0, percentiles: []), count: catalog.keys.count)
        let n = catalog.keys.count
        out.withUnsafeMutableBufferPointer { buf in
            let sink = UnsafeSink(buf)
            DispatchQueue.concurrentPerform(iterations: max(threads, 1)) { w in
                var scratch = [Double](repeating: 0, count: draws)
                var s = w
                while s < n {
                    let slice = self.draws(ofSeries: s)
                    var sum = 0.0
                    for (i, x) in slice.enumerated() { scratch[i] = Double(x); sum += Double(x) }
                    sink.set(s, SeriesSummary(mean: sum / Double(draws), percentiles: Percentiles.type7(&scratch, percentiles)))
                    s += max(threads, 1)
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

/// Type-7 (R default) percentiles by selection, so a series of n draws costs O(n), not a sort.
public enum Percentiles {
    public static func type7(_ x: inout [Double], _ ps: [Double]) -> [Double] {
        let n = x.count
        guard n > 0 else { return ps.map { _ in .nan } }
        // Ascending percentiles: each selection only searches right of the previous one (already partitioned).
        let order = ps.indices.sorted { ps[$0] < ps[$1] }
        var out = [Double](repeating: 0, count: ps.count)
        var from = 0
        for j in order {
            let h = Double(n - 1) * ps[j] / 100
            let lo = Int(h.rounded(.down))
            let a = select(&x, lo, from: min(from, lo))
            from = lo
            guard lo + 1 < n, h > Double(lo) else { out[j] = a; continue }
            // The next order statistic is the smallest value right of the selected position.
            var b = x[lo + 1]
            for i in (lo + 1)..<n where x[i] < b { b = x[i] }
            out[j] = a + (h - Double(lo)) * (b - a)
        }
        return out
    }

    /// Hoare quickselect (median-of-three pivot): afterwards x[k] is the k-th smallest and x[k+1...] are >= it.
    static func select(_ x: inout [Double], _ k: Int, from: Int = 0) -> Double {
        var lo = from, hi = x.count - 1
        while hi > lo {
            let mid = lo + (hi - lo) / 2
            if x[mid] < x[lo] { x.swapAt(mid, lo) }
            if x[hi] < x[lo] { x.swapAt(hi, lo) }
            if x[hi] < x[mid] { x.swapAt(hi, mid) }
            let pivot = x[mid]
            var i = lo, j = hi
            while i <= j {
                while x[i] < pivot { i += 1 }
                while x[j] > pivot { j -= 1 }
                if i <= j { x.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return x[k] }
        }
        return x[k]
    }
}

/// Lets parallel workers write disjoint slots of one buffer.
final class UnsafeSink<T>: @unchecked Sendable {
    let buf: UnsafeMutableBufferPointer<T>
    init(_ b: UnsafeMutableBufferPointer<T>) { buf = b }
    func set(_ i: Int, _ v: T) { buf[i] = v }
}

public enum MonteCarlo {
    public struct Failure: Error, CustomStringConvertible { public let description: String }

    /// - Parameters:
    ///   - progress: called from worker 0 with the number of finished draws (for a progress bar).
    /// - Parameter centralRun: the central run and its demand when the caller already has them (computed otherwise).
    public static func run(builder b: ModelBuilder, demand: (DemandConfig, DemandInputs)?, draws: Int, threads: Int,
                           centralRun: (ProjectionRun, DemandResult?)? = nil,
                           progress: (@Sendable (Int) -> Void)? = nil) throws(Failure) -> MonteCarloResult {
        let plan = RunPlan(b.scenario)
        let central: ProjectionRun
        let centralDemand: DemandResult?
        if let (r, d) = centralRun {
            central = r; centralDemand = d
        } else {
            do { central = try ProjectionRun.run(b, Assumptions(b.scenario)) } catch { throw Failure(description: "central run: \(error)") }
            do { centralDemand = try demand.map { c, d throws(InputError) in try DemandRun.run(central, config: c, inputs: d) } }
            catch { throw Failure(description: "\(error)") }
        }
        let catalog = SeriesCatalog(run: central, demand: centralDemand)
        let centralValues = catalog.values(run: central, demand: centralDemand)
        let n = catalog.keys.count
        let seeds = (0...draws).map { plan.drawSeed($0) }
        guard Set(seeds).count == seeds.count, !seeds.contains(0) else {
            throw Failure(description: "per-draw seeds are not unique and non-zero (seed derivation failed its check)")
        }
        var values = [Float](repeating: 0, count: n * draws)
        var rows = [[Double]](repeating: [], count: draws)
        var errors = [String?](repeating: nil, count: max(threads, 1))
        let workers = max(1, min(threads, max(draws, 1)))
        let counter = Counter()
        values.withUnsafeMutableBufferPointer { vbuf in
            rows.withUnsafeMutableBufferPointer { rbuf in
                errors.withUnsafeMutableBufferPointer { ebuf in
                    let vs = UnsafeSink(vbuf), rs = UnsafeSink(rbuf), es = UnsafeSink(ebuf)
                    DispatchQueue.concurrentPerform(iterations: workers) { w in
                        let stream = RandomStream(seed: 1)
                        var d = w + 1
                        while d <= draws {
                            do {
                                let (a, sampled) = try plan.sample(draw: d, stream: stream)
                                let run = try ProjectionRun.run(b, a)
                                let dem = try demand.map { c, di throws(InputError) in try DemandRun.run(run, config: c, inputs: di) }
                                let v = catalog.values(run: run, demand: dem)
                                guard v.count == n else { throw RunPlan.DrawError(description: "draw \(d): output shape changed") }
                                for s in 0..<n { vs.set(s * draws + d - 1, Float(v[s])) }
                                rs.set(d - 1, sampled)
                            } catch {
                                es.set(w, "draw \(d) (master seed \(b.scenario.uncertainty.seed), stream seed \(seeds[d])): \(error)")
                                return
                            }
                            let done = counter.increment()
                            if w == 0 { progress?(done) }
                            d += workers
                        }
                    }
                }
            }
        }
        if let e = errors.compactMap({ $0 }).first { throw Failure(description: e) }
        return MonteCarloResult(catalog: catalog, draws: draws, values: values, central: centralValues, plan: plan,
                                planRows: rows, drawSeeds: Array(seeds.dropFirst()))
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
}
