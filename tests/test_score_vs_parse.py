"""`score` on the shared fixtures agrees with a count made independently from `parse` output
(plain csv and arithmetic, none of the scoring code)."""

import csv
import io
import subprocess
import sys
from collections import defaultdict

import pytest

from tests.conftest import ROOT

FILES = ["thaworn_2566_r6.xlsx", "khaohuachang_2566_r12.xlsx", "thungmaphrao_2565.csv"]
AS_OF = "2023-09-30"


def cli(*args):
    p = subprocess.run(
        [sys.executable, "-m", "ita_metrics", *args], capture_output=True, text=True, cwd=ROOT, timeout=180
    )
    assert p.returncode == 0, p.stderr
    return list(csv.DictReader(io.StringIO(p.stdout)))


def hand_count(measures):
    groups = defaultdict(list)
    for m in measures:
        groups[m["agency"]].append(m)
    out = {}
    for agency, ms in groups.items():
        comp = []
        for m in ms:
            if m["status"] == "done":
                comp.append(1.0)
            elif m["status"] == "in_progress":
                comp.append(float(m["progress_pct"]) / 100 if m["progress_pct"] else 0.5)
            else:
                comp.append(0.0)
        tl = [
            {"on_time": 1.0, "late": 0.5, "overdue": 0.0}[m["timeliness"]]
            for m in ms
            if m["timeliness"] in ("on_time", "late", "overdue")
        ]
        completion = 100 * sum(comp) / len(comp)
        on_time = 100 * sum(tl) / len(tl) if tl else None
        score = completion if on_time is None else 0.7 * completion + 0.3 * on_time
        out[agency] = {
            "n_measures": len(ms),
            "n_done": sum(m["status"] == "done" for m in ms),
            "n_late": sum(m["timeliness"] == "late" for m in ms),
            "completion_pct": completion,
            "on_time_pct": on_time,
            "score": score,
        }
    return out


def test_score_matches_hand_count(fixtures_dir):
    paths = [str(fixtures_dir / f) for f in FILES]
    measures = cli("parse", *paths, "--as-of", AS_OF, "--format", "csv")
    scores = cli("score", *paths, "--as-of", AS_OF, "--by", "agency", "--format", "csv")
    expected = hand_count(measures)
    assert {s["group"] for s in scores} == set(expected) and len(expected) == 3
    for s in scores:
        e = expected[s["group"]]
        assert int(s["n_measures"]) == e["n_measures"] and int(s["n_done"]) == e["n_done"]
        assert int(s["n_late"]) == e["n_late"]
        assert float(s["completion_pct"]) == pytest.approx(e["completion_pct"], abs=0.051)
        if e["on_time_pct"] is None:
            assert s["on_time_pct"] == ""
        else:
            assert float(s["on_time_pct"]) == pytest.approx(e["on_time_pct"], abs=0.051)
        assert float(s["score"]) == pytest.approx(e["score"], abs=0.051)
    ranks = sorted((float(s["score"]), int(s["rank"])) for s in scores)
    assert [r for _, r in ranks] == [3, 2, 1]
