"""Presentation helpers of the Streamlit app (`streamlit_app.py`).

Pure functions that turn `katalog` API results into text, HTML and tables, plus thin adapters that
call the API and turn a missing module or a failure into a Korean message. No Streamlit import here,
so everything is unit-testable without a running app.
"""
