"""The tariff editor's values make the same tariff back, and each problem lands on its field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calc.i18n import use_language
from ui.tariff_form import (
    COMPONENT_FIELDS,
    NUMBER_FIELDS,
    TARIFF_FIELDS,
    build_tariff,
    deck_preview,
    deck_summary,
    field_value,
    new_component_values,
    number_text,
)


def editor_values(tariff):
    values = {spec.name: field_value(tariff, spec) for spec in TARIFF_FIELDS}
    components = [
        (c.type, {spec.name: field_value(c, spec) for spec in COMPONENT_FIELDS[c.type]}) for c in tariff.components
    ]
    return values, components


def test_every_preset_survives_the_editor_unchanged(presets):
    for tariff in presets:
        built, problems = build_tariff(*editor_values(tariff))
        assert problems == {}
        assert built == tariff


def test_a_changed_rate_is_read_exactly(presets):
    tariff = next(t for t in presets if t.components[0].type == "per_minute")
    values, components = editor_values(tariff)
    components[0][1]["rate"] = "0.0123"
    built, _ = build_tariff(values, components)
    assert str(built.components[0].rate) == "0.0123"


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"rate": "abc"}, (0, "rate"), "must be a number"),
        ({"rate": "-0.01"}, (0, "rate"), "must not be negative"),
        ({"increment": "60-60"}, (0, "increment"), 'increment must look like "60/60"'),
        ({"tiers": "100 0.05"}, (0, "tiers"), 'line 1 must look like "1000: 0.05"'),
        ({"tiers": "100: 0.05\n200: 0.04"}, (0, "tiers"), "last tier"),
        ({"included_minutes": "10", "min_charge": "0.5"}, (0, ""), "min_charge"),
    ],
)
def test_component_problems_name_their_field(change, where, message):
    values = {"name": "A", "currency": "EUR", "decimals": 2, "round_per_call": "none"}
    fields = {"rate": "0.07", "increment": "60/60", "channel": "voice", "direction": "any"} | change
    built, problems = build_tariff(values, [("per_minute", fields)])
    assert built is None
    assert where in problems
    assert message in problems[where]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": " "}, "name", "is required"),
        ({"name": "A", "currency": "EURO"}, "currency", "ISO 4217"),
        ({"name": "A", "decimals": 9}, "decimals", "less than or equal to 6"),
    ],
)
def test_tariff_problems_name_their_field(values, field, message):
    built, problems = build_tariff(values, [("monthly_fee", {"amount": "10"})])
    assert built is None
    assert message in problems[(None, field)]


def test_a_tariff_needs_a_component():
    assert build_tariff({"name": "A"}, []) == (None, {(None, "components"): "a tariff needs at least one component"})


V2_VALUES = {"name": "A", "currency": "EUR", "decimals": 2, "round_per_call": "none", "holidays": ""}


@pytest.mark.parametrize(
    "fields",
    [
        {"segments": "180: fee 0.22\n600: 0.11 60/60\nrest: 0.05 6/6", "increment": "60/60"},
        {"segments": "60: 0.30\nrest: 0.10 1/1"},
        {"rate": "0.02", "time_bands": "mon-fri 08:00-20:00 = 0.06\nsat 08:00-13:00; hol 10:00-12:00 = 0.04"},
        {"rate": "0.07", "max_charge": "1.20", "channel": "any", "direction": "internal"},
    ],
)
def test_v2_per_minute_fields_are_shown_back_exactly(fields):
    built, problems = build_tariff(V2_VALUES | {"holidays": "2026-12-25"}, [("per_minute", fields)])
    assert problems == {}
    again, _ = build_tariff(*editor_values(built))
    assert again == built
    shown = editor_values(built)[1][0][1]
    for name in ("segments", "time_bands", "max_charge"):
        if name in fields:
            assert shown[name] == fields[name]
    assert editor_values(built)[0]["holidays"] == "2026-12-25"


@pytest.mark.parametrize(
    ("fields", "where", "message"),
    [
        ({"segments": "180 fee 0.22"}, "segments", 'line 1 must look like "180: fee 0.22"'),
        ({"segments": "180: fee"}, "segments", 'line 1 must look like "180: fee 0.22"'),
        ({"segments": "180: fee 0.22\n60: 0.1\nrest: 0.05"}, "segments", "segment 2: up_to_s 60 must be above 180"),
        ({"segments": "180: 0.22 abc\nrest: 0.05"}, "segments", 'segment 1: increment must look like "60/60"'),
        ({"segments": "rest: fee 0.22"}, "segments", "a fee segment must have an end"),
        ({"segments": "rest: 0.1", "increment": "6/6"}, "", "increment cannot be combined with segments"),
        ({"rate": "0.02", "time_bands": "mon-fri 08:00-20:00"}, "time_bands", "line 1 must look like"),
        ({"rate": "0.02", "time_bands": "mon-fri 08:00-20:00 = x"}, "time_bands", "band 1: rate must be a number"),
        ({"rate": "0.07", "max_charge": "-1"}, "max_charge", "must not be negative"),
        ({"rate": "0.07", "country_code": "39"}, "", "country_code and national_prefix only apply to a rate deck"),
        (
            {"destinations": ("deck.csv", b"prefix,rate\n")},
            "destinations",
            "deck.csv: the deck has a header but no rows",
        ),
    ],
)
def test_v2_problems_name_their_field(fields, where, message):
    built, problems = build_tariff(V2_VALUES, [("per_minute", {"increment": "60/60"} | fields)])
    assert built is None
    assert message in problems[(0, where)]


def test_an_uploaded_deck_becomes_rows_and_the_rows_are_kept():
    deck = b"prefix,rate,effective_from\n39,0.012,\n393,0.045,\n393,0.039,2026-03-01\n"
    fields = {"destinations": ("deck.csv", deck), "country_code": "39", "national_prefix": "0"}
    built, problems = build_tariff(V2_VALUES, [("per_minute", fields)])
    assert problems == {}
    assert [row.prefix for row in built.components[0].destinations] == ["39", "393", "393"]
    assert deck_summary(built.components[0].destinations) == "3 rows, 2 prefixes, rates changing on 2026-03-01"
    assert deck_preview(built.components[0].destinations, 2)["rate"].tolist() == ["0.012", "0.045"]
    again, _ = build_tariff(*editor_values(built))
    assert again == built


@pytest.mark.parametrize(
    ("kind", "fields", "expected"),
    [
        ("one_time", {"amount": "36000", "spread_months": "36"}, {"amount": 36000, "spread_months": 36}),
        ("surcharge", {"percent": "4.5", "of": "usage"}, {"percent": Decimal("4.5"), "of": "usage"}),
        ("per_event", {"fee": "0.90", "only_resolved": True}, {"fee": Decimal("0.90"), "only_resolved": True}),
        ("per_seat", {"amount": "60", "seats": "peak_concurrent"}, {"seats": "peak_concurrent"}),
    ],
)
def test_v2_components_from_the_editor(kind, fields, expected):
    built, problems = build_tariff(V2_VALUES, [(kind, new_component_values(kind) | fields)])
    assert problems == {}
    assert {name: getattr(built.components[0], name) for name in expected} == expected


def test_one_time_spread_out_of_range_names_its_field():
    fields = new_component_values("one_time") | {"spread_months": "0"}
    assert build_tariff(V2_VALUES, [("one_time", fields)])[1] == {
        (0, "spread_months"): "spread_months must be a whole number from 1 to 1200, got 0"
    }


def test_a_large_deck_keys_the_cache_and_the_form_quickly():
    import time

    from calc import Tariff
    from calc.decks import DeckRow
    from ui.data import tariff_text
    from ui.tariff_form import form_prefix

    rows = [DeckRow(prefix=str(100_000 + i), rate=Decimal("0.0123"), name="Somewhere") for i in range(50_000)]
    deck = Tariff.model_validate({"name": "Deck", "components": [{"type": "per_minute", "destinations": rows}]})
    changed = deck.model_copy(
        update={
            "components": [
                deck.components[0].model_copy(
                    update={"destinations": [*rows[:-1], rows[-1].model_copy(update={"rate": Decimal("0.0124")})]}
                )
            ]
        }
    )
    began = time.perf_counter()
    key, prefix = tariff_text(deck), form_prefix(1, deck)
    assert time.perf_counter() - began < 1.0  # writing the deck as YAML takes seconds
    # one rate changed in the 50,000th row: another key and a fresh form
    assert tariff_text(changed) != key
    assert form_prefix(1, changed) != prefix


# --- numbers typed the locale's way ---------------------------------------------------------------------------

#: (component type, field, as an Italian types it, the exact value) for every number the editor reads from text.
ITALIAN_NUMBERS = [
    ("per_minute", "rate", "0,0125", Decimal("0.0125")),
    ("per_minute", "connection_fee", "0,000001", Decimal("0.000001")),
    ("per_minute", "min_charge", "0,10", Decimal("0.10")),
    ("per_minute", "max_charge", "1.234,50", Decimal("1234.50")),
    ("per_minute", "grace_s", "2,5", Decimal("2.5")),
    ("per_minute", "included_minutes", "1.000", None),  # "1.000": a thousand or one? refused, see below
    ("per_minute", "included_minutes", "1000,5", Decimal("1000.5")),
    ("per_event", "fee", "0,99", Decimal("0.99")),
    ("monthly_fee", "amount", "1.500,00", Decimal("1500.00")),
    ("one_time", "amount", "36000,00", Decimal("36000.00")),
    ("one_time", "spread_months", "36", 36),
    ("per_seat", "amount", "49,90", Decimal("49.90")),
    ("per_seat", "seats", "12", 12),
    ("hourly_team", "rate", "25,50", Decimal("25.50")),
    ("hourly_team", "agents", "4", 4),
    ("hourly_team", "hours_per_month", "160,5", Decimal("160.5")),
    ("minimum_spend", "amount", "1500,75", Decimal("1500.75")),
    ("surcharge", "percent", "4,5", Decimal("4.5")),
]


@pytest.mark.parametrize(("kind", "name", "typed", "value"), ITALIAN_NUMBERS)
def test_every_number_field_reads_the_italian_decimal_comma_exactly(kind, name, typed, value):
    fields = new_component_values(kind) | {name: typed} | ({"schedule": ""} if name == "hours_per_month" else {})
    with use_language("it"):
        built, problems = build_tariff(V2_VALUES, [(kind, fields)])
    if value is None:
        assert built is None and "si può leggere in due modi" in problems[(0, name)]
        return
    assert problems == {}
    read = getattr(built.components[0], name)
    assert read == value and str(read) == str(value)  # the digits as typed: no float on the way


def test_every_number_field_of_the_editor_is_covered():
    covered = {(kind, name) for kind, name, _typed, _value in ITALIAN_NUMBERS}
    number_fields = {
        (kind, spec.name)
        for kind, specs in COMPONENT_FIELDS.items()
        for spec in specs
        if spec.kind == "text" and spec.name in NUMBER_FIELDS
    }
    assert number_fields == covered


@pytest.mark.parametrize("language", ["zh", "it"])
def test_tiers_segments_and_bands_read_the_locales_numbers(language):
    comma = {"zh": ".", "it": ","}[language]
    fields = {
        "increment": "60/60",
        "tiers": f"1000: 0{comma}05\nrest: 0{comma}0375",
    }
    with use_language(language):
        built, problems = build_tariff(V2_VALUES, [("per_minute", fields)])
        assert problems == {}
        assert [(t.up_to, str(t.rate)) for t in built.components[0].tiers] == [(1000, "0.05"), (None, "0.0375")]
        assert field_value(built.components[0], COMPONENT_FIELDS["per_minute"][10]) == fields["tiers"]
        fields = {"rate": "", "segments": f"180: fee 0{comma}22\n600: 0{comma}11 60/60\nrest: 0{comma}05 6/6"}
        built, problems = build_tariff(V2_VALUES, [("per_minute", fields)])
        assert problems == {}
        segments = built.components[0].segments
        assert [(s.fee, s.rate) for s in segments] == [
            (Decimal("0.22"), None),
            (None, Decimal("0.11")),
            (None, Decimal("0.05")),
        ]
        fields = {"rate": f"0{comma}07", "increment": "60/60", "time_bands": f"sat 08:00-13:00 = 0{comma}045"}
        built, problems = build_tariff(V2_VALUES, [("per_minute", fields)])
        assert problems == {}
        assert str(built.components[0].time_bands[0].rate) == "0.045"


def test_a_tier_line_with_an_ambiguous_number_names_its_line():
    with use_language("it"):
        built, problems = build_tariff(V2_VALUES, [("per_minute", {"tiers": "500: 0,05\n1.000: 0,04\nrest: 0,03"})])
    assert built is None
    assert problems[(0, "tiers")].startswith("riga 2: '1.000' si può leggere in due modi")


@given(
    value=st.decimals(min_value=0, max_value=10**7, places=7, allow_nan=False, allow_infinity=False),
    language=st.sampled_from(["en", "zh", "it"]),
)
def test_a_number_shown_by_the_editor_reads_back_exactly(value, language):
    """What the editor writes in a box (`number_text`) is read back (`build_tariff`) to the same digits."""
    with use_language(language):
        shown = number_text(value)
        built, problems = build_tariff(V2_VALUES, [("monthly_fee", {"amount": shown})])
    assert problems == {}
    assert f"{built.components[0].amount:f}" == f"{value:f}"


def test_the_editor_shows_numbers_the_locales_way():
    built, _ = build_tariff(V2_VALUES, [("per_minute", {"rate": "1250.050", "increment": "60/60"})])
    rate = COMPONENT_FIELDS["per_minute"][0]
    shown = {}
    for language in ("en", "zh", "it"):
        with use_language(language):
            shown[language] = field_value(built.components[0], rate)
    assert shown == {"en": "1250.050", "zh": "1250.050", "it": "1250,050"}
