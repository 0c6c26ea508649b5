#!/usr/bin/env bash
# One-year check of `cohort new` (a measurement, not a test): one scenario of every English LA from the Census-based
# mid-2021 estimates (`--base 2021 --horizon 2022`, whole LAs), projected to mid-2022 by `cohort run --draws 0` and
# compared with the ONS mid-2022 estimates (first release, the same release as the 2021 base). Prints the mean
# absolute percentage error of the LA totals, the England total and the worst five LAs, for the trend and the
# housing-led mode. The housing-led run reads the 2021/22 and 2022/23 completions (known after the base): for it
# this is a check with perfect housing foresight.
# Usage: bash scripts/one-year-check.sh   (from anywhere; builds the debug binary)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root" && swift build >/dev/null
cohort="$(swift build --show-bin-path)/cohort"
england="$root/Scenarios/data/england"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
all=$(python3 -c "import csv,sys; print(','.join(sorted({r['lad23_code'] for r in csv.DictReader(open(sys.argv[1]))})))" "$england/lad23_icb.csv")
cd "$work"
for mode in trend housing-led; do
  "$cohort" new "one-year-$mode" --lad "$all" --whole-lads --base 2021 --horizon 2022 --mode "$mode" --england-data "$england" >/dev/null
  "$cohort" run "Scenarios/one-year-$mode.toml" --draws 0 --outputs out >/dev/null
  echo "== $mode"
  python3 - "out/one-year-$mode/population.csv" "$england" "Scenarios/one-year-$mode.toml" <<'PY'
import csv, re, sys
out, england, toml = sys.argv[1:4]
text = open(toml).read()
def arr(key):
    return re.findall(r'"((?:[^"\\]|\\.)*)"', re.search(r'^' + key + r' = \[(.*)\]', text, re.M).group(1))
code = dict(zip(arr('places'), arr('place_codes')))
model, truth, names = {}, {}, {}
for r in csv.DictReader(open(out)):
    if r['year'] == '2022' and r['place'] in code:
        model[r['place']] = model.get(r['place'], 0) + float(r['resident'])
for r in csv.DictReader(l for l in open(england + '/mye_sya.csv') if not l.startswith('#')):
    if r['year'] in ('2021', '2022'):
        t = truth.setdefault(r['year'], {})
        t[r['lad23_code']] = t.get(r['lad23_code'], 0) + sum(float(r['age_%d' % a]) for a in range(91))
start, truth = truth['2021'], truth['2022']
for r in csv.DictReader(l for l in open(england + '/lad23_icb.csv') if not l.startswith('#')):
    names[r['lad23_code']] = r['lad23_name']
err = {code[p]: 100 * (v - truth[code[p]]) / truth[code[p]] for p, v in model.items()}
tm, tt = sum(model.values()), sum(truth[c] for c in err)
print(f"LAs: {len(err)}; MAPE of LA totals at mid-2022: {sum(abs(e) for e in err.values()) / len(err):.3f}%; "
      f"mean error {sum(err.values()) / len(err):+.3f}%")
print(f"England: model {tm:,.0f}, ONS estimate {tt:,.0f} ({100 * (tm - tt) / tt:+.3f}%)")
print(f"for scale, no change from mid-2021: MAPE {sum(abs(start[c] - truth[c]) / truth[c] for c in err) * 100 / len(err):.3f}%")
print("worst five: " + "; ".join(f"{c} {names[c]} {err[c]:+.2f}%" for c in sorted(err, key=lambda c: -abs(err[c]))[:5]))
PY
done
