"""The What-if page's controls in session state and what fills them: demo stories and scenario files.

`put` sets every control from a `ui.whatif.Settings` before the widgets are drawn and `current` reads
them back. A demo story opens in a new workspace (`open_demo`; `start_demo` and `ask_demo` ask first
when the workspace holds the user's own work); a scenario file is read, then applied (`load_scenario`,
`answer_scenario` after asking). Messages for the page are stored, translated, under ``whatif_flash``
and ``whatif_load_error``.
"""

from __future__ import annotations

import streamlit as st

from calc import InputError
from calc.i18n import _, data_text
from ui import nav, whatif
from ui import state as keys
from ui.safe import md

state = st.session_state
#: The page's path, for the links to a workspace.
PAGE = "pages/3_what_if.py"  # not user text


def put(settings: whatif.Settings) -> None:
    """Set every control of the page from settings (before the widgets are drawn)."""
    state["whatif_volume"] = min(whatif.VOLUME_CHOICES, key=lambda v: abs(v - settings.volume))
    state["whatif_duration_factor"] = settings.duration_factor
    state["whatif_duration_shift"] = settings.duration_shift_s
    state["whatif_answer_on"] = settings.answer_rate is not None
    state["whatif_answer_rate"] = 0.8 if settings.answer_rate is None else settings.answer_rate
    state["whatif_seed"] = settings.seed
    state["whatif_interval"] = settings.interval
    state["whatif_service_level"] = settings.service_level
    state["whatif_answer_within"] = settings.answer_within_s
    state["whatif_shrinkage"] = settings.shrinkage
    state["whatif_max_occupancy"] = settings.max_occupancy
    state["whatif_target"], state["whatif_vary"] = settings.target, settings.vary
    state["whatif_field"], state["whatif_team"] = settings.field, settings.team_tariff


def current() -> whatif.Settings:
    """The settings the page's controls hold now."""
    return whatif.Settings(
        volume=float(state["whatif_volume"]),
        duration_factor=float(state["whatif_duration_factor"]),
        duration_shift_s=float(state["whatif_duration_shift"]),
        answer_rate=float(state["whatif_answer_rate"]) if state["whatif_answer_on"] else None,
        seed=int(state["whatif_seed"]),
        interval=int(state["whatif_interval"]),
        service_level=float(state["whatif_service_level"]),
        answer_within_s=float(state["whatif_answer_within"]),
        shrinkage=float(state["whatif_shrinkage"]),
        max_occupancy=float(state["whatif_max_occupancy"]),
        target=state.get("whatif_target") or "",
        vary=state.get("whatif_vary") or "",
        field=state.get("whatif_field") or "",
        team_tariff=state.get("whatif_team") or "",
    )


def use(log_name: str, tariffs: list, settings: whatif.Settings) -> str | None:
    """Switch to a bundled log by name (if it is one), the tariffs and the settings; say if the log is unknown."""
    message = None
    if log_name in keys.samples():
        keys.use_sample(log_name)
    elif log_name != state[keys.LOG_SOURCE]["name"]:
        message = _("This scenario was made on the log '{log}'; it is applied to the log in use instead.").format(
            log=md(nav.log_name(log_name))
        )
    keys.set_tariffs(tariffs)
    state[keys.COMPARED] = state[keys.CURRENT_CONTRACT] = None
    put(settings)
    return message


def open_demo(demo: whatif.Demo) -> None:
    """Open a demo story in a new workspace; the one before stays saved at its link."""
    before = state[keys.WORKSPACE] if keys.holds_own_work() else None
    keys.new_workspace(origin=f"demo:{demo.key}")
    use(demo.log, demo.tariffs, demo.settings)
    state["whatif_flash"] = _("Demo loaded in a new workspace: **{title}**. {story}").format(
        title=data_text(demo.title), story=data_text(demo.story)
    )
    if before:  # the user's work is one link away
        link = nav.workspace_link(before, PAGE, here=PAGE)
        state["whatif_flash"] += "\n\n" + _("Your previous workspace stays saved at `{link}`.").format(link=link)


def start_demo(demo: whatif.Demo) -> None:
    """A demo button: ask first when the workspace holds the user's own work."""
    if keys.holds_own_work():
        state["whatif_ask_demo"] = demo.key
    else:
        open_demo(demo)


def ask_demo(demo: whatif.Demo) -> None:
    """Ask before a demo replaces the user's work; the dialog is made on each run, its title in the page's language."""

    @st.dialog(
        _("Open the demo in a new workspace?"), width="large", on_dismiss=lambda: state.pop("whatif_ask_demo", None)
    )
    def dialog() -> None:
        _ask_demo(demo)

    dialog()


def _ask_demo(demo: whatif.Demo) -> None:
    st.markdown(
        _(
            "This workspace holds your own work (an uploaded log, changed tariffs or a name). "
            "**{title}** opens in a new workspace; yours stays saved, unchanged, at its link:"
        ).format(title=md(data_text(demo.title)))
    )
    st.code(nav.workspace_link(state[keys.WORKSPACE], PAGE, here=PAGE), language=None)
    st.caption(_("Give it a name on the Workspaces page to find it in the list."))
    go, cancel = st.columns(2)
    if go.button(_("Open the demo in a new workspace"), key="whatif_demo_confirm", type="primary"):
        state["whatif_open_demo"] = state.pop("whatif_ask_demo", None)
        st.rerun()  # the whole page: the demo opens before any widget is drawn
    if cancel.button(_("Cancel"), key="whatif_demo_cancel"):
        state.pop("whatif_ask_demo", None)
        st.rerun()


def load_scenario() -> None:
    """The Load button: read the uploaded scenario file, then apply it (or ask first over the user's work)."""
    upload = state["whatif_load"]
    try:
        document = whatif.read_scenario_document(upload.getvalue().decode("utf-8-sig"), upload.name)
    except UnicodeDecodeError:
        state["whatif_load_error"] = _("{file}: not UTF-8 text; scenario files are YAML.").format(file=md(upload.name))
    except InputError as error:
        state["whatif_load_error"] = md(error)
    except Exception as error:  # noqa: BLE001 - the scenario loader's boundary
        state["whatif_load_error"] = _("{file}: internal error while reading it ({error})").format(
            file=md(upload.name), error=type(error).__name__
        )
    else:
        if keys.holds_own_work():  # ask first: the file replaces the offers and settings in this workspace
            state["whatif_confirm_scenario"] = (upload.name, document)
            return
        apply_scenario(upload.name, document)


def apply_scenario(name: str, document: dict) -> None:
    """Switch to a read scenario file's log, offers and settings; the page says what was loaded."""
    note = use(document["log"], document["tariffs"], document["settings"])
    state["whatif_flash"] = note or _("Loaded {file}.").format(file=md(name))


def answer_scenario(load: bool) -> None:
    """Loading a scenario over the user's work, second step: load it, or keep the work."""
    pending = state.pop("whatif_confirm_scenario", None)
    if load and pending:
        apply_scenario(*pending)
