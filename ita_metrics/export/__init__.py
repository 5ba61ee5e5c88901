"""Files for people: Excel, PowerPoint, chart images, the submission template, letters, one-page summaries.

`xlsx` (the Excel report), `pptx` (the 16:9 deck, on the slide primitives of `deck`; its chart
images from `deck_images`), `images` (chart PNGs through kaleido),
`template` (the blank submission workbook), `letters` and `thai_doc` (reminder letters as .docx),
`agency_page` (one page per agency as PDF and .docx). Every cell people open goes through
`ita_metrics.safe_cells.neutralise`.

Place in the pipeline: last, beside the UI; built on `presentation` and `scoring`.
"""

__all__ = [
    "agency_page",
    "deck",
    "deck_images",
    "images",
    "letters",
    "pptx",
    "template",
    "thai_doc",
    "xlsx",
]
