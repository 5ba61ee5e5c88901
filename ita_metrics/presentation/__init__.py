"""Presentation: the words, colours, tables and charts people see.

`ui_text` (Thai/English labels from data/ui_text.csv), `theme` (colours and fonts from
data/ui.toml), `views` (the tables the pages show), `charts` and `time_charts` (plotly figures;
`label_wrap` breaks Thai labels at word boundaries), `report_figures`
(the meeting's figures, shared by the pages and the exports), `data_scope` (what a view holds),
`followup_view` (the follow-up tables and charts), `quality_views` (flags, skipped rows, file
summaries), `correction_log` (the store's record of corrections in words). No Streamlit: the pages call these.

Place in the pipeline: after `scoring`; `export` builds on it, nothing below imports it.
"""

__all__ = [
    "charts",
    "correction_log",
    "data_scope",
    "followup_view",
    "label_wrap",
    "quality_views",
    "report_figures",
    "theme",
    "time_charts",
    "ui_text",
    "views",
]
