import Foundation

extension XLSXWorkbook {
    /// The workbook of a run folder's files (name -> text, as the run renders them): every CSV table but
    /// `draws.csv` (too long for a sheet; the CSV has it), central tables first, with an "About" sheet from
    /// manifest.json (scenario, seed, draws, generator, every input with its SHA-256) and the summary's caveats.
    public static func forRun(_ files: [String: String], caveats: [String] = []) throws -> XLSXWorkbook {
        let order = ["population", "components", "components_by_age", "referrals", "deaths", "conditions", "workforce",
                     "finance", "population-intervals", "referrals-intervals", "deaths-intervals", "conditions-intervals",
                     "workforce-intervals", "finance-intervals", "run-plan"]
        let csvs = files.keys.filter { $0.hasSuffix(".csv") && $0 != "draws.csv" }.map { String($0.dropLast(4)) }
        let names = order.filter(csvs.contains) + csvs.filter { !order.contains($0) }.sorted()
        var about: [(String, String)] = []
        if let m = files["manifest.json"], let j = try? JSONSerialization.jsonObject(with: Data(m.utf8)) as? [String: Any] {
            for k in ["scenario", "title", "version", "base_year", "horizon"] { if let v = j[k] { about.append((k, "\(v)")) } }
            if let r = j["random"] as? [String: Any] {
                for k in ["seed", "draws", "generator", "library", "gsl_version"] { if let v = r[k] { about.append((k, "\(v)")) } }
            }
            for f in (j["files"] as? [[String: Any]]) ?? [] {
                about.append(("input \(f["role"] ?? "")", "\(f["path"] ?? "") (sha256 \(f["sha256"] ?? ""))"))
            }
        }
        about.append(("numbers", "stored with every decimal of the CSV; shown as counts 0 dp, GBP m 3 dp, FTE 1 dp, shares as %"))
        about += caveats.map { ("caveat", $0) }
        return try fromTables(names.map { ($0, files[$0 + ".csv"]!) }, about: about)
    }
}
