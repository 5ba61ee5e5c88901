"""Understanding Thai text — the vocabulary every later step reads with.

Thai digits and spacing (`thai_text`), Buddhist-era dates (`dates`), status words (`status`),
ITA item codes (`item_codes`), agency names (`agencies`), responsible units (`responsible`), the
framework catalogs of each year (`catalogs`) and places (`gazetteer`). Pure functions over strings,
driven by the tables in `data/` (loaded by name through `ita_metrics.datafiles`).

Place in the pipeline: the lowest layer of the pipeline — `reading` finds headers and item codes with
it, `interpret` turns cells into values with it; it imports nothing from the other layers.
"""

__all__ = [
    "agencies",
    "catalogs",
    "dates",
    "gazetteer",
    "item_codes",
    "responsible",
    "status",
    "thai_text",
]
