"""ITA measures: read agencies' measure reports, score them, and explain every figure.

The pipeline, one module per step:
readers (bytes -> sheets of cells) -> layout (find the table, map columns) -> rows (walk the
table into raw measures) -> interpret (Thai text -> dates, status, codes) -> timeliness ->
importer (one file's result) -> scoring -> views and exports.

Importing the package changes nothing global (no environment variables, no paths): the entry
points (`dashboard.py`, `python -m ita_metrics`) set `PYTHAINLP_OFFLINE=1` themselves.
"""

__version__ = "0.1.0"
