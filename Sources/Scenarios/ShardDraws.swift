import Foundation

/// `shard-draws.bin`: what one shard of a batch keeps for `cohort combine` — for every Place row that an "All Places"
/// row adds up, its central value and its value in every draw, in double precision.
///
/// Layout: the line `cohort-shard-draws 1`, one line of JSON (`Header`), then little-endian doubles, term by term in
/// the header's order: the central value, then draws 1...N. Doubles (not the run's 4-byte store), so combine can add
/// the terms of every shard in Place order exactly as a single run adds them.
public struct ShardDraws: Sendable {
    public struct Term: Codable, Sendable, Equatable {
        /// `SeriesCatalog.Table` raw value.
        public var table: String
        /// The row's key fields with the Place left out (period first, then the rest).
        public var key: [String]
        /// Index of the Place in `Header.places`.
        public var place: Int
    }
    public struct Header: Codable, Sendable {
        public var format = 1
        public var shard: Int
        public var shards: Int
        public var scenario: String
        /// SHA-256 of the scenario file the shard ran.
        public var scenarioSHA256: String
        public var places: [String]
        public var placeCodes: [String]
        /// NHS England region of the shard's area, when the batch knows it (`--icb`).
        public var region: String?
        /// Name and code of the total over every shard ("England" for `--icb all`).
        public var total: String
        public var totalCode: String
        public var draws: Int
        public var seed: UInt64
        public var percentiles: [Double]
        public var terms: [Term]

        public init(shard: Int, shards: Int, scenario: String, scenarioSHA256: String, places: [String], placeCodes: [String],
                    region: String?, total: String, totalCode: String, draws: Int, seed: UInt64, percentiles: [Double], terms: [Term]) {
            self.shard = shard; self.shards = shards; self.scenario = scenario; self.scenarioSHA256 = scenarioSHA256
            self.places = places; self.placeCodes = placeCodes; self.region = region; self.total = total
            self.totalCode = totalCode; self.draws = draws; self.seed = seed; self.percentiles = percentiles; self.terms = terms
        }
    }

    public static let fileName = "shard-draws.bin"
    static let magic = "cohort-shard-draws 1\n"

    public var header: Header
    /// (1 + draws) doubles per term, term-major.
    let data: Data
    let offset: Int

    public struct FormatError: Error, CustomStringConvertible { public let description: String }

    /// The file's bytes for a finished Monte Carlo run.
    public static func encode(_ r: MonteCarloResult, header h: Header) -> Data {
        var h = h
        h.draws = r.draws
        h.terms = r.termSeries.map { i in
            let k = r.catalog.keys[i]
            let place = h.places.firstIndex(of: k.fields[1]) ?? -1
            return Term(table: k.table.rawValue, key: [k.fields[0]] + k.fields.dropFirst(2), place: place)
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data(magic.utf8)
        out.append((try? enc.encode(h)) ?? Data())
        out.append(UInt8(ascii: "\n"))
        let n = r.draws
        var values = [Double](repeating: 0, count: r.termSeries.count * (n + 1))
        for (j, s) in r.termSeries.enumerated() {
            values[j * (n + 1)] = r.central[s]
            for d in 0..<n { values[j * (n + 1) + 1 + d] = r.terms[j * n + d] }
        }
        values.withUnsafeBufferPointer { b in
            for v in b { var le = v.bitPattern.littleEndian; withUnsafeBytes(of: &le) { out.append(contentsOf: $0) } }
        }
        return out
    }

    /// Reads a shard file (memory-mapped: combine touches one term of every shard at a time).
    public static func read(_ url: URL) throws(FormatError) -> ShardDraws {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) }
        catch { throw FormatError(description: "\(url.path): cannot be read (\(error.localizedDescription))") }
        let m = Data(magic.utf8)
        guard data.count > m.count, data.prefix(m.count) == m,
              let nl = data[m.count...].firstIndex(of: UInt8(ascii: "\n")) else {
            throw FormatError(description: "\(url.path): not a cohort shard file (expected it to start with '\(magic.dropLast())')")
        }
        let h: Header
        do { h = try JSONDecoder().decode(Header.self, from: data[m.count..<nl]) }
        catch { throw FormatError(description: "\(url.path): its header is not readable (\(error))") }
        let offset = nl + 1
        let expected = h.terms.count * (h.draws + 1) * 8
        guard data.count - offset == expected else {
            throw FormatError(description: "\(url.path): holds \(data.count - offset) bytes of values; expected \(expected) (\(h.terms.count) terms x \(h.draws + 1) values x 8 bytes): the file is truncated or was not written by this version")
        }
        if let t = h.terms.first(where: { SeriesCatalog.Table(rawValue: $0.table) == nil }) {
            throw FormatError(description: "\(url.path): a term of table '\(t.table)'; expected one of \(SeriesCatalog.Table.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard h.terms.allSatisfy({ $0.place >= 0 && $0.place < h.places.count }) else {
            throw FormatError(description: "\(url.path): a term names a Place outside the header's \(h.places.count) Places")
        }
        return ShardDraws(header: h, data: data, offset: offset)
    }

    /// Adds term `j`'s central value and draws to `acc` (1 + draws values: central first).
    public func add(term j: Int, into acc: inout [Double]) {
        let n = header.draws + 1
        precondition(acc.count == n)
        data.withUnsafeBytes { raw in
            let base = offset + j * n * 8
            for i in 0..<n {
                let bits = raw.loadUnaligned(fromByteOffset: base + i * 8, as: UInt64.self)
                acc[i] += Double(bitPattern: UInt64(littleEndian: bits))
            }
        }
    }
}
