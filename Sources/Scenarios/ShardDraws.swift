import Foundation

/// `shard-draws.bin`: what one shard of a batch keeps for `cohort combine` — for every Place row that an "All Places"
/// row adds up, its central value and its value in every draw, in double precision.
///
/// Layout: the line `cohort-shard-draws 1`, one line of JSON (`Header`), then little-endian doubles, term by term in
/// the header's order: the central value, then draws 1...N. Doubles (not the run's 4-byte store), so combine can add
/// the terms of every shard in Place order exactly as a single run adds them.
public struct ShardDraws: @unchecked Sendable {  // FileHandle: only positioned reads after opening
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
        /// `[uncertainty] interval_years` of the run (nil: every year).
        public var intervalYears: [Int]?
        public var terms: [Term]

        public init(shard: Int, shards: Int, scenario: String, scenarioSHA256: String, places: [String], placeCodes: [String],
                    region: String?, total: String, totalCode: String, draws: Int, seed: UInt64, percentiles: [Double],
                    intervalYears: [Int]?, terms: [Term]) {
            self.shard = shard; self.shards = shards; self.scenario = scenario; self.scenarioSHA256 = scenarioSHA256
            self.places = places; self.placeCodes = placeCodes; self.region = region; self.total = total
            self.totalCode = totalCode; self.draws = draws; self.seed = seed; self.percentiles = percentiles
            self.intervalYears = intervalYears; self.terms = terms
        }
    }

    public static let fileName = "shard-draws.bin"
    static let magic = "cohort-shard-draws 1\n"

    public var header: Header
    /// The open file (values are read term by term: combine holds one term of one shard at a time, whatever the
    /// size of the batch) and where the values start.
    let file: FileHandle
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
        var head = Data(magic.utf8)
        head.append((try? enc.encode(h)) ?? Data())
        head.append(UInt8(ascii: "\n"))
        // The values written in place in one buffer (no second copy of the terms: a shard's largest buffer).
        let n = r.draws
        var out = Data(count: head.count + r.termSeries.count * (n + 1) * 8)
        out.replaceSubrange(0..<head.count, with: head)
        out.withUnsafeMutableBytes { raw in r.terms.withUnsafeBufferPointer { t in
            var at = head.count
            func put(_ v: Double) { raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: at, as: UInt64.self); at += 8 }
            for (j, s) in r.termSeries.enumerated() {
                put(r.central[s])
                for d in 0..<n { put(t[j * n + d]) }
            }
        } }
        return out
    }

    /// Opens a shard file and reads its header (the values are read by `add`).
    public static func read(_ url: URL) throws(FormatError) -> ShardDraws {
        let file: FileHandle
        do { file = try FileHandle(forReadingFrom: url) }
        catch { throw FormatError(description: "\(url.path): cannot be read (\(error.localizedDescription))") }
        let m = Data(magic.utf8)
        // The header line is read in pieces until its newline (it lists every term, so it can be a few MB).
        var head = Data()
        var nl: Data.Index? = nil
        while nl == nil {
            guard let piece = try? file.read(upToCount: 1 << 20), !piece.isEmpty else { break }
            let from = head.count
            head.append(piece)
            if head.count > m.count { nl = head[max(from, m.count)...].firstIndex(of: UInt8(ascii: "\n")) }
        }
        guard head.count > m.count, head.prefix(m.count) == m, let nl else {
            throw FormatError(description: "\(url.path): not a cohort shard file (expected it to start with '\(magic.dropLast())')")
        }
        let h: Header
        do { h = try JSONDecoder().decode(Header.self, from: head[m.count..<nl]) }
        catch { throw FormatError(description: "\(url.path): its header is not readable (\(error))") }
        let offset = nl + 1
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? -1
        let expected = h.terms.count * (h.draws + 1) * 8
        guard size - offset == expected else {
            throw FormatError(description: "\(url.path): holds \(size - offset) bytes of values; expected \(expected) (\(h.terms.count) terms x \(h.draws + 1) values x 8 bytes): the file is truncated or was not written by this version")
        }
        if let t = h.terms.first(where: { SeriesCatalog.Table(rawValue: $0.table) == nil }) {
            throw FormatError(description: "\(url.path): a term of table '\(t.table)'; expected one of \(SeriesCatalog.Table.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard h.terms.allSatisfy({ $0.place >= 0 && $0.place < h.places.count }) else {
            throw FormatError(description: "\(url.path): a term names a Place outside the header's \(h.places.count) Places")
        }
        return ShardDraws(header: h, file: file, offset: offset)
    }

    /// Adds term `j`'s central value and draws to `acc` (1 + draws values: central first), read with one positioned
    /// read (safe from several threads at once); `buffer` is the caller's scratch of the same length.
    public func add(term j: Int, into acc: inout [Double], buffer: inout [UInt64]) throws(FormatError) {
        let n = header.draws + 1
        precondition(acc.count == n && buffer.count == n)
        let want = n * 8
        let got = buffer.withUnsafeMutableBytes { b in
            var done = 0
            while done < want {
                let r = pread(file.fileDescriptor, b.baseAddress! + done, want - done, off_t(offset + j * want + done))
                if r <= 0 { break }
                done += r
            }
            return done
        }
        guard got == want else { throw FormatError(description: "shard \(header.shard) (\(header.scenario)): could not read term \(j) (\(got) of \(want) bytes)") }
        for i in 0..<n { acc[i] += Double(bitPattern: UInt64(littleEndian: buffer[i])) }
    }
}
