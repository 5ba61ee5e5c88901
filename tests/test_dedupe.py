"""Combining file results without counting a file or a report twice (ita_metrics.scoring.dedupe)."""

from dataclasses import dataclass, field

import pandas as pd

from ita_metrics import model
from ita_metrics.scoring.dedupe import combine

THAWORN = "เทศบาลตำบลถาวร"
KHAO = "เทศบาลตำบลเขาหัวช้าง"


@dataclass
class Err:
    th: str = "ไฟล์เสียหาย"
    en: str = "damaged file"


@dataclass
class FakeResult:
    file: str
    content_hash: str
    measures: pd.DataFrame
    error: Err | None = None
    skipped: pd.DataFrame = field(default_factory=pd.DataFrame)
    messages: list = field(default_factory=list)
    detected: dict = field(default_factory=dict)


def measures(file, agency, n, fiscal_year=2566, round_=6, status="done"):
    return model.to_frame(
        [
            {
                "source_file": file,
                "source_row": i + 1,
                "agency": agency,
                "fiscal_year": fiscal_year,
                "round": round_,
                "status": status,
                "timeliness": "on_time",
            }
            for i in range(n)
        ]
    )


def test_the_same_file_twice_counts_once():
    a = FakeResult("a.xlsx", "h1", measures("a.xlsx", THAWORN, 3))
    again = FakeResult("a (1).xlsx", "h1", measures("a (1).xlsx", THAWORN, 3))
    out = combine([a, again])
    assert len(out.measures) == 3
    assert set(out.measures["source_file"]) == {"a (1).xlsx"}
    assert len(out.replaced) == 1
    entry = out.replaced[0]
    assert entry["reason"] == "same_file"
    assert (entry["file"], entry["replaced_by"]) == ("a.xlsx", "a (1).xlsx")
    assert (entry["agency"], entry["fiscal_year"], entry["round"]) == (THAWORN, 2566, 6)
    assert "a.xlsx" in entry["th"] and "a.xlsx" in entry["en"]


def test_the_same_report_in_two_files_the_newer_import_wins():
    old = FakeResult("thaworn_r6.xlsx", "h1", measures("thaworn_r6.xlsx", THAWORN, 4, status="in_progress"))
    new = FakeResult("thaworn_r6_fixed.xlsx", "h2", measures("thaworn_r6_fixed.xlsx", THAWORN, 5))
    out = combine([old, new])
    assert len(out.measures) == 5
    assert set(out.measures["source_file"]) == {"thaworn_r6_fixed.xlsx"}
    assert out.replaced == [
        {
            "file": "thaworn_r6.xlsx",
            "replaced_by": "thaworn_r6_fixed.xlsx",
            "agency": THAWORN,
            "fiscal_year": 2566,
            "round": 6,
            "reason": "same_report",
            "th": out.replaced[0]["th"],
            "en": out.replaced[0]["en"],
        }
    ]
    assert "thaworn_r6.xlsx" in out.replaced[0]["th"] and "รอบ 6" in out.replaced[0]["th"]
    assert "round 6" in out.replaced[0]["en"]


def test_order_decides_which_is_newer():
    old = FakeResult("old.xlsx", "h1", measures("old.xlsx", THAWORN, 4))
    new = FakeResult("new.xlsx", "h2", measures("new.xlsx", THAWORN, 5))
    out = combine([new, old])
    assert len(out.measures) == 4
    assert out.replaced[0]["file"] == "new.xlsx"


def test_other_rounds_and_years_are_different_reports():
    r6 = FakeResult("r6.xlsx", "h1", measures("r6.xlsx", THAWORN, 4, round_=6))
    r12 = FakeResult("r12.xlsx", "h2", measures("r12.xlsx", THAWORN, 5, round_=12))
    fy65 = FakeResult("fy65.xlsx", "h3", measures("fy65.xlsx", THAWORN, 2, fiscal_year=2565))
    out = combine([r6, r12, fy65])
    assert len(out.measures) == 11
    assert out.replaced == []


def test_an_agency_written_two_ways_is_one_report():
    spaced = FakeResult("a.xlsx", "h1", measures("a.xlsx", "เทศบาลตำบล ถาวร ", 4))
    plain = FakeResult("b.xlsx", "h2", measures("b.xlsx", THAWORN, 2))
    out = combine([spaced, plain])
    assert len(out.measures) == 2
    assert out.replaced[0]["agency"] == THAWORN
    assert out.replaced[0]["reason"] == "same_report"
    assert set(out.measures["agency"]) == {THAWORN}


def test_agency_names_are_normalised_in_the_combined_table():
    out = combine([FakeResult("a.xlsx", "h1", measures("a.xlsx", "เทศบาลตำบล ถาวร", 2))])
    assert list(out.measures["agency"]) == [THAWORN, THAWORN]


def test_a_consolidated_file_is_replaced_per_agency():
    both = pd.concat([measures("all.xlsx", THAWORN, 3), measures("all.xlsx", KHAO, 2)], ignore_index=True)
    consolidated = FakeResult("all.xlsx", "h1", both)
    newer_thaworn = FakeResult("thaworn.xlsx", "h2", measures("thaworn.xlsx", THAWORN, 4))
    out = combine([consolidated, newer_thaworn])
    counts = out.measures.groupby(["agency", "source_file"]).size().to_dict()
    assert counts == {(KHAO, "all.xlsx"): 2, (THAWORN, "thaworn.xlsx"): 4}
    assert [(e["file"], e["agency"]) for e in out.replaced] == [("all.xlsx", THAWORN)]


def test_failed_files_are_ignored():
    bad = FakeResult("bad.xlsx", "h9", model.empty_measures(), error=Err())
    good = FakeResult("good.xlsx", "h1", measures("good.xlsx", THAWORN, 2))
    out = combine([good, bad])
    assert len(out.measures) == 2 and out.replaced == []


def test_measures_without_an_agency_are_kept():
    a = FakeResult("a.xlsx", "h1", measures("a.xlsx", "", 2))
    b = FakeResult("b.xlsx", "h2", measures("b.xlsx", "", 3))
    out = combine([a, b])
    assert len(out.measures) == 5 and out.replaced == []


def test_missing_round_matches_only_missing_round():
    a = FakeResult("a.csv", "h1", measures("a.csv", THAWORN, 2, round_=None))
    b = FakeResult("b.csv", "h2", measures("b.csv", THAWORN, 3, round_=None))
    out = combine([a, b])
    assert len(out.measures) == 3
    assert out.replaced[0]["round"] is None
    assert "ไม่ระบุรอบ" in out.replaced[0]["th"] and "round not stated" in out.replaced[0]["en"]


def test_nothing_to_combine_gives_an_empty_measures_table():
    out = combine([])
    assert list(out.measures.columns) == model.MEASURE_FIELDS
    assert out.measures.empty and out.replaced == []


def test_combined_measures_keep_the_model_dtypes():
    a = FakeResult("a.xlsx", "h1", measures("a.xlsx", THAWORN, 2))
    b = FakeResult("b.xlsx", "h2", measures("b.xlsx", KHAO, 2))
    out = combine([a, b]).measures
    assert list(out.columns) == model.MEASURE_FIELDS
    assert str(out["fiscal_year"].dtype) == "Int64" and str(out["progress_pct"].dtype) == "Float64"
    assert list(out.index) == [0, 1, 2, 3]


def test_namesakes_in_two_provinces_stay_two_agencies():
    """Issue 19: เทศบาลตำบลสระแก้ว of two provinces are two agencies; the same one sent twice is one."""
    name = "เทศบาลตำบลสระแก้ว"

    def report(file, province, n):
        frame = measures(file, name, n)
        frame["province"] = province
        return FakeResult(file, file, frame)

    out = combine([report("a.xlsx", "สระแก้ว", 3), report("b.xlsx", "นครราชสีมา", 4), report("c.xlsx", "จังหวัดสระแก้ว", 5)])
    kept = out.measures.groupby("province").size().to_dict()
    assert kept == {"นครราชสีมา": 4, "จังหวัดสระแก้ว": 5}  # a.xlsx replaced by c.xlsx: same province
    assert [(r["file"], r["replaced_by"]) for r in out.replaced] == [("a.xlsx", "c.xlsx")]
