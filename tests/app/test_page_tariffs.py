"""AppTest of the tariffs page: presets, edit with errors next to the field, add, duplicate, delete, files."""

from __future__ import annotations

from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from calc import dump_tariffs, parse_tariffs
from tests.app.conftest import TIMEOUT, no_exception, run_page
from tests.conftest import ROOT
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
    page.button(key="tariffs_delete_confirm").click().run()
    assert "Carrier D, 30/6 copy" not in names(page)
    assert len(names(page)) == len(presets) + 2


def test_delete_asks_first_and_keep_it_keeps_it(page, presets):
    page.session_state[keys.CURRENT_CONTRACT] = "Carrier D, 30/6"
    page.session_state[keys.COMPARED] = ["Carrier A, 60/60", "Carrier D, 30/6"]
    edit(page, "Carrier D, 30/6")
    page.button(key="tariffs_delete").click().run()
    no_exception(page)
    assert names(page) == [t.name for t in presets]  # asked, nothing removed yet
    assert any("Delete **Carrier D, 30/6**?" in w.value for w in page.warning)
    page.button(key="tariffs_delete_cancel").click().run()
    assert names(page) == [t.name for t in presets]
    assert not any("Delete **" in w.value for w in page.warning)
    assert not [b for b in page.button if b.key == "tariffs_delete_confirm"]

    page.button(key="tariffs_delete").click().run()
    page.button(key="tariffs_delete_confirm").click().run()
    no_exception(page)
    assert names(page) == [t.name for t in presets if t.name != "Carrier D, 30/6"]
    assert page.session_state[keys.COMPARED] == ["Carrier A, 60/60"]
    assert page.session_state[keys.CURRENT_CONTRACT] is None
    assert "Deleted 'Carrier D, 30/6'." in page.success[0].value


def test_a_delete_question_is_dropped_when_another_tariff_is_opened(page, presets):
    edit(page, "Carrier D, 30/6")
    page.button(key="tariffs_delete").click().run()
    edit(page, "Carrier A, 60/60")
    no_exception(page)
    assert not [b for b in page.button if b.key == "tariffs_delete_confirm"]
    assert names(page) == [t.name for t in presets]


def test_save_and_add_is_a_save_the_rename_and_the_new_component_together(page, presets):
    prefix = edit(page, "Carrier B, per second")
    page.text_input(key=f"{prefix}_name").set_value("Carrier A, 60/60")  # taken: the whole save is refused
    page.selectbox(key=f"{prefix}_add_kind").set_value("monthly_fee")
    page.button(key=f"{prefix}_add").click().run()
    no_exception(page)
    assert page.session_state[keys.TARIFFS] == presets
    assert page.session_state[keys.FORM_ERRORS] == {
        f"{prefix}_name": "another tariff is already called 'Carrier A, 60/60'"
    }
    page.text_input(key=f"{prefix}_name").set_value("Carrier B, with a fee")
    page.button(key=f"{prefix}_add").click().run()
    no_exception(page)
    assert [c.type for c in tariff(page, "Carrier B, with a fee").components] == ["per_minute", "monthly_fee"]
    assert "Added a component to 'Carrier B, with a fee': Monthly fee." in page.success[0].value


def tariff(at, name: str):
    return at.session_state[keys.TARIFFS][names(at).index(name)]


def test_adding_and_removing_a_component(page):
    prefix = edit(page, "Carrier B, per second")
    page.selectbox(key=f"{prefix}_add_kind").set_value("monthly_fee")
    page.button(key=f"{prefix}_add").click().run()
    no_exception(page)
    assert [c.type for c in tariff(page, "Carrier B, per second").components] == ["per_minute", "monthly_fee"]
    assert "Added a component to 'Carrier B, per second': Monthly fee." in page.success[0].value
    prefix = edit(page, "Carrier B, per second")
    page.checkbox(key=f"{prefix}_1_remove").check()
    page.button(key=f"{prefix}_save").click().run()
    assert [c.type for c in tariff(page, "Carrier B, per second").components] == ["per_minute"]


def test_adding_a_component_keeps_the_unsaved_edits(page):
    prefix = edit(page, "Carrier B, per second")
    page.text_input(key=f"{prefix}_0_rate").set_value("0.0321")
    page.selectbox(key=f"{prefix}_add_kind").set_value("surcharge")
    page.button(key=f"{prefix}_add").click().run()
    no_exception(page)
    changed = tariff(page, "Carrier B, per second")
    assert changed.components[0].rate == Decimal("0.0321")
    assert [c.type for c in changed.components] == ["per_minute", "surcharge"]


def test_adding_a_component_to_a_bad_form_adds_nothing(page, presets):
    prefix = edit(page, "Carrier B, per second")
    page.text_input(key=f"{prefix}_0_rate").set_value("cheap")
    page.button(key=f"{prefix}_add").click().run()
    no_exception(page)
    assert page.session_state[keys.FORM_ERRORS] == {f"{prefix}_0_rate": "rate must be a number, got 'cheap'"}
    assert page.session_state[keys.TARIFFS] == presets


def save_and_reopen(at, name: str, prefix: str) -> str:
    at.button(key=f"{prefix}_save").click().run()
    no_exception(at)
    assert at.session_state[keys.FORM_ERRORS] == {}
    return edit(at, name)


def test_segments_are_saved_and_shown_back_exactly(page):
    prefix = edit(page, "Carrier A, 60/60")
    lines = "180: fee 0.22\n600: 0.11 60/60\nrest: 0.05 6/6"
    page.text_input(key=f"{prefix}_0_rate").set_value("")
    page.text_area(key=f"{prefix}_0_segments").set_value(lines)
    prefix = save_and_reopen(page, "Carrier A, 60/60", prefix)
    segments = tariff(page, "Carrier A, 60/60").components[0].segments
    assert [(s.up_to_s, s.fee, s.rate, s.increment) for s in segments] == [
        (180, Decimal("0.22"), None, None),
        (600, None, Decimal("0.11"), "60/60"),
        (None, None, Decimal("0.05"), "6/6"),
    ]
    assert page.text_area(key=f"{prefix}_0_segments").value == lines


def test_a_segment_that_overruns_its_end_is_shown_under_segments(page, presets):
    prefix = edit(page, "Carrier A, 60/60")
    page.text_input(key=f"{prefix}_0_rate").set_value("")
    page.text_area(key=f"{prefix}_0_segments").set_value("100: 0.11 60/60\nrest: 0.05")
    page.button(key=f"{prefix}_save").click().run()
    no_exception(page)
    message = page.session_state[keys.FORM_ERRORS][f"{prefix}_0_segments"]
    assert message.startswith("segment 1 (0-100 s) cannot hold its increment 60/60")
    assert page.session_state[keys.TARIFFS] == presets


def test_time_bands_and_holidays_are_saved_and_shown_back(page):
    prefix = edit(page, "Carrier A, 60/60")
    bands = "mon-fri 08:00-20:00 = 0.06\nsat 08:00-13:00; hol 10:00-12:00 = 0.04"
    page.text_area(key=f"{prefix}_0_time_bands").set_value(bands)
    page.text_area(key=f"{prefix}_holidays").set_value("2026-12-25\n2026-12-26")
    prefix = save_and_reopen(page, "Carrier A, 60/60", prefix)
    saved = tariff(page, "Carrier A, 60/60")
    assert [b.when for b in saved.components[0].time_bands] == [
        "mon-fri 08:00-20:00",
        ["sat 08:00-13:00", "hol 10:00-12:00"],
    ]
    assert [d.isoformat() for d in saved.holidays] == ["2026-12-25", "2026-12-26"]
    assert page.text_area(key=f"{prefix}_0_time_bands").value == bands


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("0_time_bands", "mon-fri 08:00-20:00 0.06", 'line 1 must look like "mon-fri 08:00-20:00 = 0.06"'),
        ("0_time_bands", "weekdays 08:00-20:00 = 0.06", "weekdays"),
        ("holidays", "2026-02-30", "holiday '2026-02-30' is not a date in the calendar"),
    ],
)
def test_bad_bands_and_holidays_are_shown_under_their_field(page, presets, key, text, message):
    prefix = edit(page, "Carrier A, 60/60")
    page.text_area(key=f"{prefix}_{key}").set_value(text)
    page.button(key=f"{prefix}_save").click().run()
    no_exception(page)
    assert message in page.session_state[keys.FORM_ERRORS][f"{prefix}_{key}"]
    assert any(message in e.value for e in page.error)
    assert page.session_state[keys.TARIFFS] == presets


DECK = b"prefix,name,rate,increment,effective_from\n39,Italy,0.012,1/1,\n393,Italy mobile,0.045,,\n"
DECK += b"393,Italy mobile,0.039,,2026-03-01\n44,United Kingdom,0.02,,\n"


def test_uploading_a_deck_keeps_its_rows_with_the_tariff(page):
    prefix = edit(page, "Carrier A, 60/60")
    page.text_input(key=f"{prefix}_0_rate").set_value("")
    page.text_input(key=f"{prefix}_0_country_code").set_value("39")
    page.text_input(key=f"{prefix}_0_national_prefix").set_value("0")
    page.file_uploader(key=f"{prefix}_0_destinations").set_value(("carrier.csv", DECK, "text/csv"))
    prefix = save_and_reopen(page, "Carrier A, 60/60", prefix)
    component = tariff(page, "Carrier A, 60/60").components[0]
    assert [(r.prefix, r.rate) for r in component.destinations] == [
        ("39", Decimal("0.012")),
        ("393", Decimal("0.045")),
        ("393", Decimal("0.039")),
        ("44", Decimal("0.02")),
    ]
    assert (component.country_code, component.national_prefix) == ("39", "0")
    assert any("4 rows, 3 prefixes, rates changing on 2026-03-01" in c.value for c in page.caption)
    preview = next(d.value for d in page.dataframe if "prefix" in d.value.columns)
    assert preview["prefix"].tolist() == ["39", "393", "393", "44"]
    assert "Download the rate deck of per_minute (CSV)" in [b.proto.label for b in page.get("download_button")]
    assert "393" in page.code[0].value  # the rows are written inline with the tariff


def test_a_deck_with_a_rate_beside_it_is_refused_on_the_component(page, presets):
    prefix = edit(page, "Carrier A, 60/60")
    page.file_uploader(key=f"{prefix}_0_destinations").set_value(("carrier.csv", DECK, "text/csv"))
    page.button(key=f"{prefix}_save").click().run()
    no_exception(page)
    assert (
        "rate cannot be combined with destinations/deck"
        in page.session_state[keys.FORM_ERRORS][f"{prefix}_0_component"]
    )
    assert page.session_state[keys.TARIFFS] == presets


def test_a_deck_that_cannot_be_read_is_shown_under_the_deck(page, presets):
    prefix = edit(page, "Carrier A, 60/60")
    page.text_input(key=f"{prefix}_0_rate").set_value("")
    page.file_uploader(key=f"{prefix}_0_destinations").set_value(("empty.csv", b"prefix,rate\n", "text/csv"))
    page.button(key=f"{prefix}_save").click().run()
    no_exception(page)
    assert "empty.csv" in page.session_state[keys.FORM_ERRORS][f"{prefix}_0_destinations"]
    assert page.session_state[keys.TARIFFS] == presets


def test_dropping_a_deck(page):
    prefix = edit(page, "Carrier A, 60/60")
    page.text_input(key=f"{prefix}_0_rate").set_value("")
    page.file_uploader(key=f"{prefix}_0_destinations").set_value(("carrier.csv", DECK, "text/csv"))
    prefix = save_and_reopen(page, "Carrier A, 60/60", prefix)
    page.checkbox(key=f"{prefix}_0_destinations_drop").check()
    page.text_input(key=f"{prefix}_0_rate").set_value("0.02")
    save_and_reopen(page, "Carrier A, 60/60", prefix)
    component = tariff(page, "Carrier A, 60/60").components[0]
    assert (component.destinations, component.rate) == (None, Decimal("0.02"))


def test_max_charge_only_resolved_one_time_surcharge_and_peak_seats(page):
    prefix = edit(page, "Carrier A, 60/60")
    page.text_input(key=f"{prefix}_0_max_charge").set_value("1.50")
    for kind in ("per_event", "one_time", "surcharge", "per_seat"):
        page.selectbox(key=f"{prefix}_add_kind").set_value(kind)
        page.button(key=f"{prefix}_add").click().run()
        prefix = edit(page, "Carrier A, 60/60")
    page.checkbox(key=f"{prefix}_1_only_resolved").check()
    page.text_input(key=f"{prefix}_2_amount").set_value("36000")
    page.text_input(key=f"{prefix}_2_spread_months").set_value("36")
    page.text_input(key=f"{prefix}_3_percent").set_value("4.5")
    page.selectbox(key=f"{prefix}_3_of").set_value("usage")
    page.text_input(key=f"{prefix}_4_seats").set_value("peak_concurrent")
    save_and_reopen(page, "Carrier A, 60/60", prefix)
    minute, event, once, tax, seats = tariff(page, "Carrier A, 60/60").components
    assert minute.max_charge == Decimal("1.50")
    assert event.only_resolved is True
    assert (once.amount, once.spread_months) == (Decimal("36000"), 36)
    assert (tax.percent, tax.of) == (Decimal("4.5"), "usage")
    assert seats.seats == "peak_concurrent"


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
    assert names(page) == [t.name for t in presets[:2]]  # nothing of the user's was replaced: no question
    page.button(key="tariffs_restore").click().run()
    assert names(page) == [t.name for t in presets[:2]]  # the imported set is the user's work now: asked first
    page.button(key="tariffs_replace_confirm").click().run()
    assert names(page) == [t.name for t in presets]


def test_replacing_the_users_own_tariffs_asks_first(page, presets):
    prefix = edit(page, "Carrier A, 60/60")
    page.text_input(key=f"{prefix}_0_rate").set_value("0.5")
    page.button(key=f"{prefix}_save").click().run()
    edited = list(page.session_state[keys.TARIFFS])
    page.button(key="tariffs_restore").click().run()
    no_exception(page)
    assert page.session_state[keys.TARIFFS] == edited  # nothing replaced yet
    assert "your own changes included" in page.warning[-1].value
    page.button(key="tariffs_replace_cancel").click().run()
    assert page.session_state[keys.TARIFFS] == edited and not page.get("tariffs_replace_confirm")
    text = dump_tariffs(presets[:2])
    page.checkbox(key="tariffs_replace").check()
    page.file_uploader(key="tariffs_upload").set_value(("two.yaml", text.encode(), "application/yaml")).run()
    page.button(key="tariffs_import").click().run()
    assert page.session_state[keys.TARIFFS] == edited
    page.button(key="tariffs_replace_confirm").click().run()
    no_exception(page)
    assert names(page) == [t.name for t in presets[:2]]
    assert "Imported 2 tariffs from two.yaml." in page.success[0].value


def test_the_set_survives_moving_between_pages(page):
    prefix = edit(page, "Carrier A, 60/60")
    page.text_input(key=f"{prefix}_0_rate").set_value("0.5")
    page.button(key=f"{prefix}_save").click().run()
    page.switch_page("app.py").run()
    page.switch_page(PAGE).run()
    no_exception(page)
    assert page.session_state[keys.TARIFFS][names(page).index("Carrier A, 60/60")].components[0].rate == Decimal("0.5")


# --- the page in each language ----------------------------------------------------------------------------------

#: language -> what the page and the editor show for "Carrier A, 60/60" (rate 0.045 EUR) with DECK uploaded.
IN_LANGUAGE = {
    "en": {
        "title": "Tariffs",
        "edit": "Edit Carrier A, 60/60",
        "pick": "Tariff to edit",
        "column": "Tariff",
        "rate_label": "Rate [EUR/min]",
        "rate": "0.045",
        "rounding": ["no rounding", "round up", "round half up"],
        "kind": "Monthly fee",
        "save": "Save tariff",
        "deck": "4 rows, 3 prefixes, rates changing on 2026-03-01",
        "deck_rates": ["€0.012", "€0.045", "€0.039", "€0.02"],
        "bad_tiers": 'line 1 must look like "1000: 0.05" or "rest: 0.03"',
    },
    "zh": {
        "title": "资费",
        "edit": "编辑 Carrier A, 60/60",
        "pick": "要编辑的资费",
        "column": "资费",
        "rate_label": "费率 [EUR/分钟]",
        "rate": "0.045",
        "rounding": ["不取整", "向上取整", "四舍五入"],
        "kind": "月租费",
        "save": "保存资费",
        "deck": "4 行，3 个前缀，费率变动日期：2026-03-01",
        "deck_rates": ["€0.012", "€0.045", "€0.039", "€0.02"],
        "bad_tiers": "第 1 行应形如“1000: 0.05”或“rest: 0.03”",
    },
    "it": {
        "title": "Tariffe",
        "edit": "Modifica Carrier A, 60/60",
        "pick": "Tariffa da modificare",
        "column": "Tariffa",
        "rate_label": "Prezzo [EUR/min]",
        "rate": "0,045",
        "rounding": ["nessun arrotondamento", "per eccesso", "al più vicino"],
        "kind": "Canone mensile",
        "save": "Salva la tariffa",
        "deck": "4 righe, 3 prefissi, tariffe che cambiano il 2026-03-01",
        "deck_rates": ["0,012\xa0€", "0,045\xa0€", "0,039\xa0€", "0,02\xa0€"],
        "bad_tiers": 'la riga 1 deve essere come "1000: 0.05" o "rest: 0.03"',
    },
}


def open_in(language: str) -> AppTest:
    """A session opened on a link to the Tariffs page with ``?lang=<language>``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = language
    at.run()
    at.switch_page(PAGE).run()
    no_exception(at)
    return at


@pytest.mark.parametrize("language", list(IN_LANGUAGE))
def test_the_page_and_the_editor_in_each_language(language):
    shown = IN_LANGUAGE[language]
    at = open_in(language)
    prefix = edit(at, "Carrier A, 60/60")
    no_exception(at)
    assert at.title[0].value == shown["title"]
    assert shown["edit"] in [h.value for h in at.subheader]
    assert at.selectbox(key="tariffs_pick").label == shown["pick"]
    assert at.dataframe[0].value[shown["column"]].tolist() == names(at)  # tariff names are data: never translated
    rate = at.text_input(key=f"{prefix}_0_rate")
    assert (rate.label, rate.value) == (shown["rate_label"], shown["rate"])
    rounding = at.selectbox(key=f"{prefix}_round_per_call")
    assert (rounding.options, rounding.value) == (shown["rounding"], "none")  # shown translated, stored as is
    assert shown["kind"] in at.selectbox(key=f"{prefix}_add_kind").options
    assert shown["save"] in [b.proto.label for b in at.get("button") if b.key == f"{prefix}_save"]

    at.text_area(key=f"{prefix}_0_tiers").set_value("1000 0.05")
    at.button(key=f"{prefix}_save").click().run()
    no_exception(at)
    assert any(shown["bad_tiers"] in e.value for e in at.error)  # the form's own message, translated

    prefix = edit(at, "Carrier A, 60/60")
    at.text_area(key=f"{prefix}_0_tiers").set_value("")
    at.text_input(key=f"{prefix}_0_rate").set_value("")
    at.file_uploader(key=f"{prefix}_0_destinations").set_value(("carrier.csv", DECK, "text/csv"))
    save_and_reopen(at, "Carrier A, 60/60", prefix)
    assert any(shown["deck"] in c.value for c in at.caption)
    preview = next(d.value for d in at.dataframe if "prefix" in d.value.columns)  # the CSV's own column names
    assert preview["rate"].tolist() == shown["deck_rates"]  # money in the locale's way, every digit kept


def test_a_component_added_in_chinese_is_stored_by_its_type():
    at = open_in("zh")
    prefix = edit(at, "Carrier B, per second")
    kind = at.selectbox(key=f"{prefix}_add_kind")
    kind.set_value("monthly_fee")
    at.button(key=f"{prefix}_add").click().run()
    no_exception(at)
    assert [c.type for c in tariff(at, "Carrier B, per second").components] == ["per_minute", "monthly_fee"]
    assert at.success[0].value == "已向“Carrier B, per second”添加组件：月租费。"
