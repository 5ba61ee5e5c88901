"""Write the bundled sample province to ``data/sample/``: synthetic, deterministic, small.

Why: the dashboard shows something useful before an officer uploads anything, and the same
agencies appear in round 6 and round 12 so that round comparison has data. Every layout the
importer must read is represented: PDF-converted, check-mark, CP874 CSV and one officer's
consolidated workbook (covering the agencies of one district).

    python -m scripts.make_sample_data                 # rewrite data/sample/
    python -m scripts.make_sample_data --truth t.csv   # also write the truth, one line per measure
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from sample_data import synth

ROOT = Path(__file__).resolve().parent.parent

SEED = 2566
N_AGENCIES = 30
FISCAL_YEAR = 2566
PROVINCE = "ตัวอย่าง"
ROUNDS = (6, 12)
OUT_DIR = ROOT / "data" / "sample"
DATA_SUFFIXES = (".xlsx", ".csv")


def sample_agencies(round_: int) -> list[synth.SynthAgency]:
    """The sample province in one round; the same agencies and measures in both rounds."""
    return synth.make_province(N_AGENCIES, SEED, FISCAL_YEAR, round_, PROVINCE)


def consolidated_district(agencies: list[synth.SynthAgency]) -> str:
    """The district whose agencies report through the officer's consolidated workbook: the one
    (outside the capital) whose number of agencies is closest to five."""
    counts = Counter(a.district for a in agencies if not a.district.startswith("เมือง"))
    return min(sorted(counts), key=lambda d: abs(counts[d] - 5))


def split_agencies(agencies: list[synth.SynthAgency]) -> tuple[list, list]:
    """(agencies with their own file, agencies only in the consolidated workbook)."""
    district = consolidated_district(agencies)
    own = [a for a in agencies if a.district != district]
    pooled = [a for a in agencies if a.district == district]
    return own, pooled


def write_sample(out_dir: Path = OUT_DIR) -> list[Path]:
    """Replace the sample's data files in ``out_dir`` and its README; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.iterdir():
        if old.suffix in DATA_SUFFIXES:
            old.unlink()
    written: list[Path] = []
    per_round = {}
    for round_ in ROUNDS:
        own, pooled = split_agencies(sample_agencies(round_))
        written += synth.write_province(own, out_dir)
        name, data = synth.write_consolidated_xlsx(pooled)
        (out_dir / name).write_bytes(data)
        written.append(out_dir / name)
        per_round[round_] = (own, pooled)
    (out_dir / "README.md").write_text(readme_text(per_round, written), encoding="utf-8")
    return written


def readme_text(per_round: dict, written: list[Path]) -> str:
    """README for the sample folder, generated so that its numbers always match the files."""
    own, pooled = per_round[ROUNDS[0]]
    agencies = own + pooled
    districts = sorted({a.district for a in agencies})
    layouts = Counter(synth.layout_for(i) for i in range(len(own)))
    measures = {r: sum(len(a.measures) for a in o + p) for r, (o, p) in per_round.items()}
    size_kb = sum(p.stat().st_size for p in written) / 1024
    lines = [
        "# ข้อมูลตัวอย่าง (สังเคราะห์) / Sample data (synthetic)",
        "",
        "ข้อมูลในโฟลเดอร์นี้เป็นข้อมูลสมมติทั้งหมด สร้างด้วยโปรแกรม ไม่ใช่รายงานของหน่วยงานจริง",
        f"ชื่อจังหวัด (จังหวัด{PROVINCE}) อำเภอ และหน่วยงานทั้งหมดเป็นชื่อสมมติ",
        "",
        "Everything here is **synthetic**: invented by `sample_data/synth.py`, not reports of real",
        f"agencies. The province (จังหวัด{PROVINCE}), its districts and agencies are fictitious; the ITA",
        "items, the layouts and the ways real reports are written are real.",
        "The dashboard shows this folder when nothing has been uploaded.",
        "",
        f"- fiscal year {FISCAL_YEAR}, round 6 and round 12 (the same agencies and measures in both)",
        f"- {len(agencies)} agencies in {len(districts)} districts: {', '.join(districts)}",
        f"- {measures[6]} measures in round 6, {measures[12]} in round 12",
        f"- {len(written)} files, {size_kb:.0f} KB; per round: {layouts['pdf']} PDF-converted workbooks, "
        f"{layouts['check']} check-mark workbooks, {layouts['csv']} CP874 CSV files, and one officer's "
        f"consolidated workbook (`consolidated_{FISCAL_YEAR}_r6.xlsx`, `…_r12.xlsx`) holding the "
        f"{len(pooled)} agencies of อำเภอ{pooled[0].district if pooled else '-'}",
        "- a few agencies report nothing (status unknown); some are strong, some weak; some work is late",
        "",
        "Regenerate (deterministic, seed "
        f"{SEED}): `python -m scripts.make_sample_data`; add `--truth FILE` for the truth of every measure.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write the synthetic sample province")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder to write (default data/sample)")
    parser.add_argument("--truth", type=Path, help="also write the truth CSV here")
    args = parser.parse_args(argv)
    written = write_sample(args.out)
    if args.truth:
        agencies = [a for r in ROUNDS for a in sample_agencies(r)]
        args.truth.write_text(synth.truth_csv(agencies), encoding="utf-8")
    total = sum(p.stat().st_size for p in written)
    print(f"{len(written)} files, {total / 1024:.0f} KB in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
