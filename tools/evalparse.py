"""Score `python -m ita_metrics parse` against labelled truth.

usage (from the project root):
    python tools/evalparse.py PYTHON DATA_DIR [FIELD=MIN_FRACTION ...] [extra=MAX_FRACTION]

PYTHON is the interpreter that has the project's requirements (e.g. .venv/bin/python).
For every file named in DATA_DIR/expected.csv it runs
    PYTHON -m ita_metrics parse FILE --as-of DATE --format csv
with DATE from DATA_DIR/asof.csv, matches output rows to truth by (source_sheet, source_row),
and prints, per field, how many truth values the output got right. Fields: found, agency,
fiscal_year, round, tool, indicator, item_codes, status, due_month, completed_month, timeliness.
'all=0.9' sets one minimum for every field; 'extra' bounds output rows that match no measure.
Exit status 0 when every minimum holds.
"""

import csv
import io
import os
import re
import subprocess
import sys
from collections import defaultdict

PREFIX = [("องค์การบริหารส่วนตำบล", "อบต."), ("เทศบาลตำบล", "ทต."), ("เทศบาลเมือง", "ทม."), ("เทศบาลนคร", "ทน.")]


def norm_agency(s):
    s = re.sub(r"\s+", "", s or "")
    for full, short in PREFIX:
        if s.startswith(short):
            s = full + s[len(short) :]
    return s


def codes(s):
    return frozenset(c.upper() for c in re.split(r"[;,\s]+", s or "") if c)


def month(s):
    s = (s or "").strip()
    return s[:7] if re.match(r"^\d{4}-\d{2}", s) else ""


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main():
    py, data = sys.argv[1], sys.argv[2]
    mins = dict(a.split("=") for a in sys.argv[3:] if "=" in a)
    truth = read_csv(os.path.join(data, "expected.csv"))
    asof = {r["file"]: r["as_of"] for r in read_csv(os.path.join(data, "asof.csv"))}
    out = defaultdict(list)
    errors = []
    for f in sorted({t["file"] for t in truth}):
        cmd = [py, "-m", "ita_metrics", "parse", os.path.join(data, f), "--as-of", asof[f], "--format", "csv"]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            errors.append(f"{f}: exit {p.returncode}: {p.stderr.strip().splitlines()[-1:]}")
            continue
        for r in csv.DictReader(io.StringIO(p.stdout)):
            out[f].append(r)
    right: defaultdict[str, int] = defaultdict(int)
    seen: defaultdict[str, int] = defaultdict(int)
    matched_out = set()
    missing = []
    for t in truth:
        rows = set(t["rows"].split("|"))
        cands = [
            (i, r)
            for i, r in enumerate(out[t["file"]])
            if r.get("source_row", "").strip() in rows and (not t["sheet"] or r.get("source_sheet", "") == t["sheet"])
        ]
        seen["found"] += 1
        if not cands:
            missing.append(f"{t['file']}:{t['sheet']}:{t['rows']}")
            continue
        right["found"] += 1
        _, r = cands[0]
        for j, _ in cands:
            matched_out.add((t["file"], j))
        checks = {
            "agency": (norm_agency(t["agency"]), norm_agency(r.get("agency"))),
            "fiscal_year": (t["fiscal_year"], (r.get("fiscal_year") or "").split(".")[0]),
            "round": (t["round"], (r.get("round") or "").split(".")[0]),
            "tool": (t["tool"], r.get("tool", "")),
            "indicator": (t["indicator"], (r.get("indicator") or "").split(".")[0]),
            "item_codes": (codes(t["item_codes"]) if t["item_codes"] else "", codes(r.get("item_codes"))),
            "status": (t["status"], r.get("status", "")),
            "due_month": (t["due_month"], month(r.get("due_date"))),
            "completed_month": (t["completed_month"], month(r.get("completed_date"))),
            "timeliness": (t["timeliness"], r.get("timeliness", "")),
        }
        for k, (want, got) in checks.items():
            if want in ("", frozenset()):
                continue
            seen[k] += 1
            right[k] += want == got
    extra = sum(len(v) for v in out.values()) - len(matched_out)
    total_out = sum(len(v) for v in out.values())
    ok = not errors
    parts = []
    for k in [
        "found",
        "agency",
        "fiscal_year",
        "round",
        "tool",
        "indicator",
        "item_codes",
        "status",
        "due_month",
        "completed_month",
        "timeliness",
    ]:
        if not seen[k]:
            continue
        frac = right[k] / seen[k]
        need = float(mins.get(k, mins.get("all", 0)))
        flag = "" if frac >= need else " (short)"
        ok &= frac >= need
        parts.append(f"{k} {right[k]}/{seen[k]}{flag}")
    max_extra = float(mins.get("extra", 0.05))
    extra_frac = extra / total_out if total_out else 0
    ok &= extra_frac <= max_extra
    for e in errors:
        print("ERROR", e)
    if missing:
        print("missing:", ", ".join(missing[:12]), "..." if len(missing) > 12 else "")
    print(("PASS " if ok else "SHORT ") + "; ".join(parts) + f"; extra rows {extra}/{total_out}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
