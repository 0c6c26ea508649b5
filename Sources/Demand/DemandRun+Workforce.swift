import Demography

extension DemandRun {
    /// Staff required and supplied per staff group and Place: each unit's posts split by staff-group shares and by the
    /// registered population of the Places it serves, projected on its own demand driver, then summed.
    static func workforce(_ out: inout DemandResult, _ w: WorkforceSettings, assumptions a: DemandAssumptions, inputs d: DemandInputs,
                          plan: DemandPlan, referrals: [Double], fyPop: FYSums, horizon: Int, workspace ws: inout DemandWorkspace) {
        let fys = DemandWorkspace.years(&ws.workforceFYs, w.baseFY..<horizon)
        let nt = fys.count, nf = out.referralFYs.count
        let off = w.baseFY - out.referralFYs[0]
        let totalPosts = d.units.reduce(0) { $0 + $1.posts }
        let inPostShare = totalPosts > 0 ? 1 - w.vacancies / totalPosts : 1
        let np = out.places.count, ng = d.staffGroups.count
        // [staff group][place][year], flat.
        var req = DemandWorkspace.take(&ws.required), sup = DemandWorkspace.take(&ws.supply)
        req.reuseFilled(ng * np * nt); sup.reuseFilled(ng * np * nt)
        // Referrals per service group, Place and year, summed once (services in file order).
        var groupTotals = DemandWorkspace.take(&ws.groupTotals)
        groupTotals.reuseFilled(plan.groups.count * np * nt)
        for k in 0..<plan.groupOf.count {
            let g = plan.groupOf[k]
            for pi in 0..<np { for t in 0..<nt { groupTotals[(g * np + pi) * nt + t] += referrals[(k * np + pi) * nf + off + t] } }
        }
        var drivers = DemandWorkspace.take(&ws.drivers)
        drivers.reuseFilled(nt)
        var paths = DemandWorkspace.take(&ws.paths)
        if paths.count != ng { paths = Array(repeating: Workforce.Paths(efficiency: [], supplyPerInPost: []), count: ng) }
        for (gi, g) in d.staffGroups.enumerated() {
            Workforce.fill(&paths[gi], Workforce.Parameters(turnover: w.turnover, over55Share: g.over55, retirementYears: w.retirementYears,
                                                            recruitmentFactor: a.recruitmentFactor, productivity: a.productivity), years: nt)
        }
        for (ui, u) in d.units.enumerated() {
            let idx = plan.unitPlaces[ui]
            var wsum = 0.0
            for pi in idx { wsum += fyPop.total(pi, off) }
            for pi in idx {
                let share = wsum > 0 ? fyPop.total(pi, off) / wsum : 1 / Double(idx.count)
                switch u.driver {
                case .referrals:
                    let at = (plan.unitGroup[ui]! * np + pi) * nt
                    for t in 0..<nt { drivers[t] = groupTotals[at + t] }
                case .population(let ages):
                    for t in 0..<nt { drivers[t] = fyPop.total(pi, off + t, ages: ages) }
                }
                for (gi, g) in d.staffGroups.enumerated() {
                    let posts = u.posts * share * g.share
                    let at = (gi * np + pi) * nt
                    req.withUnsafeMutableBufferPointer { r in sup.withUnsafeMutableBufferPointer { s in drivers.withUnsafeBufferPointer { dr in
                        Workforce.accumulate(establishment: posts, inPost: posts * inPostShare, drivers: dr, paths[gi],
                                             required: UnsafeMutableBufferPointer(rebasing: r[at..<(at + nt)]),
                                             supply: UnsafeMutableBufferPointer(rebasing: s[at..<(at + nt)]))
                    } } }
                }
            }
        }
        out.workforceFYs = fys
        out.staffGroups = plan.staffGroups
        out.workforceRequired = req
        out.workforceSupply = sup
        ws.required = req; ws.supply = sup; ws.groupTotals = groupTotals; ws.drivers = drivers; ws.paths = paths
    }
}
