/// Everything `report.html` shows, as plain values (filled by the CLI from a run; rendered by `HTMLReport`).
/// Keeping the renderer on this small model lets it be tested with a fixed, hand-made instance.
public struct ReportData: Sendable, Equatable {
    public struct Interval: Sendable, Equatable {
        /// Percentile -> value, e.g. [5: 1.2e6, 10: ..., 50: ..., 90: ..., 95: ...]; empty when the run has no draws.
        public var percentiles: [Double: Double]
        public init(percentiles: [Double: Double]) { self.percentiles = percentiles }
    }
    /// One point of a time series with its central value and optional interval.
    public struct Point: Sendable, Equatable {
        public var label: String        // e.g. "2033" or "2033/34"
        public var central: Double
        public var interval: Interval?
        public init(label: String, central: Double, interval: Interval?) { self.label = label; self.central = central; self.interval = interval }
    }
    public struct Series: Sendable, Equatable {
        public var name: String
        public var unit: String         // e.g. "registered patients", "referrals a year", "FTE", "GBP m (2025/26 prices)"
        public var points: [Point]
        public init(name: String, unit: String, points: [Point]) { self.name = name; self.unit = unit; self.points = points }
    }
    /// A population pyramid: people by 5-year age band (0-4 ... 85-89, 90+) and sex, for two years.
    public struct Pyramid: Sendable, Equatable {
        public var place: String
        public var bands: [String]
        public var baseYear: Int
        public var horizonYear: Int
        public var baseFemale: [Double], baseMale: [Double]
        public var horizonFemale: [Double], horizonMale: [Double]
        public init(place: String, bands: [String], baseYear: Int, horizonYear: Int, baseFemale: [Double], baseMale: [Double],
                    horizonFemale: [Double], horizonMale: [Double]) {
            self.place = place; self.bands = bands; self.baseYear = baseYear; self.horizonYear = horizonYear
            self.baseFemale = baseFemale; self.baseMale = baseMale; self.horizonFemale = horizonFemale; self.horizonMale = horizonMale
        }
    }
    /// A plain table (header + rows of already formatted cells).
    public struct Table: Sendable, Equatable {
        public var title: String
        public var header: [String]
        public var rows: [[String]]
        public var note: String
        public init(title: String, header: [String], rows: [[String]], note: String) {
            self.title = title; self.header = header; self.rows = rows; self.note = note
        }
    }
    /// Growth of one service between the base and a later year, with an interval of the later value.
    public struct Growth: Sendable, Equatable {
        public var service: String
        public var group: String
        public var base: Double
        public var later: Double
        public var laterInterval: Interval?
        public init(service: String, group: String, base: Double, later: Double, laterInterval: Interval?) {
            self.service = service; self.group = group; self.base = base; self.later = later; self.laterInterval = laterInterval
        }
    }

    public var title: String
    public var scenario: String
    /// Lines such as "Seed 20251124, 500 draws, GSL 2.7.1 mt19937" and data provenance.
    public var about: [String]
    public var headline: Table
    public var pyramids: [Pyramid]
    /// Registered population, all Places, by mid-year, with intervals (the fan chart).
    public var registered: Series
    /// Referral growth by service from the base financial year to `growthYear`.
    public var growthYear: String
    public var baseYear: String
    public var referralGrowth: [Growth]
    public var deaths: Series
    /// Workforce gap (required - supply FTE) by staff group, all Places.
    public var workforceGap: [Series]
    public var finance: Table
    public var tables: [Table]
    /// People on each condition register at the base and the last milestone, all Places.
    public var conditionGrowth: [Growth] = []
    public var conditionsBase = "", conditionsLater = ""
    /// Finance gap (cost of demand - budget at the base-year share), all Places, GBP m.
    public var financeGap: Series = Series(name: "", unit: "", points: [])
    /// Components of change of the resident population, all Places, per year (change into mid-year `label`).
    public var components: [ComponentsYear] = []
    public struct ComponentsYear: Sendable, Equatable {
        public var year: Int
        public var births: Double
        public var deaths: Double
        public var trendMigration: Double
        public var adjustment: Double
    }
    /// Label of the all-Places rows ("<area> total" or "All Places").
    public var totalLabel = "All Places"
    /// What changes and why (set by the caller that built the waterfall).
    public var waterfall: Waterfall? = nil

    public init(title: String, scenario: String, about: [String], headline: Table, pyramids: [Pyramid], registered: Series,
                growthYear: String, baseYear: String, referralGrowth: [Growth], deaths: Series, workforceGap: [Series],
                finance: Table, tables: [Table]) {
        self.title = title; self.scenario = scenario; self.about = about; self.headline = headline; self.pyramids = pyramids
        self.registered = registered; self.growthYear = growthYear; self.baseYear = baseYear; self.referralGrowth = referralGrowth
        self.deaths = deaths; self.workforceGap = workforceGap; self.finance = finance; self.tables = tables
    }
}
