"""The sidebar every page shows: the language, the pages by their names, and the log and tariffs in use."""

from __future__ import annotations

from pathlib import Path

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
    ("pages/4_workspaces.py", N_("Workspaces"), ":material/folder_open:"),
    ("pages/6_glossary.py", N_("Glossary"), ":material/menu_book:"),
)

#: The bundled samples' names (``ui.state.samples``), shown in the user's language.
SAMPLE_NAMES = (N_("omnichannel smb"), N_("outbound campaign"), N_("outbound international"), N_("support desk"))


def log_name(name: str) -> str:
    """A log's name as shown: a bundled sample's in the user's language, an upload's as it came."""
    return _(name) if name in SAMPLE_NAMES else name


def sidebar() -> None:
    """Draw the language switch, the navigation, what is loaded, and what the page must know about its workspace.

    Sets the run's language first (`ui.i18n.setup_language`), so every page speaks it. A message about
    the workspace (a link not found, a save refused) is shown once; a read-only shared copy says so
    above the page and offers to duplicate it.
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
        for script, label, icon in PAGES:
            st.page_link(script, label=_(label), icon=icon)
        st.divider()
        source = state[keys.LOG_SOURCE]
        name = state[keys.WORKSPACE_NAME] or _("unnamed")
        if state[keys.WORKSPACE_READ_ONLY] and state[keys.WORKSPACE_NAME] == "":
            workspace = _("Workspace: **{name}** (read-only copy)").format(name=md(name))
        else:
            workspace = _("Workspace: **{name}**").format(name=md(name))
        loaded = _("Log: **{log}**  \nTariffs: **{count}** in the set").format(
            log=md(log_name(source["name"])), count=format_number(len(state[keys.TARIFFS]))
        )
        st.caption(f"{workspace}  \n{loaded}")


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


def log_or_stop() -> data.LoadedLog:
    """The session's log; when it cannot be read, say why, point back to the log page and stop the page."""
    try:
        return data.current_log()
    except Exception as error:  # noqa: BLE001 - the page's boundary
        st.error(_("The call log cannot be read: {reason}").format(reason=data.failure_text(error)))
        keys.save_workspace()
        st.page_link("app.py", label=_("Choose another log"), icon=":material/arrow_back:")
        st.stop()
