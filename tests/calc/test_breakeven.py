"""Break-even values re-priced give the target total to the minor unit, for every kind of field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calc import InputError, break_even, load_tariff_files, numeric_fields, prepare, price, read_calls
from calc.breakeven import MAX_PLACES, field_value, with_field
from calc.money import decimal_scale
from tests.calc.test_properties import as_frame, records, tariffs
from tests.conftest import ROOT, make_log, one_tariff

PRESETS = {t.name: t for t in load_tariff_files(sorted((ROOT / "data" / "tariffs").glob("*.yaml")))}
LOG = prepare(read_calls(ROOT / "data" / "logs" / "support_desk.csv"))
MIXED = PRESETS["Core team + overflow"]  # the dearest preset on the sample: every other one can reach it


def step_of(value: Decimal, decimals: int) -> Decimal:
    return Decimal(1).scaleb(-max(decimal_scale(value), decimals))


CASES = [
    ("Carrier A, 60/60", "per_minute.rate"),  # a rate
    ("Carrier D, 30/6", "per_minute.connection_fee"),  # a fee per call
    ("Carrier C, 6/6", "per_minute.min_charge"),  # a minimum per call
    ("BPO per call", "handled calls.fee"),  # a per-call fee
    ("Omnichannel pay-per-use", "platform.amount"),  # a monthly amount
    ("Seats + minute bundle", "seats.amount"),  # an amount per seat
    ("Dedicated team, 4 agents", "hourly_team.rate"),  # a rate per agent-hour
    ("Low rate + 1,500/month commitment", "commitment shortfall.amount"),  # a minimum spend
    ("Carrier E, graduated tiers", "per_minute.tiers.1.rate"),  # a tier's rate
    ("Carrier E, graduated tiers", "per_minute.tiers.2.rate"),
    ("Core team + overflow", "core team.rate"),  # against itself: its own value
]


@pytest.mark.parametrize(("name", "field"), CASES)
def test_value_re_priced_gives_the_target_total(name, field):
    varied = PRESETS[name]
    result = break_even(LOG, MIXED, varied, field)
    target = price(LOG, MIXED).total
    assert result.reachable and result.exact, result.message
    assert result.target_total == target
    assert price(LOG, with_field(varied, field, result.value)).total == target == result.total_at_value
    # the largest such value at its number of places: one step more and B is dearer
    step = step_of(result.value, varied.decimals)
    assert price(LOG, with_field(varied, field, result.value + step)).total > target
    assert decimal_scale(result.value) <= MAX_PLACES


def test_against_itself_the_answer_is_the_value_it_has():
    result = break_even(LOG, MIXED, MIXED, "core team.rate")
    assert result.value == Decimal("19.50")


def test_hand_checked_rate():
    # 61 s, 30 s and 200 s at 60/60 bill 7 minutes; A charges 0.10 a call: 0.30.
    # 7 x 0.04 = 0.28 and 7 x 0.05 = 0.35 miss it; 7 x 0.043 = 0.301 rounds to 0.30; 7 x 0.044 = 0.308 does not.
    log = make_log([{"duration_s": 61}, {"duration_s": 30}, {"duration_s": 200}])
    a = one_tariff("name: A\ncomponents: [{type: per_event, fee: 0.10}]")
    b = one_tariff("name: B\ncomponents: [{type: per_minute, rate: 0.07}]")
    result = break_even(log, a, b, "per_minute.rate")
    assert (result.value, result.total_at_value, result.target_total) == (
        Decimal("0.043"),
        Decimal("0.30"),
        Decimal("0.30"),
    )
    assert result.to_json() == {
        "tariff": "B",
        "field": "per_minute.rate",
        "value": "0.043",
        "total_at_value": "0.30",
        "target_total": "0.30",
    }


def test_value_keeps_at_least_the_invoice_decimals():
    # A log without timestamps is one full month: B = 10 + 4 x fee meets A's 12.00 at 0.50.
    log = make_log([{"duration_s": 60}] * 4)
    a = one_tariff("name: A\ncomponents: [{type: per_event, fee: 3}]")
    b = one_tariff("name: B\ncomponents: [{type: per_event, fee: 3}, {type: monthly_fee, amount: 10}]")
    result = break_even(log, a, b, "per_event.fee")
    assert result.to_json()["value"] == "0.50" and result.total_at_value == Decimal("12.00")


def test_no_value_when_b_is_dearer_even_at_zero():
    result = break_even(LOG, PRESETS["Carrier A, 60/60"], PRESETS["Carrier B, per second"], "per_minute.connection_fee")
    assert (result.value, result.total_at_value, result.reachable) == (None, None, False)
    assert result.message == (
        'no value of per_minute.connection_fee makes "Carrier B, per second" as cheap as "Carrier A, 60/60" '
        "(2,175.76 EUR): even with per_minute.connection_fee at 0 it costs 2,518.48 EUR"
    )
    assert result.to_json() == {
        "tariff": "Carrier B, per second",
        "field": "per_minute.connection_fee",
        "value": None,
        "total_at_value": None,
        "target_total": "2175.76",
        "message": result.message,
    }


def test_no_value_when_the_field_does_not_count_on_this_log():
    # The third tier starts above 50,000 minutes a month; the sample never gets there.
    result = break_even(LOG, MIXED, PRESETS["Carrier E, graduated tiers"], "per_minute.tiers.3.rate")
    assert result.value is None and not result.reachable
    assert 'does not change the total of "Carrier E, graduated tiers" on this log (no record it applies to)' in (
        result.message
    )


def test_a_field_that_does_not_count_but_already_matches():
    log = make_log([{"duration_s": 60}])
    a = one_tariff("name: A\ncomponents: [{type: per_event, fee: 1}]")
    b = one_tariff("name: B\ncomponents: [{type: per_event, fee: 1}, {type: per_event, fee: 9, channel: sms}]")
    result = break_even(log, a, b, "per_event 2.fee")
    assert (result.value, result.exact) == (Decimal(9), True)
    assert "whatever the value" in result.message


def test_jump_over_the_target_gives_the_largest_value_below_it():
    # Each call rounds up to the cent and ten calls move together: the total goes 0.20, 0.30 ...; A is 0.25.
    log = make_log([{"duration_s": 60}] * 10)
    a = one_tariff("name: A\ncomponents: [{type: per_event, fee: 0.025}]")
    b = one_tariff("name: B\nround_per_call: up\ncomponents: [{type: per_minute, rate: 0.05}]")
    result = break_even(log, a, b, "per_minute.rate")
    assert (result.value, result.total_at_value, result.reachable, result.exact) == (
        Decimal("0.02"),
        Decimal("0.20"),
        True,
        False,
    )
    assert result.message == (
        'no value of per_minute.rate makes "B" cost exactly as much as "A", 0.25 EUR: 0.02 is the largest that '
        "keeps it at or below (0.20 EUR), 0.020000000001 already costs 0.30 EUR"
    )
    assert result.to_json()["message"] == result.message


def test_numeric_fields_of_the_presets():
    assert numeric_fields(PRESETS["Carrier D, 30/6"]) == [
        "per_minute.rate",
        "per_minute.connection_fee",
        "per_minute.min_charge",
    ]
    assert numeric_fields(PRESETS["Seats + minute bundle"]) == [
        "seats.amount",
        "voice beyond bundle.rate",
        "voice beyond bundle.connection_fee",
    ]
    assert numeric_fields(PRESETS["Carrier E, graduated tiers"]) == [
        "per_minute.connection_fee",
        "per_minute.tiers.1.rate",
        "per_minute.tiers.2.rate",
        "per_minute.tiers.3.rate",
    ]
    assert numeric_fields(MIXED) == ["core team.rate", "overflow calls.fee"]
    assert field_value(PRESETS["Carrier E, graduated tiers"], "per_minute.tiers.2.rate") == Decimal("0.045")


def test_with_field_changes_only_that_field():
    tiers = PRESETS["Carrier E, graduated tiers"]
    changed = with_field(tiers, "per_minute.tiers.2.rate", Decimal("0.04"))
    assert [t.rate for t in changed.components[0].tiers] == [Decimal("0.055"), Decimal("0.04"), Decimal("0.035")]
    assert [t.rate for t in tiers.components[0].tiers] == [Decimal("0.055"), Decimal("0.045"), Decimal("0.035")]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: break_even(LOG, MIXED, PRESETS["Carrier D, 30/6"], "per_minute.fee"),
            "field 'per_minute.fee' is not a money field of tariff \"Carrier D, 30/6\"; expected one of: "
            "per_minute.rate, per_minute.connection_fee, per_minute.min_charge",
        ),
        (
            lambda: break_even(LOG, MIXED, PRESETS["Carrier E, graduated tiers"], "per_minute.tiers.4.rate"),
            "expected one of: per_minute.connection_fee, per_minute.tiers.1.rate",
        ),
        (
            lambda: break_even(
                LOG,
                MIXED,
                one_tariff("name: D\ncurrency: USD\ncomponents: [{type: per_event, fee: 1}]"),
                "per_event.fee",
            ),
            'tariff "D" bills in USD and "Core team \\+ overflow" in EUR: a break-even needs one currency',
        ),
        (
            lambda: with_field(MIXED, "core team.rate", Decimal(-1)),
            "core team.rate must be a finite value >= 0, got -1",
        ),
    ],
)
def test_bad_requests_are_refused(call, message):
    with pytest.raises(InputError, match=message):
        call()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), target=tariffs(), varied=tariffs())
def test_break_even_on_random_logs_and_tariffs(data, target, varied):
    rows = sorted(data.draw(records(timed=True), label="records"), key=lambda r: r["start"])
    counts_agents = any(getattr(c, "seats", None) == "agents" for c in target.components + varied.components)
    assume(any(r["agent"] for r in rows) or not counts_agents)  # rules v2: such a tariff is refused (tested apart)
    log = prepare(read_calls(as_frame(rows, True), "random"))
    field = data.draw(st.sampled_from(numeric_fields(varied)), label="field")
    result = break_even(log, target, varied, field)
    goal = price(log, target).total
    at_zero = price(log, with_field(varied, field, Decimal(0))).total
    if result.value is None:
        assert at_zero > goal or price(log, with_field(varied, field, Decimal(10**6))).total == at_zero
        return
    total = price(log, with_field(varied, field, result.value)).total
    assert total == result.total_at_value
    assert total == goal if result.exact else total < goal
    if result.value != field_value(varied, field) or not result.exact:
        step = step_of(result.value, varied.decimals)
        assert price(log, with_field(varied, field, result.value + step)).total > goal
