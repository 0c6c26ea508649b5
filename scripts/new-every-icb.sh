#!/usr/bin/env bash
# Acceptance loop over all 42 ICBs of England: `cohort new` then `cohort run --draws 0` for each, checking that each
# summary names the ICB's own Places (NewCommandTests.testEveryICBRunsAndNamesItsOwnPlaces with COHORT_ALL_ICBS=1;
# CI runs every seventh ICB of the same test). Prints the total time and the slowest ICB.
# Usage: bash scripts/new-every-icb.sh   (from the package folder; debug build, as `swift test` uses)
set -euo pipefail
cd "$(dirname "$0")/.."
COHORT_ALL_ICBS=1 swift test --filter 'NewCommandTests/testEveryICBRunsAndNamesItsOwnPlaces' 2>&1 \
  | grep -E "ICBs:|error|failed|passed|Executed"
