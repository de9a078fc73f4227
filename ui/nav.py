"""The sidebar every page shows: the pages by their names, and the log and tariffs in use."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import data
from ui import state as keys
from ui.safe import md

#: (script, label, icon) of every page, in the order a newcomer goes through them.
PAGES = (
    ("app.py", "Call log", ":material/call:"),
    ("pages/1_tariffs.py", "Tariffs", ":material/request_quote:"),
    ("pages/2_compare.py", "Compare", ":material/leaderboard:"),
    ("pages/3_what_if.py", "What if", ":material/science:"),
    ("pages/4_workspaces.py", "Workspaces", ":material/folder_open:"),
)


def sidebar() -> None:
    """Draw the navigation, a reminder of what is loaded, and what the page must know about its workspace.

    A message about the workspace (a link not found, a save refused) is shown once; a read-only
    shared copy says so above the page and offers to duplicate it.
    """
    state = st.session_state
    notice = state.pop(keys.WORKSPACE_NOTICE, None)
    if notice:
        st.warning(md(notice), icon=":material/folder_off:")
    if state[keys.WORKSPACE_READ_ONLY]:
        banner, action = st.columns([4, 1], vertical_alignment="center")
        banner.info(
            "**Read-only copy** — Duplicate to edit. You can look around and change the view, "
            "but nothing here is saved.",
            icon=":material/visibility:",
        )
        action.button(
            "Duplicate to edit", key="nav_duplicate", on_click=keys.duplicate_workspace, icon=":material/content_copy:"
        )
    with st.sidebar:
        st.markdown("### Tariff Compare")
        for script, label, icon in PAGES:
            st.page_link(script, label=label, icon=icon)
        st.divider()
        source = st.session_state[keys.LOG_SOURCE]
        name = state[keys.WORKSPACE_NAME] or "unnamed"
        mode = " (read-only copy)" if state[keys.WORKSPACE_READ_ONLY] and state[keys.WORKSPACE_NAME] == "" else ""
        st.caption(
            f"Workspace: **{md(name)}**{mode}  \nLog: **{md(source['name'])}**  \n"
            f"Tariffs: **{len(st.session_state[keys.TARIFFS])}** in the set"
        )


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
        st.error(f"The call log cannot be read: {data.failure_text(error)}")
        keys.save_workspace()
        st.page_link("app.py", label="Choose another log", icon=":material/arrow_back:")
        st.stop()
