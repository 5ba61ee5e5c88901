"""The synthetic report generator: deterministic, readable, realistic enough to test the parser."""

from __future__ import annotations

import csv
import importlib.util
import io
import statistics
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from sample_data import synth

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def province() -> list[synth.SynthAgency]:
    return synth.make_province(30, seed=2566)


@pytest.fixture(scope="module")
def province_r12() -> list[synth.SynthAgency]:
    return synth.make_province(30, seed=2566, round_=12)


@pytest.fixture(scope="module")
def sample_script():
    spec = importlib.util.spec_from_file_location("make_sample_data", ROOT / "scripts" / "make_sample_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(data: bytes) -> list[str]:
    """Every text cell of every sheet, for looking words up."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]


def _has(cells: list[str], word: str) -> bool:
    return any(word in c for c in cells)


# --------------------------------------------------------------------------- determinism


def test_same_seed_same_truth_and_bytes(province):
    again = synth.make_province(30, seed=2566)
    assert again == province
    for writer in synth.WRITERS.values():
        assert writer(again[3]) == writer(province[3])
    assert synth.write_consolidated_xlsx(again[:4]) == synth.write_consolidated_xlsx(province[:4])
    assert synth.truth_csv(again) == synth.truth_csv(province)


def test_other_seed_other_province(province):
    other = synth.make_province(30, seed=1)
    assert [a.name for a in other] != [a.name for a in province]


# --------------------------------------------------------------------------- the province


def test_province_size_names_and_districts(province):
    assert len(province) == 30
    assert len({a.district for a in province}) >= 5
    assert len({a.name for a in province}) == 30
    assert len({a.file_stem for a in province}) == 30
    kinds = Counter(a.kind for a in province)
    assert {"องค์การบริหารส่วนตำบล", "เทศบาลตำบล"} <= set(kinds)
    assert kinds["เทศบาลนคร"] <= 1
    for a in province:
        assert a.name == a.kind + a.short_name.split(".", 1)[1].lstrip(".")
        assert a.name.startswith(a.kind) and " " not in a.name
        assert 8 <= len(a.measures) <= 20


def test_measures_use_the_previous_years_catalog(province):
    catalog = {r["code"]: r for r in synth.items_for_catalog(2565)}
    for a in province:
        items = [m.item for m in a.measures]
        assert len(set(items)) == len(items)
        for m in a.measures:
            row = catalog[m.item]
            assert (m.tool, m.indicator, m.item_title) == (row["tool"], int(row["indicator"]), row["title"])
            assert m.item_code in ("", m.item)


def test_fy2566_oit_numbering_is_the_fy2565_catalog():
    assert [r["title"] for r in synth.items_for_catalog(2565) if r["code"] == "O39"] == ["แผนปฏิบัติการป้องกันการทุจริต"]
    assert [r["title"] for r in synth.items_for_catalog(2566) if r["code"] == "O36"] == ["แผนปฏิบัติการป้องกันการทุจริต"]
    assert len(synth.items_for_catalog(2566)) == 30 + 15 + 43


def test_status_mix_is_not_degenerate(province):
    statuses = Counter(m.status for a in province for m in a.measures)
    assert set(statuses) == {"done", "in_progress", "not_started", "unknown"}
    done_share = [sum(m.status == "done" for m in a.measures) / len(a.measures) for a in province]
    silent = [a for a in province if all(m.status == "unknown" for m in a.measures)]
    assert 1 <= len(silent) <= 4
    reporting = [s for a, s in zip(province, done_share) if a not in silent]
    assert max(reporting) >= 0.85 and min(reporting) <= 0.55
    assert statistics.pstdev(reporting) > 0.1
    timeliness = Counter(m.timeliness for a in province for m in a.measures)
    for kind in ("on_time", "late", "overdue", "not_due", "unknown"):
        assert timeliness[kind] > 0, kind
    assert any(m.progress_pct for a in province for m in a.measures)


def test_dates_lie_inside_the_fiscal_year(province):
    for a in province:
        as_of = date.fromisoformat(a.as_of)
        assert date(2023, 4, 1) <= as_of <= date(2023, 4, 30)
        for m in a.measures:
            if m.due:
                assert "2022-10-31" <= m.due <= "2023-09-30"
                assert m.due_also < m.due
            if m.completed:
                assert m.status == "done"
                assert "2022-09-01" <= m.completed <= a.as_of
            assert m.timeliness == synth.timeliness(m.status, m.due, m.completed, as_of)


def test_timeliness_rule():
    assert synth.timeliness("done", "2022-12-31", "2022-12-31", "2023-04-30") == "on_time"
    assert synth.timeliness("done", "2022-12-31", "2023-01-01", "2023-04-30") == "late"
    assert synth.timeliness("done", "2022-12-31", "", "2023-04-30") == "unknown"
    assert synth.timeliness("not_started", "2023-06-30", "", "2023-04-30") == "not_due"
    assert synth.timeliness("in_progress", "", "", "2023-04-30") == "unknown"
    assert synth.timeliness("unknown", "2022-12-31", "", "2023-04-30") == ""


def test_round_12_carries_round_6_forward(province, province_r12):
    assert [a.name for a in province_r12] == [a.name for a in province]
    done6 = done12 = 0
    for a6, a12 in zip(province, province_r12):
        assert a12.round == 12 and a12.file_stem.endswith("_r12")
        assert date.fromisoformat(a12.as_of) >= date(2023, 9, 30)
        for m6, m12 in zip(a6.measures, a12.measures, strict=True):
            assert (m6.item, m6.measure, m6.due) == (m12.item, m12.measure, m12.due)
            if m6.status == "done":
                assert (m12.status, m12.completed) == ("done", m6.completed)
            done6 += m6.status == "done"
            done12 += m12.status == "done"
    assert done12 > done6


def test_unsupported_inputs_are_refused():
    with pytest.raises(ValueError):
        synth.make_province(3, seed=1, round_=9)
    with pytest.raises(ValueError):
        synth.make_province(3, seed=1, fiscal_year=2600)


# --------------------------------------------------------------------------- writers


def test_pdf_style_workbook(province):
    agency = next(a for a in province if any(m.item_code for m in a.measures))
    name, data = synth.write_pdf_style_xlsx(agency)
    assert name == f"{agency.file_stem}.xlsx"
    cells = _cells(data)
    assert cells[0] == "แบบรายงาน"
    assert _has(cells, "ประจำปีงบประมาณ พ.ศ.๒๕๖๖ รอบ ๖ เดือน (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)")
    assert _has(cells, f"{agency.name} อำเภอ{agency.district} จังหวัด{agency.province}")
    headers = [c for c in cells if c == "ประเด็นที่ต้องปรับปรุงแก้ไข/ ประเด็นที่ต้องพัฒนา"]
    assert len(headers) >= len(agency.measures) / 3  # the header repeats every page
    for word in ("ผู้รับผิดชอบ", "ขั้นตอนหรือวิธีการ/มาตรการ", "กำหนดเวลาแล้วเสร็จ", "การดำเนินการ"):
        assert _has(cells, word)
    assert _has(cells, "เครื่องมือการประเมิน")
    for m in agency.measures:
        assert _has(cells, m.measure)


def test_pdf_style_mangles_codes_the_ocr_way():
    agencies = synth.make_province(60, seed=3)
    text = "\n".join(c for a in agencies for c in _cells(synth.write_pdf_style_xlsx(a)[1]))
    for form in ("1๑", "l๑", "๐๓", "0๓", "E๖", "ภายในเดือน"):
        assert form in text or form.replace("๑", "๒") in text, form


def test_checkmark_workbook(province):
    agency = next(a for a in province if {"done", "in_progress", "not_started"} <= {m.status for m in a.measures})
    _, data = synth.write_checkmark_xlsx(agency)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    cells = _cells(data)
    for word in (
        "มาตรการ/แนวทาง",
        "ขั้นตอน/วิธีการปฏิบัติ",
        "ผู้รับผิดชอบ",
        "ระยะเวลา",
        "ยังไม่ดำเนินการ",
        "อยู่ระหว่างดำเนินการ",
        "ดำเนินการแล้ว",
        "แล้วเสร็จ",
    ):
        assert _has(cells, word), word
    merged = [str(r) for r in ws.merged_cells.ranges]
    header_row = next(c.row for row in ws.iter_rows() for c in row if c.value == "มาตรการ/แนวทาง")
    assert f"E{header_row}:G{header_row}" in merged  # ผลการดำเนินงาน over the three ticks
    sections = [c for c in cells if c.startswith("๑. ด้าน")]
    assert sections
    ticks = [c for c in cells if c in ("✓", "/", "√", "✔")]
    assert len(ticks) == sum(m.status != "unknown" for m in agency.measures)


def test_checkmark_dates_are_excel_dates_some_with_a_be_year():
    years = Counter()
    for a in synth.make_province(40, seed=4):
        wb = openpyxl.load_workbook(io.BytesIO(synth.write_checkmark_xlsx(a)[1]))
        for row in wb.worksheets[0].iter_rows():
            for c in row:
                if hasattr(c.value, "year"):
                    years["be" if c.value.year > 2500 else "ce"] += 1
    assert years["ce"] > years["be"] > 0


def test_csv_is_cp874_and_round_trips(province):
    agency = province[2]
    name, data = synth.write_csv_cp874(agency)
    assert name == f"{agency.file_stem}.csv"
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp874")
    assert text.encode("cp874") == data
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert {len(r) for r in rows} == {6}
    assert rows[2] == ["มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินงาน", "ข้อเสนอแนะ"]
    assert agency.name in rows[0][0] and "ประจำปีงบประมาณ 2566" in rows[0][0]
    for m in agency.measures:
        assert m.measure in text


def test_every_csv_encodes():
    for a in synth.make_province(60, seed=5):
        synth.write_csv_cp874(a)  # raises if any text is outside CP874


def test_csv_writes_thungmaphrao_style_periods_and_short_dates():
    text = "\n".join(synth.write_csv_cp874(a)[1].decode("cp874") for a in synth.make_province(30, seed=6))
    assert " – " in text and "2566" in text
    assert any(f"มี.ค.{yy}" in text or f"มี.ค. {yy}" in text for yy in ("66", "65"))
    assert "ยังไม่ได้ดำเนินการ" in text and "แต่ไม่ได้" in text


def test_consolidated_workbook(province):
    agencies = province[:5]
    name, data = synth.write_consolidated_xlsx(agencies)
    assert name == "consolidated_2566_r6.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[0] == "คำชี้แจง"
    ws = wb.worksheets[1]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = rows[2]
    for word in ("อำเภอ", "หน่วยงาน", "ตัวชี้วัด/ข้อการประเมิน", "มาตรการ", "ผู้รับผิดชอบ", "กำหนดแล้วเสร็จ", "สถานะ", "วันที่แล้วเสร็จ"):
        assert word in header
    data_rows = rows[3:]
    assert len(data_rows) == sum(len(a.measures) for a in agencies)
    status_col = header.index("สถานะ")
    assert {r[status_col] or "" for r in data_rows} <= (
        set(synth.STATUS_WORDS.values()) | {f"อยู่ระหว่างดำเนินการ {p}%" for p in range(10, 100, 10)}
    )
    due_col = header.index("กำหนดแล้วเสร็จ")
    assert any(hasattr(r[due_col], "year") for r in data_rows)
    with pytest.raises(ValueError):
        synth.write_consolidated_xlsx([province[0], synth.make_province(1, seed=9, round_=12)[0]])


def test_write_province_rotates_layouts(tmp_path, province):
    paths = synth.write_province(province[:6], tmp_path)
    assert [p.suffix for p in paths] == [".xlsx", ".xlsx", ".csv"] * 2
    assert synth.write_checkmark_xlsx(province[1])[1] == paths[1].read_bytes()
    with pytest.raises(ValueError):
        synth.write_province(province[:1], tmp_path, layouts=("pptx",))


def test_truth_csv_one_line_per_measure(province):
    rows = list(csv.DictReader(io.StringIO(synth.truth_csv(province))))
    assert len(rows) == sum(len(a.measures) for a in province)
    assert list(rows[0]) == synth.TRUTH_FIELDS
    first = province[0].measures[0]
    assert rows[0]["file_stem"] == province[0].file_stem and rows[0]["seq"] == "1"
    assert rows[0]["due_month"] == first.due[:7]
    late = list(csv.DictReader(io.StringIO(synth.truth_csv(province, as_of=date(2023, 9, 30)))))
    assert Counter(r["timeliness"] for r in late)["not_due"] < Counter(r["timeliness"] for r in rows)["not_due"]


# --------------------------------------------------------------------------- the bundled sample


def test_sample_province_shape(sample_script):
    for round_ in (6, 12):
        agencies = sample_script.sample_agencies(round_)
        assert len(agencies) >= 24
        assert len({a.district for a in agencies}) >= 5
        own, pooled = sample_script.split_agencies(agencies)
        assert 2 <= len(pooled) < len(agencies) and own


def test_committed_sample_is_current_and_small(tmp_path, sample_script):
    written = sample_script.write_sample(tmp_path)
    committed = sorted(p.name for p in SAMPLE_DIR.iterdir())
    assert committed == sorted([p.name for p in written] + ["README.md"])
    for p in written:
        assert (SAMPLE_DIR / p.name).read_bytes() == p.read_bytes(), p.name
    assert (SAMPLE_DIR / "README.md").read_text(encoding="utf-8") == (tmp_path / "README.md").read_text(
        encoding="utf-8"
    )
    assert sum(p.stat().st_size for p in SAMPLE_DIR.iterdir()) < 2 * 1024**2
    suffixes = Counter(p.suffix for p in written)
    assert suffixes[".csv"] >= 2 and suffixes[".xlsx"] >= 4
    assert {"consolidated_2566_r6.xlsx", "consolidated_2566_r12.xlsx"} <= {p.name for p in written}
    assert "synthetic" in (SAMPLE_DIR / "README.md").read_text(encoding="utf-8")
