"""The floor of benchmarks/first_screen_bench.py: a bare Streamlit page holding one plotly chart,
served and measured exactly like the dashboard. Nothing of the project is imported."""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="floor", layout="wide")
st.title("floor")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), theme=None)
