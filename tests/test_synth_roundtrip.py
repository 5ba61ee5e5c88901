"""The parser against the generator's truth: every field, every single-agency layout."""

import csv
import io
from datetime import date

import pytest

from ita_metrics.interpret.importer import parse_file
from sample_data import synth

WRITERS = [synth.write_pdf_style_xlsx, synth.write_checkmark_xlsx, synth.write_csv_cp874]


@pytest.fixture(scope="module")
def pairs():
    agencies = synth.make_province(9, seed=11)
    truth = {(r["file_stem"], int(r["seq"])): r for r in csv.DictReader(io.StringIO(synth.truth_csv(agencies)))}
    out = []
    for i, agency in enumerate(agencies):
        name, data = WRITERS[i % 3](agency)
        result = parse_file(data, name, as_of=date(2023, 10, 15))
        assert result.error is None, result.error
        for seq, (_, row) in enumerate(result.measures.iterrows(), start=1):
            out.append((truth[(agency.file_stem, seq)], row))
        assert len(result.measures) == sum(1 for k in truth if k[0] == agency.file_stem)
    return out


@pytest.mark.parametrize(
    "field,parsed",
    [
        ("agency", "agency"),
        ("district", "district"),
        ("province", "province"),
        ("tool", "tool"),
        ("indicator", "indicator"),
        ("item_code", "item_codes"),
        ("status", "status"),
    ],
)
def test_field_matches_truth(pairs, field, parsed):
    wrong = [
        (t["file_stem"], t["seq"], t[field], r[parsed])
        for t, r in pairs
        if str(t[field]) != ("" if r[parsed] is None or r[parsed] != r[parsed] else str(r[parsed]))
    ]
    assert not wrong, wrong[:5]


def test_dates_match_truth(pairs):
    assert all(t["due_month"] == r["due_date"][:7] for t, r in pairs)
    done = [(t, r) for t, r in pairs if t["status"] == "done"]
    assert done and all(t["completed_month"] == r["completed_date"][:7] for t, r in done)
