"""The sidebar every page shows: the language switch, the pages by their names, and the log and tariffs in use."""

from __future__ import annotations

import streamlit as st

from calc.i18n import N_, _, format_number
from ui import data
from ui import state as keys
from ui.i18n import language_switch, setup_language
from ui.safe import md

#: (script, label, icon) of every page, in the order a newcomer goes through them; labels are shown through _().
PAGES = (
    ("app.py", N_("Call log"), ":material/call:"),
    ("pages/1_tariffs.py", N_("Tariffs"), ":material/request_quote:"),
    ("pages/2_compare.py", N_("Compare"), ":material/leaderboard:"),
    ("pages/3_what_if.py", N_("What if"), ":material/science:"),
    ("pages/5_decision.py", N_("Decision"), ":material/gavel:"),
    ("pages/6_glossary.py", N_("Glossary"), ":material/menu_book:"),
)

#: The bundled samples' names (``ui.state.samples``), shown in the user's language.
SAMPLE_NAMES = (N_("omnichannel smb"), N_("outbound campaign"), N_("outbound international"), N_("support desk"))


def log_name(name: str) -> str:
    """A log's name as shown: a bundled sample's in the user's language, an upload's as it came."""
    return _(name) if name in SAMPLE_NAMES else name


def sidebar() -> None:
    """Draw the language switch, the navigation and a reminder of what is loaded.

    Sets the run's language first (`ui.i18n.setup_language`), so every page speaks it.
    """
    setup_language()
    with st.sidebar:
        st.markdown("### " + _("Tariff Compare"))
        language_switch()
        for script, label, icon in PAGES:
            st.page_link(script, label=_(label), icon=icon)
        st.divider()
        source = st.session_state[keys.LOG_SOURCE]
        st.caption(
            _("Log: **{log}**  \nTariffs: **{count}** in the set").format(
                log=md(log_name(source["name"])), count=format_number(len(st.session_state[keys.TARIFFS]))
            )
        )


def log_or_stop() -> data.LoadedLog:
    """The session's log; when it cannot be read, say why, point back to the log page and stop the page."""
    try:
        return data.current_log()
    except Exception as error:  # noqa: BLE001 - the page's boundary
        st.error(_("The call log cannot be read: {reason}").format(reason=data.failure_text(error)))
        st.page_link("app.py", label=_("Choose another log"), icon=":material/arrow_back:")
        st.stop()
