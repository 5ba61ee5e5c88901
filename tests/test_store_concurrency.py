"""Several officers at once: separate processes import into one store at the same moment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from ita_metrics.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"

# Parse first, say "ready", wait for "go", then open the (new) store and import every file:
# both processes create the schema and write at the same moment.
WORKER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from ita_metrics.interpret.importer import parse_path
    from ita_metrics.store import Store

    store_path, ready, go, *files = sys.argv[1:]
    results = [parse_path(f) for f in files]
    Path(ready).touch()
    deadline = time.monotonic() + 60
    while not Path(go).exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    with Store(store_path) as store:
        outcomes = [store.import_result(r) for r in results]
    print(json.dumps([[o.file, o.status, o.report_ids] for o in outcomes]))
""")


def _env() -> dict:
    env = dict(os.environ, PYTHAINLP_OFFLINE="1", PYTHONPATH=str(ROOT))
    env.pop("ITA_STORE_PATH", None)
    return env


def test_two_processes_importing_at_once_both_succeed(tmp_path: Path):
    store_path = tmp_path / "shared" / "ita.sqlite"
    round6 = sorted(SAMPLE.glob("*_2566_r6.*"))[:8]
    round12 = sorted(SAMPLE.glob("*_2566_r12.*"))[:8]
    go = tmp_path / "go"
    procs = []
    for i, files in enumerate((round6, round12)):
        ready = tmp_path / f"ready{i}"
        procs.append(
            (
                ready,
                subprocess.Popen(
                    [sys.executable, "-c", WORKER, str(store_path), str(ready), str(go), *map(str, files)],
                    cwd=ROOT,
                    env=_env(),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    deadline = time.monotonic() + 60
    while not all(ready.exists() for ready, _ in procs) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    outputs = []
    for _, p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert "Traceback" not in err
        outputs.append(json.loads(out))
    for files, outcomes in zip((round6, round12), outputs):
        assert [o[0] for o in outcomes] == [f.name for f in files]
        assert all(status == "imported" for _, status, _ in outcomes), outcomes
    ids = [i for outcomes in outputs for _, _, report_ids in outcomes for i in report_ids]
    with Store(store_path) as s:
        reports = s.reports()
        assert sorted(reports["id"]) == sorted(ids)  # no id handed out twice, nothing lost
        assert set(reports["file"]) == {f.name for f in round6 + round12}
        assert (reports["status"] == "active").all()
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(s.measures()) == reports["n_measures"].sum()


def test_two_cli_imports_at_once(tmp_path: Path):
    store_path = tmp_path / "ita.sqlite"
    files = [SAMPLE / "abt_bangmai_2566_r6.xlsx", SAMPLE / "abt_bangmai_2566_r12.xlsx"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ita_metrics", "store", "--store", str(store_path), "import", str(f)],
            cwd=ROOT,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert "imported" in out
    with Store(store_path) as s:
        assert sorted(s.reports()["round"].tolist()) == [6, 12]
