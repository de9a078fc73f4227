"""Workspaces: this session's saved work by name, a read-only copy to share, and every named workspace."""

import datetime as dt

import streamlit as st

from calc import InputError
from calc.i18n import _, format_date, format_number, ngettext
from ui import nav, workspaces
from ui import state as keys
from ui.i18n import setup_language
from ui.safe import md

setup_language()  # first: the page title speaks it
st.set_page_config(page_title=_("Workspaces · Tariff Compare"), page_icon=":telephone_receiver:", layout="wide")
keys.init_state()
nav.sidebar()
state = st.session_state
HERE = "pages/4_workspaces.py"
OPENS = {label: script for script, label, _icon in nav.PAGES if script != HERE}


def when(seconds: float) -> str:
    """A moment in the locale's way, in UTC: ``Nov 30, 2026 07:45 UTC``, ``2026年11月30日 07:45 UTC``."""
    moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
    return _("{date} {time} UTC").format(date=format_date(moment), time=moment.strftime("%H:%M"))


def rename() -> None:
    try:
        keys.rename_workspace(state["workspaces_name"])
    except InputError as error:
        state["workspaces_error"] = md(error)
    else:
        state["workspaces_flash"] = (
            _("Renamed to **{name}**.").format(name=md(state[keys.WORKSPACE_NAME]))
            if state[keys.WORKSPACE_NAME]
            else _("The workspace is unnamed now: it is no longer listed.")
        )


def share() -> None:
    state["workspaces_shared"] = keys.share_workspace()


def open_other(workspace_id: str) -> None:
    if not keys.open_workspace(workspace_id):
        state[keys.WORKSPACE_NOTICE] = _("That workspace no longer exists (deleted or expired).")


def duplicate(workspace_id: str) -> None:
    copy = keys.store().duplicate(workspace_id)
    source = keys.store().summary(workspace_id)
    keys.store().rename(copy, _("{name} (copy)").format(name=workspaces.source_name(source.name)[:90]))
    keys.open_workspace(copy)


def delete(workspace_id: str) -> None:
    state.pop("workspaces_confirm", None)
    keys.store().delete(workspace_id)
    if workspace_id == state[keys.WORKSPACE]:
        keys.new_workspace()
        state["workspaces_flash"] = _("The workspace you were in was deleted: this is a fresh one.")


st.title(_("Workspaces"))
st.caption(
    _(
        "Everything you do is saved as you go: the call log and how it is read, the tariffs with their rate decks, "
        "the comparison and your current contract, the What-if settings, the language. The link in the address bar "
        "(its `ws=...`) reopens exactly this work, after a reload too: bookmark it. Whoever has that link can change "
        "the work; to show it to someone else, share a read-only copy."
    )
)
if state.get("workspaces_flash"):
    st.success(state.pop("workspaces_flash"))  # not user text: a key; the message was translated when stored
if state.get("workspaces_error"):
    st.error(state.pop("workspaces_error"))  # not user text: a key; the message was translated when stored

summary = keys.store().summary(state[keys.WORKSPACE]) if state[keys.WORKSPACE] else None
st.subheader(_("This workspace"))
if summary is None:
    st.info(_("This session's work is not saved (see the message above)."))
else:
    read_only = summary.read_only
    name_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    name_col.text_input(
        _("Name"),
        value=summary.name,
        key="workspaces_name",
        max_chars=workspaces.MAX_NAME_CHARS,
        placeholder=_("unnamed: found by its link only"),
        disabled=read_only,
        help=_("Named workspaces are listed below, for everyone who opens this page on this server"),
    )
    button_col.button(_("Rename"), key="workspaces_rename", on_click=rename, disabled=read_only)
    made = _("Read-only copy, made {when}") if read_only else _("Made {when}")
    st.caption(  # one sentence, its punctuation the language's (Chinese: full-width)
        _("{made}; {changed}; {size}. {holds}").format(
            made=made.format(when=when(summary.created)),
            changed=_("last changed {when}").format(when=when(summary.updated)),
            size=_("{size} MB").format(size=format_number(summary.size / 2**20, 2)),
            holds=ngettext(
                "Log **{log}**, {count} tariff.", "Log **{log}**, {count} tariffs.", summary.tariff_count
            ).format(log=md(nav.log_name(summary.log_name)), count=format_number(summary.tariff_count)),
        )
    )
    st.markdown(_("Link to this workspace:"))
    st.code(nav.workspace_link(summary.id, here=HERE), language=None)
    share_col, copy_col, new_col = st.columns(3)
    share_col.button(
        _("Share a read-only copy"),
        key="workspaces_share",
        on_click=share,
        icon=":material/share:",
        help=_("A copy of the work as it is now, with its own link; it never changes and cannot be edited"),
    )
    copy_col.button(
        _("Duplicate"), key="workspaces_duplicate", on_click=keys.duplicate_workspace, icon=":material/content_copy:"
    )
    new_col.button(
        _("Start a new workspace"),
        key="workspaces_new",
        on_click=keys.new_workspace,
        icon=":material/add:",
        help=_("The bundled sample and the preset tariffs; this workspace stays saved at its link"),
    )
    if state.get("workspaces_shared"):
        shared = state["workspaces_shared"]
        st.success(_("Read-only copy made. Send this link: whoever opens it sees this work and can duplicate it."))
        opens = st.selectbox(_("The link opens the page"), list(OPENS), format_func=_, key="workspaces_share_page")
        st.code(nav.workspace_link(shared, OPENS[opens], here=HERE), language=None)

st.subheader(_("Named workspaces"))
listed = keys.store().list()
if not listed:
    st.info(_("No named workspace yet: give this one a name above to find it here."))
confirm = state.get("workspaces_confirm")
for item in listed:
    columns = st.columns([3, 2, 1, 1, 1], vertical_alignment="center")
    here = item.id == state[keys.WORKSPACE]
    marks = ([_("this one")] if here else []) + ([_("read-only")] if item.read_only else [])
    title = f"**{md(item.name)}**" + "".join(" · " + mark for mark in marks)
    holds = ngettext("{log}, {count} tariff", "{log}, {count} tariffs", item.tariff_count).format(
        log=md(nav.log_name(item.log_name)), count=format_number(item.tariff_count)
    )
    columns[0].markdown(title + "  \n" + holds)
    columns[1].caption(_("Used {when}").format(when=when(item.last_used)))
    columns[2].button(_("Open"), key=f"workspaces_open_{item.id}", on_click=open_other, args=(item.id,), disabled=here)
    columns[3].button(_("Duplicate"), key=f"workspaces_copy_{item.id}", on_click=duplicate, args=(item.id,))
    columns[4].button(
        _("Delete"), key=f"workspaces_delete_{item.id}", on_click=lambda i=item.id: state.update(workspaces_confirm=i)
    )
    if confirm == item.id:
        st.warning(_("Delete **{name}** for good? Its link stops working, for everyone.").format(name=md(item.name)))
        yes, no, _spacer = st.columns([1, 1, 4])
        yes.button(_("Delete it"), key="workspaces_delete_yes", on_click=delete, args=(item.id,), type="primary")
        no.button(_("Keep it"), key="workspaces_delete_no", on_click=lambda: state.pop("workspaces_confirm", None))

st.subheader(_("Bounds"))
for sentence in workspaces.bounds():
    st.markdown(f"- {sentence}")

keys.save_workspace()
