"""Every page of the dashboard run with Streamlit's AppTest, on the bundled sample and after
uploading the three shared fixtures through the real file uploader (`at.file_uploader` is
supported by AppTest in Streamlit 1.67). Assertions are about what an officer sees: titles,
agency names, numbers, charts, and no exception / error / warning on screen.

Note: AppTest resets Streamlit's "pages/ folder" switch before every run, so after the first run
it executes the page file directly; each page then reruns itself through dashboard.py
(components/bootstrap.py), exactly as a real server does for a deep link after a restart.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ita_metrics.presentation import views

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")
FIXTURE_FILES = ["thaworn_2566_r6.xlsx", "khaohuachang_2566_r12.xlsx", "thungmaphrao_2565.csv"]
THAWORN, KHAO, THUNG = "เทศบาลตำบลถาวร", "เทศบาลตำบลเขาหัวช้าง", "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"
SHORT = {THAWORN: "ทต.ถาวร", KHAO: "ทต.เขาหัวช้าง", THUNG: "อบต.ทุ่งมะพร้าว"}

# page file, Thai title, minimum number of plotly charts
PAGES = [
    ("home", "ภาพรวมจังหวัดและนำเข้าข้อมูล", 2),
    ("agencies", "เปรียบเทียบหน่วยงาน", 2),
    ("indicators", "ตัวชี้วัด", 2),
    ("agency", "รายหน่วยงาน", 2),
    ("timeliness", "ความตรงเวลาและการติดตาม", 2),
    ("quality", "คุณภาพข้อมูล", 0),
    ("method", "วิธีคิดคะแนน", 0),
]


# ---------------------------------------------------------------- helpers
def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=180).run()


def upload(at: AppTest, fixtures_dir: Path, names=FIXTURE_FILES) -> AppTest:
    files = [(n, (fixtures_dir / n).read_bytes(), "application/octet-stream") for n in names]
    at.file_uploader(key="uploader").set_value(files)
    return at.run()


def goto(at: AppTest, page: str) -> AppTest:
    return at.switch_page(f"pages/{page}.py").run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert not at.warning, [w.value for w in at.warning]


def figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def figure_text(fig: dict) -> str:
    return json.dumps(fig, ensure_ascii=False)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in (*at.title, *at.subheader, *at.markdown, *at.caption))


def sample_label_shown(at: AppTest) -> bool:
    """st.badge reaches AppTest as Markdown (":orange-badge[...]")."""
    return any("badge[" in m.value and "ข้อมูลตัวอย่าง (สังเคราะห์)" in m.value for m in at.markdown)


def table(at: AppTest, *columns: str):
    """The first table on the page with these column headers (read-only tables carry no key)."""
    for df in at.dataframe:
        value = df.value
        if all(c in value.columns for c in columns):
            return value
    raise AssertionError(f"no table with columns {columns}")


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module", autouse=True)
def temporary_store(tmp_path_factory):
    """An empty report store of this module's own (ITA_STORE_PATH), so the sample is what shows and
    data/ita.sqlite is never read or written."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ITA_STORE_PATH", str(tmp_path_factory.mktemp("store") / "ita.sqlite"))
        yield


@pytest.fixture(scope="module")
def sample_app() -> AppTest:
    return new_app()


@pytest.fixture(scope="module")
def fixtures_app(fixtures_dir) -> AppTest:
    return upload(new_app(), fixtures_dir)


# ---------------------------------------------------------------- sample province
def test_sample_home_is_labelled_and_numbers_match_the_services(sample_app):
    at = goto(sample_app, "home")
    assert_clean(at)
    assert sample_label_shown(at)
    ds = at.session_state["dataset"]
    assert ds.is_sample and ds.files_ok == len(ds.results) >= 24
    expected = views.headline(views.latest_reports(ds.measures))
    shown = metrics(at)
    assert expected["n_agencies"] >= 24
    assert shown["หน่วยงาน"] == f"{expected['n_agencies']:,}"
    assert shown["มาตรการ"] == f"{expected['n_measures']:,}"
    assert shown["ดำเนินการแล้ว"] == expected["pct_done_text"]
    assert shown["เลยกำหนด"] == f"{expected['n_overdue']:,}"
    assert shown["คะแนน (เกรด)"].endswith(f"({expected['grade']})")
    assert len(figures(at)) >= 2
    assert at.file_uploader(key="uploader").accept_multiple_files


@pytest.mark.parametrize("page,title,n_charts", PAGES)
def test_sample_every_page(sample_app, page, title, n_charts):
    at = goto(sample_app, page)
    assert_clean(at)
    assert at.title[0].value == title
    assert len(figures(at)) >= n_charts
    assert sample_label_shown(at)


def test_sample_has_several_districts_and_both_rounds(sample_app):
    at = goto(sample_app, "agencies")
    ds = at.session_state["dataset"]
    assert len(views.district_options(ds.measures)) >= 3
    assert {"2566/6", "2566/12"} <= set(views.report_choices(ds.measures))
    ranking = figures(at)[0]
    assert len({y for trace in ranking["data"] for y in trace["y"]}) >= 24


# ---------------------------------------------------------------- the three shared fixtures
def test_upload_home_counts_68_measures_from_three_files(fixtures_app):
    at = goto(fixtures_app, "home")
    assert_clean(at)
    shown = metrics(at)
    assert shown["หน่วยงาน"] == "3"
    assert shown["มาตรการ"] == "68"
    assert shown["คะแนน (เกรด)"] == "97.6 (AA)"  # each report judged at its own as-of date
    assert not sample_label_shown(at)  # no sample label once files are uploaded
    summary = table(at, "ไฟล์", "ผลการอ่าน")
    assert sorted(summary["ไฟล์"]) == sorted(FIXTURE_FILES)
    assert dict(zip(summary["ไฟล์"], summary["จำนวนมาตรการ"])) == {
        "thaworn_2566_r6.xlsx": 43,
        "khaohuachang_2566_r12.xlsx": 15,
        "thungmaphrao_2565.csv": 10,
    }
    assert set(summary["ผลการอ่าน"]) == {"อ่านได้"}
    assert "ใช้ข้อมูลจากไฟล์ที่อัปโหลด 3 ไฟล์" in texts(at)
    # skipped rows: counts per reason and the row numbers
    reasons = table(at, "เหตุผล", "จำนวน")
    assert reasons["จำนวน"].sum() > 0


def test_upload_agencies_ranking_and_kind_filter(fixtures_app):
    at = goto(fixtures_app, "agencies")
    assert_clean(at)
    ranking, mix = figures(at)[:2]
    for name in SHORT.values():
        assert name in figure_text(ranking) and name in figure_text(mix)
    assert "เฉลิมพระเกียรติ" in figure_text(ranking)  # district shown under the name
    assert list(table(at, "อันดับ", "หน่วยงาน", "คะแนน")["หน่วยงาน"]) == ["ทต.เขาหัวช้าง", "ทต.ถาวร", "อบต.ทุ่งมะพร้าว"]
    at.multiselect(key="f_kind").set_value(["อบต."]).run()
    assert list(table(at, "อันดับ", "หน่วยงาน", "คะแนน")["หน่วยงาน"]) == ["อบต.ทุ่งมะพร้าว"]
    at.multiselect(key="f_kind").set_value([]).run()
    at.selectbox(key="agencies_sort").set_value("name").run()
    assert list(table(at, "อันดับ", "หน่วยงาน", "คะแนน")["หน่วยงาน"]) == sorted(SHORT.values())
    assert_clean(at)


def test_upload_indicators_heatmap_and_drill_down(fixtures_app):
    at = goto(fixtures_app, "indicators")
    assert_clean(at)
    heat = figures(at)[0]
    assert "ทต.ถาวร" in figure_text(heat) and heat["data"][0]["type"] == "heatmap"
    at.selectbox(key="drill_agency").set_value(THAWORN).run()
    at.selectbox(key="drill_indicator").set_value(9).run()
    ds = at.session_state["dataset"]
    expected = views.measures_of(views.latest_reports(ds.measures), THAWORN, 9)
    assert len(table(at, "มาตรการ", "สถานะ", "ที่มา (ไฟล์ · ชีต · แถว)")) == len(expected) > 0
    at.segmented_control(key="ind_tool").set_value("OIT").run()
    assert_clean(at)
    assert all(x in figure_text(figures(at)[1]) for x in ("OIT",))


def test_upload_one_agency_page(fixtures_app):
    at = goto(fixtures_app, "agency")
    at.selectbox(key="agency_pick").set_value(THAWORN).run()
    assert_clean(at)
    assert THAWORN in [s.value for s in at.subheader]
    assert metrics(at)["มาตรการ"] == "43"
    measures = table(at, "มาตรการ", "สถานะ", "ที่มา (ไฟล์ · ชีต · แถว)")
    assert len(measures) == 43
    assert measures["ที่มา (ไฟล์ · ชีต · แถว)"].str.startswith("thaworn_2566_r6.xlsx · ชีต").all()
    assert set(measures["สถานะ"]) == {"ดำเนินการแล้ว"}  # 43 of 43 done as of 30 April (the file says so)
    assert measures["ธงเตือน"].str.contains("กำหนดเสร็จระบุเพียงเดือน").any()  # flags in Thai words
    compare, timeline = figures(at)[:2]
    assert "ทั้งจังหวัด" in figure_text(compare) and "กำหนดแล้วเสร็จ" in figure_text(timeline)
    at.selectbox(key="agency_pick").set_value(THUNG).run()
    assert metrics(at)["มาตรการ"] == "10" and metrics(at)["คะแนน (เกรด)"] == "89.5 (A)"


def test_upload_timeliness_page(fixtures_app):
    at = goto(fixtures_app, "timeliness")
    assert_clean(at)
    assert metrics(at)["เลยกำหนด"] == "0"
    assert any("ไม่มีมาตรการที่เลยกำหนด" in s.value for s in at.success)
    by_agency, by_unit = figures(at)[:2]
    assert "ทต.ถาวร" in figure_text(by_agency) and "ทันเวลา" in figure_text(by_agency)
    assert "กองคลัง" in figure_text(by_unit)


def test_upload_quality_page(fixtures_app):
    at = goto(fixtures_app, "quality")
    assert_clean(at)
    flags = table(at, "ไฟล์", "ธงเตือน", "มาตรการ")
    assert len(flags) > 0 and set(flags["ไฟล์"]) <= set(FIXTURE_FILES)
    skipped = table(at, "ไฟล์", "เหตุผล", "ข้อความในแถว")
    assert {"thaworn_2566_r6.xlsx", "khaohuachang_2566_r12.xlsx"} <= set(skipped["ไฟล์"])
    assert skipped["แถว"].notna().all()
    assert len(at.data_editor) == 1


def test_upload_method_page(fixtures_app):
    at = goto(fixtures_app, "method")
    assert_clean(at)
    assert "คะแนนความครบถ้วน" in texts(at)


def test_overdue_downloads_on_sample(sample_app):
    at = goto(sample_app, "timeliness")
    assert_clean(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["ดาวน์โหลด Excel", "ดาวน์โหลด CSV"]
    assert len(table(at, "หน่วยงาน", "เลยกำหนด (วัน)")) == int(metrics(at)["เลยกำหนด"].replace(",", "")) > 0


def test_english_toggle(sample_app):
    at = goto(sample_app, "agencies")
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    assert_clean(at)
    assert at.title[0].value == "Agencies compared"
    assert "Score by agency" in [s.value for s in at.subheader]
    at.sidebar.segmented_control(key="lang").set_value("th").run()
    assert at.title[0].value == "เปรียบเทียบหน่วยงาน"


def test_presentation_mode_hides_the_uploader(sample_app):
    at = goto(sample_app, "home")
    at.toggle(key="presentation").set_value(True).run()
    assert_clean(at)
    assert not at.get("file_uploader")
    assert any("display: none" in h.proto.body for h in at.get("html"))
    at.toggle(key="presentation").set_value(False).run()
    assert at.get("file_uploader")


def test_same_file_twice_is_counted_once_and_reported(fixtures_dir):
    data = (fixtures_dir / "thaworn_2566_r6.xlsx").read_bytes()
    at = new_app()
    at.file_uploader(key="uploader").set_value(
        [("thaworn.xlsx", data, "application/octet-stream"), ("thaworn_copy.xlsx", data, "application/octet-stream")]
    ).run()
    assert_clean(at)
    assert metrics(at)["มาตรการ"] == "43"
    assert any("ไม่นับซ้ำ 1 รายการ" in i.value for i in at.info)
    replaced = table(at, "แทนด้วยไฟล์")
    assert list(replaced["ไฟล์"]) == ["thaworn.xlsx"] and list(replaced["แทนด้วยไฟล์"]) == ["thaworn_copy.xlsx"]


def test_as_of_date_setting_rejudges_timeliness(fixtures_app):
    at = goto(fixtures_app, "timeliness")
    assert metrics(at)["เลยกำหนด"] == "0"
    at.sidebar.date_input(key="as_of").set_value(date(2024, 3, 31)).run()  # long after every deadline
    assert_clean(at)
    overdue = int(metrics(at)["เลยกำหนด"])
    ds = at.session_state["dataset"]
    assert overdue == int((views.latest_reports(ds.measures)["timeliness"] == "overdue").sum()) > 0
    assert set(ds.measures["as_of"]) == {"2024-03-31"}
    at.sidebar.date_input(key="as_of").set_value(None).run()
    assert metrics(at)["เลยกำหนด"] == "0"


def test_clear_uploads_returns_to_the_sample(fixtures_dir):
    at = upload(new_app(), fixtures_dir, ["thungmaphrao_2565.csv"])
    assert metrics(at)["มาตรการ"] == "10" and not sample_label_shown(at)
    at.switch_page("pages/agencies.py").run()  # uploads survive a page switch
    assert at.session_state["dataset"].files_ok == 1
    at.switch_page("pages/home.py").run()
    next(b for b in at.button if b.label.startswith("ล้างไฟล์ที่อัปโหลด")).click().run()
    assert_clean(at)
    assert sample_label_shown(at) and at.session_state["dataset"].is_sample
