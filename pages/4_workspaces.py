"""Workspaces: this session's saved work by name, a read-only copy to share, and every named workspace."""

import datetime as dt

import streamlit as st

from calc import InputError
from ui import nav, workspaces
from ui import state as keys
from ui.safe import md

st.set_page_config(page_title="Workspaces · Tariff Compare", page_icon=":telephone_receiver:", layout="wide")
keys.init_state()
nav.sidebar()
state = st.session_state
HERE = "pages/4_workspaces.py"
OPENS = {label: script for script, label, _ in nav.PAGES if script != HERE}


def when(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def rename() -> None:
    try:
        keys.rename_workspace(state["workspaces_name"])
    except InputError as error:
        state["workspaces_error"] = md(error)
    else:
        state["workspaces_flash"] = (
            f"Renamed to **{md(state[keys.WORKSPACE_NAME])}**."
            if state[keys.WORKSPACE_NAME]
            else "The workspace is unnamed now: it is no longer listed."
        )


def share() -> None:
    state["workspaces_shared"] = keys.share_workspace()


def open_other(workspace_id: str) -> None:
    if not keys.open_workspace(workspace_id):
        state[keys.WORKSPACE_NOTICE] = "That workspace no longer exists (deleted or expired)."


def duplicate(workspace_id: str) -> None:
    copy = keys.store().duplicate(workspace_id)
    source = keys.store().summary(workspace_id)
    keys.store().rename(copy, f"{source.name.removesuffix(' (read-only copy)')[:90]} (copy)")
    keys.open_workspace(copy)


def delete(workspace_id: str) -> None:
    state.pop("workspaces_confirm", None)
    keys.store().delete(workspace_id)
    if workspace_id == state[keys.WORKSPACE]:
        keys.new_workspace()
        state["workspaces_flash"] = "The workspace you were in was deleted: this is a fresh one."


st.title("Workspaces")
st.caption(
    "Everything you do is saved as you go: the call log and how it is read, the tariffs with their rate decks, "
    "the comparison and your current contract, the What-if settings. The link in the address bar (its `ws=...`) "
    "reopens exactly this work, after a reload too: bookmark it. Whoever has that link can change the work; "
    "to show it to someone else, share a read-only copy."
)
if state.get("workspaces_flash"):
    st.success(state.pop("workspaces_flash"))
if state.get("workspaces_error"):
    st.error(state.pop("workspaces_error"))

summary = keys.store().summary(state[keys.WORKSPACE]) if state[keys.WORKSPACE] else None
st.subheader("This workspace")
if summary is None:
    st.info("This session's work is not saved (see the message above).")
else:
    read_only = summary.read_only
    name_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    name_col.text_input(
        "Name",
        value=summary.name,
        key="workspaces_name",
        max_chars=workspaces.MAX_NAME_CHARS,
        placeholder="unnamed: found by its link only",
        disabled=read_only,
        help="Named workspaces are listed below, for everyone who opens this page on this server",
    )
    button_col.button("Rename", key="workspaces_rename", on_click=rename, disabled=read_only)
    st.caption(
        f"{'Read-only copy, made' if read_only else 'Made'} {when(summary.created)}; last changed "
        f"{when(summary.updated)}; {summary.size / 2**20:,.2f} MB. Log **{md(summary.log_name)}**, "
        f"{summary.tariff_count} tariffs."
    )
    st.markdown("Link to this workspace:")
    st.code(nav.workspace_link(summary.id, here=HERE), language=None)
    share_col, copy_col, new_col = st.columns(3)
    share_col.button(
        "Share a read-only copy",
        key="workspaces_share",
        on_click=share,
        icon=":material/share:",
        help="A copy of the work as it is now, with its own link; it never changes and cannot be edited",
    )
    copy_col.button(
        "Duplicate", key="workspaces_duplicate", on_click=keys.duplicate_workspace, icon=":material/content_copy:"
    )
    new_col.button(
        "Start a new workspace",
        key="workspaces_new",
        on_click=keys.new_workspace,
        icon=":material/add:",
        help="The bundled sample and the preset tariffs; this workspace stays saved at its link",
    )
    if state.get("workspaces_shared"):
        shared = state["workspaces_shared"]
        st.success("Read-only copy made. Send this link: whoever opens it sees this work and can duplicate it.")
        opens = st.selectbox("The link opens the page", list(OPENS), key="workspaces_share_page")
        st.code(nav.workspace_link(shared, OPENS[opens], here=HERE), language=None)

st.subheader("Named workspaces")
listed = keys.store().list()
if not listed:
    st.info("No named workspace yet: give this one a name above to find it here.")
confirm = state.get("workspaces_confirm")
for item in listed:
    columns = st.columns([3, 2, 1, 1, 1], vertical_alignment="center")
    here = " (this one)" if item.id == state[keys.WORKSPACE] else ""
    columns[0].markdown(
        f"**{md(item.name)}**{here}{' · read-only' if item.read_only else ''}  \n"
        f"{md(item.log_name)}, {item.tariff_count} tariffs"
    )
    columns[1].caption(f"Used {when(item.last_used)}")
    columns[2].button(
        "Open", key=f"workspaces_open_{item.id}", on_click=open_other, args=(item.id,), disabled=bool(here)
    )
    columns[3].button("Duplicate", key=f"workspaces_copy_{item.id}", on_click=duplicate, args=(item.id,))
    columns[4].button(
        "Delete", key=f"workspaces_delete_{item.id}", on_click=lambda i=item.id: state.update(workspaces_confirm=i)
    )
    if confirm == item.id:
        st.warning(f"Delete **{md(item.name)}** for good? Its link stops working, for everyone.")
        yes, no, _ = st.columns([1, 1, 4])
        yes.button("Delete it", key="workspaces_delete_yes", on_click=delete, args=(item.id,), type="primary")
        no.button("Keep it", key="workspaces_delete_no", on_click=lambda: state.pop("workspaces_confirm", None))

st.subheader("Bounds")
for sentence in workspaces.bounds():
    st.markdown(f"- {sentence}")

keys.save_workspace()
