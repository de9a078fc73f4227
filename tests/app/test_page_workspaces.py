"""AppTest of workspaces: a new session opened with ?ws=ID shows the same work; shared copies; demos ask first."""

from __future__ import annotations

from decimal import Decimal

from streamlit.testing.v1 import AppTest

from tests.app.conftest import TIMEOUT, html_tables, no_exception, run_page
from tests.conftest import ROOT
from ui import state as keys
from ui import whatif
from ui.tariff_form import form_prefix

LOG = ROOT / "tests" / "data" / "twilio_calls.csv"
EDITED = "Carrier A, 60/60"
COMPARED = ["Carrier B, per second", "Carrier A, 60/60", "Carrier North, A-Z deck"]
WORKSPACES = "pages/4_workspaces.py"
WHAT_IF = "pages/3_what_if.py"


def workspace_of(at: AppTest) -> str:
    value = at.query_params["ws"]
    return value[0] if isinstance(value, list) else value


def open_link(workspace: str, page: str = "app.py") -> AppTest:
    """A new session (a reload, another browser) opening ``page?ws=workspace``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update({"ws": workspace})
    if page == "app.py":
        at.run()
    else:
        at.switch_page(page).run()
    no_exception(at)
    return at


def upload(at: AppTest) -> None:
    at.file_uploader(key="home_upload").set_value((LOG.name, LOG.read_bytes(), "text/csv")).run()
    no_exception(at)
    assert at.session_state[keys.LOG_SOURCE]["name"] == LOG.name


def work_on(at: AppTest) -> None:
    """Upload, read it with one record per leg, edit a rate, choose offers and a contract, set a what-if slider."""
    upload(at)
    at.toggle(key="home_merge_legs").set_value(False).run()
    at.switch_page("pages/1_tariffs.py").run()
    names = [t.name for t in at.session_state[keys.TARIFFS]]
    tariff_id = at.session_state[keys.TARIFF_IDS][names.index(EDITED)]
    at.selectbox(key="tariffs_pick").set_value(tariff_id).run()
    prefix = form_prefix(tariff_id, at.session_state[keys.TARIFFS][names.index(EDITED)])
    at.text_input(key=f"{prefix}_0_rate").set_value("0.0321")
    at.button(key=f"{prefix}_save").click().run()
    at.switch_page("pages/2_compare.py").run()
    at.multiselect(key="compare_tariffs").set_value(COMPARED).run()
    at.selectbox(key="compare_current").set_value(EDITED).run()
    at.switch_page(WHAT_IF).run()
    at.select_slider(key="whatif_volume").set_value(2.0).run()
    at.slider(key="whatif_shrinkage").set_value(0.1).run()
    no_exception(at)


def test_a_new_session_with_the_id_reopens_the_same_work():
    first = run_page()
    work_on(first)
    workspace = workspace_of(first)
    assert workspace == first.session_state[keys.WORKSPACE]

    again = open_link(workspace)
    assert workspace_of(again) == workspace
    state = again.session_state
    assert state[keys.LOG_SOURCE]["name"] == LOG.name and state[keys.LOG_SOURCE]["data"] == LOG.read_bytes()
    assert state[keys.IMPORT_OPTIONS]["legs"] == "keep"
    assert again.toggle(key="home_merge_legs").value is False
    assert again.header[0].value == LOG.name
    tariffs = {t.name: t for t in state[keys.TARIFFS]}
    assert tariffs[EDITED].components[0].rate == Decimal("0.0321")
    assert state[keys.TARIFFS] == first.session_state[keys.TARIFFS]  # rate decks too
    assert state[keys.COMPARED] == COMPARED and state[keys.CURRENT_CONTRACT] == EDITED

    again.switch_page("pages/2_compare.py").run()
    no_exception(again)
    assert again.multiselect(key="compare_tariffs").value == COMPARED
    assert again.selectbox(key="compare_current").value == EDITED
    ranking = html_tables(again)[0]
    assert sorted(ranking["Tariff"].tolist()) == sorted(COMPARED)
    assert any(f"Call log **{LOG.name}**" in m.value for m in again.markdown)

    again.switch_page(WHAT_IF).run()
    no_exception(again)
    assert again.select_slider(key="whatif_volume").value == 2.0
    assert again.slider(key="whatif_shrinkage").value == 0.1
    assert workspace_of(again) == workspace  # the page writes its settings to the URL and keeps the id


def test_the_what_if_page_opened_from_the_link_shows_the_saved_settings():
    first = run_page(WHAT_IF)
    first.select_slider(key="whatif_volume").set_value(5.0).run()
    again = open_link(workspace_of(first), WHAT_IF)
    assert again.select_slider(key="whatif_volume").value == 5.0
    assert again.session_state[keys.WHATIF_SETTINGS] == first.session_state[keys.WHATIF_SETTINGS]
    assert again.session_state[keys.WHATIF_SETTINGS].volume == 5.0


def test_a_missing_or_expired_id_says_so_and_starts_fresh(presets):
    at = open_link("A" * 22)
    assert "The workspace of this link was not found: it was deleted, or unused for more than 90 days" in (
        at.warning[0].value
    )
    assert workspace_of(at) != "A" * 22 and workspace_of(at) == at.session_state[keys.WORKSPACE]
    assert at.session_state[keys.LOG_SOURCE]["name"] == "support desk"
    assert at.session_state[keys.TARIFFS] == presets
    at.run()
    assert not at.warning  # said once


def test_a_shared_copy_is_read_only_and_duplicates_into_an_editable_one():
    owner = run_page()
    upload(owner)
    owner.switch_page(WORKSPACES).run()
    owner.button(key="workspaces_share").click().run()
    no_exception(owner)
    shared = owner.session_state["workspaces_shared"]
    assert f"?ws={shared}" in owner.code[-1].value
    assert any("Read-only copy made" in s.value for s in owner.success)

    viewer = open_link(shared, "pages/2_compare.py")
    assert viewer.session_state[keys.WORKSPACE_READ_ONLY]
    assert "Read-only copy" in viewer.info[0].value and "Duplicate to edit" in viewer.info[0].value
    assert viewer.session_state[keys.LOG_SOURCE]["data"] == LOG.read_bytes()
    viewer.selectbox(key="compare_current").set_value(EDITED).run()  # the view changes, nothing is saved
    no_exception(viewer)
    assert keys.store().load(shared).current_contract is None
    assert open_link(shared).session_state[keys.CURRENT_CONTRACT] is None

    # the owner's later changes do not reach the copy
    owner.switch_page("pages/2_compare.py").run()
    owner.selectbox(key="compare_current").set_value(EDITED).run()
    assert keys.store().load(workspace_of(owner)).current_contract == EDITED
    assert keys.store().load(shared).current_contract is None

    viewer.button(key="nav_duplicate").click().run()
    no_exception(viewer)
    copy = workspace_of(viewer)
    assert copy not in (shared, workspace_of(owner))
    assert not viewer.session_state[keys.WORKSPACE_READ_ONLY] and not viewer.info
    viewer.selectbox(key="compare_current").set_value(EDITED).run()
    assert keys.store().load(copy).current_contract == EDITED
    assert keys.store().load(copy).log_data == LOG.read_bytes()


def test_a_demo_asks_before_leaving_the_users_work():
    at = run_page()
    upload(at)
    mine = workspace_of(at)
    at.switch_page(WHAT_IF).run()
    at.button(key="whatif_demo_1_outbound_survey").click().run()
    no_exception(at)
    assert "This workspace holds your own work" in at.markdown[-1].value or any(
        "This workspace holds your own work" in m.value for m in at.markdown
    )
    assert at.session_state[keys.LOG_SOURCE]["name"] == LOG.name  # nothing replaced yet

    at.button(key="whatif_demo_cancel").click().run()
    no_exception(at)
    assert workspace_of(at) == mine and at.session_state[keys.LOG_SOURCE]["name"] == LOG.name
    assert not any("This workspace holds your own work" in m.value for m in at.markdown)

    at.button(key="whatif_demo_1_outbound_survey").click().run()
    at.button(key="whatif_demo_confirm").click().run()
    no_exception(at)
    demo = next(d for d in whatif.load_demos(ROOT / "data" / "demos") if d.key == "1_outbound_survey")
    assert workspace_of(at) != mine
    assert at.session_state[keys.LOG_SOURCE]["name"] == demo.log
    assert at.session_state[keys.TARIFFS] == demo.tariffs
    assert "Demo loaded in a new workspace" in at.info[0].value and f"?ws={mine}" in at.info[0].value
    kept = keys.store().load(mine)  # the user's work is still there, at its own link
    assert kept.log_name == LOG.name and kept.log_data == LOG.read_bytes()
    assert keys.store().load(workspace_of(at)).tariffs == demo.tariffs


def test_a_demo_opens_at_once_in_a_new_workspace_when_there_is_no_work_to_lose():
    at = run_page(WHAT_IF)
    fresh = workspace_of(at)
    at.button(key="whatif_demo_2_help_desk_team").click().run()
    no_exception(at)
    assert workspace_of(at) != fresh
    assert not any("This workspace holds your own work" in m.value for m in at.markdown)
    # a demo's own tariffs are not the user's work: a second demo does not ask either
    at.button(key="whatif_demo_1_outbound_survey").click().run()
    assert not any("This workspace holds your own work" in m.value for m in at.markdown)
    assert at.session_state[keys.LOG_SOURCE]["name"] == "outbound campaign"


def test_name_list_open_duplicate_and_delete_with_confirmation():
    at = run_page(WORKSPACES)
    first = workspace_of(at)
    at.text_input(key="workspaces_name").set_value("Acme inbound")
    at.button(key="workspaces_rename").click().run()
    no_exception(at)
    assert "Workspace: **Acme inbound**" in at.sidebar.caption[0].value
    assert any("Acme inbound" in m.value for m in at.markdown)
    at.button(key="workspaces_new").click().run()
    second = workspace_of(at)
    assert second != first and at.session_state[keys.WORKSPACE_NAME] == ""

    at.button(key=f"workspaces_open_{first}").click().run()
    no_exception(at)
    assert workspace_of(at) == first and at.session_state[keys.WORKSPACE_NAME] == "Acme inbound"

    at.button(key=f"workspaces_copy_{first}").click().run()
    copy = workspace_of(at)
    assert copy != first and at.session_state[keys.WORKSPACE_NAME] == "Acme inbound (copy)"

    at.button(key=f"workspaces_delete_{first}").click().run()
    assert "Delete **Acme inbound** for good?" in at.warning[0].value
    at.button(key="workspaces_delete_no").click().run()
    assert keys.store().summary(first) is not None and not at.warning
    at.button(key=f"workspaces_delete_{first}").click().run()
    at.button(key="workspaces_delete_yes").click().run()
    no_exception(at)
    assert keys.store().summary(first) is None and workspace_of(at) == copy
    assert any("90 days" in m.value for m in at.markdown)  # the bounds are stated


def test_a_hostile_id_is_refused_before_any_lookup():
    at = open_link("'; DROP TABLE workspaces; --")
    assert "was not found" in at.warning[0].value
    assert keys.store().totals()[0] >= 1  # the table is still there, with this session's fresh workspace


def test_a_workspace_beyond_its_size_bound_is_not_saved_and_the_page_says_so():
    at = run_page()
    workspace = workspace_of(at)
    store = keys.store()
    bound = store.max_workspace_bytes
    store.max_workspace_bytes = 60_000  # the presets fit, the presets plus this upload do not
    try:
        at.file_uploader(key="home_upload").set_value(("big.csv", LOG.read_bytes() + b"\n" * 40_000, "text/csv")).run()
    finally:
        store.max_workspace_bytes = bound
    no_exception(at)
    [warning] = [w.value for w in at.warning if "Not saved" in w.value]
    assert (
        "Not saved: this workspace would hold 0.1 MB (log 0.0 MB, the rest its tariffs and settings), more than "
        in (warning)
    )
    assert "a workspace may hold: it is not saved." in warning
    assert at.header[0].value == "big.csv"  # the session goes on with the upload
    assert store.load(workspace).log_sample == "support desk"  # the saved workspace is as it was


def test_a_workspace_name_is_shown_as_written_never_as_markdown():
    at = run_page(WORKSPACES)
    at.text_input(key="workspaces_name").set_value("![x](http://host/beacon) **loud**")
    at.button(key="workspaces_rename").click().run()
    no_exception(at)
    shown = [at.sidebar.caption[0].value, *(m.value for m in at.markdown if "beacon" in m.value)]
    assert len(shown) >= 2
    for text in shown:
        assert "\\!\\[x\\](http://host/beacon) \\*\\*loud\\*\\*" in text


def test_the_workspaces_line_is_one_sentence_in_the_languages_punctuation():
    """Regression: the line was joined with "; " and ". " in every language: half-width marks in Chinese."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "zh"
    at.run()
    at.switch_page(WORKSPACES).run()
    no_exception(at)
    line = next(c.value for c in at.caption if c.value.startswith("创建于"))
    assert line.count("；") == 2 and line.endswith("个资费。"), line
    assert "; " not in line and ". " not in line, line
    assert "话单 **客服热线**" in line, line
