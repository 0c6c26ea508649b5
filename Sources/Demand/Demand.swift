// Demand: rates x projections (filled in by issue 3).
