"""The sidebar every page shows: the pages by their names, and the log and tariffs in use."""

from __future__ import annotations

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui import data
from ui import state as keys
from ui.safe import md

#: (script, label, icon) of every page, in the order a newcomer goes through them.
PAGES = (
    ("app.py", "Call log", ":material/call:"),
    ("pages/1_tariffs.py", "Tariffs", ":material/request_quote:"),
    ("pages/2_compare.py", "Compare", ":material/leaderboard:"),
    ("pages/3_what_if.py", "What if", ":material/science:"),
)


def log_in_use(loaded: data.LoadedLog) -> str:
    """The log in use in one short Markdown line: name, records and the first and last day.

    Cheap on any log: the prepared records are sorted by start, so the period is
    their first and last start.

    Parameters
    ----------
    loaded : ui.data.LoadedLog

    Returns
    -------
    str
        The name in bold, a Markdown line break, then e.g. "10,871 records · 2026-01-05 to 2026-02-27".
    """
    prepared = loaded.prepared
    line = f"**{md(loaded.name)}**  \n{prepared.records:,} records"
    if prepared.has_time and prepared.records:
        first, last = (np.datetime64(int(prepared.start_us[i]), "us").astype("datetime64[D]") for i in (0, -1))
        line += f" · {first} to {last}" if first != last else f" · {first}"
    return line


def sidebar() -> DeltaGenerator:
    """Draw the navigation and a reminder of what is loaded; return the slot of the log line.

    The log line shows the log's records and period when the session holds it read;
    a page that reads the log passes the slot to `log_or_stop` (or `show_log`), which
    fills it in once the log is read.
    """
    state = st.session_state
    with st.sidebar:
        st.markdown("### Tariff Compare")
        for script, label, icon in PAGES:
            st.page_link(script, label=label, icon=icon)
        st.divider()
        slot = st.empty()
        loaded, source = state.get(keys.LOADED), state[keys.LOG_SOURCE]
        if loaded is not None and loaded.key == data.source_key(source, state[keys.IMPORT_OPTIONS]):
            show_log(slot, loaded)
        else:
            slot.caption(f"Log: **{md(source['name'])}**")
        st.caption(f"Tariffs: **{len(state[keys.TARIFFS])}** in the set")
    return slot


def show_log(slot: DeltaGenerator, loaded: data.LoadedLog) -> None:
    """Write the log in use (see `log_in_use`) into the sidebar's log slot."""
    slot.caption(f"Log: {log_in_use(loaded)}")


def log_or_stop(slot: DeltaGenerator | None = None) -> data.LoadedLog:
    """The session's log; when it cannot be read, say why, point back to the log page and stop the page.

    Parameters
    ----------
    slot : DeltaGenerator, optional
        The sidebar's log slot (from `sidebar`), filled in with the log read.
    """
    try:
        loaded = data.current_log()
    except Exception as error:  # noqa: BLE001 - the page's boundary
        st.error(f"The call log cannot be read: {data.failure_text(error)}")
        st.page_link("app.py", label="Choose another log", icon=":material/arrow_back:")
        st.stop()
    if slot is not None:
        show_log(slot, loaded)
    return loaded
