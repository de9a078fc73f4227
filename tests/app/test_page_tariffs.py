"""AppTest of the tariffs page: presets, edit with errors next to the field, add, duplicate, delete, files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from calc import dump_tariffs, parse_tariffs
from tests.app.conftest import no_exception, run_page
from ui import state as keys
from ui.tariff_form import form_prefix

PAGE = "pages/1_tariffs.py"


@pytest.fixture
def page():
    at = run_page(PAGE)
    no_exception(at)
    return at


def names(at) -> list[str]:
    return [t.name for t in at.session_state[keys.TARIFFS]]


def edit(at, tariff_name: str) -> str:
    """Open a tariff in the editor; return its widget-key prefix."""
    tariff_id = at.session_state[keys.TARIFF_IDS][names(at).index(tariff_name)]
    at.selectbox(key="tariffs_pick").set_value(tariff_id).run()
    return form_prefix(tariff_id, at.session_state[keys.TARIFFS][names(at).index(tariff_name)])


def test_shows_the_presets(page, presets):
    assert names(page) == [t.name for t in presets]
    assert page.dataframe[0].value["Tariff"].tolist() == [t.name for t in presets]
    assert "Carrier A, 60/60" in page.code[0].value  # the YAML view of the set


def test_editing_a_rate_keeps_it_exact(page):
    prefix = edit(page, "Carrier A, 60/60")
    page.text_input(key=f"{prefix}_0_rate").set_value("0.0123")
    page.button(key=f"{prefix}_save").click().run()
    no_exception(page)
    tariff = page.session_state[keys.TARIFFS][names(page).index("Carrier A, 60/60")]
    assert tariff.components[0].rate == Decimal("0.0123")
    assert "Saved 'Carrier A, 60/60'." in page.success[0].value


def test_a_bad_value_is_shown_next_to_its_field_and_nothing_changes(page, presets):
    prefix = edit(page, "Carrier A, 60/60")
    page.text_input(key=f"{prefix}_0_increment").set_value("60-60")
    page.button(key=f"{prefix}_save").click().run()
    no_exception(page)
    assert page.session_state[keys.FORM_ERRORS] == {
        f"{prefix}_0_increment": "increment must look like \"60/60\" (whole seconds >= 1), got '60-60'"
    }
    assert any('increment must look like "60/60"' in e.value for e in page.error)
    assert page.session_state[keys.TARIFFS] == presets


def test_renaming_to_a_taken_name_is_refused(page):
    prefix = edit(page, "Carrier A, 60/60")
    page.text_input(key=f"{prefix}_name").set_value("Carrier B, per second")
    page.button(key=f"{prefix}_save").click().run()
    assert any("another tariff is already called 'Carrier B, per second'" in e.value for e in page.error)


def test_rename_follows_into_the_comparison(page):
    page.session_state[keys.CURRENT_CONTRACT] = "Carrier A, 60/60"
    prefix = edit(page, "Carrier A, 60/60")
    page.text_input(key=f"{prefix}_name").set_value("Our carrier today")
    page.button(key=f"{prefix}_save").click().run()
    no_exception(page)
    assert "Our carrier today" in names(page)
    assert page.session_state[keys.CURRENT_CONTRACT] == "Our carrier today"


def test_new_duplicate_delete(page, presets):
    page.button(key="tariffs_new").click().run()
    no_exception(page)
    assert names(page)[-1] == "New tariff"
    page.button(key="tariffs_new").click().run()
    assert names(page)[-1] == "New tariff (2)"
    edit(page, "Carrier D, 30/6")
    page.button(key="tariffs_duplicate").click().run()
    position = names(page).index("Carrier D, 30/6")
    assert names(page)[position + 1] == "Carrier D, 30/6 copy"
    copy = page.session_state[keys.TARIFFS][position + 1]
    assert copy.components == page.session_state[keys.TARIFFS][position].components
    page.button(key="tariffs_delete").click().run()  # the copy is open in the editor
    assert "Carrier D, 30/6 copy" not in names(page)
    assert len(names(page)) == len(presets) + 2


def test_adding_and_removing_a_component(page):
    edit(page, "Carrier B, per second")
    page.selectbox(key="tariffs_add_kind").set_value("monthly_fee").run()
    page.button(key="tariffs_add_component").click().run()
    no_exception(page)
    tariff = page.session_state[keys.TARIFFS][names(page).index("Carrier B, per second")]
    assert [c.type for c in tariff.components] == ["per_minute", "monthly_fee"]
    prefix = edit(page, "Carrier B, per second")
    page.checkbox(key=f"{prefix}_1_remove").check()
    page.button(key=f"{prefix}_save").click().run()
    tariff = page.session_state[keys.TARIFFS][names(page).index("Carrier B, per second")]
    assert [c.type for c in tariff.components] == ["per_minute"]


def test_importing_a_tariff_file_adds_it(page):
    text = "name: Vendor X\ncomponents: [{type: per_minute, rate: 0.031, increment: 30/6}]\n"
    page.file_uploader(key="tariffs_upload").set_value(("x.yaml", text.encode(), "application/yaml")).run()
    page.button(key="tariffs_import").click().run()
    no_exception(page)
    assert names(page)[-1] == "Vendor X"
    assert page.session_state[keys.TARIFFS][-1] == parse_tariffs(text)[0]


def test_a_bad_tariff_file_is_explained(page, presets):
    text = "name: Vendor X\ncomponents: [{type: per_minute, rate: 0.03, increment: 60-60}]\n"
    page.file_uploader(key="tariffs_upload").set_value(("x.yaml", text.encode(), "application/yaml")).run()
    page.button(key="tariffs_import").click().run()
    no_exception(page)
    assert page.error[0].value.startswith("x.yaml: tariff \"Vendor X\", component 1 (per_minute), field 'increment'")
    assert page.session_state[keys.TARIFFS] == presets


def test_replacing_the_set_and_restoring_the_presets(page, presets):
    text = dump_tariffs(presets[:2])
    page.checkbox(key="tariffs_replace").check()
    page.file_uploader(key="tariffs_upload").set_value(("two.yaml", text.encode(), "application/yaml")).run()
    page.button(key="tariffs_import").click().run()
    assert names(page) == [t.name for t in presets[:2]]
    page.button(key="tariffs_restore").click().run()
    assert names(page) == [t.name for t in presets]


def test_the_set_survives_moving_between_pages(page):
    prefix = edit(page, "Carrier A, 60/60")
    page.text_input(key=f"{prefix}_0_rate").set_value("0.5")
    page.button(key=f"{prefix}_save").click().run()
    page.switch_page("app.py").run()
    page.switch_page(PAGE).run()
    no_exception(page)
    assert page.session_state[keys.TARIFFS][names(page).index("Carrier A, 60/60")].components[0].rate == Decimal("0.5")
