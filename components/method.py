"""The scoring method page's text: docs/scoring.md, the section in the user's language."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "scoring.md"
_SECTIONS = {"th": "## ภาษาไทย", "en": "## English"}


def scoring_markdown(lang: str = "th") -> str:
    """The part of docs/scoring.md for `lang` (the intro, then that language's section); the whole
    file when its sections cannot be found. The file's own H1 is dropped: the page has a title."""
    if not DOC.exists():
        return "docs/scoring.md"
    doc = DOC.read_text(encoding="utf-8")
    lines = doc.splitlines()
    if lines and lines[0].startswith("# "):
        doc = "\n".join(lines[1:])
    heads = {k: doc.find(v) for k, v in _SECTIONS.items()}
    if any(i < 0 for i in heads.values()):
        return doc
    intro = doc[: min(heads.values())].rstrip().rstrip("-").rstrip()
    start = heads[lang if lang in heads else "th"]
    others = [i for i in heads.values() if i > start]
    body = doc[start : min(others)] if others else doc[start:]
    body = body.rstrip().rstrip("-").rstrip()
    intro_part = intro.split("\n\n")
    # the intro is written Thai paragraph first, English second
    intro_text = intro_part[0] if lang == "th" or len(intro_part) < 2 else "\n\n".join(intro_part[1:])
    return intro_text.strip() + "\n\n" + body.split("\n", 1)[1].strip()
