"""Data-quality tables: every flag raised on a measure, rows not read as measures (with reasons),
each file's import summary and messages, reports replaced by a newer one. Raw tables keep codes;
`display_*` give what people read (Thai/English), as in `views`."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ita_metrics.flags import flag_catalog
from ita_metrics.model import split_flags
from ita_metrics.presentation.ui_text import text
from ita_metrics.presentation.views import short


def flag_rows(measures: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """One row per (measure, flag): where, which agency, the flag in words and its severity."""
    cat = flag_catalog()
    rows = []
    for rec in measures[["source_file", "source_sheet", "source_row", "agency", "measure", "flags"]].itertuples(
        index=False
    ):
        for code in split_flags(rec.flags):
            info = cat.get(code, {})
            rows.append(
                {
                    "source_file": rec.source_file,
                    "source_sheet": rec.source_sheet,
                    "source_row": rec.source_row,
                    "agency": short(str(rec.agency)) if rec.agency else "",
                    "measure": str(rec.measure)[:120],
                    "code": code,
                    "severity": info.get("severity", "info"),
                    "message": info.get(lang, code) if info else code,
                }
            )
    cols = ["source_file", "source_sheet", "source_row", "agency", "measure", "code", "severity", "message"]
    out = pd.DataFrame(rows, columns=cols).astype({"source_row": "Int64"})
    order = out["severity"].map({"error": 0, "warning": 1}).fillna(2)
    return (
        out.assign(_o=order)
        .sort_values(["_o", "source_file", "source_sheet", "source_row"], kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def display_flag_kinds(kinds: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """How many flags of each kind (warnings first)."""
    return pd.DataFrame(
        {
            text("col.severity", lang): kinds["severity"].map(lambda s: text(f"severity.{s}", lang)),
            text("col.flag", lang): kinds["message"],
            text("col.count", lang): kinds["n"],
        }
    ).reset_index(drop=True)


def source_columns(frame: pd.DataFrame, lang: str = "th") -> dict[str, pd.Series]:
    """File, sheet and row: how every table shows where a figure comes from."""
    return {
        text("col.file", lang): frame["source_file"],
        text("col.sheet", lang): frame["source_sheet"],
        text("col.row", lang): frame["source_row"],
    }


def display_flags(flags: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    return pd.DataFrame(
        {
            **source_columns(flags, lang),
            text("col.agency", lang): flags["agency"],
            text("col.severity", lang): flags["severity"].map(lambda s: text(f"severity.{s}", lang)),
            text("col.flag", lang): flags["message"],
            text("col.measure", lang): flags["measure"],
        }
    ).reset_index(drop=True)


def skipped_rows(results: Sequence, lang: str = "th") -> pd.DataFrame:
    """Every skipped row of every file, with its reason in words."""
    frames = [r.skipped for r in results if r.skipped is not None and len(r.skipped)]
    if not frames:
        return pd.DataFrame(columns=["source_file", "source_sheet", "source_row", "reason", "reason_text", "text"])
    out = pd.concat(frames, ignore_index=True)
    out["reason_text"] = out["reason_en" if lang == "en" else "reason_th"]
    return out[["source_file", "source_sheet", "source_row", "reason", "reason_text", "text"]]


def display_skipped(skipped: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    return pd.DataFrame(
        {
            **source_columns(skipped, lang),
            text("col.reason", lang): skipped["reason_text"],
            text("col.text", lang): skipped["text"],
        }
    ).reset_index(drop=True)


def skip_reason_counts(skipped: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """How many rows were skipped for each reason (most frequent first)."""
    if skipped.empty:
        return pd.DataFrame({text("col.reason", lang): [], text("col.count", lang): []})
    col = "reason_text" if "reason_text" in skipped else ("reason_en" if lang == "en" else "reason_th")
    counts = skipped.groupby(col).size().sort_values(ascending=False)
    return pd.DataFrame({text("col.reason", lang): counts.index, text("col.count", lang): counts.values})


def file_summary(results: Sequence, lang: str = "th") -> pd.DataFrame:
    """One row per imported file: read or not, measures, skipped rows, warnings, the error."""
    rows = []
    for r in results:
        warnings = [m for m in r.messages if m.level in ("warning", "error")]
        agencies_ = sorted({short(a) for a in r.measures["agency"].astype(str) if a}) if r.error is None else []
        rows.append(
            {
                text("col.file", lang): r.file,
                text("col.result", lang): text("import.ok" if r.error is None else "import.failed", lang),
                text("col.agency", lang): ", ".join(agencies_[:3]) + (" …" if len(agencies_) > 3 else ""),
                text("col.n_measures", lang): len(r.measures) if r.error is None else 0,
                text("col.n_skipped", lang): len(r.skipped) if r.error is None else 0,
                text("col.n_warnings", lang): len(warnings),
                text("col.error", lang): "" if r.error is None else (r.error.en if lang == "en" else r.error.th),
            }
        )
    return pd.DataFrame(rows)


def display_messages(messages: Sequence, lang: str = "th") -> pd.DataFrame:
    return pd.DataFrame(
        {
            text("col.severity", lang): [text(f"severity.{m.level}", lang) for m in messages],
            text("col.sheet", lang): [m.sheet for m in messages],
            text("col.row", lang): pd.array([m.row for m in messages], dtype="Int64"),
            text("col.message", lang): [m.en if lang == "en" else m.th for m in messages],
        }
    )


def display_replaced(replaced: Sequence[dict], lang: str = "th") -> pd.DataFrame:
    return pd.DataFrame(
        {
            text("col.file", lang): [r.get("file", "") for r in replaced],
            text("col.replaced_by", lang): [r.get("replaced_by", "") for r in replaced],
            text("col.agency", lang): [r.get("agency", "") for r in replaced],
            text("col.message", lang): [r.get("en" if lang == "en" else "th", "") for r in replaced],
        }
    )
