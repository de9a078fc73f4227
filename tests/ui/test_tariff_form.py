"""The tariff editor's values make the same tariff back, and each problem lands on its field."""

from __future__ import annotations

import pytest

from ui.tariff_form import COMPONENT_FIELDS, TARIFF_FIELDS, build_tariff, field_value


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
