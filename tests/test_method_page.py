"""The method page speaks to an officer: the rule, the worked example, every flag, in Thai and in
English — and no developer's words (code paths, column names), which stay in docs/scoring.md."""

from __future__ import annotations

import re

import pytest

from components.method import method_markdown
from ita_metrics.datafiles import load_table
from ita_metrics.flags import flag_catalog
from ita_metrics.scoring.scoring import combine_score

DEVELOPER_WORDS = re.compile(r"ita_metrics|\.py\b|completion_pct|on_time_pct|timeliness_score|n_measures|`")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_rule_example_and_every_flag(lang):
    page = method_markdown(lang)
    # the worked example's figures are the scoring code's own
    assert combine_score(85.0, 100.0) == pytest.approx(89.5)
    for figure in ("**85.0**", "**100.0**", "**89.5**", "0.7 × 85.0 + 0.3 × 100.0"):
        assert figure in page, figure
    assert ("เกรด **A**" if lang == "th" else "grade **A**") in page
    for row in flag_catalog().values():  # every flag's meaning, in the page's language
        assert row[lang] in page, row["code"]
    for row in load_table("grades.csv"):
        assert re.search(rf"\| {row['grade']} \| [^|]*{float(row['min_score']):g}", page), row["grade"]
    assert "{" not in page and "}" not in page  # every table filled in


def test_thai_page_speaks_thai_to_officers():
    page = method_markdown("th")
    assert "คะแนนความครบถ้วน" in page and "คะแนนความตรงเวลา" in page and "เกณฑ์ผ่านคือ 85" in page
    assert "| AA | ตั้งแต่ 95 ขึ้นไป |" in page and "| A | ตั้งแต่ 85 ถึงต่ำกว่า 95 |" in page
    assert not DEVELOPER_WORDS.search(page), DEVELOPER_WORDS.search(page)
    assert not DEVELOPER_WORDS.search(method_markdown("en"))
