"""Resources per session: bounded what-if sizes, one log per session in memory."""

from __future__ import annotations

import gc
import weakref

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import TIMEOUT, no_exception, run_page
from tests.conftest import ROOT
from ui import data, whatif_data
from ui import state as keys


def test_volume_factors_stop_at_the_record_cap():
    assert whatif_data.volume_factors(10_000) == whatif_data.VOLUME_FACTORS
    capped = whatif_data.volume_factors(1_000_000)
    assert (
        max(capped) * 1_000_000
        <= whatif_data.MAX_WHATIF_RECORDS
        < min(set(whatif_data.VOLUME_FACTORS) - set(capped)) * 1_000_000
    )


def test_a_big_scaled_log_is_refused_and_the_curve_stops_and_says_so(monkeypatch):
    monkeypatch.setattr(whatif_data, "MAX_WHATIF_RECORDS", 30_000)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update({"volume": "10", "seed": "97"})  # a seed of its own: curves cached elsewhere do not count
    at.switch_page("pages/3_what_if.py").run()
    no_exception(at)
    records = at.session_state[keys.LOADED].prepared.records
    assert records * 2 <= 30_000 < records * 10
    # the scenario's prices, its break-even and its team sizing each refuse it, with the same words
    errors = [e.value for e in at.error]
    for tab in ("Break-even", "Team sizing"):  # only the open tab's calculations run
        at.session_state["whatif_tab"] = tab
        at.run()
        no_exception(at)
        errors += [e.value for e in at.error]
    assert len(errors) >= 3
    for error in errors:
        assert error.startswith(f"volume x10 would make {records * 10:,} records, more than the 30,000 a scenario")
    at.session_state["whatif_tab"] = "Curves and crossovers"
    at.run()
    no_exception(at)
    assert any(
        i.value.startswith(f"On this log of {records:,} records the curve stops at x")
        and "at most 30,000 records" in i.value
        for i in at.info
    )


def test_loading_another_log_lets_the_old_one_go():
    at = run_page()
    no_exception(at)
    old = weakref.ref(at.session_state[keys.LOADED].prepared)
    other = next(name for name in keys.samples() if name != at.session_state[keys.LOG_SOURCE]["name"])
    at.selectbox(key="home_log").set_value(other).run()
    no_exception(at)
    at.run()  # Streamlit keeps the previous run's state until the next run ends
    gc.collect()
    assert at.session_state[keys.LOADED].name == other
    assert old() is None


@pytest.mark.parametrize(
    ("module", "function"),
    [
        (data, "cost_summary"),
        (data, "traffic"),
        (whatif_data, "scenario_summaries"),
        (whatif_data, "curve"),
        (whatif_data, "staffing"),
    ],
)
def test_pricing_is_cached_across_sessions_by_content(module, function):
    # keyed by the log's key (path or content digest) and the tariff text, never by the session
    assert hasattr(getattr(module, function), "clear")
