"""The vectorized engine against a plain exact reference, on random logs and tariffs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import InputError, Tariff, prepare, price, read_calls
from tests.calc.reference_pricer import reference_price

BASE = dt.datetime(2026, 1, 26, 8, 0, 0)

money = st.integers(0, 3000).map(lambda k: Decimal(k).scaleb(-3)) | st.integers(0, 20).map(Decimal)
small_money = st.integers(0, 300).map(lambda k: Decimal(k).scaleb(-4))
channel = st.sampled_from(["voice", "voice", "voice", "sms", "chat"])
direction = st.sampled_from(["inbound", "outbound", "any"])
increment = st.sampled_from(["60/60", "1/1", "6/6", "30/6", "30/30", "60/1", "45/15"])
schedules = st.sampled_from(
    [
        ["mon-fri 09:00-18:00"],
        ["mon-sun 00:00-24:00"],
        ["sat-mon 22:00-06:00"],
        ["tue 10:30-11:45", "thu 08:00-20:00"],
    ]
)


@st.composite
def tiers(draw):
    bounds = sorted(draw(st.sets(st.integers(1, 40).map(lambda k: Decimal(k) / 4), min_size=0, max_size=3)))
    rates = draw(st.lists(money, min_size=len(bounds) + 1, max_size=len(bounds) + 1))
    return [{"up_to": b, "rate": r} for b, r in zip(bounds, rates, strict=False)] + [{"up_to": None, "rate": rates[-1]}]


@st.composite
def per_minute(draw, volume_allowed: bool):
    component = {
        "type": "per_minute",
        "increment": draw(increment),
        "channel": draw(channel),
        "direction": draw(direction),
        "connection_fee": draw(small_money),
        "grace_s": draw(st.sampled_from([0, 0, 3, 5, Decimal("2.5")])),
        "bill_unanswered": draw(st.booleans()),
    }
    if volume_allowed and draw(st.booleans()):
        component["included_minutes"] = draw(st.sampled_from([0, 1, 2, Decimal("0.5"), Decimal("1.01")]))
        if draw(st.booleans()):
            component["tiers"] = draw(tiers())
            component["tier_mode"] = draw(st.sampled_from(["graduated", "volume"]))
        else:
            component["rate"] = draw(money)
    else:
        component["rate"] = draw(money)
        component["min_charge"] = draw(st.sampled_from([0, 0, Decimal("0.02"), Decimal("0.1")]))
    return component


@st.composite
def tariffs(draw):
    rounding = draw(st.sampled_from(["none", "none", "up", "half_up"]))
    components = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                [
                    "per_minute",
                    "per_minute",
                    "per_event",
                    "monthly_fee",
                    "per_seat",
                    "hourly_team",
                    "minimum_spend",
                ]
            )
        )
        if kind == "per_minute":
            components.append(draw(per_minute(volume_allowed=rounding == "none")))
        elif kind == "per_event":
            components.append(
                {
                    "type": "per_event",
                    "fee": draw(money),
                    "channel": draw(channel),
                    "direction": draw(direction),
                    "bill_unanswered": draw(st.booleans()),
                }
            )
        elif kind == "monthly_fee":
            components.append({"type": "monthly_fee", "amount": draw(money)})
        elif kind == "per_seat":
            components.append(
                {
                    "type": "per_seat",
                    "amount": draw(money),
                    "seats": draw(st.sampled_from(["agents", 0, 2])),
                }
            )
        elif kind == "minimum_spend":
            components.append({"type": "minimum_spend", "amount": draw(money)})
        elif not any(c.get("covers_calls") for c in components):
            team = {
                "type": "hourly_team",
                "rate": draw(money),
                "agents": draw(st.integers(0, 3)),
                "covers_calls": draw(st.booleans()),
            }
            if draw(st.booleans()):
                team["schedule"] = draw(schedules)
            else:
                team["hours_per_month"] = draw(st.sampled_from([0, 10, Decimal("7.5")]))
            components.append(team)
    return Tariff.model_validate(
        {
            "name": "T",
            "decimals": draw(st.sampled_from([2, 2, 0, 3])),
            "round_per_call": rounding,
            "components": components,
        }
    )


durations = st.one_of(
    st.sampled_from([0, 1, 5, 6, 7, 29, 30, 31, 59, 60, 61, 119, 120, 121]),
    st.integers(0, 700),
    st.integers(0, 400_000).map(lambda ms: Fraction(ms, 1000)),
)


@st.composite
def records(draw, timed: bool):
    rows = []
    for _ in range(draw(st.integers(0, 25))):
        start = BASE + dt.timedelta(seconds=draw(st.integers(0, 45 * 86_400))) if timed else None
        if timed and rows and draw(st.integers(0, 4)) == 0:
            start = rows[-1]["start"] + dt.timedelta(seconds=draw(st.integers(0, 90)))
        duration = Fraction(draw(durations))
        answered = draw(st.sampled_from([None, True, False]))
        rows.append(
            {
                "start": start,
                "duration": duration,
                "channel": draw(st.sampled_from(["voice", "voice", "sms", "chat"])),
                "direction": draw(st.sampled_from(["", "inbound", "outbound"])),
                "answered": None if answered is None else answered,
                "answered_text": "" if answered is None else str(answered).lower(),
                "agent": draw(st.sampled_from(["", "a", "b", "c"])),
            }
        )
    for row in rows:  # rules v2: a voice call without a word is answered when it has talk time, any other record is
        if row["answered"] is None:
            row["answered"] = row["duration"] > 0 or row["channel"] != "voice"
    return rows


def as_frame(rows, timed):
    frame = pd.DataFrame(
        {
            "duration_s": [str(float(r["duration"])) for r in rows],
            "channel": [r["channel"] for r in rows],
            "direction": [r["direction"] for r in rows],
            "answered": [r["answered_text"] for r in rows],
            "agent": [r["agent"] for r in rows],
        }
    )
    if timed:
        frame["start"] = [r["start"].isoformat(sep=" ") for r in rows]
    return frame


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), tariff=tariffs())
def test_engine_equals_exact_reference(data, tariff):
    timed = data.draw(st.booleans(), label="timed")
    rows = data.draw(records(timed), label="records")
    rows.sort(key=lambda r: r["start"]) if timed else None
    log = prepare(read_calls(as_frame(rows, timed), "random"))
    if (
        rows
        and not any(r["agent"] for r in rows)
        and any(getattr(c, "seats", None) == "agents" for c in tariff.components)
    ):
        with pytest.raises(InputError, match='tariff "T": seats: agents, but the log has no agent'):
            price(log, tariff)
        return
    result = price(log, tariff)
    expected = reference_price(rows, tariff)
    assert Fraction(result.total) == expected["total"]
    assert {k: Fraction(v) for k, v in result.months.items()} == expected["months"]
    assert {k: Fraction(v) for k, v in result.components.items()} == expected["components"]
    assert result.billed_seconds == expected["billed_seconds"]
    assert result.actual_seconds == expected["actual_seconds"]


@settings(max_examples=150, deadline=None)
@given(rows=records(timed=True), rate=money)
def test_per_second_never_costs_more_than_60_60(rows, rate):
    log = prepare(read_calls(as_frame(rows, True), "random"))
    per_second = Tariff.model_validate(
        {"name": "S", "components": [{"type": "per_minute", "rate": rate, "increment": "1/1"}]}
    )
    per_minute = Tariff.model_validate({"name": "M", "components": [{"type": "per_minute", "rate": rate}]})
    assert price(log, per_second).total <= price(log, per_minute).total


@settings(max_examples=150, deadline=None)
@given(data=st.data(), rows=records(timed=True))
def test_total_never_decreases_when_a_call_gets_longer(data, rows):
    component = data.draw(per_minute(volume_allowed=False))
    tariff = Tariff.model_validate(
        {
            "name": "T",
            "round_per_call": data.draw(st.sampled_from(["none", "up", "half_up"])),
            "components": [component],
        }
    )
    if not rows:
        return
    index = data.draw(st.integers(0, len(rows) - 1))
    # The same call, longer: its answered status is part of what stays the same (a 0-second call is
    # unanswered by default, and an unanswered call may pay a fee that a short answered one in grace does not).
    rows = [dict(r, answered_text=str(r["answered"]).lower()) for r in rows]
    longer = [dict(r) for r in rows]
    longer[index]["duration"] += Fraction(data.draw(st.integers(1, 200_000)), 1000)
    before = price(prepare(read_calls(as_frame(rows, True), "a")), tariff).total
    after = price(prepare(read_calls(as_frame(longer, True), "b")), tariff).total
    assert after >= before


@settings(max_examples=150, deadline=None)
@given(data=st.data(), tariff=tariffs())
def test_months_add_up_to_the_total(data, tariff):
    rows = data.draw(records(timed=True))
    if not any(r["agent"] for r in rows):
        tariff = tariff.model_copy(
            update={"components": [c for c in tariff.components if getattr(c, "seats", 0) != "agents"]}
        )
        if not tariff.components:
            return
    result = price(prepare(read_calls(as_frame(rows, True), "random")), tariff)
    assert sum(result.months.values(), Decimal(0)) == result.total
