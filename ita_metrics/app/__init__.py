"""The dashboard's state, without Streamlit: what a session's uploads and corrections add up to.

`app_state` (parsed files + corrections -> the dataset the pages show) and `batch_save` (that
dataset saved to the store as one batch).

Place in the pipeline: above `store`, `presentation` and `scoring`; used by `components/` and the CLI.
"""

__all__ = [
    "app_state",
    "batch_save",
]
