"""Roster import (two layouts officers get), the gazetteer (unique / ambiguous / none) and the
store's roster table."""

from __future__ import annotations

import pandas as pd

from ita_metrics.followup import roster
from ita_metrics.interpret.importer import parse_path
from ita_metrics.store import Store
from ita_metrics.thai import gazetteer
from tests.helpers import xlsx_bytes

FLAT: list[list[object]] = [
    ["บัญชีรายชื่อองค์กรปกครองส่วนท้องถิ่น จังหวัดบุรีรัมย์"],
    ["ลำดับ", "ชื่อ อปท.", "ประเภท", "อำเภอ"],
    [1, "ถาวร", "ทต.", "เฉลิมพระเกียรติ"],
    [2, "พระครู", "อบต.", "อำเภอเมืองบุรีรัมย์"],
    [None, None, None, None],
    [3, "รวม 2 แห่ง", None, None],
    [4, "ทต. ถาวร", None, "เฉลิมพระเกียรติ"],  # the same agency again, written short
]
GROUPED = (
    "บัญชีรายชื่อ อปท. จังหวัดพังงา\n"
    "ที่,ชื่อหน่วยงาน\n"
    "อำเภอท้ายเหมือง,\n"
    "1,อบต.ทุ่งมะพร้าว\n"
    "2,ทต.ท้ายเหมือง\n"
    "อำเภอเมืองพังงา,\n"
    "1,อบต. ตากแดด\n"
)


def test_flat_layout_type_apart_from_name():
    got = roster.read_roster(xlsx_bytes(FLAT), "flat.xlsx", fiscal_year=2570)
    assert got.error is None
    assert got.roster[["province", "district", "agency", "kind"]].values.tolist() == [
        ["บุรีรัมย์", "เฉลิมพระเกียรติ", "เทศบาลตำบลถาวร", "เทศบาล"],
        ["บุรีรัมย์", "เมืองบุรีรัมย์", "องค์การบริหารส่วนตำบลพระครู", "อบต."],
    ]
    assert got.roster["fiscal_year"].tolist() == [2570, 2570]
    # nothing dropped silently: title, header and the total row are listed with their reasons
    reasons = dict(zip(got.skipped["row"], got.skipped["reason"]))
    assert reasons == {1: "roster_title", 2: "roster_title", 6: "roster_no_agency"}
    assert "รวม 2 แห่ง" in got.skipped.loc[got.skipped["row"] == 6, "th"].iat[0]


def test_grouped_layout_district_headings_cp874_csv():
    got = roster.read_roster(GROUPED.encode("cp874"), "grouped.csv")
    assert got.error is None
    assert got.roster[["province", "district", "agency"]].values.tolist() == [
        ["พังงา", "ท้ายเหมือง", "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"],
        ["พังงา", "ท้ายเหมือง", "เทศบาลตำบลท้ายเหมือง"],
        ["พังงา", "เมืองพังงา", "องค์การบริหารส่วนตำบลตากแดด"],
    ]
    assert got.skipped.loc[got.skipped["reason"] == "roster_heading", "row"].tolist() == [3, 6]
    assert got.roster["source"].tolist() == ["grouped.csv:4", "grouped.csv:5", "grouped.csv:7"]


def test_roster_without_name_column_is_refused_in_thai():
    got = roster.read_roster(xlsx_bytes([["a", "b"], [1, 2]]), "numbers.xlsx")
    assert got.error is not None and got.error.code == "roster_no_header"
    assert "ชื่อหน่วยงาน" in got.error.th
    bad = roster.read_roster(b"", "empty.xlsx")
    assert bad.error is not None and bad.error.code == "empty_file"


def test_gazetteer_unique_ambiguous_none():
    unique = gazetteer.place_of("อบต.ทุ่งมะพร้าว")  # one subdistrict in Thailand
    assert (unique.status, unique.district, unique.province) == ("found", "ท้ายเหมือง", "พังงา")
    several = gazetteer.place_of("องค์การบริหารส่วนตำบลวังทอง")  # nine วังทอง subdistricts
    assert several.status == "ambiguous" and several.district == "" and len(several.candidates) == 9
    assert "วังทอง, พิษณุโลก" in several.candidates
    in_province = gazetteer.place_of("องค์การบริหารส่วนตำบลวังทอง", "จังหวัดพิษณุโลก")
    assert (in_province.status, in_province.district) == ("found", "วังทอง")
    none = gazetteer.place_of("องค์การบริหารส่วนตำบลไม่มีจริง")
    assert none.status == "not_found" and none.candidates == ()
    town = gazetteer.place_of("เทศบาลเมืองบุรีรัมย์")  # a town municipality: its district
    assert (town.status, town.district) == ("found", "เมืองบุรีรัมย์")


def test_report_without_district_gets_it_from_gazetteer(fixtures_dir):
    m = parse_path(fixtures_dir / "thungmaphrao_2565.csv").measures
    assert m is not None
    assert set(m["district"]) == {"ท้ายเหมือง"} and set(m["province"]) == {"พังงา"}
    assert all("place_from_gazetteer" in f.split(";") for f in m["flags"])
    stated = parse_path(fixtures_dir / "thaworn_2566_r6.xlsx").measures  # stated: left alone, no flag
    assert stated is not None
    assert set(stated["district"]) == {"เฉลิมพระเกียรติ"}
    assert not any("place_from_gazetteer" in f for f in stated["flags"])


def test_fill_places_flags_ambiguous_and_unknown_without_guessing():
    recs = [
        {"agency": "องค์การบริหารส่วนตำบลวังทอง", "district": "", "province": "", "flags": ""},
        {"agency": "องค์การบริหารส่วนตำบลไม่มีจริง", "district": "", "province": "", "flags": "x"},
    ]
    gazetteer.fill_places(recs)
    assert [r["district"] for r in recs] == ["", ""]
    assert [r["flags"] for r in recs] == ["place_ambiguous", "x;place_not_found"]


def test_roster_draft_from_gazetteer_uses_reported_names():
    draft = gazetteer.roster_draft("ตัวอย่าง", ["เทศบาลตำบลห้วยยาว", "อบต.นอกทำเนียบ"])
    by_name = {r["agency"]: r for r in draft}
    assert len(draft) == 35  # 34 subdistricts + one reported outsider
    assert by_name["เทศบาลตำบลห้วยยาว"]["district"] == "บ้านลาด"  # the report's kind, not อบต.
    assert "องค์การบริหารส่วนตำบลห้วยยาว" not in by_name
    assert by_name["องค์การบริหารส่วนตำบลนาคำ"]["source"] == "gazetteer"
    assert by_name["องค์การบริหารส่วนตำบลนอกทำเนียบ"]["district"] == ""
    real = gazetteer.roster_draft("พังงา")
    assert len(real) == len(gazetteer.subdistricts_of("พังงา")) == 48


def test_store_saves_roster_per_province_and_year(tmp_path):
    frame = roster.read_roster(GROUPED.encode("utf-8"), "grouped.csv", fiscal_year=2570).roster
    with Store(tmp_path / "s.sqlite") as store:
        assert store.save_roster(frame, "พังงา", 2570) == 3
        assert store.save_roster(frame.iloc[:2], "พังงา", 2569) == 2
        assert store.save_roster(frame.iloc[:1], "พังงา", 2570) == 1  # saving again replaces
        got = store.roster("พังงา", 2570)
        assert got["agency"].tolist() == ["องค์การบริหารส่วนตำบลทุ่งมะพร้าว"]
        assert store.roster("พังงา", 2569)["district"].tolist() == ["ท้ายเหมือง", "ท้ายเหมือง"]
        assert store.roster("บุรีรัมย์", 2570).empty
        assert sorted(store.rosters()["fiscal_year"].tolist()) == [2569, 2570]
        assert store.schema_version >= 2  # the roster came with migration 2
        backup = store.backup_bytes()
    with Store(tmp_path / "restored.sqlite") as other:
        import io

        other.restore_zip(io.BytesIO(backup))
        assert other.roster("พังงา", 2569)["agency"].tolist() == frame["agency"].iloc[:2].tolist()


def test_match_reports_needs_district_when_name_repeats():
    r = pd.DataFrame(
        {
            "province": ["ก", "ก", "ก"],
            "district": ["หนึ่ง", "สอง", "สอง"],
            "agency": ["องค์การบริหารส่วนตำบลหนองบัว", "องค์การบริหารส่วนตำบลหนองบัว", "เทศบาลตำบลนาดี"],
        }
    )
    reports = pd.DataFrame(
        {
            "agency": ["องค์การบริหารส่วนตำบลหนองบัว", "องค์การบริหารส่วนตำบลหนองบัว", "เทศบาลตำบลนาดี"],
            "district": ["สอง", "", ""],
            "province": ["ก", "ก", ""],
        }
    )
    assert roster.match_reports(r, reports).tolist() == [1, -1, 2]
