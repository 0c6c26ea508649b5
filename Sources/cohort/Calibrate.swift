import ArgumentParser
import Foundation
import Scenarios

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit calibrated assumptions to published targets and write them back into the scenario file.",
        discussion: """
        list-inflation: the registered/resident factor (uniform across Places) such that the registered total at
        31 March of registration.calibration.year equals registration.calibration.registered_total. The fitted value
        replaces the `list_inflation = ...` line of the scenario file, with a comment saying how it was fitted.
        mortality-level: the multiplier on every qx such that the deaths table's total in financial year
        mortality.calibration.fy equals mortality.calibration.deaths (on the scenario's deaths basis); it replaces the
        `level = ...` line of [mortality]. The derived trend migration must then be re-derived with that level.
        """)

    @Argument(help: "Scenario file (TOML).") var scenario: String
    @Option(help: "What to fit: list-inflation, referrals, mortality-level (repeatable; in the order given; default list-inflation then referrals).") var fit: [String] = ["list-inflation", "referrals"]

    func run() throws {
        try userFacing {
            for what in fit {
                switch what {
                case "list-inflation": try fitListInflation(try Pipeline(scenario, derivable: ["referrals"]))
                case "referrals": try fitReferrals(try Pipeline(scenario, derivable: ["referrals"]))
                case "mortality-level": try fitMortalityLevel(try Pipeline(scenario, derivable: ["referrals"]))
                default: throw Failure("--fit \(what): expected list-inflation, referrals or mortality-level")
                }
            }
        }
    }

    func fitListInflation(_ p: Pipeline) throws {
        let s = p.scenario
        guard let target = s.registration.calibrationTotal, let year = s.registration.calibrationYear else {
            throw Failure("\(scenario): [registration.calibration] with registered_total and year is needed to fit list inflation")
        }
        var a = Assumptions(s)
        for k in s.places { a.listInflation[k] = 1 }
        let run = try ProjectionRun.run(p.builder, a)
        let resident = run.registeredMarch(year)
        let factor = target / resident
        // With an age-sex profile, "residents" are the registered count at list inflation 1 (the profile's shape only).
        let what = s.registration.profile == .uniform ? "modelled residents" : "registered at list inflation 1 (\(s.registration.profile.rawValue) profile)"
        let line = "list_inflation = \(String(format: "%.6f", factor))  # fitted by `cohort calibrate`: registered 31 March \(year) = \(Int(target)) / \(what) \(String(format: "%.0f", resident))"
        try replaceKey("list_inflation", section: "registration", with: line, in: s.file)
        print("list inflation \(String(format: "%.6f", factor)) (registered \(Int(target)) / resident \(String(format: "%.0f", resident)) at 31 March \(year)); written to \(s.file.path)")
    }
}

extension Calibrate {
    func fitMortalityLevel(_ p: Pipeline) throws {
        let s = p.scenario
        guard let target = s.mortality.calibration else {
            throw Failure("\(scenario): [mortality.calibration] with deaths and fy is needed to fit the mortality level")
        }
        guard let c = s.demand, let d = p.demand else {
            throw Failure("\(scenario): a [demand] section is needed to fit the mortality level (deaths are a demand table)")
        }
        let fit = try MortalityCalibration.fit(p.builder, target: target, config: c, inputs: d)
        let fy = "\(target.fy)/\(String(format: "%02d", (target.fy + 1) % 100))"
        let line = "level = \(String(format: "%.6f", fit.level))  # fitted by `cohort calibrate --fit mortality-level`: deaths \(fy) = \(Int(target.deaths)) (\(c.deathsBasis.rawValue) basis); was \(s.mortality.level) (\(String(format: "%.0f", fit.deathsBefore)) deaths). Re-derive the trend migration with this level"
        try replaceKey("level", section: "mortality", with: line, in: s.file)
        print("mortality level \(String(format: "%.6f", fit.level)) (deaths \(fy) \(String(format: "%.1f", fit.deaths)) on the \(c.deathsBasis.rawValue) basis, target \(Int(target.deaths)); at level \(s.mortality.level): \(String(format: "%.1f", fit.deathsBefore))); written to \(s.file.path)")
        print("next: set the same mortality.level in the scenario the migration was derived from, re-run `cohort derive` on it, then `cohort calibrate --fit list-inflation` (loading refuses a level that differs from the derived migration's)")
    }

    func fitReferrals(_ p: Pipeline) throws {
        guard let c = p.scenario.demand, let d = p.demand, !d.targets.isEmpty else {
            throw Failure("\(scenario): [demand] with referral_targets is needed to fit referral profiles")
        }
        let run = try p.central()
        var fits: [ReferralCalibration.Fit] = []
        for t in d.targets {
            guard t.targetFY + 1 <= run.scenario.horizon, t.baseFY >= run.scenario.baseYear else {
                throw Failure("\(c.referralTargets!.path): \(t.service): years \(t.baseFY)-\(t.targetFY) are outside the projection")
            }
            fits.append(try ReferralCalibration.fit(t, run: run))
        }
        try writeFile(ReferralCalibration.csv(fits, scenario: p.scenario), to: c.referrals)
        let bad = fits.filter { !$0.fitted }
        print("referral profiles: \(fits.count - bad.count) of \(fits.count) services fitted (\(fits.filter { $0.family == .peaked && $0.fitted }.count) with the peaked family); written to \(c.referrals.path)")
        for f in fits where f.fitted && f.family == .peaked {
            print(String(format: "  %@: log-linear reaches %+.1f%% to %+.1f%% only; peaked profile, peak age %.1f", f.target.service,
                         f.reachable.lowerBound * 100, f.reachable.upperBound * 100, f.parameter))
        }
        for f in bad {
            print(String(format: "  NOT FITTED %@: published growth %+.1f%%; nearest profile %@ %.3f gives %+.1f%%",
                         f.target.service, (f.target.projected / f.target.base - 1) * 100, f.family.rawValue, f.parameter, f.growth * 100))
        }
    }
}

/// Replaces the line `key = ...` of `[section]` in a TOML file, keeping every other line and comment as it is (found
/// with the loader's own key lines, so CRLF files and dotted keys are read as the loader reads them).
func replaceKey(_ key: String, section: String, with newLine: String, in url: URL) throws {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw Failure("\(url.path): not readable") }
    guard let edited = KeyLines.replacingLine(of: "\(section).\(key)", in: text, with: newLine) else {
        throw Failure("\(url.path): no `\(key) = ...` line in [\(section)] to replace (it may come from an `extends` parent)")
    }
    try writeFile(edited, to: url)
}
