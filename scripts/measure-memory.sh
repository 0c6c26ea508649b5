#!/usr/bin/env bash
# Measures peak memory (maximum resident set size, /usr/bin/time -v) of `cohort run` for a few sizes, to fit the
# constants of Sources/Scenarios/MemoryModel.swift. Usage: scripts/measure-memory.sh [path/to/cohort] (release build
# recommended: swift build -c release). Prints: scenario, places, draws, series, peak MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/cohort}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
measure() {  # scenario draws
  local s=$1 d=$2 name
  name=$(sed -n 's/^name *= *"\(.*\)".*/\1/p' "$s" | head -1)
  /usr/bin/time -v "$bin" run "$s" --draws "$d" --outputs "$out" --max-memory 100% >/dev/null 2>"$out/time.txt"
  local kb series=0 places
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.txt")
  places=$(sed -n 's/^places *= *\[\(.*\)\].*/\1/p' "$s" | head -1 | tr ',' '\n' | grep -c .)
  if [ "$d" -gt 0 ]; then series=$(cat "$out/$name"/*-intervals.csv | grep -vc '^year,\|^fy,'); fi
  echo "$s places=$places draws=$d series=$series peak_MiB=$((kb / 1024))"
}
for d in 0 1000 4000; do measure Scenarios/blmk-baseline.toml "$d"; done
for d in 0 20000 80000; do measure Tests/Fixtures/tiny/tiny.toml "$d"; done
