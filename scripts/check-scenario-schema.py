#!/usr/bin/env python3
"""Validates scenario files against docs/cohort-scenario.schema.json with the `jsonschema` package (PyPI).

Every shipped scenario must be valid; every file of Tests/Fixtures/bad-scenarios must be rejected, except those
marked `# schema-accepts:` (a check JSON Schema cannot express, made by the loader). Needs Python 3.11+ (tomllib).
Usage: python3 scripts/check-scenario-schema.py   (from the repository root; exit 1 on any mismatch)
"""
import glob, json, sys, tomllib

import jsonschema

schema = json.load(open("docs/cohort-scenario.schema.json"))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
valid = sorted(glob.glob("Scenarios/*.toml") + glob.glob("Tests/Fixtures/tiny/*.toml") + glob.glob("Tests/Fixtures/mc/*.toml"))
bad = sorted(glob.glob("Tests/Fixtures/bad-scenarios/*.toml"))
failures = 0
for path in valid + bad:
    with open(path, "rb") as f:
        errors = list(validator.iter_errors(tomllib.load(f)))
    expect_valid = path in valid or "# schema-accepts:" in open(path).read()
    if bool(errors) == expect_valid:
        failures += 1
        why = "; ".join(e.message[:200] for e in errors[:3]) or "accepted"
        print(f"SCHEMA MISMATCH {path}: expected {'valid' if expect_valid else 'invalid'}, got: {why}")
print(f"schema: {len(valid)} shipped scenarios valid, {len(bad)} bad ones checked, {failures} mismatches")
sys.exit(1 if failures else 0)
