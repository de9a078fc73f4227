"""The vectorized engine against a plain exact reference, on random logs and tariffs."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import InputError, Tariff, prepare, price, read_calls
from tests.calc.reference_pricer import ReferenceRefusal, reference_price

BASE = dt.datetime(2026, 1, 26, 8, 0, 0)

money = st.integers(0, 3000).map(lambda k: Decimal(k).scaleb(-3)) | st.integers(0, 20).map(Decimal)
small_money = st.integers(0, 300).map(lambda k: Decimal(k).scaleb(-4))
channel = st.sampled_from(["voice", "voice", "voice", "sms", "chat", "any"])
direction = st.sampled_from(["inbound", "outbound", "any", "any", "internal"])
V1_CHANNEL = st.sampled_from(["voice", "voice", "voice", "sms", "chat"])
V1_DIRECTION = st.sampled_from(["inbound", "outbound", "any"])
increment = st.sampled_from(["60/60", "1/1", "6/6", "30/6", "30/30", "60/1", "45/15"])
schedules = st.sampled_from(
    [
        ["mon-fri 09:00-18:00"],
        ["mon-sun 00:00-24:00"],
        ["sat-mon 22:00-06:00"],
        ["tue 10:30-11:45", "thu 08:00-20:00"],
        ["daily 08:00-12:00", "hol 20:00-02:00"],
    ]
)
band_whens = st.sampled_from(
    [
        "mon-fri 08:00-20:00",
        ["sat 08:00-13:00", "hol 10:00-12:00"],
        "fri-mon 22:00-06:00",
        "daily 12:00-14:00",
        ["hol 00:00-24:00"],
        "mon,wed,fri 07:59-08:01",
    ]
)
# Dates inside the random logs' span (2026-01-26 to 2026-03-12); 2026-02-01 is a Sunday, 2026-02-02 a Monday.
holidays = st.lists(
    st.sampled_from([dt.date(2026, 1, 27), dt.date(2026, 2, 1), dt.date(2026, 2, 2), dt.date(2026, 3, 1)]),
    max_size=3,
    unique=True,
)
DECK_PREFIXES = ["39", "393", "3933", "44", "4420", "1"]
DECK_DATES = [None, None, dt.date(2026, 2, 1), dt.date(2026, 2, 10)]
DESTINATIONS = [
    "+39 333 1234",
    "0039 333 1234",
    "333 1234",
    "0333 1234",
    "06 1234",
    "+44 20 7946",
    "0044 20 7946",
    "020 7946",
    "+1 555 0100",
    "1 555 0100",
    "+7 495",
    "",
    "unknown",
]


@st.composite
def tiers(draw):
    bounds = sorted(draw(st.sets(st.integers(1, 40).map(lambda k: Decimal(k) / 4), min_size=0, max_size=3)))
    rates = draw(st.lists(money, min_size=len(bounds) + 1, max_size=len(bounds) + 1))
    return [{"up_to": b, "rate": r} for b, r in zip(bounds, rates, strict=False)] + [{"up_to": None, "rate": rates[-1]}]


@st.composite
def segments(draw):
    """Segments valid by construction: a rate segment with an end holds whole steps of its increment."""
    out, begin = [], 0
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.booleans()):
            end = begin + draw(st.sampled_from([1, 30, 60, 180]))
            out.append({"up_to_s": end, "fee": draw(small_money)})
        else:
            first, step = draw(st.sampled_from([(60, 60), (1, 1), (30, 6), (6, 6)]))
            end = begin + first + step * draw(st.integers(0, 5))
            out.append({"up_to_s": end, "rate": draw(money), "increment": f"{first}/{step}"})
        begin = end
    last = {"up_to_s": None, "rate": draw(money)}
    if draw(st.booleans()):
        last["increment"] = draw(increment)
    return [*out, last]


@st.composite
def deck_rows(draw):
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(DECK_PREFIXES), st.sampled_from(DECK_DATES)), min_size=1, max_size=6, unique=True
        )
    )
    rows = []
    for prefix, date in keys:
        row = {"prefix": prefix, "rate": draw(money)}
        if date is not None:
            row["effective_from"] = date
        if draw(st.integers(0, 2)) == 0:
            row["increment"] = draw(increment)
        if draw(st.integers(0, 3)) == 0:
            row["connection_fee"] = draw(small_money)
        rows.append(row)
    return rows


@st.composite
def per_minute(draw, volume_allowed: bool, v2: bool = True):
    component = {
        "type": "per_minute",
        "channel": draw(channel if v2 else V1_CHANNEL),
        "direction": draw(direction if v2 else V1_DIRECTION),
        "connection_fee": draw(small_money),
        "grace_s": draw(st.sampled_from([0, 0, 3, 5, Decimal("2.5")])),
        "bill_unanswered": draw(st.booleans()),
    }
    way = draw(st.sampled_from(["rate", "rate", "bands", "segments", "deck", "volume"] if v2 else ["rate", "volume"]))
    if way == "volume" and volume_allowed:
        component["increment"] = draw(increment)
        component["included_minutes"] = draw(st.sampled_from([0, 1, 2, Decimal("0.5"), Decimal("1.01")]))
        if draw(st.booleans()):
            component["tiers"] = draw(tiers())
            component["tier_mode"] = draw(st.sampled_from(["graduated", "volume"]))
        else:
            component["rate"] = draw(money)
        return component
    component["min_charge"] = draw(st.sampled_from([0, 0, Decimal("0.02"), Decimal("0.1")]))
    max_charge = draw(st.sampled_from([None, None, Decimal("0.01"), Decimal("0.05"), Decimal("0.5")] if v2 else [None]))
    if max_charge is not None:
        component["max_charge"] = max_charge
    if way == "segments":
        component["segments"] = draw(segments())
    elif way == "deck":
        component["destinations"] = draw(deck_rows())
        component["increment"] = draw(increment)
        country = draw(st.sampled_from([None, "39", "44"]))
        if country is not None:
            component["country_code"] = country
            component["national_prefix"] = draw(st.sampled_from(["", "0"]))
    else:
        component["rate"] = draw(money)
        component["increment"] = draw(increment)
        if way == "bands":
            component["time_bands"] = [
                {"when": draw(band_whens), "rate": draw(money)} for _ in range(draw(st.integers(1, 2)))
            ]
    return component


@st.composite
def tariffs(draw, v2: bool = True):
    """Random tariffs; ``v2=False`` draws only what version 1 of the rules knew."""
    rounding = draw(st.sampled_from(["none", "none", "up", "half_up"]))
    components = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                [
                    "per_minute",
                    "per_minute",
                    "per_minute",
                    "per_event",
                    "monthly_fee",
                    "one_time",
                    "per_seat",
                    "hourly_team",
                    "minimum_spend",
                    "surcharge",
                ]
                if v2
                else [
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
            components.append(draw(per_minute(volume_allowed=rounding == "none", v2=v2)))
        elif kind == "per_event":
            event = {
                "type": "per_event",
                "fee": draw(money),
                "channel": draw(channel if v2 else V1_CHANNEL),
                "direction": draw(direction if v2 else V1_DIRECTION),
                "bill_unanswered": draw(st.booleans()),
            }
            if v2:
                event["only_resolved"] = draw(st.booleans())
            components.append(event)
        elif kind == "monthly_fee":
            components.append({"type": "monthly_fee", "amount": draw(money)})
        elif kind == "one_time":
            components.append({"type": "one_time", "amount": draw(money), "spread_months": draw(st.integers(1, 4))})
        elif kind == "surcharge":
            components.append(
                {
                    "type": "surcharge",
                    "percent": draw(st.sampled_from([22, Decimal("7.5"), 0, 100, Decimal("33.3")])),
                    "of": draw(st.sampled_from(["all", "usage"])),
                }
            )
        elif kind == "per_seat":
            components.append(
                {
                    "type": "per_seat",
                    "amount": draw(money),
                    "seats": draw(st.sampled_from(["agents", 0, 2, "peak_concurrent"] if v2 else ["agents", 0, 2])),
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
            "holidays": draw(holidays) if v2 else [],
            "components": components,
        }
    )


durations = st.one_of(
    st.sampled_from([0, 1, 5, 6, 7, 29, 30, 31, 59, 60, 61, 119, 120, 121, 180, 181]),
    st.integers(0, 700),
    st.integers(0, 400_000).map(lambda ms: Fraction(ms, 1000)),
    # A hair over whole seconds: exact as written (12.0000001 bills 13 s under 1/1)
    st.integers(0, 200).map(lambda s: s + Fraction(1, 10**7)),
)
# Moments where the rules have an edge: band bounds, midnight at a month's end, a holiday.
SPECIAL_STARTS = [
    dt.datetime(2026, 1, 31, 23, 59, 30),
    dt.datetime(2026, 2, 2, 7, 59, 59),
    dt.datetime(2026, 2, 2, 8, 0, 0),
    dt.datetime(2026, 2, 28, 23, 58, 0),
    dt.datetime(2026, 2, 1, 10, 0, 0),
]


@st.composite
def records(draw, timed: bool):
    rows = []
    for _ in range(draw(st.integers(0, 25))):
        start = BASE + dt.timedelta(seconds=draw(st.integers(0, 45 * 86_400))) if timed else None
        if timed and draw(st.integers(0, 6)) == 0:
            start = draw(st.sampled_from(SPECIAL_STARTS))
        if timed and rows and draw(st.integers(0, 4)) == 0:
            start = rows[-1]["start"] + dt.timedelta(seconds=draw(st.integers(0, 90)))
        duration = Fraction(draw(durations))
        answered = draw(st.sampled_from([None, True, False]))
        rows.append(
            {
                "start": start,
                "duration": duration,
                "channel": draw(st.sampled_from(["voice", "voice", "sms", "chat"])),
                "direction": draw(st.sampled_from(["", "inbound", "outbound", "outbound", "internal"])),
                "answered": None if answered is None else answered,
                "answered_text": "" if answered is None else str(answered).lower(),
                "agent": draw(st.sampled_from(["", "a", "b", " c "])),
                "destination": draw(st.sampled_from(DESTINATIONS)),
                "resolved": draw(st.sampled_from([None, True, False])),
            }
        )
    for row in rows:  # rules v2: a voice call without a word is answered when it has talk time, any other record is
        if row["answered"] is None:
            row["answered"] = row["duration"] > 0 or row["channel"] != "voice"
    return rows


def decimal_text(value: Fraction) -> str:
    """The exact decimal text of a duration whose denominator divides a power of ten."""
    whole, rest = divmod(value.numerator, value.denominator)
    if not rest:
        return str(whole)
    places = next(k for k in range(1, 30) if 10**k % value.denominator == 0)
    return f"{whole}.{rest * 10**places // value.denominator:0{places}d}"


def as_frame(rows, timed):
    frame = pd.DataFrame(
        {
            "duration_s": [decimal_text(r["duration"]) for r in rows],
            "channel": [r["channel"] for r in rows],
            "direction": [r["direction"] for r in rows],
            "answered": [r["answered_text"] for r in rows],
            "agent": [r["agent"] for r in rows],
            "destination": [r.get("destination", "") for r in rows],
            "resolved": ["" if r.get("resolved") is None else str(r["resolved"]).lower() for r in rows],
        }
    )
    if timed:
        frame["start"] = [r["start"].isoformat(sep=" ") for r in rows]
    return frame


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), tariff=tariffs())
def test_engine_equals_exact_reference(data, tariff):
    timed = data.draw(st.booleans(), label="timed")
    rows = data.draw(records(timed), label="records")
    rows.sort(key=lambda r: r["start"]) if timed else None
    log = prepare(read_calls(as_frame(rows, timed), "random"))
    try:
        expected = reference_price(rows, tariff)
    except ReferenceRefusal as refusal:
        with pytest.raises(InputError, match=re.escape(str(refusal))):
            price(log, tariff)
        return
    result = price(log, tariff)
    assert Fraction(result.total) == expected["total"]
    assert {k: Fraction(v) for k, v in result.months.items()} == expected["months"]
    assert {k: Fraction(v) for k, v in result.components.items()} == expected["components"]
    assert result.billed_seconds == expected["billed_seconds"]
    assert result.actual_seconds == expected["actual_seconds"]
    assert result.unrated == expected["unrated"]


@settings(max_examples=100, deadline=None)
@given(rows=records(timed=True), rate=money)
def test_per_second_never_costs_more_than_60_60(rows, rate):
    log = prepare(read_calls(as_frame(rows, True), "random"))
    per_second = Tariff.model_validate(
        {"name": "S", "components": [{"type": "per_minute", "rate": rate, "increment": "1/1"}]}
    )
    per_minute = Tariff.model_validate({"name": "M", "components": [{"type": "per_minute", "rate": rate}]})
    assert price(log, per_second).total <= price(log, per_minute).total


@settings(max_examples=100, deadline=None)
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
