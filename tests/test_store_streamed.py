"""`store import` streams (issue 19, point 4): each file is stored as soon as it is parsed, so the
memory of a 2,000-file import stays under the cap and flat in the number of files, and the files
already stored survive a crash part-way."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from ita_metrics.thai import gazetteer

ROOT = Path(__file__).resolve().parent.parent
CAP_MB = 300
GROWTH_MB = 40  # 2,000 files against 200: what holding every result would exceed
TEMPLATE_PLACE = "หนองแวง"
# One agency's CP874 report (three measures), its place name replaced per file.
TEMPLATE = (
    "รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ขององค์การบริหารส่วนตำบลหนองแวง "
    "อำเภอเทพารักษ์ จังหวัดนครราชสีมา ประจำปีงบประมาณ 2568 รอบ 12 เดือน,,,,,\n"
    "สำนักปลัด องค์การบริหารส่วนตำบลหนองแวง,,,,วันที่รายงาน,03/10/68\n"
    "มาตรการ/แนวทาง,วิธีการดำเนินการ,ผู้รับผิดชอบ,ระยะเวลาดำเนินการ,ผลการดำเนินงาน,ข้อเสนอแนะ\n"
    "๑. ด้านการใช้งบประมาณ,,,,,\n"
    "๑.๑ จัดทำรายงานผลการใช้จ่ายงบประมาณรายไตรมาสเสนอผู้บริหาร,๑.แต่งตั้งคณะทำงาน,กองคลัง,"
    "กรกฎาคม – กันยายน 2568,ดำเนินการครบถ้วน 100% 13 ก.ค.68,\n"
    "๑.๒ เผยแพร่แผนการจัดซื้อจัดจ้างรายเดือน,๑.ประสานกองที่เกี่ยวข้อง,ทุกกอง/สำนัก,"
    "รายงานผลไตรมาสละ ๑ ครั้ง,ยังไม่ได้ดำเนินการ,\n"
    "๑.๓ จัดช่องทางให้บุคลากรร้องเรียน,๑.จัดทำสรุปผล,สำนักปลัด,ตุลาคม 2567,ดำเนินการครบถ้วน 100% 13 ก.ค.68,\n"
)
MEASURE_CMD = (
    "import resource, subprocess, sys, json;"
    "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
    "print(json.dumps({'code': code, 'peak_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))"
)


def _write_files(folder: Path, n: int) -> list[Path]:
    """n reports of n different agencies (real subdistrict names, each once)."""
    names = sorted(
        {a.subdistrict for a in gazetteer.areas() if a.subdistrict.strip() and " " not in a.subdistrict}
        - {TEMPLATE_PLACE}
    )
    assert len(names) >= n
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, place in enumerate(names[:n]):
        path = folder / f"a{i:05d}.csv"
        path.write_bytes(TEMPLATE.replace(TEMPLATE_PLACE, place).encode("cp874"))
        paths.append(path)
    return paths


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("ITA_STORE_PATH", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHAINLP_OFFLINE"] = "1"
    return env


def _import_cmd(store: Path, folder: Path) -> list[str]:
    return [sys.executable, "-m", "ita_metrics", "store", "--store", str(store), "import", str(folder)]


def _peak_mb(store: Path, folder: Path) -> float:
    """Peak resident memory (MB) of the largest process of one `store import`, which must succeed."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE_CMD, *_import_cmd(store, folder)],
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["code"] == 0, done.stderr
    return figures["peak_kb"] / 1024


def _stored(store: Path) -> int:
    with sqlite3.connect(store) as conn:
        return conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]


def test_import_of_2000_small_files_stays_under_the_cap_and_flat(tmp_path: Path):
    small, large = tmp_path / "200", tmp_path / "2000"
    _write_files(small, 200)
    _write_files(large, 2000)
    peak_small = _peak_mb(tmp_path / "small.sqlite", small)
    peak_large = _peak_mb(tmp_path / "large.sqlite", large)
    assert _stored(tmp_path / "large.sqlite") == 2000  # every file a different agency: all kept
    assert peak_large <= CAP_MB, f"{peak_large:.0f} MB at 2,000 files"
    assert peak_large - peak_small <= GROWTH_MB, f"{peak_small:.0f} MB at 200 files, {peak_large:.0f} MB at 2,000"


def test_a_crash_part_way_keeps_the_files_already_stored(tmp_path: Path):
    folder = tmp_path / "files"
    _write_files(folder, 400)
    store = tmp_path / "ita.sqlite"
    proc = subprocess.Popen(
        _import_cmd(store, folder),
        env=_env(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its reader workers die with it
    )
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and (not store.exists() or _stored_or_zero(store) < 20):
            time.sleep(0.2)
        os.killpg(proc.pid, signal.SIGKILL)  # no clean-up of any kind
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    kept = _stored(store)
    assert 20 <= kept < 400, kept
    from ita_metrics.store import Store

    with Store(store) as s:  # the store opens and its reports have their measures
        reports = s.reports(active_only=True)
        assert len(reports) == kept and (reports["n_measures"] == 3).all()


def _stored_or_zero(store: Path) -> int:
    try:
        return _stored(store)
    except sqlite3.Error:
        return 0
