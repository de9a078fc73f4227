"""The dashboard's helpers: session state, cached calls into `calc`, chart builders and the HTML report.

`ui.charts` and `ui.report` are pure (plotly and HTML, no Streamlit); `ui.state`
and `ui.data` hold the Streamlit side, so pages stay thin.
"""
