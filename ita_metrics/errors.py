"""User-facing messages (Thai first) and the one exception the readers raise for bad input."""

from __future__ import annotations

from dataclasses import dataclass, field

from ita_metrics.words import coded, text

DOCUMENT_PLACES = ("หน้า", "ตาราง", "ย่อหน้า", "เอกสาร")  # where a PDF/Word row is: no "ชีต" before it


@dataclass
class Message:
    level: str  # "error" | "warning" | "info"
    code: str
    th: str
    en: str
    file: str = ""
    sheet: str = ""
    row: int | None = None

    def where(self) -> str:
        sheet = self.sheet if self.sheet.startswith(DOCUMENT_PLACES) else f"{text('source.sheet')} {self.sheet}"
        parts = [self.file, sheet if self.sheet else "", f"{text('source.row')} {self.row}" if self.row else ""]
        return " · ".join(p for p in parts if p)

    def line(self) -> str:
        """One line for stderr: the file, then Thai, then English."""
        return f"{self.where()}: {self.th} / {self.en}"


def message(
    code: str, level: str = "error", file: str = "", sheet: str = "", row: int | None = None, **values: object
) -> Message:
    """Build a message from the `msg.<code>` row of data/ui_text.csv; `values` fill the {placeholders}."""
    words = coded("msg.", code)
    if words is None:
        return Message(level, code, code, code, file, sheet, row)
    return Message(level, code, words[0].format(**values), words[1].format(**values), file, sheet, row)


@dataclass
class ReadError(Exception):
    """A file that cannot be read at all; carries the message shown to the user."""

    msg: Message = field(default_factory=lambda: Message("error", "unreadable", "", ""))

    def __str__(self) -> str:
        return self.msg.line()
