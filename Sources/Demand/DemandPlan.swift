import Demography

/// What demand needs that is the same in every run of one set of inputs and Places, prepared once (Monte Carlo runs
/// demand thousands of times): services grouped by band set, group and cost indices, workforce unit Places.
public struct DemandPlan: Sendable {
    struct BandSet: Sendable {
        /// Services of the set (indices into the activity), and a zero-rate matrix of their layout.
        let members: [Int]
        let matrix: ServiceMatrix
        /// Base-year counts in matrix layout: counts[entry * members.count + j].
        let counts: [Double]
    }
    let sets: [BandSet]
    /// Service groups in first-seen order, and each service's group.
    let groups: [String]
    let groupOf: [Int]
    /// Cost per referral per service (0 when the costs file has none).
    let unitCost: [Double]
    /// Each service's name (for its series, without copying the activity rows in every draw).
    let serviceName: [String]
    /// Per workforce unit, the Places it serves (indices in scenario order), and its driver's group index.
    let unitPlaces: [[Int]]
    let unitGroup: [Int?]
    /// The Places (scenario order) and staff group names (file order) every result names.
    let places: [String]
    let staffGroups: [String]

    public init(_ d: DemandInputs, places: [String]) {
        var members: [[Int]] = [], setBands: [[AgeBand]] = []
        for (k, a) in d.activity.enumerated() {
            if let i = setBands.firstIndex(of: a.bands) { members[i].append(k) } else { setBands.append(a.bands); members.append([k]) }
        }
        sets = members.indices.map { i in
            let m = ServiceMatrix(bands: setBands[i], count: members[i].count)
            let nb = setBands[i].count, n = members[i].count
            var c = [Double](repeating: 0, count: 2 * nb * n)
            for (j, k) in members[i].enumerated() { for sex in 0..<2 { for b in 0..<nb { c[(sex * nb + b) * n + j] = d.activity[k].counts[sex][b] } } }
            return BandSet(members: members[i], matrix: m, counts: c)
        }
        var g: [String] = []
        groupOf = d.activity.map { a in
            if let i = g.firstIndex(of: a.group) { return i }
            g.append(a.group); return g.count - 1
        }
        groups = g
        unitCost = d.activity.map { d.costs[$0.service] ?? 0 }
        serviceName = d.activity.map(\.service)
        unitPlaces = d.units.map { u in u.places.map { places.firstIndex(of: $0)! } }
        unitGroup = d.units.map { u in
            if case .referrals(let name) = u.driver { return g.firstIndex(of: name) }
            return nil
        }
        self.places = places
        staffGroups = d.staffGroups.map(\.name)
    }
}
