"""AppTest of the Decision page: figures equal calc.decide, the contract mark, downloads, no contract marked."""

from __future__ import annotations

import pytest

from calc import compare, decide, parse_tariffs, prepare, read_calls
from tests.app.conftest import metrics, no_exception, run_page
from tests.calc.test_decision import CONTRACT, FLAT, PER_SECOND, ROWS, TARIFFS
from tests.conftest import ROOT
from ui import decision_tables
from ui import state as keys

PAGE = "pages/5_decision.py"
SAMPLES = ROOT / "data" / "logs"


@pytest.fixture
def presets(presets):
    """What the page compares first: the presets in EUR (the set also holds CNY and USD offers)."""
    return [t for t in presets if t.currency == "EUR"]


@pytest.fixture
def page():
    at = run_page(PAGE)
    no_exception(at)
    return at


def expected(tariffs, contract=None):
    return decide(compare(prepare(read_calls(SAMPLES / "support_desk.csv")), tariffs), contract)


def frames(at):
    return [element.value for element in at.dataframe]


def test_no_contract_marked_compares_with_the_cheapest(page, presets):
    decision = expected(presets)
    assert page.info[0].value.startswith(
        f"No current contract is marked: every offer is compared with the cheapest, **{decision.contract}**"
    )
    shown = metrics(page)
    assert page.success[0].value == f"**Recommended: {decision.winner.name}**"
    assert shown[f"Saving vs {decision.contract}"] == "€0.00"
    assert page.session_state[keys.CURRENT_CONTRACT] is None


def test_marking_the_contract_shows_the_figures_of_calc(page, presets):
    contract = "Carrier A, 60/60"
    page.selectbox(key="decision_contract").set_value(contract).run()
    no_exception(page)
    decision = expected(presets, contract)
    assert page.session_state[keys.CURRENT_CONTRACT] == contract
    shown = metrics(page)
    assert page.success[0].value == f"**Recommended: {decision.winner.name}**"
    assert shown[f"Saving vs {contract}"] == f"+€{decision.winner.saving:,.2f}"
    assert shown["Per year (projected)"] == f"+€{decision.winner.yearly_saving:,.2f}"
    assert shown["Switching month by month saves"] == f"€{decision.switching_total:,.2f}"
    ranking, months, _components, switching = frames(page)
    assert ranking.equals(decision_tables.ranking_table(decision))
    assert months.equals(decision_tables.months_table(decision))
    assert switching.equals(decision_tables.switching_table(decision))
    assert len(page.get("plotly_chart")) == 2


def test_the_contract_mark_is_shared_with_compare(page):
    page.selectbox(key="decision_contract").set_value("Carrier B, per second").run()
    page.switch_page("pages/2_compare.py").run()
    no_exception(page)
    assert page.selectbox(key="compare_current").value == "Carrier B, per second"


def test_downloads_are_offered(page):
    labels = [button.proto.label for button in page.get("download_button")]
    assert labels == ["Decision report (PDF)", "Report (HTML)"]
    # a click downloads without a new run: a run would drop the file of the other button, clicked next
    assert all(button.proto.ignore_rerun for button in page.get("download_button"))


@pytest.fixture
def small_page(tmp_path):
    log = tmp_path / "three_months.csv"
    log.write_text("start,duration_s\n" + "".join(f"{row['start']},{row['duration_s']}\n" for row in ROWS))
    at = run_page(PAGE)
    at.session_state[keys.LOG_SOURCE] = {"name": "three months", "path": str(log)}
    at.session_state[keys.TARIFFS] = parse_tariffs(TARIFFS)
    at.session_state[keys.TARIFF_IDS] = [901, 902, 903]
    at.session_state[keys.COMPARED] = None
    at.session_state[keys.CURRENT_CONTRACT] = CONTRACT
    at.run()
    no_exception(at)
    return at


def test_the_hand_checked_log_month_by_month(small_page):
    # the figures of tests/calc/test_decision.py, worked out there by hand
    shown = metrics(small_page)
    assert small_page.success[0].value == f"**Recommended: {PER_SECOND}**"
    assert shown[f"Saving vs {CONTRACT}"] == "+€4.90"
    assert shown["Per year (projected)"] == "+€13.92"
    assert shown["Switching month by month saves"] == "€7.03"
    months = frames(small_page)[1]
    assert months["Month"].tolist() == [
        "Jan 2026",
        "Feb 2026",
        "Mar 2026",
        "Total",
        "Median month",
        "95th percentile month",
    ]
    assert months[f"{CONTRACT} (contract)"].tolist()[:4] == ["3.04", "5.90", "8.20", "17.14"]
    assert months[f"{PER_SECOND} vs contract"].tolist() == ["-2.58", "-3.57", "+1.25", "-4.90", "-2.58", "+1.25"]
    switching = frames(small_page)[3]
    assert switching["Cheapest offer"].tolist() == [PER_SECOND, PER_SECOND, FLAT, ""]
    assert switching["Saving vs contract"].tolist() == ["+€2.58", "+€3.57", "+€0.88", "+€7.03"]


def test_offers_with_lock_in_are_left_out_of_switching(small_page):
    small_page.multiselect(key="decision_locked").set_value([FLAT]).run()
    no_exception(small_page)
    switching = frames(small_page)[3]
    assert switching["Cheapest offer"].tolist() == [PER_SECOND, PER_SECOND, CONTRACT, ""]
    assert switching["Saving vs contract"].tolist()[-1] == "+€6.15"  # 2.58 + 3.57 + 0.00


def test_no_offer_in_the_comparison(page):
    page.session_state[keys.COMPARED] = []
    page.run()
    no_exception(page)
    assert page.info[0].value == "No offer is in the comparison: choose the offers on the Compare page."


def test_a_hostile_tariff_name_is_shown_as_text(tmp_path):
    log = tmp_path / "three_months.csv"
    log.write_text("start,duration_s\n" + "".join(f"{row['start']},{row['duration_s']}\n" for row in ROWS))
    beacon = "![x](http://host/beacon)"
    tariffs = parse_tariffs(TARIFFS.replace("Per second", f'"{beacon}"'))
    at = run_page(PAGE)
    at.session_state[keys.LOG_SOURCE] = {"name": "three months", "path": str(log)}
    at.session_state[keys.TARIFFS] = tariffs
    at.session_state[keys.TARIFF_IDS] = [901, 902, 903]
    at.session_state[keys.COMPARED] = None
    at.session_state[keys.CURRENT_CONTRACT] = beacon
    at.run()
    no_exception(at)
    assert at.success[0].value == r"**Recommended: \!\[x\](http://host/beacon)**"
    assert r"Saving vs \!\[x\](http://host/beacon)" in metrics(at)
