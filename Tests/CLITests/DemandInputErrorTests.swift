import Foundation
import XCTest

/// Bad demand, workforce and finance inputs: exit 1, a message naming file, line or key and the problem, nothing written.
/// Each case is a child of the BLMK baseline whose one input is a broken copy of the shipped file.
final class DemandInputErrorTests: XCTestCase {
    /// - Parameter named: the file the message must name (default: the broken input file).
    func broken(_ section: String, _ key: String, file: String, edit: (String) -> String, extra: String = "",
                named: String? = nil, expect: [String], line: UInt = #line) throws {
        let root = Cohort.packageRoot
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("cohort-demandbad-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let original = try String(contentsOf: root.appendingPathComponent("Scenarios/data/blmk/\(file)"), encoding: .utf8)
        let edited = edit(original)
        XCTAssertNotEqual(edited, original, "the edit must change the file", line: line)
        try edited.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
        try """
        extends = "\(root.appendingPathComponent("Scenarios/blmk-baseline.toml").path)"
        name = "broken"
        [\(section)]
        \(key) = "\(file)"
        \(extra)

        """.write(to: dir.appendingPathComponent("broken.toml"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try Cohort.run(["run", dir.appendingPathComponent("broken.toml").path, "--draws", "0", "--outputs", out.path], cwd: root)
        XCTAssertEqual(r.status, 1, "stderr: \(r.stderr)", line: line)
        XCTAssertTrue(r.stderr.contains(named ?? file), "should name \(named ?? file): \(r.stderr)", line: line)
        for e in expect { XCTAssertTrue(r.stderr.contains(e), "should contain \"\(e)\": \(r.stderr)", line: line) }
        XCTAssertFalse(fm.fileExists(atPath: out.path), "nothing may be written", line: line)
    }

    static let activity = "referrals_base_2023_24_fitted.csv"

    func testNegativeReferralCount() throws {
        try broken("demand", "referrals", file: Self.activity, edit: {
            $0.replacingOccurrences(of: "community_18plus,Cardiac Service,18,18,19,female,", with: "community_18plus,Cardiac Service,18,18,19,female,-")
        }, expect: ["line", "referrals = -", "expected a value >= 0"])
    }

    func testOverlappingAgeBands() throws {
        try broken("demand", "referrals", file: Self.activity, edit: {
            $0.replacingOccurrences(of: "community_18plus,Cardiac Service,18,20,24,female,", with: "community_18plus,Cardiac Service,18,19,24,female,")
        }, expect: ["Cardiac Service", "female", "overlap"])
    }

    func testGappedAgeBands() throws {
        try broken("demand", "referrals", file: Self.activity, edit: {
            $0.replacingOccurrences(of: "community_18plus,Cardiac Service,18,20,24,male,", with: "community_18plus,Cardiac Service,18,21,24,male,")
        }, expect: ["Cardiac Service", "male", "gap between bands 18-19 and 21-24"])
    }

    func testBandsNotCoveringTheServiceAges() throws {
        try broken("demand", "referrals", file: Self.activity, edit: { text in
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("community_18plus,Cardiac Service,18,90,90,") }.joined(separator: "\n")
        }, expect: ["Cardiac Service", "expected the bands to reach 90+"])
    }

    func testUnknownService() throws {
        try broken("demand", "referrals", file: Self.activity, edit: {
            $0.replacingOccurrences(of: ",Wheelchair Service,", with: ",Wheelchair Servce,")
        }, expect: ["has no rows for service 'Wheelchair Service'", "published_referrals_2033_34.csv", "; did you mean 'Wheelchair Servce'?"])
    }

    func testBaseYearOutsideTheProjection() throws {
        try broken("demand", "referrals", file: Self.activity, edit: { $0 + "\n" }, extra: "base_fy = 2050", named: "broken.toml",
                   expect: ["demand.base_fy", "2050", "does not contain financial year"])
    }

    func testStaffGroupMappedToUnknownServiceGroup() throws {
        try broken("workforce", "units", file: "workforce_units_2025_26.csv", edit: {
            $0.replacingOccurrences(of: "Milton Keynes,referrals:community_18plus,663", with: "Milton Keynes,referrals:podiatry_only,663")
        }, expect: ["line", "unknown service group 'podiatry_only'"])
    }

    func testMisspeltServiceGroupAndServiceGetASuggestion() throws {
        try broken("workforce", "units", file: "workforce_units_2025_26.csv", edit: {
            $0.replacingOccurrences(of: "Milton Keynes,referrals:community_18plus,663", with: "Milton Keynes,referrals:community_18plsu,663")
        }, expect: ["unknown service group 'community_18plsu'", "; did you mean 'community_18plus'?"])
        try broken("finance", "costs", file: "service_costs_illustrative.csv", edit: {
            $0.replacingOccurrences(of: "Cardiac Service,320", with: "Cardiac Servic,320")
        }, expect: ["service 'Cardiac Servic' is not a service of the referral activity file; did you mean 'Cardiac Service'?"])
    }

    func testNegativeFTE() throws {
        try broken("workforce", "units", file: "workforce_units_2025_26.csv", edit: {
            $0.replacingOccurrences(of: ",663\n", with: ",-663\n")
        }, expect: ["posts = -663", "expected a value >= 0"])
    }

    func testNegativeCost() throws {
        try broken("finance", "costs", file: "service_costs_illustrative.csv", edit: {
            $0.replacingOccurrences(of: "Cardiac Service,320", with: "Cardiac Service,-320")
        }, expect: ["cost_per_referral_gbp = -320", "expected a value >= 0"])
    }

    func testTurnoverOutsideUnitInterval() throws {
        try broken("workforce", "units", file: "workforce_units_2025_26.csv", edit: { $0 + "\n" }, extra: "turnover = 1.2", named: "broken.toml",
                   expect: ["workforce.turnover", "1.2", "expected a value <= 1"])
    }
}
