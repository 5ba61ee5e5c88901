"""Issue 10: seven reports (two fiscal years, rounds 6 / 12 / none, four provinces, one of them found
in the gazetteer) give one set of figures — on the screen, in the Excel report, the deck, the CSV and
after a save to the store and a reload. Expected values are worked out by hand below."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation

from ita_metrics.app.app_state import Dataset, build_dataset, select
from ita_metrics.export.pptx import report_pptx
from ita_metrics.export.xlsx import HEADER_ROW, report_xlsx, sheet_names
from ita_metrics.interpret.importer import ParseOptions, parse_path
from ita_metrics.presentation import views
from ita_metrics.presentation.data_scope import scope_of
from ita_metrics.store import Store

TODAY = date(2026, 11, 30)  # FY2570: no report may be judged at it
SEVEN = {  # file: (as-of date, where it comes from, measures, done)
    "thaworn_2566_r6.xlsx": ("2023-04-30", "round", 43, 43),  # 30 April, round 6
    "khaohuachang_2566_r12.xlsx": ("2023-10-31", "round", 15, 15),  # 31 October, round 12
    "thungmaphrao_2565.csv": ("2022-04-25", "stated", 10, 8),  # "วันที่รายงาน 25/04/65", no round
    "khoksanuan_2566_r6.xlsx": ("2023-04-28", "stated", 5, 3),  # "วันที่รายงาน ๒๘ เมษายน ๒๕๖๖"
    "khoksanuan_2565_r12.xlsx": ("2022-10-31", "round", 3, 2),
    "nongbua_2566.csv": ("2023-10-31", "fiscal_year", 4, 2),  # no round, no date: 31 Oct after FY2566
    "maekhri_2566_r12.csv": ("2023-10-31", "round", 3, 2),  # a completion on 10 Oct 2566 counts
}
# overdue measures: (file, row, due) → days to that report's own as-of date
OVERDUE_ALL = [
    ("nongbua_2566.csv", 4, 123),  # due 30 Jun 2566 → 31 Oct 2566: 1 + 31 + 31 + 30 + 30
    ("maekhri_2566_r12.csv", 6, 92),  # due 31 Jul 2566 → 31 Oct 2566: 31 + 30 + 31
    ("khoksanuan_2565_r12.xlsx", 6, 61),  # due 31 Aug 2565 → 31 Oct 2565: 30 + 31
    ("khoksanuan_2566_r6.xlsx", 8, 59),  # due 28 Feb 2566 → 28 Apr 2566: 31 + 28
    ("nongbua_2566.csv", 7, 31),  # due 30 Sep 2566 → 31 Oct 2566
]


@pytest.fixture(scope="module")
def results(fixtures_dir):
    return [parse_path(fixtures_dir / f, options=ParseOptions(today=TODAY)) for f in SEVEN]


@pytest.fixture(scope="module")
def dataset(results):
    return build_dataset(results)


def test_each_report_is_judged_at_its_own_date(results, dataset):
    for r in results:
        as_of, source, n, done = SEVEN[r.file]
        meta = r.detected["sheets"][0]["metadata"]
        assert (meta["as_of"], meta["as_of_source"]) == (as_of, source), r.file
        assert (len(r.measures), int((r.measures["status"] == "done").sum())) == (n, done), r.file
        assert set(r.measures["as_of"]) == {as_of}
    assert len(dataset.measures) == 83 and not dataset.replaced
    # April work counts in round 6: the 10 April completion is done (late), not "in progress"
    k = dataset.measures.set_index(["source_file", "source_row"]).loc[("khoksanuan_2566_r6.xlsx", 6)]
    assert (k.status, k.completed_date, k.timeliness) == ("done", "2023-04-10", "late")


def _overdue_rows(measures: pd.DataFrame) -> list[tuple[str, int, int]]:
    o = views.overdue_list(measures)
    return list(zip(o["source_file"], o["source_row"].astype(int), o["days_overdue"].astype(int)))


def test_days_overdue_count_to_each_reports_date(dataset):
    assert _overdue_rows(select(dataset, views.ALL).measures) == OVERDUE_ALL
    latest = select(dataset, views.LATEST).measures  # khoksanuan's FY2565 report is older
    assert _overdue_rows(latest) == [r for r in OVERDUE_ALL if r[0] != "khoksanuan_2565_r12.xlsx"]
    # the measure written only in the steps column is shown with that text
    shown = views.overdue_list(latest).set_index("source_row")
    assert shown.loc[8, "measure_text"] == "ประชุมชี้แจงมาตรการส่งเสริมคุณธรรมแก่พนักงานทุกคน"


def _sheet(data: bytes, key: str) -> pd.DataFrame:
    ws = openpyxl.load_workbook(io.BytesIO(data))[sheet_names()[key]]
    rows = list(ws.iter_rows(min_row=HEADER_ROW, values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


def _deck_overdue(data: bytes) -> list[tuple[str, int]]:
    rows = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_table and shape.table.cell(0, 5).text == "เลยกำหนด (วัน)":
                rows += [(r.cells[1].text, int(r.cells[5].text)) for r in list(shape.table.rows)[1:]]
    return rows


@pytest.mark.parametrize("choice", [views.ALL, views.LATEST])
def test_every_export_equals_the_screen(dataset, choice):
    m = select(dataset, choice).measures
    overview = views.sort_overview(views.agency_overview(m), "score")
    overdue = views.overdue_list(m)
    xlsx = report_xlsx(m)
    summary = _sheet(xlsx, "summary")
    assert list(summary["หน่วยงาน"]) == list(overview["agency"])
    assert list(summary["อันดับ"]) == list(overview["rank"])
    assert list(summary["เกรด"]) == list(overview["grade"])
    assert list(summary["คะแนน"].round(6)) == list(overview["score"].round(6))
    assert list(summary["เลยกำหนด"]) == list(overview["n_overdue"])
    sheet = _sheet(xlsx, "overdue")
    assert list(zip(sheet["ไฟล์ต้นฉบับ"], sheet["แถว"], sheet["เลยกำหนด (วัน)"])) == _overdue_rows(m)
    assert list(sheet["มาตรการ"]) == list(overdue["measure_text"])
    deck, _ = report_pptx(m, images=False)
    assert _deck_overdue(deck) == [(views.short(a), int(d)) for a, d in zip(overdue["agency"], overdue["days_overdue"])]
    csv = pd.read_csv(io.BytesIO(views.to_csv_bytes(views.display_overdue(overdue))), encoding="utf-8-sig")
    assert list(csv["เลยกำหนด (วัน)"]) == list(overdue["days_overdue"].astype(int))
    headline = views.headline(m)
    summary_sheet = openpyxl.load_workbook(io.BytesIO(xlsx))[sheet_names()["summary"]]
    assert f"{headline['n_measures']} มาตรการ" in summary_sheet["A3"].value


def test_titles_and_file_names_say_what_the_data_holds(dataset):
    m = select(dataset, views.ALL).measures
    scope = scope_of(m)
    assert scope.label("th") == "หลายจังหวัด (4 จังหวัด) · ปีงบประมาณ พ.ศ. 2565–2566 · รอบ 6 และ 12 เดือน, ไม่ระบุรอบ"
    assert scope.label("en") == (
        "Several provinces (4) · Fiscal year 2565–2566 (BE) · 6 and 12-month round, no round stated"
    )
    assert scope.file_stem() == "ITA_2565-2566_r6-12"
    subtitle = openpyxl.load_workbook(io.BytesIO(report_xlsx(m)))[sheet_names()["summary"]]["A2"].value
    assert "หลายจังหวัด" in subtitle and "2565–2566" in subtitle and "บุรีรัมย์" not in subtitle
    assert "ข้อมูล ณ วันที่ 25 เมษายน 2565 ถึง 31 ตุลาคม 2566" in subtitle
    prs = Presentation(io.BytesIO(report_pptx(m, images=False)[0]))
    title = "\n".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert "หลายจังหวัด" in title and "รอบ 6 และ 12 เดือน" in title
    one = m.loc[m["source_file"] == "thaworn_2566_r6.xlsx"]
    assert scope_of(one).label("th") == "จังหวัดบุรีรัมย์ · ปีงบประมาณ พ.ศ. 2566 · รอบ 6 เดือน"
    assert scope_of(one).as_of_label("th", long=True) == "ข้อมูล ณ วันที่ 30 เมษายน 2566"
    assert scope_of(one).file_stem() == "ITA_2566_r6"


def _figures(measures: pd.DataFrame) -> tuple:
    """Every figure the pages show for a selection: headline, agencies, indicators, overdue."""
    overview = views.sort_overview(views.agency_overview(measures), "score")
    return (
        views.headline(measures),
        overview[["agency", "rank", "score", "grade", "n_overdue"]].to_dict("list"),
        views.indicator_summary(measures)[["indicator", "score"]].to_dict("list"),
        _overdue_rows(measures),
    )


def test_save_and_reload_keeps_every_figure(tmp_path, results, dataset):
    with Store(tmp_path / "ita.sqlite") as store:
        outcomes = store.import_results(results, "replace")
        assert [o.status for o in outcomes] == ["imported"] * 7
    with Store(tmp_path / "ita.sqlite") as reopened:  # a restart
        stored = reopened.measures(active_only=True, corrected=True)
    assert sorted(stored["as_of"].unique()) == sorted({v[0] for v in SEVEN.values()})
    reloaded = Dataset(measures=stored)
    for choice in (views.ALL, views.LATEST):
        assert _figures(select(reloaded, choice).measures) == _figures(select(dataset, choice).measures)


def test_officer_sets_the_as_of_date_of_a_selection_kept_in_the_store(tmp_path, results, dataset):
    """Every round-6 report of FY2566 judged at 31 May 2566 instead: khoksanuan's February measure
    is then 92 days overdue (28 Feb → 31 May), the others unchanged; the setting survives a
    restart and can be undone."""
    from ita_metrics.scoring import corrections

    m = dataset.measures
    reports = {
        (f, a, y, r)
        for f, a, y, r in zip(m["source_file"], m["agency"], m["fiscal_year"], m["round"])
        if not pd.isna(r) and y == 2566 and r == 6
    }
    assert {f for f, *_ in reports} == {"thaworn_2566_r6.xlsx", "khoksanuan_2566_r6.xlsx"}
    fixes = corrections.as_of_corrections(m, reports, date(2023, 5, 31))
    assert len(fixes) == 43 + 5
    shown = corrections.apply_corrections(m, fixes)
    rows = {(f, r): d for f, r, d in _overdue_rows(shown)}
    assert rows[("khoksanuan_2566_r6.xlsx", 8)] == 92 and rows[("nongbua_2566.csv", 4)] == 123
    assert not corrections.is_corrected(shown).any()  # a date setting is not a correction
    everything = {(f, a, y, r) for f, a, y, r in zip(m["source_file"], m["agency"], m["fiscal_year"], m["round"])}
    assert len(corrections.as_of_corrections(m, everything, date(2023, 5, 31))) == 83  # reports without a round too
    with Store(tmp_path / "ita.sqlite") as store:
        store.import_results(results, "replace")
        stored = store.measures()
        ids = dict(zip(zip(stored["source_file"], stored["source_sheet"], stored["source_row"]), stored["report_id"]))
        store.add_corrections(
            [{**f, "report_id": ids[(f["source_file"], f["source_sheet"], f["source_row"])]} for f in fixes],
            note="as_of · เจ้าหน้าที่ทดสอบ",
        )
    with Store(tmp_path / "ita.sqlite") as store:
        again = store.measures()
        assert _overdue_rows(again) == _overdue_rows(shown)
        assert set(again.loc[again["source_file"] == "khoksanuan_2566_r6.xlsx", "as_of"]) == {"2023-05-31"}
        log = store.corrections()
        assert (log["field"] == "as_of").sum() == 48 and set(log["note"]) == {"as_of · เจ้าหน้าที่ทดสอบ"}
        for cid in log["id"]:
            store.undo_correction(int(cid))
        assert _overdue_rows(store.measures()) == _overdue_rows(m)


def test_one_save_stores_what_is_counted_with_corrections(tmp_path, fixtures_dir, results):
    """The seven reports plus an older copy of thaworn's (same agency/year/round, fewer rows):
    the dashboard counts the newer one; saving stores exactly that, decides the conflict with an
    already stored report once, and keeps the officer's correction and as-of date."""
    from ita_metrics.app import batch_save
    from ita_metrics.scoring import corrections

    older = parse_path(fixtures_dir / "thaworn_2566_r6.xlsx", options=ParseOptions(today=TODAY))
    older.file = "thaworn_old.xlsx"
    older.content_hash = "0" * 64
    older.measures = older.measures.head(10).assign(source_file="thaworn_old.xlsx")
    fix = {
        "source_file": "nongbua_2566.csv",
        "source_sheet": "",
        "source_row": 4,
        "status": "done",
        "completed_date": "2023-06-20",
    }
    ds = build_dataset([older, *results], [fix])
    assert len(ds.measures) == 83 and [r["file"] for r in ds.replaced] == ["thaworn_old.xlsx"]
    with Store(tmp_path / "ita.sqlite") as store:
        store.import_result(results[1], "replace")  # khaohuachang stored earlier…
        store.import_result(older, "replace")  # …and the older thaworn report
        todo = batch_save.counted_results(ds)
        assert [r.file for r in todo] == list(SEVEN)  # the older copy is not counted
        assert list(batch_save.batch_conflicts(store, todo)) == ["thaworn_2566_r6.xlsx"]
        done = batch_save.save_batch(store, ds, batch_save.REPLACE_ALL, note="เจ้าหน้าที่ทดสอบ")
        assert [o.status for o in done.outcomes] == ["imported", "already_stored"] + ["imported"] * 5
        assert done.n_corrections == 2
        assert batch_save.save_batch(store, ds).n_corrections == 0  # saving again adds nothing
    with Store(tmp_path / "ita.sqlite") as store:  # restart
        reloaded = Dataset(measures=corrections.apply_corrections(store.measures(), []))
    for choice in (views.ALL, views.LATEST):
        assert _figures(select(reloaded, choice).measures) == _figures(select(ds, choice).measures)
    row = reloaded.measures.set_index(["source_file", "source_row"]).loc[("nongbua_2566.csv", 4)]
    assert (row["status"], row["timeliness"]) == ("done", "on_time") and "corrected" in row["flags"]


def _row(measures: pd.DataFrame, row: int) -> tuple:
    r = measures.set_index("source_row").loc[row]
    return (r["status"], r["completed_date"], r["reported_completed_date"], r["timeliness"], r["as_of"])


def test_a_later_as_of_date_counts_a_completion_set_aside_as_future(tmp_path, fixtures_dir):
    """khoksanuan FY2566 round 6 read with the officer's date 15 April 2566 (--as-of): its row 7,
    "done 25 April" (due 30 April), is after that date, so not done (in progress, not yet due) —
    the report's date is kept. Moved to 30 April: done on time again, 25 April; moved back to 15
    April: set aside again; and the same after a save and a restart (the store keeps the date)."""
    from ita_metrics.scoring import corrections

    name = "khoksanuan_2566_r6.xlsx"
    early = parse_path(fixtures_dir / name, date(2023, 4, 15), ParseOptions(today=TODAY))
    m = early.measures
    assert _row(m, 7) == ("in_progress", "", "2023-04-25", "not_due", "2023-04-15")
    assert "future_completion" in m.set_index("source_row").loc[7, "flags"]
    assert int((m["status"] == "done").sum()) == 2  # rows 5 (20 Dec) and 6 (10 April); 3 of 5 at 28 April
    report = {(name, m["agency"].iat[0], 2566, 6)}
    later = corrections.apply_corrections(m, corrections.as_of_corrections(m, report, date(2023, 4, 30)))
    assert _row(later, 7) == ("done", "2023-04-25", "", "on_time", "2023-04-30")
    assert "future_completion" not in later.set_index("source_row").loc[7, "flags"]
    assert float(later.set_index("source_row").loc[7, "progress_pct"]) == 100.0
    assert int((later["status"] == "done").sum()) == 3
    back = corrections.apply_corrections(m, corrections.as_of_corrections(m, report, date(2023, 4, 20)))
    assert _row(back, 7) == ("in_progress", "", "2023-04-25", "not_due", "2023-04-20")
    # a done measure judged at an earlier date than its report's is set aside the same way
    plain = parse_path(fixtures_dir / name, options=ParseOptions(today=TODAY)).measures
    assert _row(plain, 7) == ("done", "2023-04-25", "", "on_time", "2023-04-28")
    earlier = corrections.apply_corrections(plain, corrections.as_of_corrections(plain, report, date(2023, 4, 20)))
    assert _row(earlier, 7) == ("in_progress", "", "2023-04-25", "not_due", "2023-04-20")
    assert _overdue_rows(earlier) == [(name, 8, 51)]  # due 28 Feb → 20 Apr: 31 + 20

    with Store(tmp_path / "ita.sqlite") as store:
        store.import_result(early, "replace")
        stored = store.measures()
        rid = int(stored["report_id"].iat[0])
        fixes = corrections.as_of_corrections(stored, report, date(2023, 4, 30))
        store.add_corrections([{**f, "report_id": rid} for f in fixes], note="เจ้าหน้าที่ทดสอบ")
    with Store(tmp_path / "ita.sqlite") as store:  # a restart
        again = store.measures()
        assert _row(again, 7) == ("done", "2023-04-25", "", "on_time", "2023-04-30")
        assert _figures(again) == _figures(later)
        for cid in store.corrections()["id"]:
            store.undo_correction(int(cid))
        assert _row(store.measures(), 7) == ("in_progress", "", "2023-04-25", "not_due", "2023-04-15")
