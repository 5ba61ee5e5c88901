"""The synthetic sample province: a generator of report files in every layout the parser reads.

Not product code: the dashboard only reads the files it wrote (`data/sample/`); `scripts/make_sample_data.py`,
the benchmarks and the tests call `synth` (its public face; the parts: `truth`, `province`,
`workbook`, `writers_pdf`, `writers_check`, `writers_csv`). It lives outside `ita_metrics` so the installed package
carries no generator and the import rules of `ita_metrics` need not mention it.
"""

__all__ = ["province", "synth", "truth", "workbook", "writers_check", "writers_csv", "writers_pdf"]
