import Foundation
import Demand

/// DEMAND-TEMPLATE.md: the layouts of the activity, register, workforce and cost files an area adds to a scenario made
/// by `cohort new` (the readers are DemandInputs in DemandConfig.swift and WorkforceConfig.swift), with example rows
/// that use the scenario's own Place names.
extension AreaScenarioWriter {
    func demandTemplate() -> String {
        let places = model.places.map(\.name)
        let first = places[0], some = places.prefix(2).joined(separator: ";")
        let fy = o.baseYear + 1, fyLabel = "\(fy)/\(String((fy + 1) % 100).leftPad2)"
        return """
        # Demand inputs for \(name)

        `\(name).toml` projects population only: `cohort run` writes the population and components tables and no
        referrals, deaths, conditions, workforce or finance. An ICB adds its own activity as the files below (CSV, UTF-8,
        a header row; lines starting with `#` before the header are comments and should say where the numbers came from)
        and the sections below in `\(name).toml`. Paths are relative to the scenario file. `cohort validate \(name).toml`
        checks every file and names the file, line and value of any problem.

        Places in this scenario (use these names exactly): \(places.map { "`\($0)`" }.joined(separator: ", ")).
        Ages are single years 0-90, 90 meaning 90 and over; `sex` is `female` or `male`; a financial year is written as
        its start year (`\(fy)` = \(fyLabel)) and its population is 0.75 x mid-year t + 0.25 x mid-year t+1 (registered).

        ## 1. Referrals by age band and sex (required for any demand)

        ```toml
        [demand]
        base_fy = \(fy)                            # the financial year of the activity counts
        referrals = "\(dataFolder)/referrals.csv"
        # referral_targets = "\(dataFolder)/referral_targets.csv"   # optional: published totals (see 2)
        # conditions = "\(dataFolder)/conditions.csv"               # optional: registers (see 3)
        # conditions_base_year = \(fy)
        [demand.rate_trends]   # optional: non-demographic change in rates a year, per service group
        community_18plus = 0.0
        ```

        `referrals.csv`: one row per service x age band x sex with the count of referrals in the base financial year,
        all Places together (rates = counts / the area's registered population in that year, applied to every Place).

        ```csv
        group,service,min_age,age_from,age_to,sex,referrals
        community_18plus,District Nursing Service,18,18,64,female,1200
        community_18plus,District Nursing Service,18,65,90,female,2400
        community_18plus,District Nursing Service,18,18,64,male,900
        community_18plus,District Nursing Service,18,65,90,male,1800
        ```

        - `group`: a service group (workforce units and rate trends refer to it); `service`: the service name.
        - `min_age`: the youngest age served. For each service and sex the bands must start at `min_age`, run without
          gaps or overlaps and end at 90; both sexes use the same bands. Any band widths are allowed.
        - Where only a service total is known, give one band `min_age`-90 per sex, or give the published total and its
          projection as targets (2) and let `cohort calibrate \(name).toml --fit referrals` fit an age profile.

        ## 2. Published totals (optional)

        `referral_targets.csv`: one row per service, naming every service of `referrals.csv`. Shown beside the model's
        figures in the summary and used as the targets of `cohort calibrate --fit referrals`.

        ```csv
        group,service,min_age,base_fy,base_referrals,target_fy,target_referrals
        community_18plus,District Nursing Service,18,\(fy),6300,\(fy + 10),7900
        ```

        ## 3. Condition registers (optional)

        `conditions.csv`: the all-age recorded prevalence of each register in `conditions_base_year` (share of
        registered patients) and an age shape: zero below `min_age`, doubling every `doubling_years` of age up to
        `plateau_age`, flat after (`doubling_years = 0` = flat from `min_age`). The shape is scaled so that the all-age
        prevalence is met exactly in the base year; it decides how the register grows as the population ages. Extra
        columns (e.g. a source note) are ignored.

        ```csv
        condition,all_age_prevalence,min_age,doubling_years,plateau_age
        Diabetes,0.07,18,12,80
        ```

        ## 4. Workforce units (optional; needs 1)

        ```toml
        [workforce]
        base_fy = \(fy + 1)
        units = "\(dataFolder)/workforce_units.csv"
        staff_groups = "\(dataFolder)/workforce_staff_groups.csv"
        vacancies = 0            # vacant posts in the base year (staff in post = posts - vacancies)
        turnover = 0.12          # leavers a year / staff (retirements included)
        retirement_years = 10    # today's over-55s retire evenly over this many years
        recruitment_factor = 1.0 # joiners relative to today's volume
        productivity = 0.0       # annual productivity gain
        ```

        `workforce_units.csv`: posts (treated as whole-time equivalents) by provider and unit. `places`: the Place(s) a
        unit serves, separated by `;` (a unit serving several is split by their registered population). `driver`: what
        sets the unit's required staff: `referrals:<group>` (referrals of a service group of `referrals.csv`) or
        `population:<from>-<to>` (registered patients of those ages).

        ```csv
        provider,unit,places,driver,posts
        Community provider,Community nursing,\(first),referrals:community_18plus,250
        Community provider,Management,\(some),population:0-90,20
        ```

        `workforce_staff_groups.csv`: every unit is split by these shares (they must sum to 1); `over55_share` is the
        share of the group's staff aged over 55.

        ```csv
        staff_group,share_of_posts,over55_share
        Nursing & midwifery,0.40,0.30
        Other staff,0.60,0.25
        ```

        ## 5. Unit costs and allocation (optional; needs 1)

        ```toml
        [finance]
        base_fy = \(fy + 1)
        costs = "\(dataFolder)/service_costs.csv"
        allocation_per_head = 1600        # the ICB's allocation per registered patient in base_fy (GBP)
        allocation_real_growth = 0.02     # real growth of the allocation per head a year
        ```

        `service_costs.csv`: the cost of one referral (its whole episode, GBP, base-year prices) for every service of
        `referrals.csv` (local costing, e.g. PLICS, where there is one; say where each figure came from).

        ```csv
        service,cost_per_referral_gbp
        District Nursing Service,480
        ```

        The example numbers above show the layout only: they are not data for this area.

        """
    }
}
