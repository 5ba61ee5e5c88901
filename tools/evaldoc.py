"""Score `python -m ita_metrics parse` on Word/PDF reports against labelled truth, aligned by text.

usage (from the project root):
    python tools/evaldoc.py PYTHON DATA_DIR [docs=FILE.csv] [FIELD=MIN_FRACTION ...] [extra=MAX_FRACTION]

DATA_DIR/documents.csv (or the file named by docs=) lists each document (file) with the spreadsheet
that holds the same report (source) and the as-of date; the truth for that report is
DATA_DIR/expected.csv's rows of `source`.
A document has no spreadsheet rows, so output rows are matched to truth rows by their text: the
truth row's cells (read from the spreadsheet) against the output row's issue, measure, responsible,
steps, period_text and result, by the overlap of character trigrams (whitespace removed), best
pairs first. Fields and the PASS/SHORT line are those of evalparse.py.
Needs openpyxl in PYTHON's environment or this one.
"""

import csv
import io
import os
import re
import subprocess
import sys
from collections import defaultdict

from evalparse import codes, month, norm_agency, read_csv  # tools/ is on the path: this file runs as a script

TEXT_FIELDS = ("issue", "measure", "responsible", "steps", "period_text", "result")


def grams(text):
    s = re.sub(r"\s+", "", text or "")
    return {s[i : i + 3] for i in range(max(0, len(s) - 2))}


def sheet_rows(path, sheet):
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb[sheet] if sheet in wb.sheetnames else wb.worksheets[0]
    return {
        i: " ".join("" if c is None else str(c) for c in row)
        for i, row in enumerate(ws.iter_rows(values_only=True), start=1)
    }


def main():
    py, data = sys.argv[1], sys.argv[2]
    mins = dict(a.split("=", 1) for a in sys.argv[3:] if "=" in a)
    docs_file = mins.pop("docs", "documents.csv")
    truth, docs = read_csv(os.path.join(data, "expected.csv")), read_csv(os.path.join(data, docs_file))
    right: defaultdict[str, int] = defaultdict(int)
    seen: defaultdict[str, int] = defaultdict(int)
    errors, missing = [], []
    extra = total_out = 0
    for d in docs:
        cmd = [
            py,
            "-m",
            "ita_metrics",
            "parse",
            os.path.join(data, d["file"]),
            "--as-of",
            d["as_of"],
            "--format",
            "csv",
        ]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            errors.append(f"{d['file']}: exit {p.returncode}: {p.stderr.strip().splitlines()[-1:]}")
            continue
        out = list(csv.DictReader(io.StringIO(p.stdout)))
        total_out += len(out)
        rows_of = {}
        want = [t for t in truth if t["file"] == d["source"]]
        for t in want:
            if t["sheet"] not in rows_of:
                rows_of[t["sheet"]] = sheet_rows(os.path.join(data, d["source"]), t["sheet"])
        tg = [grams(" ".join(rows_of[t["sheet"]].get(int(r), "") for r in t["rows"].split("|"))) for t in want]
        og = [grams(" ".join(r.get(k, "") or "" for k in TEXT_FIELDS)) for r in out]
        pairs = []
        for i, a in enumerate(tg):
            for j, b in enumerate(og):
                if a and b:
                    score = len(a & b) / len(a | b)
                    if score >= 0.3:
                        pairs.append((score, i, j))
        pairs.sort(reverse=True)
        t_used, o_used = {}, set()
        for _score, i, j in pairs:
            if i not in t_used and j not in o_used:
                t_used[i] = j
                o_used.add(j)
        extra += len(out) - len(o_used)
        for i, t in enumerate(want):
            seen["found"] += 1
            if i not in t_used:
                missing.append(f"{d['file']}:{t['rows']}")
                continue
            right["found"] += 1
            r = out[t_used[i]]
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
            for k, (w, g) in checks.items():
                if w in ("", frozenset()):
                    continue
                seen[k] += 1
                right[k] += w == g
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
        ok &= frac >= need
        parts.append(f"{k} {right[k]}/{seen[k]}" + ("" if frac >= need else " (short)"))
    max_extra = float(mins.get("extra", 0.05))
    ok &= (extra / total_out if total_out else 0) <= max_extra
    for e in errors:
        print("ERROR", e)
    if missing:
        print("missing:", ", ".join(missing[:12]), "..." if len(missing) > 12 else "")
    print(("PASS " if ok else "SHORT ") + "; ".join(parts) + f"; extra rows {extra}/{total_out}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
