"""Tariff files: every preset loads, dumps and loads back unchanged; exact decimals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from calc import dump_tariffs, load_tariffs, parse_tariffs, save_tariffs
from calc.tariff import component_labels

PRESETS = sorted((Path(__file__).resolve().parents[2] / "data" / "tariffs").glob("*.yaml"))


def test_the_preset_library_covers_every_model():
    kinds = {c.type for path in PRESETS for t in load_tariffs(path) for c in t.components}
    assert kinds == {
        "per_minute",
        "per_event",
        "monthly_fee",
        "per_seat",
        "hourly_team",
        "minimum_spend",
        "one_time",
        "surcharge",
    }
    components = [c for path in PRESETS for t in load_tariffs(path) for c in t.components]
    # rules v2: segments, time bands with holidays, outcome pricing, surcharges on usage and on all
    assert any(getattr(c, "segments", None) for c in components)
    assert any(getattr(c, "time_bands", None) for c in components)
    assert any(load_tariffs(path)[0].holidays for path in PRESETS)
    assert any(getattr(c, "only_resolved", False) for c in components)
    assert {c.of for c in components if c.type == "surcharge"} == {"all", "usage"}
    assert {t.currency for path in PRESETS for t in load_tariffs(path)} == {"EUR", "CNY", "USD"}
    increments = {
        c.increment for path in PRESETS for t in load_tariffs(path) for c in t.components if c.type == "per_minute"
    }
    assert {"60/60", "1/1", "6/6", "30/6"} <= increments
    assert any(
        c.type == "hourly_team" and c.covers_calls for p in PRESETS for t in load_tariffs(p) for c in t.components
    )


@pytest.mark.parametrize("path", PRESETS, ids=[p.stem for p in PRESETS])
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_preset_round_trip(path, fmt, tmp_path):
    tariffs = load_tariffs(path)
    target = tmp_path / f"copy.{fmt}"
    save_tariffs(tariffs, target)
    assert load_tariffs(target) == tariffs
    assert dump_tariffs(load_tariffs(target), fmt) == target.read_text()


def test_yaml_numbers_are_exact_decimals():
    [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.07, connection_fee: 0.1}]")
    assert tariff.components[0].rate * 100 == Decimal("7")
    assert tariff.components[0].connection_fee == Decimal("0.1")


def test_json_numbers_are_exact_decimals():
    [tariff] = parse_tariffs('{"name": "A", "components": [{"type": "per_minute", "rate": 0.07}]}', "a.json")
    assert tariff.components[0].rate == Decimal("0.07")


@pytest.mark.parametrize(
    "text",
    [
        "name: A\ncomponents: [{type: monthly_fee, amount: 1}]",
        "[{name: A, components: [{type: monthly_fee, amount: 1}]}]",
        "tariffs: [{name: A, components: [{type: monthly_fee, amount: 1}]}]",
    ],
    ids=["one mapping", "a list", "a tariffs key"],
)
def test_three_file_shapes(text):
    assert [t.name for t in parse_tariffs(text)] == ["A"]


def test_default_labels_number_repeats():
    [tariff] = parse_tariffs(
        "name: A\ncomponents: [{type: per_event, fee: 1}, {type: per_event, fee: 2, label: sms}, {type: per_event, fee: 3}]"
    )
    assert tariff.labels == ["per_event", "sms", "per_event 3"]
    assert component_labels([]) == []


def test_defaults_from_the_rules():
    [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 1}]")
    component = tariff.components[0]
    assert (tariff.currency, tariff.decimals, tariff.round_per_call) == ("EUR", 2, "none")
    assert (component.increment, component.channel, component.direction) == (
        "60/60",
        "voice",
        "any",
    )
