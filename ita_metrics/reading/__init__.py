"""Reading files: bytes of one report -> sheets of cells -> the table -> raw rows.

`limits` (size and zip checks) and `worker_pool` (readers run in worker processes), `readers`
(xlsx/xls/ods/csv, dispatching documents to `read_docx` and `read_pdf`; `pdf_page` cuts a PDF
page into rows and cells with `pdf_text`, `pdf_rules` and `pdf_columns`; scans go to
`scan_reader` with `scan_image`, `scan_grid`, `tesseract`, `digit_shapes`, `ocr_text`), then
`layout` (header rows, column roles, title metadata) and `rows` (sections, page-break
continuations, skipped rows with reasons).

Place in the pipeline: first. It may use `thai` (header words, item codes); never `interpret` or later.
"""

__all__ = [
    "csv_checks",
    "digit_shapes",
    "layout",
    "limits",
    "ocr_text",
    "pdf_columns",
    "pdf_page",
    "pdf_rules",
    "pdf_text",
    "read_docx",
    "read_pdf",
    "readers",
    "rows",
    "scan_grid",
    "scan_image",
    "scan_reader",
    "tesseract",
    "worker_pool",
]
