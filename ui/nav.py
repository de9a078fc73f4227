"""The sidebar every page shows: the pages by their names, and the log and tariffs in use."""

from __future__ import annotations

import streamlit as st

from ui import data, datasets
from ui import state as keys
from ui.safe import md

#: (script, label, icon) of every page, in the order a newcomer goes through them.
PAGES = (
    ("app.py", "Call log", ":material/call:"),
    ("pages/1_tariffs.py", "Tariffs", ":material/request_quote:"),
    ("pages/2_compare.py", "Compare", ":material/leaderboard:"),
    ("pages/3_what_if.py", "What if", ":material/science:"),
)
#: Shown only when the operator turns dataset pricing on (`ui.datasets.enabled`).
DATASET_PAGE = ("pages/4_dataset.py", "Large dataset", ":material/database:")


def sidebar() -> None:
    """Draw the navigation and a reminder of what is loaded."""
    with st.sidebar:
        st.markdown("### Tariff Compare")
        for script, label, icon in PAGES + ((DATASET_PAGE,) if datasets.enabled() else ()):
            st.page_link(script, label=label, icon=icon)
        st.divider()
        source = st.session_state[keys.LOG_SOURCE]
        st.caption(f"Log: **{md(source['name'])}**  \nTariffs: **{len(st.session_state[keys.TARIFFS])}** in the set")


def log_or_stop() -> data.LoadedLog:
    """The session's log; when it cannot be read, say why, point back to the log page and stop the page."""
    try:
        return data.current_log()
    except Exception as error:  # noqa: BLE001 - the page's boundary
        st.error(f"The call log cannot be read: {data.failure_text(error)}")
        st.page_link("app.py", label="Choose another log", icon=":material/arrow_back:")
        st.stop()
