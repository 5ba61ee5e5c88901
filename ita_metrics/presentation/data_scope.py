"""What a set of measures covers — provinces, fiscal years, rounds, as-of dates — worded for
titles, slide footers and file names, so every view names the data it actually holds.

>>> import pandas as pd
>>> m = pd.DataFrame({"province": ["บุรีรัมย์", "พัทลุง"], "fiscal_year": [2565, 2566],
...                   "round": [6, 12], "as_of": ["2022-04-30", "2023-10-31"]})
>>> s = scope_of(m)
>>> s.label("th")
'หลายจังหวัด (2 จังหวัด) · ปีงบประมาณ พ.ศ. 2565–2566 · รอบ 6 และ 12 เดือน'
>>> s.file_stem()
'ITA_2565-2566_r6-12'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from ita_metrics.coerce import to_date
from ita_metrics.presentation.report_figures import thai_date
from ita_metrics.presentation.ui_text import format_date, text


def _ints(values: pd.Series) -> tuple[int, ...]:
    return tuple(sorted({int(v) for v in values if not pd.isna(v) and str(v).strip() != ""}))


@dataclass(frozen=True)
class DataScope:
    provinces: tuple[str, ...] = ()
    fiscal_years: tuple[int, ...] = ()
    rounds: tuple[int, ...] = ()
    no_round: bool = False  # some report states no round
    as_of: tuple[date, ...] = ()  # the distinct as-of dates, oldest first

    def place(self, lang: str = "th") -> str:
        if len(self.provinces) == 1:
            return text("scope.one_province", lang, name=self.provinces[0])
        if self.provinces:
            return text("scope.many_provinces", lang, n=len(self.provinces))
        return text("scope.no_province", lang)

    def years(self, lang: str = "th") -> str:
        if not self.fiscal_years:
            return ""
        span = (
            str(self.fiscal_years[0])
            if len(self.fiscal_years) == 1
            else f"{self.fiscal_years[0]}–{self.fiscal_years[-1]}"
        )
        return text("scope.fiscal_year", lang, years=span)

    def round_words(self, lang: str = "th") -> str:
        parts = []
        if self.rounds:
            joined = f" {text('scope.rounds_and', lang)} ".join(str(r) for r in self.rounds)
            parts.append(text("scope.round", lang, rounds=joined))
        if self.no_round:
            parts.append(text("scope.no_round", lang))
        return ", ".join(parts)

    def label(self, lang: str = "th") -> str:
        """ "จังหวัดบุรีรัมย์ · ปีงบประมาณ พ.ศ. 2566 · รอบ 6 เดือน" — or what the data really mixes."""
        return " · ".join(p for p in (self.place(lang), self.years(lang), self.round_words(lang)) if p)

    def as_of_label(self, lang: str = "th", long: bool = False) -> str:
        """One date when every report shares it, else the range (each report keeps its own);
        `long`: Thai month names in full, as in the meeting files."""
        if not self.as_of:
            return ""
        first, last = (
            thai_date(d) if long and lang == "th" else format_date(d.isoformat(), lang)
            for d in (self.as_of[0], self.as_of[-1])
        )
        if first == last:
            return text("scope.as_of", lang, day=first)
        return text("scope.as_of_range", lang, first=first, last=last)

    def file_stem(self) -> str:
        """ "ITA_2566_r6" for one year and round; "ITA_2565-2566_r6-12" when mixed."""
        parts = ["ITA"]
        if self.fiscal_years:
            parts.append("-".join(str(y) for y in sorted({self.fiscal_years[0], self.fiscal_years[-1]})))
        if self.rounds:
            parts.append("r" + "-".join(str(r) for r in self.rounds))
        return "_".join(parts)


def scope_of(measures: pd.DataFrame) -> DataScope:
    """The scope of the measures table (any table with the model's columns)."""
    if measures.empty:
        return DataScope()
    provinces = tuple(sorted({str(p).strip() for p in measures["province"] if not pd.isna(p) and str(p).strip()}))
    rounds = measures["round"]
    days = sorted({d for d in (to_date(v) for v in measures.get("as_of", pd.Series(dtype=str))) if d})
    return DataScope(
        provinces,
        _ints(measures["fiscal_year"]),
        _ints(rounds),
        bool(rounds.isna().any() or (rounds.astype(str).str.strip() == "").any()),
        tuple(days),
    )
