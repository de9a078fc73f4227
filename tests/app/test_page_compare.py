"""AppTest of the compare page: totals equal to calc, the current contract, edits re-priced, errors shown."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from calc import compare, prepare, read_calls
from tests.app.conftest import metrics, no_exception, run_page
from tests.conftest import ROOT
from ui import state as keys

PAGE = "pages/2_compare.py"
SAMPLES = ROOT / "data" / "logs"


@pytest.fixture
def page():
    at = run_page(PAGE)
    no_exception(at)
    return at


def ranking(at):
    return at.table[0].value


def expected(log_name: str, tariffs):
    return compare(prepare(read_calls(SAMPLES / log_name)), tariffs).ranked()


def test_totals_equal_calc_on_the_sample(page, presets):
    table = ranking(page)
    results = expected("support_desk.csv", presets)
    assert table["Tariff"].tolist() == [r.name for r in results]
    assert table["Total"].tolist() == [f"{r.total:,.2f} EUR" for r in results]
    assert metrics(page)["Cheapest"] == results[0].name
    assert metrics(page)["Its total"] == f"{results[0].total:,.2f} EUR"
    assert "10,871 records priced, 3 rejected" in page.markdown[0].value
    assert len(page.get("plotly_chart")) == 8


def test_charts_carry_the_same_totals(page, presets):
    totals = json.loads(page.get("plotly_chart")[0].proto.spec)["data"][0]
    results = expected("support_desk.csv", presets)
    assert totals["y"] == [r.name for r in results]


def test_marking_the_current_contract_shows_the_saving(page, presets):
    results = expected("support_desk.csv", presets)
    current = results[4]
    page.selectbox(key="compare_current").set_value(current.name).run()
    no_exception(page)
    saving = current.total - results[0].total
    assert metrics(page)[f"Saving vs {current.name}"] == f"{saving:,.2f} EUR"
    column = ranking(page)["Saving vs current contract"].tolist()
    assert column[0] == f"+{saving:,.2f} EUR"
    assert column[4] == "current contract"
    assert page.session_state[keys.CURRENT_CONTRACT] == current.name


def test_an_edited_tariff_is_repriced(page, presets):
    position = [t.name for t in presets].index("Carrier B, per second")
    tariff = presets[position]
    changed = tariff.model_copy(
        update={"components": [tariff.components[0].model_copy(update={"rate": Decimal("0.001")})]}
    )
    page.session_state[keys.TARIFFS] = [changed if i == position else t for i, t in enumerate(presets)]
    page.run()
    no_exception(page)
    results = expected("support_desk.csv", page.session_state[keys.TARIFFS])
    assert results[0].name == "Carrier B, per second"
    assert ranking(page)["Total"].tolist() == [f"{r.total:,.2f} EUR" for r in results]


def test_choosing_fewer_tariffs_and_another_sample(page, presets):
    chosen = ["Carrier A, 60/60", "Carrier B, per second"]
    page.multiselect(key="compare_tariffs").set_value(chosen).run()
    no_exception(page)
    assert sorted(ranking(page)["Tariff"]) == sorted(chosen)
    page.switch_page("app.py").run()
    page.selectbox(key="home_log").set_value("outbound campaign").run()
    page.switch_page(PAGE).run()
    no_exception(page)
    results = expected("outbound_campaign.csv", [t for t in presets if t.name in chosen])
    assert ranking(page)["Total"].tolist() == [f"{r.total:,.2f} EUR" for r in results]


def test_no_tariff_chosen(page):
    page.multiselect(key="compare_tariffs").set_value([]).run()
    no_exception(page)
    assert page.info[0].value == "Choose at least one tariff to compare."


def test_an_unreadable_log_is_a_message_not_a_traceback(page):
    page.session_state[keys.LOG_SOURCE] = {"name": "broken.csv", "data": b"\x00\x01\x02" * 100, "digest": "x"}
    page.run()
    no_exception(page)
    assert page.error[0].value.startswith("The call log cannot be read: broken.csv")


def test_downloads_are_offered(page):
    labels = [button.proto.label for button in page.get("download_button")]
    assert labels == ["Summary (CSV)", "Per-record pricing (CSV)", "Report (HTML)"]
