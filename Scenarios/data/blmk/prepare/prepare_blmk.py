#!/usr/bin/env python3
"""Prepare the shipped BLMK input data for `cohort` from the public source files.

Usage:
    python3 Scenarios/data/blmk/prepare/prepare_blmk.py [/path/to/shared/data]

The single optional argument is the folder holding the source data (with population/, mortality/,
fertility/, housing/, migration/ and PROVENANCE.md); it defaults to /work/shared/data.
The outputs are written to the folder above this script (Scenarios/data/blmk/).

Standard library only. Deterministic: the same sources give byte-identical outputs (no dates, no
environment-dependent formatting). Every check fails loudly (a non-zero exit naming the problem) and
nothing is written unless every check passes.
"""

import csv
import hashlib
import io
import sys
from collections import Counter, defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

DEFAULT_SOURCE = "/work/shared/data"
OUT_DIR = Path(__file__).resolve().parent.parent

PLACES = ["Bedford", "Central Bedfordshire", "Luton", "Milton Keynes"]  # output order
PLACE_CODES = {
    "Bedford": "E06000055",
    "Central Bedfordshire": "E06000056",
    "Luton": "E06000032",
    "Milton Keynes": "E06000042",
}
SEXES = ["female", "male"]  # output order
AGES_90 = list(range(0, 91))  # 90 = 90 and over
AGES_100 = list(range(0, 101))

# Published totals (shared data PROVENANCE.md)
MYE2022_TOTALS = {
    "Bedford": 187503,
    "Central Bedfordshire": 301820,
    "Luton": 227298,
    "Milton Keynes": 292517,
}
MYE2022_BLMK = 1009138
PPH_PUBLISHED = {"Bedford": 2.47, "Central Bedfordshire": 2.44, "Luton": 2.85, "Milton Keynes": 2.54}
E0_2020_22 = {"male": "78.83", "female": "82.83"}

SRC = {
    "mye2022": "population/ons_mye_mid2022_blmk_sya_sex.csv",
    "snpp2022": "population/ons_snpp2022_migcat_blmk_sya_sex_2022_2047.csv",
    "mye2011": "population/ons_mye_2011_2018_blmk_sya_sex.csv",
    "nlt": "mortality/ons_nlt_england_1980_2022_long.csv",
    "qx_m": "mortality/ons_2020based_projected_period_qx_per100k_UK_males_1951-2195.csv",
    "qx_f": "mortality/ons_2020based_projected_period_qx_per100k_UK_females_1951-2195.csv",
    "asfr": "fertility/unwpp2022_asfr_5yr_united_kingdom_1950-2100.csv",
    "tfr": "fertility/tfr_england_wales_reported_by_ONS_press.csv",
    "itrc": "housing/itrc_arc_dwelling_scenarios_BLMK_2004-2050.csv",
    "hh": "housing/demographr_census2021_households_lad23_exact.csv",
    "pop21": "housing/demographr_census2021_population_by_sex_broadage_lad.csv",
    "rc": "migration/rogers_castro_parameters.csv",
}


class CheckFailed(Exception):
    pass


def check(cond, msg):
    """Like assert, but survives `python3 -O` and names the problem."""
    if not cond:
        raise CheckFailed(msg)


# ----------------------------------------------------------------------------------------------
# Reading and formatting helpers


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def read_dicts(path):
    rows = read_rows(path)
    check(rows, f"{path}: empty file")
    header = rows[0]
    out = []
    for i, r in enumerate(rows[1:], start=2):
        if not r or all(not c.strip() for c in r):
            continue
        check(len(r) == len(header), f"{path} line {i}: {len(r)} fields, header has {len(header)}")
        out.append(dict(zip(header, r)))
    return header, out


def num(s, where):
    try:
        v = Decimal(s.strip())
    except Exception:
        raise CheckFailed(f"{where}: '{s}' is not a number")
    check(v.is_finite(), f"{where}: '{s}' is not finite")
    return v


def fmt_upto3(d):
    """Up to 3 decimals, trailing zeros stripped: 1084.0 -> 1084, 1234.50 -> 1234.5."""
    q = d.quantize(Decimal("0.001"), rounding=ROUND_HALF_EVEN)
    s = format(q, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s == "-0":
        s = "0"
    return s


def fmt_int(d, where):
    check(d == d.to_integral_value(), f"{where}: {d} is not a whole number")
    return str(int(d))


def fmt_sig(d, digits=8):
    """Exactly `digits` significant digits, plain (non-exponent) notation, round-half-even."""
    if d == 0:
        return "0." + "0" * (digits - 1)
    exp = d.adjusted()
    r = d.quantize(Decimal(1).scaleb(exp - digits + 1), rounding=ROUND_HALF_EVEN)
    if r.adjusted() != exp:  # rounded up to the next power of ten
        r = d.quantize(Decimal(1).scaleb(exp - digits + 2), rounding=ROUND_HALF_EVEN)
    return format(r, "f")


def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        check(len(r) == len(header), f"internal: row {r} does not match header {header}")
        w.writerow(r)
    return buf.getvalue()


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def norm_sex(s, where):
    m = {"female": "female", "females": "female", "male": "male", "males": "male"}
    check(s in m, f"{where}: unexpected sex '{s}'")
    return m[s]


def place_of(code, name, where):
    check(name in PLACE_CODES, f"{where}: unexpected area name '{name}'")
    check(PLACE_CODES[name] == code, f"{where}: {name} has code {code}, expected {PLACE_CODES[name]}")
    return name


def age_90(label, where):
    if label == "90 and over":
        return 90
    check(label.isdigit(), f"{where}: unexpected age label '{label}'")
    a = int(label)
    check(0 <= a <= 89, f"{where}: single-year age {a} outside 0..89")
    return a


# ----------------------------------------------------------------------------------------------
# 1. population_mid2022.csv


def build_mye2022(src, facts):
    path = src / SRC["mye2022"]
    header, rows = read_dicts(path)
    check(header == ["area_code", "area_name", "sex", "age_group", "population_mid2022"],
          f"{path}: unexpected header {header}")
    cells = {}
    for i, r in enumerate(rows, start=2):
        w = f"{SRC['mye2022']} line {i}"
        p = place_of(r["area_code"], r["area_name"], w)
        s = norm_sex(r["sex"], w)
        a = age_90(r["age_group"], w)
        v = num(r["population_mid2022"], w)
        check(v >= 0, f"{w}: negative population {v}")
        k = (p, s, a)
        check(k not in cells, f"{w}: duplicate cell {k}")
        cells[k] = v
    grid = [(p, s, a) for p in PLACES for s in SEXES for a in AGES_90]
    check(set(cells) == set(grid), f"{SRC['mye2022']}: place x sex x age 0..90 grid incomplete "
          f"(missing {sorted(set(grid) - set(cells))[:5]}, extra {sorted(set(cells) - set(grid))[:5]})")
    totals = {}
    for p in PLACES:
        t = sum(cells[(p, s, a)] for s in SEXES for a in AGES_90)
        check(t == MYE2022_TOTALS[p], f"{SRC['mye2022']}: {p} total {t} != published {MYE2022_TOTALS[p]}")
        totals[p] = int(t)
    check(sum(totals.values()) == MYE2022_BLMK, f"BLMK mid-2022 total {sum(totals.values())} != {MYE2022_BLMK}")
    facts["mye2022_totals"] = totals
    out = [[p, s, str(a), fmt_upto3(cells[(p, s, a)])] for (p, s, a) in grid]
    return csv_text(["place", "sex", "age", "population"], out), cells


# ----------------------------------------------------------------------------------------------
# 2. ons_snpp2022_population.csv


def build_snpp(src, facts, mye_cells):
    path = src / SRC["snpp2022"]
    header, rows = read_dicts(path)
    check(header == ["area_code", "area_name", "sex", "age_group", "year", "population"],
          f"{path}: unexpected header {header}")
    years = list(range(2022, 2048))
    cells, all_ages = {}, {}
    for i, r in enumerate(rows, start=2):
        w = f"{SRC['snpp2022']} line {i}"
        p = place_of(r["area_code"], r["area_name"], w)
        s = norm_sex(r["sex"], w)
        y = int(r["year"])
        check(y in years, f"{w}: year {y} outside 2022..2047")
        v = num(r["population"], w)
        check(v >= 0, f"{w}: negative population {v}")
        # the written value (<= 3 decimals) must round-trip the source value exactly
        check(Decimal(fmt_upto3(v)) == v, f"{w}: {r['population']} has more than 3 decimals")
        if r["age_group"] == "All ages":
            check((y, p, s) not in all_ages, f"{w}: duplicate All ages row")
            all_ages[(y, p, s)] = v
            continue
        a = age_90(r["age_group"], w)
        k = (y, p, s, a)
        check(k not in cells, f"{w}: duplicate cell {k}")
        cells[k] = v
    grid = [(y, p, s, a) for y in years for p in PLACES for s in SEXES for a in AGES_90]
    check(set(cells) == set(grid), f"{SRC['snpp2022']}: year x place x sex x age grid incomplete")
    check(set(all_ages) == {(y, p, s) for y in years for p in PLACES for s in SEXES},
          f"{SRC['snpp2022']}: an 'All ages' row is missing")
    worst = Decimal(0)
    for (y, p, s), t in all_ages.items():
        d = abs(sum(cells[(y, p, s, a)] for a in AGES_90) - t)
        check(d <= Decimal("0.5"), f"{SRC['snpp2022']}: {y} {p} {s} ages sum differs from All ages by {d}")
        worst = max(worst, d)
    facts["snpp_worst_all_ages_diff"] = worst
    base_same = all(cells[(2022, p, s, a)] == mye_cells[(p, s, a)] for p in PLACES for s in SEXES for a in AGES_90)
    check(base_same, "SNPP 2022 base year differs from the ONS mid-2022 estimates")
    tot = {y: {p: sum(cells[(y, p, s, a)] for s in SEXES for a in AGES_90) for p in PLACES} for y in years}
    facts["snpp_totals"] = tot
    out = [[str(y), p, s, str(a), fmt_upto3(cells[(y, p, s, a)])] for (y, p, s, a) in grid]
    return csv_text(["year", "place", "sex", "age", "population"], out)


# ----------------------------------------------------------------------------------------------
# 3. life_table_england_2020_22.csv


def build_life_table(src, facts):
    path = src / SRC["nlt"]
    header, rows = read_dicts(path)
    for c in ["period", "sex", "age", "mx", "qx", "lx", "ex"]:
        check(c in header, f"{path}: missing column {c}")
    cells = {}
    e0 = {}
    for i, r in enumerate(rows, start=2):
        if r["period"] != "2020-2022":
            continue
        w = f"{SRC['nlt']} line {i}"
        s = norm_sex(r["sex"], w)
        a = int(r["age"])
        k = (s, a)
        check(k not in cells, f"{w}: duplicate {k}")
        mx, qx, lx = (num(r[c], w) for c in ("mx", "qx", "lx"))
        check(mx >= 0, f"{w}: negative mx")
        check(0 <= qx <= 1, f"{w}: qx {qx} outside [0,1]")
        check(0 <= lx <= 100000, f"{w}: lx {lx} outside [0,100000]")
        cells[k] = (r["mx"].strip(), r["qx"].strip(), r["lx"].strip())
        if a == 0:
            e0[s] = r["ex"].strip()
    grid = [(s, a) for s in SEXES for a in AGES_100]
    check(set(cells) == set(grid), f"{SRC['nlt']}: 2020-2022 sex x age 0..100 grid incomplete")
    for s in SEXES:
        check(Decimal(cells[(s, 0)][2]) == 100000, f"{SRC['nlt']}: {s} l0 != 100000")
        lxs = [Decimal(cells[(s, a)][2]) for a in AGES_100]
        check(all(b <= a for a, b in zip(lxs, lxs[1:])), f"{SRC['nlt']}: {s} lx not non-increasing")
        check(e0[s] == E0_2020_22[s], f"{SRC['nlt']}: {s} e0 {e0[s]} != published {E0_2020_22[s]}")
    facts["e0"] = e0
    out = [[s, str(a), *cells[(s, a)]] for (s, a) in grid]
    return csv_text(["sex", "age", "mx", "qx", "lx"], out)


# ----------------------------------------------------------------------------------------------
# 4. mortality_projected_qx_uk_2020based.csv


def build_projected_qx(src, facts):
    years = list(range(2015, 2071))
    cells = {}
    ranges = {}
    for sex, key in (("female", "qx_f"), ("male", "qx_m")):
        path = src / SRC[key]
        rows = read_rows(path)
        header = rows[0]
        check(header[0] == "year", f"{path}: first column is '{header[0]}', expected year")
        # the header may end in empty columns (the female file does): ignore them and their values
        col = {}
        for j, h in enumerate(header[1:], start=1):
            h = h.strip()
            if h == "":
                continue
            check(h.isdigit(), f"{path}: unexpected header label '{h}'")
            col[int(h)] = j
        check(all(a in col for a in AGES_100), f"{path}: ages 0..100 not all in the header")
        seen = set()
        for i, r in enumerate(rows[1:], start=2):
            if not r or not r[0].strip():
                continue
            y = int(r[0])
            check(y not in seen, f"{path} line {i}: duplicate year {y}")
            seen.add(y)
            if y not in years:
                continue
            for a in AGES_100:
                w = f"{SRC[key]} line {i} age {a}"
                v = num(r[col[a]], w) / Decimal(100000)
                check(0 <= v <= 1, f"{w}: qx {v} outside [0,1]")
                cells[(y, sex, a)] = v
        check(all(y in seen for y in years), f"{path}: years 2015..2070 not all present")
        vals = [cells[(y, sex, a)] for y in years for a in AGES_100]
        ranges[sex] = (min(vals), max(vals))
    grid = [(y, s, a) for y in years for s in SEXES for a in AGES_100]
    check(set(cells) == set(grid), "projected qx: year x sex x age grid incomplete")
    facts["proj_qx_range"] = ranges
    out = [[str(y), s, str(a), fmt_sig(cells[(y, s, a)], 8)] for (y, s, a) in grid]
    return csv_text(["year", "sex", "age", "qx"], out)


# ----------------------------------------------------------------------------------------------
# 5. fertility_asfr_uk_unwpp2022.csv


def build_asfr(src, facts):
    path = src / SRC["asfr"]
    header, rows = read_dicts(path)
    groups = [(lo, lo + 4) for lo in range(10, 55, 5)]
    for lo, hi in groups:
        check(f"{lo}-{hi}" in header, f"{path}: missing age group column {lo}-{hi}")
    variants = Counter(r["Variant"] for r in rows)
    facts["asfr_variants"] = {v: (min(int(r["Year"]) for r in rows if r["Variant"] == v),
                                  max(int(r["Year"]) for r in rows if r["Variant"] == v)) for v in variants}
    check(set(variants) <= {"Estimates", "Medium"}, f"{path}: unexpected variants {sorted(variants)}")
    years = list(range(2015, 2051))
    picked = {}
    for i, r in enumerate(rows, start=2):
        y = int(r["Year"])
        want = "Estimates" if y <= 2021 else "Medium"
        if y not in years or r["Variant"] != want:
            continue
        check(r["Region, subregion, country or area *"] == "United Kingdom", f"{path} line {i}: not United Kingdom")
        check(y not in picked, f"{path} line {i}: duplicate {want} row for {y}")
        vals = []
        for lo, hi in groups:
            s = r[f"{lo}-{hi}"].strip()
            v = num(s, f"{SRC['asfr']} line {i} {lo}-{hi}")
            check(0 <= v <= 1000, f"{SRC['asfr']} line {i}: ASFR {v} outside [0,1000]")
            vals.append(s)
        picked[y] = vals
    check(set(picked) == set(years), f"{path}: years missing {sorted(set(years) - set(picked))}")
    facts["asfr_tfr"] = {y: sum(Decimal(v) for v in picked[y]) * 5 / 1000 for y in years}
    out = []
    for y in years:
        for (lo, hi), v in zip(groups, picked[y]):
            out.append([str(y), str(lo), str(hi), v])
    return csv_text(["year", "age_from", "age_to", "asfr_per_1000"], out)


# ----------------------------------------------------------------------------------------------
# 6. tfr_england_wales.csv


def build_tfr(src, facts):
    path = src / SRC["tfr"]
    header, rows = read_dicts(path)
    check(header == ["year", "geography", "tfr", "note", "source"], f"{path}: unexpected header {header}")
    out, sources = [], []
    for i, r in enumerate(rows, start=2):
        v = num(r["tfr"], f"{SRC['tfr']} line {i}")
        check(0 < v < 10, f"{SRC['tfr']} line {i}: implausible TFR {v}")
        int(r["year"])
        out.append([r["year"].strip(), r["geography"].strip(), r["tfr"].strip(), r["note"].strip()])
        sources.append((r["year"].strip(), r["tfr"].strip(), r["note"].strip(), r["source"].strip()))
    # stable sort by year keeps the source order of the two 2021 rows (original, then revised)
    order = sorted(range(len(out)), key=lambda k: int(out[k][0]))
    out = [out[k] for k in order]
    facts["tfr_sources"] = [sources[k] for k in order]
    facts["tfr_years"] = Counter(r[0] for r in out)
    return csv_text(["year", "geography", "tfr", "note"], out)


# ----------------------------------------------------------------------------------------------
# 7. dwellings_itrc_arc.csv


def build_dwellings(src, facts):
    path = src / SRC["itrc"]
    header, rows = read_dicts(path)
    check(header == ["scenario", "lad_uk_2016", "lad16nm", "timestep", "dwellings"], f"{path}: unexpected header {header}")
    cells = {}
    nonint = []
    for i, r in enumerate(rows, start=2):
        w = f"{SRC['itrc']} line {i}"
        p = place_of(r["lad_uk_2016"], r["lad16nm"], w)
        y = int(r["timestep"])
        v = num(r["dwellings"], w)
        check(v > 0, f"{w}: non-positive dwellings {v}")
        v1 = v.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
        check(abs(v - v1) < Decimal("0.000001"), f"{w}: {v} is not a whole number or a 1-decimal number")
        if v1 != v1.to_integral_value():
            nonint.append((r["scenario"], p, y, v1))
        k = (r["scenario"], p, y)
        check(k not in cells, f"{w}: duplicate {k}")
        cells[k] = v1
    scenarios = sorted({k[0] for k in cells})
    years = list(range(2004, 2051))
    grid = [(sc, p, y) for sc in scenarios for p in PLACES for y in years]
    check(set(cells) == set(grid), f"{SRC['itrc']}: scenario x place x year 2004..2050 grid incomplete")
    # 2004-2016 is observed stock: it must be the same in every scenario
    for p in PLACES:
        for y in range(2004, 2017):
            check(len({cells[(sc, p, y)] for sc in scenarios}) == 1, f"{SRC['itrc']}: {p} {y} differs between scenarios")
    decreases = sorted({(p, y) for (sc, p, y) in grid if y > 2004 and cells[(sc, p, y)] < cells[(sc, p, y - 1)]})
    facts["itrc"] = {"scenarios": scenarios, "nonint": nonint, "decreases": decreases, "cells": cells}
    # written with exactly one decimal for every row (some projected values are not whole numbers)
    out = [[sc, p, str(y), format(cells[(sc, p, y)], "f")] for (sc, p, y) in grid]
    return csv_text(["scenario", "place", "year", "dwellings"], out)


# ----------------------------------------------------------------------------------------------
# 8. census2021_households.csv


def build_census(src, facts):
    hpath, ppath = src / SRC["hh"], src / SRC["pop21"]
    hh_header, hh = read_dicts(hpath)
    pp_header, pp = read_dicts(ppath)
    check(hh_header[:2] == ["ltla23_code", "households"], f"{hpath}: unexpected header {hh_header}")
    check(pp_header[:2] == ["ltla21_code", "total_population"], f"{ppath}: unexpected header {pp_header}")
    out, pph = [], {}
    for p in PLACES:
        code = PLACE_CODES[p]
        h = [r for r in hh if r["ltla23_code"] == code]
        u = [r for r in pp if r["ltla21_code"] == code]
        check(len(h) == 1, f"{hpath}: {len(h)} rows for {code} ({p})")
        check(len(u) == 1, f"{ppath}: {len(u)} rows for {code} ({p})")
        hv = num(h[0]["households"], f"{SRC['hh']} {code}")
        uv = num(u[0]["total_population"], f"{SRC['pop21']} {code}")
        fv, mv = num(u[0]["total_females"], code), num(u[0]["total_males"], code)
        check(fv + mv == uv, f"{SRC['pop21']}: {code} females + males != total")
        check(hv > 0 and uv > 0, f"{code}: non-positive households or residents")
        ratio = (uv / hv).quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)
        check(ratio.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN) == Decimal(str(PPH_PUBLISHED[p])),
              f"{p}: persons per household {ratio} does not round to published {PPH_PUBLISHED[p]}")
        pph[p] = (int(hv), int(uv), ratio)
        out.append([p, code, fmt_int(hv, code), fmt_int(uv, code), format(ratio, "f")])
    facts["pph"] = pph
    return csv_text(["place", "area_code", "households", "usual_residents", "persons_per_household"], out)


# ----------------------------------------------------------------------------------------------
# 9. rogers_castro_parameters.csv


def build_rc(src, facts):
    path = src / SRC["rc"]
    header, rows = read_dicts(path)
    cols = ["sex", "schedule", "a1", "alpha1", "a2", "alpha2", "mu2", "lambda2", "c"]
    check(header == ["source"] + cols, f"{path}: unexpected header {header}")
    out, sources = [], []
    for i, r in enumerate(rows, start=2):
        w = f"{SRC['rc']} line {i}"
        check(r["sex"] in ("female", "male", "both"), f"{w}: unexpected sex '{r['sex']}'")
        for c in cols[2:]:
            check(num(r[c], w) >= 0, f"{w}: negative {c}")
        out.append([r[c].strip() for c in cols])
        sources.append((r["sex"], r["schedule"], r["source"]))
    keys = Counter((r[0], r[1]) for r in out)
    check(all(n == 1 for n in keys.values()), f"{path}: duplicate sex/schedule rows")
    facts["rc_sources"] = sources
    return csv_text(cols, out)


# ----------------------------------------------------------------------------------------------
# 10. ons_mye_2011_2018.csv


def build_mye2011(src, facts):
    path = src / SRC["mye2011"]
    header, rows = read_dicts(path)
    check(header == ["year", "area_code", "area_name", "sex", "age", "population"], f"{path}: unexpected header {header}")
    labels = Counter(r["age"] for r in rows)
    top = max((int(a) for a in labels if a.isdigit()), default=None)
    check(all(a.isdigit() for a in labels), f"{path}: non-numeric age labels {[a for a in labels if not a.isdigit()]}")
    check(top == 90, f"{path}: top age label {top}, expected 90 (Nomis 'Age 90+')")
    facts["mye2011_top_label"] = "90"
    cells = {}
    for i, r in enumerate(rows, start=2):
        w = f"{SRC['mye2011']} line {i}"
        y = int(r["year"])
        check(y in (2011, 2018), f"{w}: unexpected year {y}")
        p = place_of(r["area_code"], r["area_name"], w)
        s = norm_sex(r["sex"], w)
        a = int(r["age"])
        v = num(r["population"], w)
        check(v >= 0, f"{w}: negative population")
        k = (y, p, s, a)
        check(k not in cells, f"{w}: duplicate {k}")
        cells[k] = v
    grid = [(y, p, s, a) for y in (2011, 2018) for p in PLACES for s in SEXES for a in AGES_90]
    check(set(cells) == set(grid), f"{SRC['mye2011']}: year x place x sex x age grid incomplete")
    # the top label '90' is the open group 90+: it must hold more people than single age 89
    for y in (2011, 2018):
        for p in PLACES:
            for s in SEXES:
                check(cells[(y, p, s, 90)] > cells[(y, p, s, 89)],
                      f"{SRC['mye2011']}: {y} {p} {s} age 90 <= age 89: is 90 really 90+?")
    facts["mye2011_totals"] = {y: {p: int(sum(cells[(y, p, s, a)] for s in SEXES for a in AGES_90)) for p in PLACES}
                               for y in (2011, 2018)}
    out = [[str(y), p, s, str(a), fmt_int(cells[(y, p, s, a)], f"{y} {p} {s} {a}")] for (y, p, s, a) in grid]
    return csv_text(["year", "place", "sex", "age", "population"], out)


# ----------------------------------------------------------------------------------------------
# 11. PROVENANCE.md


def n_rows(text):
    return text.count("\n") - 1


def fmt_thousands(n):
    return f"{n:,}"


def build_provenance(src, facts, outputs):
    sha = {k: sha256(src / v) for k, v in SRC.items()}
    rows = {name: n_rows(text) for name, text in outputs.items()}
    t22 = facts["mye2022_totals"]
    snpp = facts["snpp_totals"]
    itrc = facts["itrc"]
    pph = facts["pph"]
    m11 = facts["mye2011_totals"]
    L = []
    a = L.append

    a("# BLMK input data: provenance")
    a("")
    a("Everything in this folder except `prepare/` is written by `prepare/prepare_blmk.py` from the public source files")
    a("in the project's shared data folder (`shared/data/`, described in its own `PROVENANCE.md`). Do not edit these")
    a("files by hand: change the script and re-run it (standard library only, deterministic, it checks totals and grids")
    a("and writes nothing if a check fails):")
    a("")
    a("```")
    a("python3 Scenarios/data/blmk/prepare/prepare_blmk.py /path/to/shared/data")
    a("```")
    a("")
    a("The argument defaults to `/work/shared/data`. All CSVs: RFC 4180, UTF-8, LF line endings, one header row, no")
    a("comment lines. `place` is one of Bedford, Central Bedfordshire, Luton, Milton Keynes (ONS codes E06000055,")
    a("E06000056, E06000032, E06000042); `sex` is `female` or `male`; ages are integers and, where a file says so,")
    a("age 90 means 90 and over. Rows are sorted in the order given under each file.")
    a("")
    a("## Licences")
    a("")
    a("- ONS / MHCLG material (files 1, 2, 3, 4, 6, 8, 10, and the 2004-2016 observed stock inside file 7): Crown copyright,")
    a("  Open Government Licence v3.0. Attribution: \"Contains public sector information licensed under the Open Government")
    a("  Licence v3.0\".")
    a("- UN World Population Prospects 2022 (file 5): CC BY 3.0 IGO. Citation: United Nations, Department of Economic and")
    a("  Social Affairs, Population Division (2022). World Population Prospects 2022.")
    a("- ITRC/MISTRAL Oxford-Cambridge Arc dwelling scenarios (file 7): MIT licence (notice reproduced at the end of this")
    a("  file).")
    a("- Rogers-Castro model schedules (file 9): published parameter values, UN DESA Population Division (1992), and")
    a("  Rogers & Castro (1981), as transcribed in the R package migest.")
    a("")
    a("## Files")
    a("")
    a("| file | rows | source (in shared/data/) |")
    a("| --- | ---: | --- |")
    table = [
        ("population_mid2022.csv", SRC["mye2022"]),
        ("ons_snpp2022_population.csv", SRC["snpp2022"]),
        ("life_table_england_2020_22.csv", SRC["nlt"]),
        ("mortality_projected_qx_uk_2020based.csv", SRC["qx_f"] + "`, `" + SRC["qx_m"]),
        ("fertility_asfr_uk_unwpp2022.csv", SRC["asfr"]),
        ("tfr_england_wales.csv", SRC["tfr"]),
        ("dwellings_itrc_arc.csv", SRC["itrc"]),
        ("census2021_households.csv", SRC["hh"] + "`, `" + SRC["pop21"]),
        ("rogers_castro_parameters.csv", SRC["rc"]),
        ("ons_mye_2011_2018.csv", SRC["mye2011"]),
    ]
    for name, s in table:
        a(f"| `{name}` | {rows[name]} | `{s}` |")
    a("")
    a("Rows exclude the header.")
    a("")

    # 1
    a("### 1. population_mid2022.csv")
    a("")
    a(f"- Source: `{SRC['mye2022']}` — ONS mid-2022 population estimates (the base year of the ONS 2022-based")
    a("  subnational projections), 4 areas x sex x single year 0-89 and \"90 and over\". Crown copyright, OGL v3.0.")
    a("- Columns: `place,sex,age,population`. Unit: persons, usually resident population at 30 June 2022 (resident, not")
    a("  GP-registered). Age 90 = 90 and over.")
    a("- Transformation: area code checked against the name; `males`/`females` -> `male`/`female`; \"90 and over\" -> 90;")
    a("  values written as integers (all are whole numbers; the rule is up to 3 decimals, trailing zeros dropped).")
    a("- Order: place, sex (female, male), age.")
    a("- Checked: complete place x sex x age 0..90 grid, no negatives, totals equal the published figures: " +
      "; ".join(f"{p} {fmt_thousands(t22[p])}" for p in PLACES) + f" (BLMK {fmt_thousands(sum(t22.values()))}).")
    a("")
    # 2
    a("### 2. ons_snpp2022_population.csv")
    a("")
    a(f"- Source: `{SRC['snpp2022']}` — ONS 2022-based subnational population projections (published June 2025),")
    a("  migration-category variant, transcribed from the published CSVs. Crown copyright, OGL v3.0.")
    a("- Columns: `year,place,sex,age,population`. Unit: projected persons at mid-year (30 June), years 2022-2047. Age 90 =")
    a("  90 and over.")
    a("- Transformation: the \"All ages\" rows are dropped after checking that every year x place x sex block of ages 0..90")
    a(f"  sums to its \"All ages\" row within 0.5 (largest difference found: {fmt_upto3(facts['snpp_worst_all_ages_diff'])}); values")
    a("  written with up to 3 decimals, trailing zeros dropped (this round-trips every source value exactly).")
    a("- Order: year, place, sex (female, male), age.")
    a("- Checked: complete grid, no negatives, and the 2022 year equals `population_mid2022.csv` cell by cell.")
    a("- Totals (all ages, persons): " + "; ".join(
        f"{y}: " + ", ".join(f"{p} {fmt_thousands(int(snpp[y][p].to_integral_value()))}" for p in PLACES) +
        f" (BLMK {fmt_thousands(int(sum(snpp[y].values()).to_integral_value()))})" for y in (2025, 2043, 2047)) + ".")
    a("- Caveat: trend-based (past births, deaths and migration carried forward); it does not follow housing plans.")
    a("")
    # 3
    a("### 3. life_table_england_2020_22.csv")
    a("")
    a(f"- Source: `{SRC['nlt']}` — ONS National Life Tables, England, period 2020-2022. Crown copyright, OGL v3.0.")
    a("- Columns: `sex,age,mx,qx,lx`. `mx` central death rate; `qx` probability of dying between exact ages x and x+1;")
    a("  `lx` survivors at exact age x out of 100,000 births. Ages 0..100 (age 100 is the last single year in the table).")
    a("- Transformation: rows of period 2020-2022 selected; `dx` and `ex` dropped; values copied exactly as in the source.")
    a("- Order: sex (female, male), age.")
    a(f"- Checked: complete grid, qx in [0,1], l0 = 100,000, lx non-increasing; source e0 males {facts['e0']['male']},")
    a(f"  females {facts['e0']['female']} (as published).")
    a("- Caveat: England, not BLMK; 2020-22 includes the COVID-19 pandemic years.")
    a("")
    # 4
    r = facts["proj_qx_range"]
    a("### 4. mortality_projected_qx_uk_2020based.csv")
    a("")
    a(f"- Source: `{SRC['qx_f']}` and `{SRC['qx_m']}` — ONS 2020-based past and projected period mortality")
    a("  (qx x 100,000), United Kingdom, ages 0-125 by calendar year 1951-2195. Crown copyright, OGL v3.0.")
    a("- Columns: `year,sex,age,qx`. `qx` is a probability (source value / 100,000), written with exactly 8 significant")
    a("  digits in plain notation (exact decimal division, round half to even). Years 2015..2070, ages 0..100.")
    a("- Transformation: ages 101-125 dropped; the female file's header ends in five empty column names (its data rows")
    a("  carry five extra values there): those columns are ignored, columns are matched by their age label.")
    a("- Order: year, sex (female, male), age.")
    a(f"- Checked: complete grid, qx in [0,1] (range found: female {fmt_sig(r['female'][0])}-{fmt_sig(r['female'][1])},")
    a(f"  male {fmt_sig(r['male'][0])}-{fmt_sig(r['male'][1])}).")
    a("- Caveat: these are UK, not England, rates and years after 2020 are projections: use them only as mortality")
    a("  improvement ratios qx(t)/qx(base) applied to the England life table, not as levels.")
    a("")
    # 5
    v = facts["asfr_variants"]
    tf = facts["asfr_tfr"]
    a("### 5. fertility_asfr_uk_unwpp2022.csv")
    a("")
    a(f"- Source: `{SRC['asfr']}` — UN World Population Prospects 2022, age-specific fertility rates by 5-year age of")
    a("  mother, United Kingdom. CC BY 3.0 IGO.")
    a("- Columns: `year,age_from,age_to,asfr_per_1000`. Unit: births per 1,000 women in the age group per year; groups")
    a("  10-14 ... 50-54 (age_from 10, age_to 14, ...). Years 2015..2050.")
    a("- Transformation: the file holds only the variants " + ", ".join(
        f"{k} ({lo}-{hi})" for k, (lo, hi) in sorted(v.items())) + "; years up to 2021 are taken from")
    a("  Estimates, 2022 onward from Medium. Values copied as in the source (2 decimals).")
    a("- Order: year, age_from.")
    a(f"- Implied TFR (5 x sum / 1,000): 2015 {tf[2015]:.3f}, 2021 {tf[2021]:.3f}, 2022 {tf[2022]:.3f}, 2030 {tf[2030]:.3f},")
    a(f"  2050 {tf[2050]:.3f}.")
    a("- Caveat: the UN level (about 1.57 in 2022) is above the ONS actuals for England and Wales (1.49 in 2022, 1.44 in")
    a("  2023): use the age shape only, rescaled to an ONS-based TFR.")
    a("")
    # 6
    a("### 6. tfr_england_wales.csv")
    a("")
    a(f"- Source: `{SRC['tfr']}` — ONS headline total fertility rates for England and Wales, as reported in the press.")
    a("  ONS figures: Crown copyright, OGL v3.0.")
    a("- Columns: `year,geography,tfr,note`. Unit: children per woman. The source's `source` column is dropped here and")
    a("  kept below.")
    a("- Order: year (stable: the two 2021 rows stay in source order, original figure first, then the revised one).")
    a("- Caveat: 2021 has two rows (1.61 original, 1.55 after rebasing to Census 2021); 2019-2020 use pre-Census")
    a("  population bases. A reader keyed on year alone must pick one 2021 row.")
    a("- Sources by row:")
    for (y, t, note, s) in facts["tfr_sources"]:
        a(f"  - {y} ({t}): {s}")
    a("")
    # 7
    a("### 7. dwellings_itrc_arc.csv")
    a("")
    a(f"- Source: `{SRC['itrc']}` — Oxford-Cambridge Arc dwelling-stock scenarios, ITRC/MISTRAL (MIT licence);")
    a("  2004-2016 are actual MHCLG dwelling stock (Crown copyright, OGL v3.0), 2017-2050 are scenario projections.")
    a("- Columns: `scenario,place,year,dwellings`. Unit: dwelling stock (number of dwellings) in each year, 2004-2050.")
    a("  Scenarios: " + ", ".join(f"`{s}`" for s in itrc["scenarios"]) + ".")
    groups = defaultdict(list)
    for (sc, p, y, v1) in itrc["nonint"]:
        groups[(sc, p)].append(y)
    where = "; ".join(f"{p} in `{sc}`, {len(ys)} years in {min(ys)}-{max(ys)}" for (sc, p), ys in sorted(groups.items()))
    a(f"- Transformation: area code checked against the name; every value written with one decimal, because")
    a(f"  {len(itrc['nonint'])} of {rows['dwellings_itrc_arc.csv']} values are not whole numbers ({where}).")
    a("  Some source values carry floating-point noise (e.g. 80947.20000000001, 83982.00000000003); every value is")
    a("  checked to be within 0.000001 of a one-decimal number and rounded to it.")
    a("- Order: scenario (as text), place, year.")
    a("- Checked: complete scenario x place x year grid, positive values, 2004-2016 identical in every scenario.")
    a("- Scenario meanings (not documented in the shared data; from the public nismod/arc-dwellings repository, which")
    a("  made these tidy files): `baseline` = \"Scenario Baseline\"; `0-unplanned` = \"Unplanned Development\";")
    a("  `1-new-cities` = \"New Settlements\" (growth clustered in five new settlements, two of them in Central")
    a("  Bedfordshire: north of Cranfield and east of Sandy); `2-expansion` = \"Expansion\" (not described there; in")
    a("  these numbers the extra growth goes to the existing towns Milton Keynes, Bedford and Luton); `3-new-cities23`")
    a("  and `4-expansion23` = the same two scenarios from workbooks named \"... 23000\" (presumably a lower Arc-wide")
    a("  delivery of 23,000 dwellings a year; the number is not explained in the source).")
    a("  Summary report: Infrastructure Transitions Research Consortium (December 2019), \"A sustainable Oxford-Cambridge")
    a("  corridor? Spatial analysis of options and futures for the Arc\".")
    a("- Caveats: 2017 onward are scenario projections made in 2019, not observations. Dwellings are not households")
    a("  (vacant and second homes): e.g. `baseline` 2021 has " + ", ".join(
        f"{p} {fmt_thousands(int(itrc['cells'][('baseline', p, 2021)]))}" for p in PLACES) + " dwellings")
    a("  against Census 2021 households " + ", ".join(f"{fmt_thousands(pph[p][0])}" for p in PLACES) + ".")
    a("  The observed 2004-2010 stock falls in some years (" + ", ".join(f"{p} {y}" for p, y in itrc["decreases"]) + ");")
    cb = {y: fmt_thousands(int(itrc["cells"][("baseline", "Central Bedfordshire", y)])) for y in (2005, 2009, 2010)}
    a(f"  Central Bedfordshire in particular swings ({cb[2005]} in 2005, {cb[2009]} in 2009, {cb[2010]} in 2010), around")
    a("  its creation in April 2009: treat the early years with care. Housing numbers are scenario inputs, not forecasts.")
    a("")
    # 8
    a("### 8. census2021_households.csv")
    a("")
    a(f"- Sources: `{SRC['hh']}` (households, keyed by 2023 LAD code `ltla23_code`) and `{SRC['pop21']}` (usual")
    a("  residents, keyed by 2021 LAD code `ltla21_code`) — Census 2021 via the demographr R package. Crown copyright,")
    a("  OGL v3.0.")
    a("- Columns: `place,area_code,households,usual_residents,persons_per_household`. Units: households (count),")
    a("  usual residents on Census day 21 March 2021 (count, including residents of communal establishments),")
    a("  persons_per_household = usual_residents / households to 4 decimals (round half to even).")
    a("- Transformation: the four BLMK codes are the same in the 2021 and 2023 LAD vintages, so rows are matched on the")
    a("  code in each file's own column.")
    a("- Order: place.")
    a("- Checked: one row per code in each file; females + males = total; persons per household rounds to the published")
    a("  figures: " + "; ".join(f"{p} {pph[p][2]} ({PPH_PUBLISHED[p]})" for p in PLACES) + ".")
    a("- Caveat: the ratio includes communal residents, so it is a little above the average household size.")
    a("")
    # 9
    a("### 9. rogers_castro_parameters.csv")
    a("")
    a(f"- Source: `{SRC['rc']}`. Model: m(x) = a1*exp(-alpha1*x) + a2*exp(-alpha2*(x-mu2) - exp(-lambda2*(x-mu2))) + c.")
    a("- Columns: `sex,schedule,a1,alpha1,a2,alpha2,mu2,lambda2,c`, values copied as in the source; the source's long")
    a("  `source` column is dropped here and kept below.")
    a("- Order: as in the source (the UN male schedules, the UN female schedules, then the Rogers-Castro fundamental one).")
    a("- Sources by row:")
    seen = Counter()
    for (s, sch, so) in facts["rc_sources"]:
        seen[so] += 1
    for so, n in seen.items():
        rows_for = [f"{s}/{sch}" for (s, sch, x) in facts["rc_sources"] if x == so]
        a(f"  - {so}: {n} row(s) ({'; '.join(rows_for)})")
    a("- Caveats: the fundamental schedule's row has `sex` = `both` (one schedule for both sexes; the `cohort` reader")
    a("  applies it to each sex), the only row whose sex is not female or male. The UN female \"High dependency\" row")
    a("  has mu2 = 20.04 (the male value) while the other female rows use 20.632 or 17.132/24.132; this is as in")
    a("  migest's table. These are model schedules (shape only),")
    a("  not BLMK observations.")
    a("")
    # 10
    a("### 10. ons_mye_2011_2018.csv")
    a("")
    a(f"- Source: `{SRC['mye2011']}` — ONS mid-year population estimates 2011 and 2018 (Nomis NM_2002_1), single year")
    a("  0-90+, by sex, 4 areas. Crown copyright, OGL v3.0.")
    a("- Columns: `year,place,sex,age,population`. Unit: persons, usually resident population at 30 June. The source's")
    a("  top age label is `90`, which is the open group 90 and over (checked: it exceeds age 89 in every place, sex and")
    a("  year); written as age 90 = 90 and over.")
    a("- Transformation: area code checked against the name; sex labels already `male`/`female`; integers.")
    a("- Order: year, place, sex (female, male), age.")
    a("- Totals: " + "; ".join(f"{y}: " + ", ".join(f"{p} {fmt_thousands(m11[y][p])}" for p in PLACES) +
                               f" (BLMK {fmt_thousands(sum(m11[y].values()))})" for y in (2011, 2018)) + ".")
    a("- Caveat: pre-2021-Census estimates (not rebased to Census 2021); for back-testing only (project 2011, compare with")
    a("  2018).")
    a("")
    a("## Derived files")
    a("")
    a("`migration_residual_ons2022.csv` and `fertility_tfr_ons2022.csv` are produced by `cohort derive` (not by this")
    a("script) from the files above: net migration by the residual method from `ons_snpp2022_population.csv` and the")
    a("life table and mortality improvement files, and the local fertility level from the ONS projection with the UN age")
    a("shape. They say how they were made in their own comment lines.")
    a("")
    a("## Assumptions")
    a("")
    a("The assumptions that turn these inputs into a projection (fertility level, mortality improvement, migration,")
    a("housing scenario, GP list inflation, ...) are kept in the scenario files, not here.")
    a("")
    a("## Source file checksums (SHA-256)")
    a("")
    for k, v in SRC.items():
        a(f"- `{v}`: `{sha[k]}`")
    a("")
    a("## MIT licence notice (ITRC/MISTRAL arc-dwellings data)")
    a("")
    a("```")
    a("MIT License")
    a("")
    a("Copyright (c) 2019 arc-dwellings contributors")
    a("")
    a("Permission is hereby granted, free of charge, to any person obtaining a copy")
    a("of this software and associated documentation files (the \"Software\"), to deal")
    a("in the Software without restriction, including without limitation the rights")
    a("to use, copy, modify, merge, publish, distribute, sublicense, and/or sell")
    a("copies of the Software, and to permit persons to whom the Software is")
    a("furnished to do so, subject to the following conditions:")
    a("")
    a("The above copyright notice and this permission notice shall be included in all")
    a("copies or substantial portions of the Software.")
    a("")
    a("THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR")
    a("IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,")
    a("FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE")
    a("AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER")
    a("LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,")
    a("OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE")
    a("SOFTWARE.")
    a("```")
    return "\n".join(L) + "\n"


# ----------------------------------------------------------------------------------------------


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    src = Path(argv[1] if len(argv) == 2 else DEFAULT_SOURCE)
    check(src.is_dir(), f"source data folder {src} not found")
    for v in SRC.values():
        check((src / v).is_file(), f"source file {src / v} not found")

    facts = {}
    outputs = {}
    outputs["population_mid2022.csv"], mye_cells = build_mye2022(src, facts)
    outputs["ons_snpp2022_population.csv"] = build_snpp(src, facts, mye_cells)
    outputs["life_table_england_2020_22.csv"] = build_life_table(src, facts)
    outputs["mortality_projected_qx_uk_2020based.csv"] = build_projected_qx(src, facts)
    outputs["fertility_asfr_uk_unwpp2022.csv"] = build_asfr(src, facts)
    outputs["tfr_england_wales.csv"] = build_tfr(src, facts)
    outputs["dwellings_itrc_arc.csv"] = build_dwellings(src, facts)
    outputs["census2021_households.csv"] = build_census(src, facts)
    outputs["rogers_castro_parameters.csv"] = build_rc(src, facts)
    outputs["ons_mye_2011_2018.csv"] = build_mye2011(src, facts)

    expected_rows = {
        "population_mid2022.csv": 4 * 2 * 91,
        "ons_snpp2022_population.csv": 26 * 4 * 2 * 91,
        "life_table_england_2020_22.csv": 2 * 101,
        "mortality_projected_qx_uk_2020based.csv": 56 * 2 * 101,
        "fertility_asfr_uk_unwpp2022.csv": 36 * 9,
        "ons_mye_2011_2018.csv": 2 * 4 * 2 * 91,
        "census2021_households.csv": 4,
    }
    for name, n in expected_rows.items():
        check(n_rows(outputs[name]) == n, f"{name}: {n_rows(outputs[name])} rows, expected {n}")
    for name, text in outputs.items():
        check("\r" not in text and not text.startswith("#"), f"{name}: CR or comment line in output")

    outputs["PROVENANCE.md"] = build_provenance(src, facts, outputs)

    # every check passed: write
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in outputs.items():
        tmp = OUT_DIR / (name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        tmp.replace(OUT_DIR / name)
        print(f"wrote {OUT_DIR / name} ({n_rows(text) if name.endswith('.csv') else text.count(chr(10))} "
              f"{'rows' if name.endswith('.csv') else 'lines'})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except CheckFailed as e:
        print(f"prepare_blmk.py: CHECK FAILED: {e}", file=sys.stderr)
        sys.exit(1)
