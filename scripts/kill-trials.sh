#!/usr/bin/env bash
# kill -9 trials of the output swap (issue 16). Each trial starts `cohort run` on the tiny fixture and kills it with
# SIGKILL either at a random moment of the run or at a named step of the swap (COHORT_FAULT_POINT makes the process
# pause there), then checks that Outputs/tiny/ is complete and visible (byte for byte the previous run's folder or
# the new one), then runs once more to completion and checks that no .tmp-/.old- litter is left.
# Two scenarios of the same name but different fertility alternate, so "previous" and "new" differ.
# Usage: scripts/kill-trials.sh [trials=60] [path/to/cohort=.build/debug/cohort]. Not in CI (about 2-4 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
trials=${1:-60}
bin=$(realpath "${2:-.build/debug/cohort}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r Tests/Fixtures/tiny "$work/tiny"
sed 's/^level = 1.0$/level = 1.2/' "$work/tiny/tiny.toml" > "$work/tiny/tiny-b.toml"
cmp -s "$work/tiny/tiny.toml" "$work/tiny/tiny-b.toml" && { echo "variant B did not change the scenario"; exit 1; }
cd "$work"
export SWIFT_BACKTRACE=enable=no
listing() { (cd "$1" && find . -type f | sort | xargs sha256sum); }
for v in a b; do
  s=tiny/tiny.toml; [ $v = b ] && s=tiny/tiny-b.toml
  "$bin" run "$s" --outputs "ref-$v" >/dev/null
  listing "ref-$v/tiny" > "ref-$v.txt"
done
cmp -s ref-a.txt ref-b.txt && { echo "the two variants give the same outputs"; exit 1; }
start=$(date +%s%N); "$bin" run tiny/tiny.toml --outputs out >/dev/null; ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "one run takes ${ms} ms; $trials trials"
points=(writing-files before-swap after-exchange after-sync)
complete=0 named=0 random=0 litter_seen=0 failures=0
for i in $(seq 1 "$trials"); do
  s=tiny/tiny.toml; [ $((i % 2)) = 0 ] && s=tiny/tiny-b.toml
  if [ $((RANDOM % 3)) = 0 ]; then
    p=${points[$((RANDOM % ${#points[@]}))]}
    COHORT_FAULT_POINT=$p "$bin" run "$s" --outputs out >/dev/null 2>"pause.txt" &
    pid=$!
    for _ in $(seq 1 600); do grep -q "paused at $p" pause.txt 2>/dev/null && break; sleep 0.05; done
    how="at $p"; named=$((named + 1))
  else
    "$bin" run "$s" --outputs out >/dev/null 2>&1 &
    pid=$!
    delay=$(( RANDOM % (ms * 12 / 10 + 1) ))
    sleep "$(printf '0.%03d' "$delay")" 2>/dev/null || sleep "$((delay / 1000))"
    how="after ${delay} ms"; random=$((random + 1))
  fi
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -d out/tiny ] && { listing out/tiny | cmp -s - ref-a.txt || listing out/tiny | cmp -s - ref-b.txt; }; then
    complete=$((complete + 1))
  else
    echo "trial $i (killed $how): out/tiny is missing or incomplete"; failures=$((failures + 1))
  fi
  ls -a out | grep -qE '\.tmp-|\.old-' && litter_seen=$((litter_seen + 1))
  "$bin" run "$s" --outputs out >/dev/null
  if ls -a out | grep -qE '\.tmp-|\.old-'; then echo "trial $i (killed $how): litter after the next run"; failures=$((failures + 1)); fi
  want=ref-a.txt; [ $s = tiny/tiny-b.toml ] && want=ref-b.txt
  listing out/tiny | cmp -s - "$want" || { echo "trial $i: the completed run's folder differs from its reference"; failures=$((failures + 1)); }
done
echo "trials: $trials (killed at a named swap step: $named, at a random moment: $random)"
echo "folder complete and visible after the kill: $complete/$trials; kills that left litter: $litter_seen; litter after the next run: none unless reported above"
echo "failures: $failures"
[ "$failures" = 0 ]
