extension DemandRun {
    /// Cost of referral demand (unit costs x referrals, real terms), the allocation (per head x registered patients x
    /// real growth) and the budget community & mental-health services would have at their base-year share.
    static func finance(_ out: inout DemandResult, _ f: FinanceSettings, assumptions a: DemandAssumptions, plan: DemandPlan,
                        referrals: [Double], fyPop: FYSums, horizon: Int, workspace ws: inout DemandWorkspace) {
        let fys = DemandWorkspace.years(&ws.financeFYs, f.baseFY..<horizon)
        let nt = fys.count, nf = out.referralFYs.count, np = out.places.count, ns = plan.unitCost.count
        let off = f.baseFY - out.referralFYs[0]
        out.financeFYs = fys
        var cost = DemandWorkspace.take(&ws.cost), alloc = DemandWorkspace.take(&ws.allocation), budget = DemandWorkspace.take(&ws.budget)
        cost.reuseFilled(np * nt); alloc.reuseFilled(np * nt); budget.reuseFilled(np * nt)
        var growth = DemandWorkspace.take(&ws.growth)
        growth.reuseUnfilled(nt)
        for t in 0..<nt { growth[t] = Finance.growthFactor(realGrowth: a.allocationGrowth, yearsAfterBase: t) }
        for pi in 0..<np {
            for t in 0..<nt {
                var c = 0.0
                for k in 0..<ns { c += referrals[(k * np + pi) * nf + off + t] * plan.unitCost[k] }
                cost[pi * nt + t] = c
                alloc[pi * nt + t] = Finance.allocation(perHead: f.allocationPerHead, growthFactor: growth[t], population: fyPop.total(pi, off + t))
            }
            let a0 = alloc[pi * nt]
            let share = a0 > 0 ? cost[pi * nt] / a0 : 0
            for t in 0..<nt { budget[pi * nt + t] = alloc[pi * nt + t] * share }
        }
        out.financeCost = cost; out.financeAllocation = alloc; out.financeBudget = budget
        ws.cost = cost; ws.allocation = alloc; ws.budget = budget; ws.growth = growth
    }
}
