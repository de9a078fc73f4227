"""Break-even on the money fields of rules v2: segments, time bands, deck rows, caps, set-up, surcharges."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from calc import InputError, break_even, numeric_fields, price
from calc.breakeven import MAX_PLACES, field_value, with_field
from calc.money import decimal_scale
from tests.conftest import make_log, one_tariff


def outbound_log():
    """300 outbound calls over March and April 2026, to Italian landlines and mobiles and to the UK."""
    rng = np.random.default_rng(11)
    starts = np.datetime64("2026-03-02T08:00:00") + rng.integers(0, 55 * 86_400, 300).astype("timedelta64[s]")
    numbers = np.array(["+39 06 1234567", "0039 347 1234567", "+44 20 7946 0000", "+39 333 7654321"])
    return make_log(
        [
            {
                "start": str(start).replace("T", " "),
                "duration_s": str(int(duration)),
                "direction": "outbound",
                "destination": number,
            }
            for start, duration, number in zip(
                np.sort(starts), rng.integers(5, 400, 300), numbers[rng.integers(0, 4, 300)], strict=True
            )
        ]
    )


LOG = outbound_log()
TARGET = one_tariff("name: A\ncomponents: [{type: per_minute, rate: 0.05, direction: outbound}]")
VARIED = {
    "segments": """
name: Segments
components:
  - type: per_minute
    label: cn
    segments: [{up_to_s: 180, fee: 0.02}, {up_to_s: null, rate: 0.03, increment: 60/60}]
""",
    "bands": """
name: Bands
holidays: [2026-04-06]
components:
  - type: per_minute
    label: calls
    rate: 0.02
    time_bands: [{when: mon-fri 09:00-18:00, rate: 0.04}, {when: [sat 08:00-13:00, hol 10:00-12:00], rate: 0.03}]
""",
    "deck": """
name: Deck
components:
  - type: per_minute
    label: deck
    destinations:
      - {prefix: "39", rate: 0.01}
      - {prefix: "393", rate: 0.03}
      - {prefix: "393", rate: 0.02, effective_from: 2026-04-01}
      - {prefix: "44", rate: 0.02, increment: 1/1}
""",
    "capped": """
name: Capped
components: [{type: per_minute, label: capped, rate: 0.20, max_charge: 0.10}]
""",
    "set-up": """
name: Set-up
components:
  - {type: per_minute, rate: 0.03}
  - {type: one_time, label: set-up, amount: 5, spread_months: 3}
""",
    "vat": """
name: VAT
components:
  - {type: per_minute, rate: 0.03}
  - {type: monthly_fee, amount: 2}
  - {type: surcharge, label: VAT, percent: 22}
""",
}
CASES = [
    ("segments", "cn.segments.1.fee"),  # a flat block's fee
    ("segments", "cn.segments.2.rate"),  # a segment's rate
    ("bands", "calls.time_bands.1.rate"),  # a band's rate
    ("bands", "calls.time_bands.2.rate"),
    ("bands", "calls.rate"),  # the rate outside every band
    ("deck", "deck.destinations.+393.rate"),  # every row of a prefix, whatever its date
    ("deck", "deck.destinations.1.rate"),  # one row by its number
    ("capped", "capped.max_charge"),  # a cap per call
    ("set-up", "set-up.amount"),  # a one-time amount
    ("vat", "VAT.percent"),  # a surcharge's percentage
]


@pytest.mark.parametrize(("kind", "field"), CASES)
def test_value_re_priced_gives_the_target_total(kind, field):
    varied = one_tariff(VARIED[kind])
    assert field in numeric_fields(varied) or ".destinations.1." in field
    result = break_even(LOG, TARGET, varied, field)
    target = price(LOG, TARGET).total
    assert result.reachable and result.exact, result.message
    assert price(LOG, with_field(varied, field, result.value)).total == target == result.total_at_value
    step = Decimal(1).scaleb(-max(decimal_scale(result.value), varied.decimals))
    assert price(LOG, with_field(varied, field, result.value + step)).total > target
    assert decimal_scale(result.value) <= MAX_PLACES


def test_v2_fields_are_listed():
    assert numeric_fields(one_tariff(VARIED["deck"])) == [
        "deck.connection_fee",
        "deck.min_charge",
        "deck.destinations.+39.rate",
        "deck.destinations.+393.rate",
        "deck.destinations.+44.rate",
    ]
    assert numeric_fields(one_tariff(VARIED["capped"])) == [
        "capped.rate",
        "capped.connection_fee",
        "capped.min_charge",
        "capped.max_charge",
    ]
    assert numeric_fields(one_tariff(VARIED["bands"]))[-2:] == ["calls.time_bands.1.rate", "calls.time_bands.2.rate"]
    assert numeric_fields(one_tariff(VARIED["vat"]))[-2:] == ["monthly_fee.amount", "VAT.percent"]


def test_a_prefix_sets_every_dated_row_and_reads_the_latest():
    deck = one_tariff(VARIED["deck"])
    assert field_value(deck, "deck.destinations.+393.rate") == Decimal("0.02")  # the row from 2026-04-01
    changed = with_field(deck, "deck.destinations.+393.rate", Decimal("0.5"))
    assert [row.rate for row in changed.components[0].destinations] == [
        Decimal("0.01"),
        Decimal("0.5"),
        Decimal("0.5"),
        Decimal("0.02"),
    ]
    one_row = with_field(deck, "deck.destinations.3.rate", Decimal("0.7"))
    assert [row.rate for row in one_row.components[0].destinations][1:3] == [Decimal("0.03"), Decimal("0.7")]


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        ("deck", "deck.destinations.+49.rate"),  # no such prefix
        ("deck", "deck.destinations.9.rate"),  # no such row
        ("deck", "deck.destinations.+39.fee"),
        ("segments", "cn.segments.1.rate"),  # a fee segment has no rate
        ("segments", "cn.segments.3.rate"),
        ("bands", "calls.time_bands.+1.rate"),
        ("capped", "capped.one_time"),
    ],
)
def test_fields_that_do_not_exist_are_refused(kind, field):
    with pytest.raises(InputError, match=rf"field '{field.replace('+', '[+]')}' is not a money field of tariff"):
        with_field(one_tariff(VARIED[kind]), field, Decimal(1))


def test_a_cap_left_out_is_not_a_field():
    tariff = one_tariff("name: B\ncomponents: [{type: per_minute, rate: 0.1}]")
    with pytest.raises(InputError, match="'per_minute.max_charge' is not a money field"):
        field_value(tariff, "per_minute.max_charge")
