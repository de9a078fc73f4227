"""Tariff files that must be refused, each with the message a person needs."""

from __future__ import annotations

import pytest

from calc import InputError, load_tariffs, parse_tariffs

PM = "name: Vendor A\ncomponents: [{{type: per_minute, {}}}]"

REFUSED = [
    (
        PM.format("rate: 0.07, increment: 60-60"),
        r'bad.yaml: tariff "Vendor A", component 1 \(per_minute\), field \'increment\': increment must look like "60/60".*got \'60-60\'',
    ),
    (
        PM.format("rate: -0.07"),
        r"component 1 \(per_minute\), field 'rate': must not be negative, got -0.07",
    ),
    (
        PM.format("rate: 0.07, colour: red"),
        r"tariff \"Vendor A\", component 1 \(per_minute\): unknown field 'colour'",
    ),
    (
        "name: Vendor A\nprice: 3\ncomponents: [{type: monthly_fee, amount: 1}]",
        r"tariff \"Vendor A\", unknown field 'price'",
    ),
    (
        PM.format("tiers: [{up_to: 100, rate: 0.05}, {up_to: 50, rate: 0.04}, {up_to: null, rate: 0.03}]"),
        r"field 'tiers': tiers are out of order: tier 2 has up_to 50, which is not above 100",
    ),
    (
        PM.format("tiers: [{up_to: 100, rate: 0.05}]"),
        r"the last tier must have up_to: null, got 100",
    ),
    (
        PM.format("tiers: [{up_to: null, rate: 0.05}, {up_to: null, rate: 0.04}]"),
        r"only the last tier may have up_to: null",
    ),
    (
        PM.format("min_charge: 0.1, tiers: [{up_to: null, rate: 0.03}]"),
        r"component 1 \(per_minute\): min_charge cannot be combined with included_minutes or tiers",
    ),
    (
        "name: Vendor A\nround_per_call: up\ncomponents: [{type: per_minute, rate: 0.07, included_minutes: 100}]",
        r"round_per_call 'up' cannot be combined with included_minutes or tiers",
    ),
    (
        PM.format("increment: 1/1"),
        r"component 1 \(per_minute\): rate is required \(or give segments, destinations, a deck or tiers\)",
    ),
    (
        "name: Vendor A\ncomponents: [{type: hourly_team, rate: 10, agents: 2, schedule: ['mon-fry 09:00-18:00']}]",
        r"component 1 \(hourly_team\), field 'schedule': .*days must look like 'mon-fri'.*got 'mon-fry'",
    ),
    (
        "name: Vendor A\ncomponents: [{type: hourly_team, rate: 10, agents: 2, schedule: ['mon-fri 9-18']}]",
        r"schedule entry must look like 'mon-fri 09:00-18:00', got 'mon-fri 9-18'",
    ),
    (
        "name: Vendor A\ncomponents: [{type: hourly_team, rate: 10, agents: 2, schedule: ['mon 09:00-25:00']}]",
        r"impossible time '25:00'",
    ),
    (
        "name: Vendor A\ncomponents: [{type: hourly_team, rate: 10, agents: 2}]",
        r"give exactly one of hours_per_month or schedule",
    ),
    (
        "name: Vendor A\ncomponents: [{type: hourly_team, rate: 10, agents: 2.5, hours_per_month: 10}]",
        r"field 'agents': must be a whole number >= 0, got 2.5",
    ),
    (
        "name: Vendor A\ncomponents: [{type: fax, rate: 1}]",
        r"type must be one of per_minute, .*got 'fax'",
    ),
    ("name: Vendor A\ncomponents: [{rate: 1}]", r"component 1: type is required"),
    ("name: Vendor A\ncomponents: []", r"field 'components': needs at least one component"),
    ("components: [{type: monthly_fee, amount: 1}]", r"tariff 1, field 'name': is required"),
    (
        PM.format("rate: 0.07, direction: sideways"),
        r"field 'direction': input should be 'inbound', 'outbound', 'internal' or 'any', got 'sideways'",
    ),
    (PM.format("rate: abc"), r"field 'rate': rate must be a number, got 'abc'"),
    (PM.format("rate: .inf"), r"field 'rate': rate must be a finite number"),
    (
        "name: Vendor A\ncurrency: euro\ncomponents: [{type: monthly_fee, amount: 1}]",
        r"currency must be an ISO 4217 code",
    ),
    (
        "name: Vendor A\ncomponents: [{type: per_seat, amount: 3, seats: many}]",
        r'seats must be a whole number, "agents" or "peak_concurrent"',
    ),
    (
        "name: Vendor A\ncomponents: [{type: per_event, fee: 1, label: x}, {type: monthly_fee, amount: 1, label: x}]",
        r"component labels must be unique, 'x' is used twice",
    ),
    (
        "name: Vendor A\ncomponents:\n  - {type: hourly_team, rate: 1, agents: 1, hours_per_month: 1, covers_calls: true}\n"
        "  - {type: hourly_team, rate: 1, agents: 1, hours_per_month: 1, covers_calls: true}",
        r"at most one hourly_team may have covers_calls: true",
    ),
    (
        "- {name: A, components: [{type: monthly_fee, amount: 1}]}\n- {name: A, components: [{type: monthly_fee, amount: 2}]}",
        r'tariff name "A" is used twice',
    ),
    ("name: [unclosed", r"bad.yaml: not valid YAML at line 1"),
    ("", r"bad.yaml: the file holds no tariff"),
    ("tariffs: []\nmore: 1", r"unknown top-level field 'more'"),
    ("- just text", r"bad.yaml: tariff 1 must be a mapping"),
]


@pytest.mark.parametrize(("text", "message"), REFUSED, ids=[m[:50] for _, m in REFUSED])
def test_refused_tariff(text, message):
    with pytest.raises(InputError, match=message):
        parse_tariffs(text, "bad.yaml")


def test_bad_json_names_the_line(tmp_path):
    path = tmp_path / "offers.json"
    path.write_text('{"name": "A",\n "components": [}')
    with pytest.raises(InputError, match=r"offers.json: not valid JSON at line 2"):
        load_tariffs(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nope.yaml: no such tariff file"):
        load_tariffs(tmp_path / "nope.yaml")
