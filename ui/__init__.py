"""The dashboard's helpers: session state, cached calls into `calc`, chart builders and the reports.

The chart, table and report builders (`ui.charts`, `ui.tables`, `ui.report`, `ui.pdf_report`...) are pure
(plotly, HTML, PDF; no Streamlit). The Streamlit side is in `ui.state`, `ui.data` and `ui.whatif_data` (cached
calls), `ui.nav`, `ui.i18n`, and the What-if page's `ui.whatif_demos` and `ui.whatif_staffing`, so pages stay thin.
"""
