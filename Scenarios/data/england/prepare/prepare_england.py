#!/usr/bin/env python3
"""Build cohort's England inputs (Scenarios/data/england/) from the checked public files in ../shared/data/england/.

Usage: python3 prepare_england.py [SHARED_ENGLAND_DIR] [OUT_DIR]
  defaults: SHARED_ENGLAND_DIR = <repo>/../shared/data/england, OUT_DIR = <repo>/Scenarios/data/england

Standard library only. Re-running on the same shared files gives byte-identical outputs. What it does (and nothing
else): drops name and period columns the product does not read, turns the single-year estimates wide (one row per
year x LA x sex, ages 0..90 as columns: 5,328 rows instead of 484,848), picks one housing requirement per LA, and
collapses the LA -> sub-ICB lookup to LA -> ICB. Every number is copied, not changed, except where a row says how
(housing requirement of merged LAs = sum of predecessors' figures). See ../PROVENANCE.md.
"""
import csv
import os
import sys
from collections import OrderedDict, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(REPO, "..", "shared", "data", "england"))
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.normpath(os.path.join(HERE, ".."))


def read(name):
    with open(os.path.join(SRC, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)
    print(f"wrote {name}: {len(rows)} rows, {os.path.getsize(path):,} bytes")


def main():
    os.makedirs(OUT, exist_ok=True)

    # 1. Single-year estimates, wide by age.
    cells = OrderedDict()
    series = {}
    for r in read("mye_lad23_sya_sex.csv"):
        key = (int(r["year"]), r["lad23_code"], r["sex"])
        cells.setdefault(key, [None] * 91)[int(r["age"])] = r["population"]
        series[key[0]] = r["series"]
    rows = []
    for (year, code, sex), ages in sorted(cells.items()):
        assert all(a is not None for a in ages), (year, code, sex)
        rows.append([year, series[year], code, sex] + ages)
    write("mye_sya.csv", ["year", "series", "lad23_code", "sex"] + [f"age_{a}" for a in range(91)], rows)

    # 2. Components of change (years to mid-2016 .. mid-2021; 2021 = Census day to mid-2021 only).
    cols = ["births", "deaths", "internal_in", "internal_out", "international_in", "international_out",
            "international_net", "internal_net", "other", "population_start", "population_end", "n_source_districts"]
    rows = [[r["year_to_mid"], r["lad23_code"], r["series"], r["period_start"], r["period_end"]] + [r[c] for c in cols]
            for r in read("mye_components_lad23.csv")]
    rows.sort(key=lambda r: (int(r[0]), r[1]))
    write("components.csv", ["year_to_mid", "lad23_code", "series", "period_start", "period_end"] + cols, rows)

    # 3. All-ages totals 1991-2022 (the later, Census-2021-consistent vintage for 2012-2022).
    rows = sorted(([int(r["year"]), r["lad23_code"], r["population"], r["series"]]
                   for r in read("population_totals_lad23_1991_2022.csv")), key=lambda r: (r[0], r[1]))
    write("population_totals.csv", ["year", "lad23_code", "population", "series"], rows)

    # 4. Net additional dwellings by financial year (fy_start 2001 = April 2001 - March 2002).
    rows = sorted(([int(r["fy"][:4]), r["lad23_code"], r["net_additions"]]
                   for r in read("net_additional_dwellings_lad23.csv")), key=lambda r: (r[0], r[1]))
    write("net_additions.csv", ["fy_start", "lad23_code", "net_additions"], rows)

    # 5. Dwelling stock proxy: council-tax properties at 31 March.
    rows = sorted(([int(r["year"]), r["lad23_code"], r["properties"]]
                   for r in read("dwelling_stock_lad23.csv")), key=lambda r: (r[0], r[1]))
    write("dwelling_stock.csv", ["year_31_march", "lad23_code", "properties"], rows)

    # 6. One housing requirement a year per LA: the LA's own latest adopted plan figure; for an LA formed by merging,
    #    the sum of its predecessors' latest adopted figures (PROVENANCE: "sum the predecessors' current figures");
    #    a range counts at its midpoint. Joint plans that carry only a joint figure, and LAs with no adopted figure,
    #    get no requirement (cohort new then uses the LA's net-additions trend).
    plans = read("local_plan_housing_requirements.csv")
    names = {}
    by_lad = defaultdict(list)
    for r in plans:
        names[r["lad23_code"]] = r["lad23_name"]
        if r["is_latest_adopted_with_figure"] != "true":
            continue
        per_year = r["requirement_per_year"]
        basis_note = ""
        if not per_year and r["requirement_per_year_min"] and r["requirement_per_year_max"]:
            per_year = str((float(r["requirement_per_year_min"]) + float(r["requirement_per_year_max"])) / 2)
            basis_note = "midpoint of a range"
        if not per_year:
            continue
        by_lad[r["lad23_code"]].append((r, float(per_year), basis_note))
    rows = []
    for code in sorted(names):
        entries = by_lad.get(code, [])
        own = [e for e in entries if e[0]["organisation_is_predecessor"] == "false"]
        pred = [e for e in entries if e[0]["organisation_is_predecessor"] == "true"]
        if own:
            chosen, basis = own[:1], "own latest adopted plan"
        elif pred:
            chosen, basis = pred, f"sum of {len(pred)} predecessor districts' latest adopted plans"
        else:
            rows.append([code, "", "none", "", "", "", "", "", ""])
            continue
        total = sum(e[1] for e in chosen)
        notes = [e[2] for e in chosen if e[2]]
        if notes:
            basis += " (" + "; ".join(sorted(set(notes))) + ")"
        rows.append([code, f"{total:.1f}", basis,
                     " + ".join(e[0]["plan_title"] for e in chosen),
                     min(e[0]["period_start"] for e in chosen), max(e[0]["period_end"] for e in chosen),
                     max(e[0]["adopted"] for e in chosen),
                     " + ".join(e[0]["organisation_name"] for e in chosen),
                     " ".join(e[0]["source_document"] for e in chosen)])
    write("housing_requirements.csv", ["lad23_code", "requirement_per_year", "basis", "plan_title", "period_start",
                                       "period_end", "adopted", "planning_authority", "source_document"], rows)

    # 7. LA -> ICB (sub-ICB rows collapsed: icb_population_share repeats on each sub-ICB row of one ICB).
    seen = OrderedDict()
    for r in read("lad23_icb.csv"):
        key = (r["lad23_code"], r["icb_code"])
        if key not in seen:
            seen[key] = [r["lad23_code"], r["lad23_name"], r["icb_code"], r["icb_ods_code"], r["icb_name"],
                         r["region_name"], r["icb_population_share"]]
    rows = sorted(seen.values(), key=lambda r: (r[0], r[2]))
    for code in {r[0] for r in rows}:
        s = sum(float(r[6]) for r in rows if r[0] == code)
        assert abs(s - 1) < 1e-5, (code, s)
    write("lad23_icb.csv", ["lad23_code", "lad23_name", "icb_code", "icb_ods_code", "icb_name", "region_name",
                            "icb_population_share"], rows)

    # 8. England national life tables 1980-82 .. 2020-22 (three-year periods), for back-tests that may only use the
    #    tables published by their base year.
    with open(os.path.join(SRC, "..", "mortality", "ons_nlt_england_1980_2022_long.csv"), newline="", encoding="utf-8") as f:
        nlt = list(csv.DictReader(f))
    rows = [[r["period"], r["sex"], r["age"], r["mx"], r["qx"]] for r in nlt]
    write("national_life_tables_1980_2022.csv", ["period", "sex", "age", "mx", "qx"], rows)


if __name__ == "__main__":
    main()
