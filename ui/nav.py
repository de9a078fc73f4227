"""The sidebar every page shows: the language, the pages by their names, and the log and tariffs in use."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from calc.i18n import N_, _, format_number, ngettext
from ui import data, datasets
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
    ("pages/4_workspaces.py", N_("Workspaces"), ":material/folder_open:"),
    ("pages/6_glossary.py", N_("Glossary"), ":material/menu_book:"),
)
#: Shown only when the operator turns dataset pricing on (`ui.datasets.enabled`).
DATASET_PAGE = ("pages/7_dataset.py", N_("Large dataset"), ":material/database:")

#: The bundled samples' names (``ui.state.samples``), shown in the user's language.
SAMPLE_NAMES = (N_("omnichannel smb"), N_("outbound campaign"), N_("outbound international"), N_("support desk"))


def log_name(name: str) -> str:
    """A log's name as shown: a bundled sample's in the user's language, an upload's as it came."""
    return _(name) if name in SAMPLE_NAMES else name


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
    count = ngettext("{count} record", "{count} records", prepared.records).format(
        count=format_number(prepared.records)
    )
    line = f"**{md(log_name(loaded.name))}**  \n{count}"
    if prepared.has_time and prepared.records:
        first, last = (np.datetime64(int(prepared.start_us[i]), "us").astype("datetime64[D]") for i in (0, -1))
        line += " · " + (_("{first} to {last}").format(first=first, last=last) if first != last else str(first))
    return line


def sidebar() -> DeltaGenerator:
    """Draw the language switch, the navigation, what is loaded, and what the page must know about its workspace.

    Sets the run's language first (`ui.i18n.setup_language`), so every page speaks it. A message about
    the workspace (a link not found, a save refused) is shown once; a read-only shared copy says so
    above the page and offers to duplicate it.

    Returns the slot of the log line: it shows the log's records and period when the session holds
    it read; a page that reads the log passes the slot to `log_or_stop` (or `show_log`), which fills it
    in once the log is read.
    """
    setup_language()
    state = st.session_state
    notice = state.pop(keys.WORKSPACE_NOTICE, None)
    if notice:
        st.warning(md(notice), icon=":material/folder_off:")
    if state[keys.WORKSPACE_READ_ONLY]:
        banner, action = st.columns([4, 1], vertical_alignment="center")
        banner.info(
            _(
                "**Read-only copy** — Duplicate to edit. You can look around and change the view, "
                "but nothing here is saved."
            ),
            icon=":material/visibility:",
        )
        action.button(
            _("Duplicate to edit"),
            key="nav_duplicate",
            on_click=keys.duplicate_workspace,
            icon=":material/content_copy:",
        )
    with st.sidebar:
        st.markdown("### " + _("Tariff Compare"))
        language_switch()
        for script, label, icon in PAGES + ((DATASET_PAGE,) if datasets.enabled() else ()):
            st.page_link(script, label=_(label), icon=icon)
        st.divider()
        name = state[keys.WORKSPACE_NAME] or _("unnamed")
        if state[keys.WORKSPACE_READ_ONLY] and state[keys.WORKSPACE_NAME] == "":
            st.caption(_("Workspace: **{name}** (read-only copy)").format(name=md(name)))
        else:
            st.caption(_("Workspace: **{name}**").format(name=md(name)))
        slot = st.empty()
        loaded, source = state.get(keys.LOADED), state[keys.LOG_SOURCE]
        if loaded is not None and loaded.key == data.source_key(source, state[keys.IMPORT_OPTIONS]):
            show_log(slot, loaded)
        else:
            slot.caption(_("Log: **{log}**").format(log=md(log_name(source["name"]))))
        st.caption(_("Tariffs: **{count}** in the set").format(count=format_number(len(state[keys.TARIFFS]))))
    return slot


def show_log(slot: DeltaGenerator, loaded: data.LoadedLog) -> None:
    """Write the log in use (see `log_in_use`) into the sidebar's log slot."""
    slot.caption(_("Log: {log}").format(log=log_in_use(loaded)))


def page_path(script: str) -> str:
    """The URL path Streamlit gives a page script: ``""`` for the home page, ``"what_if"`` for ``3_what_if.py``.

    Examples
    --------
    >>> page_path("app.py"), page_path("pages/3_what_if.py")
    ('', 'what_if')
    """
    if script == PAGES[0][0]:
        return ""
    return Path(script).stem.split("_", 1)[1]


def workspace_link(workspace_id: str, script: str = "app.py", here: str = "pages/4_workspaces.py") -> str:
    """The address that opens a workspace on a page, built from the address of the page `here` the user is on.

    Falls back to a relative ``page?ws=ID`` when the browser's address is unknown (as in tests).
    """
    url = (st.context.url or "").split("?", 1)[0].rstrip("/")
    root = url.removesuffix(page_path(here)).rstrip("/") if here != PAGES[0][0] else url
    path = page_path(script)
    return (
        f"{root}/{path}?{keys.WORKSPACE_PARAM}={workspace_id}"
        if root
        else f"{path}?{keys.WORKSPACE_PARAM}={workspace_id}"
    )


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
        st.error(_("The call log cannot be read: {reason}").format(reason=data.failure_text(error)))
        keys.save_workspace()
        st.page_link("app.py", label=_("Choose another log"), icon=":material/arrow_back:")
        st.stop()
    if slot is not None:
        show_log(slot, loaded)
    return loaded
