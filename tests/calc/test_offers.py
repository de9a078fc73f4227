"""Offer groups: telephony or staffing and outsourcing, from a tariff's components alone."""

from __future__ import annotations

import pytest

from calc import compare, offer_group, parse_tariffs, prepare, read_calls
from tests.conftest import ROOT

STAFFING_PRESETS = {
    "BPO per call",
    "Core team + overflow",
    "Dedicated team, 4 agents",
    "Delivery: on-demand platform, own staff",
    "Delivery: outsourced BPO, per agent-hour",
    "Delivery: pay-per-use, per handled minute",
    "Delivery: premise-based, own staff",
}


def test_the_presets_split_into_carriers_and_people(presets):
    groups = {t.name: offer_group(t) for t in presets}
    assert {name for name, group in groups.items() if group == "staffing"} == STAFFING_PRESETS
    assert groups["Seats + minute bundle"] == "telephony"  # platform seats for the buyer's own agents
    assert groups["AI agent, per resolution plus per minute"] == "telephony"


def test_the_groups_do_not_overlap_on_the_sample(presets):
    """The point of the split: on the sample every telephony total is far below every staffing total."""
    results = compare(prepare(read_calls(ROOT / "data" / "logs" / "support_desk.csv")), presets).ranked()
    by_name = {t.name: offer_group(t) for t in presets}
    eur = [r for r in results if r.currency == "EUR"]
    telephony = max(r.total for r in eur if by_name[r.name] == "telephony")
    staffing = min(r.total for r in eur if by_name[r.name] == "staffing")
    assert staffing > 5 * telephony


@pytest.mark.parametrize(
    ("component", "group"),
    [
        ("{type: per_minute, rate: 0.29}", "telephony"),
        ("{type: per_minute, rate: 0.30}", "staffing"),
        ("{type: per_minute, rate: 0.01, tiers: [{up_to: 100, rate: 0.5}, {up_to: null, rate: 0.01}]}", "staffing"),
        (
            "{type: per_minute, segments: [{up_to_s: 60, fee: 5}, {up_to_s: null, rate: 0.02, increment: 60/60}]}",
            "telephony",
        ),
        ("{type: per_event, fee: 1.99}", "telephony"),
        ("{type: per_event, fee: 2.00}", "staffing"),
        ("{type: monthly_fee, amount: 90000}", "telephony"),
        ("{type: hourly_team, agents: 1, rate: 0.01, schedule: [mon 08:00-09:00]}", "staffing"),
    ],
)
def test_the_group_follows_the_components(component, group):
    [tariff] = parse_tariffs(f"name: T\ncomponents: [{component}]")
    assert offer_group(tariff) == group
