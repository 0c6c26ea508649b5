#!/usr/bin/env python3
"""Open a cohort workbook with openpyxl (a real reader) and check it against the run's CSVs.

Usage: python3 scripts/check-xlsx.py RUN_FOLDER   (needs `pip install openpyxl`)
Checks: the workbook opens; it has an About sheet and one sheet per CSV table (draws.csv excepted); every sheet's
first data row equals the CSV's first data row, numbers to the full precision of the CSV. Prints the sheets and one
checked cell per sheet; exits 1 on any difference.
"""
import csv
import glob
import os
import sys

import openpyxl

folder = sys.argv[1]
books = glob.glob(os.path.join(folder, "*.xlsx"))
if len(books) != 1:
    sys.exit(f"expected one .xlsx in {folder}, found {books}")
wb = openpyxl.load_workbook(books[0], read_only=True)
print(f"{os.path.basename(books[0])}: sheets {wb.sheetnames}")
if wb.sheetnames[0] != "About":
    sys.exit("first sheet is not About")
bad = 0
for path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
    name = os.path.basename(path)[:-4]
    if name == "draws":
        continue
    if name[:31] not in wb.sheetnames:
        print(f"missing sheet for {name}.csv"); bad += 1; continue
    ws = wb[name[:31]]
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    xl = list(ws.iter_rows(min_row=1, max_row=2, values_only=True))
    if len(rows) < 2:
        continue
    for j, (c, x) in enumerate(zip(rows[1], xl[1])):
        ok = (c == "" and x is None) or (x is not None and (str(x) == c or (isinstance(x, (int, float)) and abs(float(c) - x) <= 1e-12 * max(1, abs(x)))))
        if not ok:
            print(f"{name}: row 2 column {rows[0][j]}: CSV {c!r} vs sheet {x!r}"); bad += 1
    n = sum(1 for _ in ws.iter_rows(min_row=2, values_only=True))
    print(f"  {name}: {n} rows; {rows[0][-1]} = {xl[1][-1]!r} (CSV {rows[1][-1]})")
sys.exit(1 if bad else 0)
