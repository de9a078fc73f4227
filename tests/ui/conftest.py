"""The bundled support-desk sample priced under every preset: what the dashboard shows first."""

from __future__ import annotations

import pytest

from calc import prepare, price, read_calls
from calc.costs import summarize
from calc.traffic import traffic_profile
from tests.conftest import ROOT


@pytest.fixture(scope="session")
def sample_log():
    return prepare(read_calls(ROOT / "data" / "logs" / "support_desk.csv"))


@pytest.fixture(scope="session")
def summaries(sample_log, presets):
    # what the dashboard compares first: the presets in EUR (the set also holds CNY and USD offers)
    return [summarize(price(sample_log, tariff), sample_log) for tariff in presets if tariff.currency == "EUR"]


@pytest.fixture(scope="session")
def profile(sample_log):
    return traffic_profile(sample_log)
