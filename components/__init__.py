"""Streamlit-specific helpers shared by the pages: language, data loading and caching, the house
style, and reusable widgets. Everything that computes lives in `ita_metrics` (no Streamlit there)."""
