import Foundation
import Demography
import Sampling
import Demand

extension Backtest {
    /// Percentiles of the drawn intervals, in this order (p05..p95).
    public static let percentiles: [Double] = [5, 10, 25, 50, 75, 90, 95]
    /// Nominal coverage -> (lower, upper) index into `percentiles`.
    public static let intervals: [(nominal: Int, lo: Int, hi: Int)] = [(50, 2, 4), (80, 1, 5), (90, 0, 6)]
    /// The cells drawn for each LA and target: persons, all ages and the broad bands.
    public static let drawnBands = BacktestMeasures.BandSet.all.bands + BacktestMeasures.BandSet.broad.bands

    /// Runs draws 1...N of a loaded back-test scenario and returns, per Place (in scenario order) and target, the
    /// `percentiles` of each drawn band. Each draw depends only on (seed, draw), so any thread count gives the same
    /// result. A Place the engine refuses in any draw gets no intervals (its message is returned).
    static func drawIntervals(_ b: ModelBuilder, targets: [Int], threads: Int,
                              progress: (@Sendable (Int) -> Void)?) throws(Failure) -> (intervals: [[[[Double]]]], failed: [Int: String]) {
        let s = b.scenario, n = s.uncertainty.draws, plan = RunPlan(s)
        let nP = s.places.count, nT = targets.count, nC = drawnBands.count
        guard n > 0 else { return ([], [:]) }
        var values = [Double](repeating: 0, count: nP * nT * nC * n)
        let errors = DrawErrors(places: nP)
        let workers = max(1, min(threads, n))
        values.withUnsafeMutableBufferPointer { buf in
            let sink = UnsafeSink(buf)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let stream = RandomStream(seed: 1)
                var d = w + 1
                while d <= n {
                    do {
                        let (a, _) = try plan.sample(draw: d, stream: stream)
                        for (pi, input) in b.placeInputs(a).enumerated() {
                            do {
                                let p = try Projector.project(input, baseYear: s.baseYear, horizon: s.horizon, recordComponents: false)
                                for (ti, t) in targets.enumerated() {
                                    let r = p.resident(t)
                                    for (ci, band) in drawnBands.enumerated() { sink.set(((pi * nT + ti) * nC + ci) * n + d - 1, r.total(ages: band.ages)) }
                                }
                            } catch {
                                errors.place(pi, "draw \(d): \(error)")
                            }
                        }
                    } catch {
                        errors.run("\(error)")
                    }
                    progress?(d)
                    d += workers
                }
            }
        }
        if let e = errors.first { throw .projection("back-test draws: \(e)") }
        var out = [[[[Double]]]](repeating: [], count: nP)
        values.withUnsafeBufferPointer { v in
            for pi in 0..<nP {
                out[pi] = (0..<nT).map { ti in (0..<nC).map { ci in
                    let start = ((pi * nT + ti) * nC + ci) * n
                    return Percentiles.type7(UnsafeBufferPointer(rebasing: v[start..<(start + n)]), percentiles)
                } }
            }
        }
        return (out, errors.places)
    }
}

/// Failures of parallel draws, kept in a deterministic order (lowest Place, first message of each).
final class DrawErrors: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var places: [Int: String] = [:]
    private var runs: [String] = []
    init(places: Int) {}
    func place(_ i: Int, _ m: String) { lock.lock(); if places[i] == nil || m < places[i]! { places[i] = m }; lock.unlock() }
    func run(_ m: String) { lock.lock(); runs.append(m); lock.unlock() }
    var first: String? { runs.min() }
}
