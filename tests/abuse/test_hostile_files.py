"""Hostile and careless tariff and scenario files: refused in one line, fast, in bounded memory."""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal

import pandas as pd
import pytest

from calc import InputError, compare, parse_tariffs, read_calls
from calc.errors import excerpt
from calc.limits import (
    MAX_ALIASES,
    MAX_COMPONENTS,
    MAX_EXPANDED_NODES,
    MAX_NESTING_DEPTH,
    MAX_TARIFF_FILE_BYTES,
    MAX_TARIFFS,
    MAX_TIERS,
)
from calc.money import to_decimal
from calc.safe_yaml import load_json, load_yaml
from tests.abuse.bounded import run_bounded
from ui.whatif import read_scenario_document

COMPONENT = "components: [{type: per_minute, rate: 0.07}]"


def bomb(levels: int = 9, width: int = 9) -> str:
    """A 'billion laughs' YAML: `width` ** `levels` values once expanded, a few hundred bytes written."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * width)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


# --- YAML 1.2 numbers, duplicate keys ---------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("010", 10),  # YAML 1.1 says 8
        ("1:30", "1:30"),  # YAML 1.1 says 90
        ("0x10", "0x10"),  # YAML 1.1 says 16
        ("0o17", "0o17"),
        ("0.07", Decimal("0.07")),
        ("1e3", Decimal("1e3")),
        ("yes", "yes"),  # YAML 1.1 says True
        ("off", "off"),
        ("true", True),
        ("2026-01-01", "2026-01-01"),  # YAML 1.1 says a date
        ("~", None),
    ],
)
def test_yaml_is_read_with_yaml_1_2_rules(written, read):
    value = load_yaml(f"v: {written}")["v"]
    assert value == read and type(value) is type(read)


def test_a_leading_zero_amount_is_ten_not_eight():
    [tariff] = parse_tariffs("name: A\ncomponents: [{type: monthly_fee, amount: 010}]")
    assert tariff.components[0].amount == Decimal(10)


def test_a_sexagesimal_looking_grace_is_refused_not_ninety():
    with pytest.raises(InputError, match=re.escape("field 'grace_s': grace_s must be a number, got '1:30'")):
        parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.07, grace_s: 1:30}]", "t.yaml")


def test_a_hexadecimal_rate_is_refused_not_sixteen():
    with pytest.raises(InputError, match=re.escape("field 'rate': rate must be a number, got '0x10'")):
        parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0x10}]", "t.yaml")


def test_a_duplicate_key_names_the_key_and_the_line():
    text = "name: A\ncomponents:\n  - type: per_minute\n    rate: 0.07\n    rate: 0.01\n"
    with pytest.raises(InputError, match=re.escape("t.yaml: key 'rate' is written twice (line 5)")):
        parse_tariffs(text, "t.yaml")


def test_a_duplicate_json_key_is_refused():
    text = '{"name": "A", "name": "B", "components": [{"type": "per_event", "fee": 1}]}'
    with pytest.raises(InputError, match=re.escape("t.json: key 'name' is written twice in one object")):
        parse_tariffs(text, "t.json")


def test_merge_keys_are_not_yaml_1_2():
    text = "name: A\ncomponents:\n  - &c {type: per_event, fee: 1}\n  - {<<: *c, label: two}\n"
    with pytest.raises(InputError, match=re.escape('t.yaml: tariff "A", component 2: type is required')):
        parse_tariffs(text, "t.yaml")


# --- alias bombs, nesting, size ----------------------------------------------------------------


def test_an_alias_bomb_is_refused_before_it_is_expanded():
    with pytest.raises(
        InputError, match=re.escape(f"t.yaml: more than {MAX_EXPANDED_NODES:,} values once its aliases")
    ):
        load_yaml(bomb(), "t.yaml")


def test_too_many_aliases_are_refused():
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]"
    with pytest.raises(InputError, match=re.escape(f"t.yaml: more than {MAX_ALIASES} aliases (*name) at line 2")):
        load_yaml(text, "t.yaml")


def test_a_few_aliases_are_still_fine():
    assert load_yaml("a: &a [1, 2]\nb: *a\nc: *a") == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


def test_a_recursive_alias_is_refused():
    with pytest.raises(InputError, match=re.escape("t.yaml: an alias refers to itself (line 1)")):
        load_yaml("&a [1, *a]", "t.yaml")


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, "a:\n" + "".join(" " * n + "- \n" for n in range(1, 60))])
def test_deep_yaml_nesting_is_refused(text):
    with pytest.raises(InputError, match=f"t.yaml: nested deeper than {MAX_NESTING_DEPTH} levels at line"):
        load_yaml(text, "t.yaml")


def test_aliases_that_nest_deeper_once_expanded_are_refused():
    nested = "[" * 15 + "1" + "]" * 15
    text = f"a: &a {nested}\nb: &b [[[[[[[*a]]]]]]]\n"
    with pytest.raises(
        InputError, match=f"nested deeper than {MAX_NESTING_DEPTH} levels once its aliases are expanded"
    ):
        load_yaml(text, "t.yaml")


def test_deep_json_nesting_is_refused_without_recursion():
    with pytest.raises(InputError, match=re.escape(f"t.json: nested deeper than {MAX_NESTING_DEPTH} levels")):
        load_json("[" * 100_000 + "]" * 100_000, "t.json")


def test_brackets_inside_json_strings_do_not_count_as_nesting():
    assert load_json(json.dumps({"name": "[" * 100})) == {"name": "[" * 100}


def test_a_too_large_file_is_refused_before_parsing():
    text = "# " + "x" * MAX_TARIFF_FILE_BYTES
    with pytest.raises(
        InputError, match=re.escape(f"t.yaml: the file is too large ({len(text):,} characters, at most")
    ):
        parse_tariffs(text, "t.yaml")


@pytest.mark.parametrize("source", ["t.yaml", "t.json"])
def test_a_5000_digit_integer_is_a_message_not_a_value_error(source):
    text = '{"name": "A", "components": [{"type": "per_event", "fee": ' + "9" * 5000 + "}]}"
    with pytest.raises(InputError, match=re.escape(f"{source}: a number has 5,000 characters")) as caught:
        parse_tariffs(text, source)
    assert len(str(caught.value)) < 200


# --- money and counts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("component", "message"),
    [
        ("{type: per_minute, rate: 1e26}", "field 'rate': rate must be below 1,000,000,000, got 1E+26"),
        ("{type: per_minute, rate: 1000000000}", "field 'rate': rate must be below 1,000,000,000, got 1000000000"),
        ("{type: per_minute, rate: 0.07, included_minutes: 1e30}", "included_minutes must be below 1,000,000,000"),
        ("{type: per_minute, rate: 0.0000000000001}", "rate must have at most 12 digits after the point, got 1E-13"),
        (
            "{type: per_minute, rate: 0.07, increment: 99999999999999999999999/1}",
            "increment must look like \"60/60\" (whole seconds >= 1), got '99999999999999999999999/1'",
        ),
        ("{type: per_minute, rate: 0.07, increment: 86401/1}", "increment steps must be at most 86,400 s"),
        ("{type: per_seat, amount: 1, seats: 10000000000}", "must be below 1,000,000,000"),
        ("{type: per_minute, rate: .inf}", "rate must be a finite number, got inf"),
    ],
)
def test_money_and_quantities_beyond_the_limits_are_refused(component, message):
    with pytest.raises(InputError, match=re.escape(message)):
        parse_tariffs(f"name: A\ncomponents: [{component}]", "t.yaml")


def test_the_largest_allowed_values_price_exactly():
    records = pd.DataFrame({"start": ["2026-01-05 09:00:00", "2026-01-06 09:00:00"], "duration_s": [61, 3600]})
    [tariff] = parse_tariffs(
        "name: A\ncomponents: [{type: per_minute, rate: 999999999.999999999999, connection_fee: 999999999.99},"
        " {type: per_event, fee: 999999999.999999999999}]"
    )
    result = compare(read_calls(records), [tariff]).results[0]
    # 2 + 60 billed minutes at the rate, two connection fees, two events
    expected = (
        Decimal("999999999.999999999999") * 62 + Decimal("999999999.99") * 2 + Decimal("999999999.999999999999") * 2
    )
    assert result.total == expected.quantize(Decimal("0.01"))


def test_to_decimal_refuses_a_long_text_number_quickly():
    with pytest.raises(ValueError, match=re.escape("fee must be a number of at most 40 characters, got '1111")):
        to_decimal("1" * 100_000, "fee")


def test_too_many_components_tiers_and_tariffs_are_refused():
    many = ", ".join(f"{{type: per_event, fee: 1, label: e{n}}}" for n in range(MAX_COMPONENTS + 1))
    with pytest.raises(InputError, match=re.escape("field 'components': holds 51 items, at most 50")):
        parse_tariffs(f"name: A\ncomponents: [{many}]", "t.yaml")
    tiers = ", ".join(f"{{up_to: {n}, rate: 1}}" for n in range(1, MAX_TIERS + 1)) + ", {up_to: null, rate: 1}"
    with pytest.raises(InputError, match=re.escape("field 'tiers': holds 101 items, at most 100")):
        parse_tariffs(f"name: A\ncomponents: [{{type: per_minute, tiers: [{tiers}]}}]", "t.yaml")
    tariffs = "\n".join(f"- {{name: T{n}, {COMPONENT}}}" for n in range(MAX_TARIFFS + 1))
    with pytest.raises(InputError, match=re.escape("t.yaml: 51 tariffs, at most 50 can be compared")):
        parse_tariffs(tariffs, "t.yaml")


def test_a_huge_name_is_refused_and_quoted_short():
    with pytest.raises(
        InputError, match=r"string should have at most 200 characters, got 'xxxx.*'\.\.\. \(100,000 characters\)$"
    ):
        parse_tariffs(f"name: {'x' * 100_000}\n{COMPONENT}", "t.yaml")


# --- names ------------------------------------------------------------------------------------


def test_nfc_and_nfd_names_are_one_name():
    nfc, nfd = unicodedata.normalize("NFC", "Café"), unicodedata.normalize("NFD", "Café")
    assert nfc != nfd
    text = f"- {{name: {nfc}, {COMPONENT}}}\n- {{name: {nfd}, {COMPONENT}}}"
    with pytest.raises(InputError, match='t.yaml: tariff name "Café" is used twice; names must be unique'):
        parse_tariffs(text, "t.yaml")
    [tariff] = parse_tariffs(f"name: {nfd}\n{COMPONENT}")
    assert tariff.name == nfc


def test_nfc_and_nfd_labels_are_one_label():
    text = "name: A\ncomponents: [{type: per_event, fee: 1, label: Caf\u00e9}, {type: per_event, fee: 1, label: Cafe\u0301}]"
    with pytest.raises(InputError, match="component labels must be unique, 'Café' is used twice"):
        parse_tariffs(text, "t.yaml")


# --- messages never repr the whole input ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("short", "'short'"),
        ("a\nb", "'a\\nb'"),
        (10**5000, "a number of 5,001 digits"),
        ({"a": 1}, "a mapping of 1 keys"),
        ([[1]] * 10**6, "a list of 1,000,000 items"),
        (Decimal("1e999999"), "1E+999999"),
    ],
    ids=["text", "line break", "huge int", "mapping", "big list", "huge decimal"],
)
def test_excerpt_is_short(value, quoted):
    assert excerpt(value) == quoted


def test_a_big_list_where_a_word_belongs_is_described_not_printed():
    values = ", ".join(["x"] * 5000)
    with pytest.raises(
        InputError,
        match=re.escape("field 'round_per_call': input should be 'none', 'up' or 'half_up', got a list of 5,000 items"),
    ):
        parse_tariffs(f"name: A\nround_per_call: [{values}]\n{COMPONENT}", "t.yaml")


# --- the same, in a child process with a memory limit ----------------------------------------

BOMB_TARIFF = "name: A\n" + COMPONENT + "\n" + bomb().replace("l0:", "x0:") + "round_per_call: *l8\n"


def test_an_alias_bomb_tariff_file_stays_small_through_the_command_line(tmp_path):
    assert len(BOMB_TARIFF) < 600
    (tmp_path / "bomb.yaml").write_text(BOMB_TARIFF)
    (tmp_path / "calls.csv").write_text("duration_s\n5\n")
    code = (
        "import sys; from calc.cli import main; "
        f"sys.exit(main(['compare', {str(tmp_path / 'calls.csv')!r}, {str(tmp_path / 'bomb.yaml')!r}]))"
    )
    done, seconds = run_bounded(code, memory_mb=1024, timeout_s=60)
    assert done.returncode == 2, done.stderr[-500:]
    assert done.stderr.strip().endswith(
        f"more than {MAX_EXPANDED_NODES:,} values once its aliases are expanded (line 8)"
    )
    assert len(done.stderr.strip().splitlines()) == 1
    assert seconds < 20


def test_an_alias_bomb_scenario_title_stays_small():
    text = bomb() + "title: *l8\nlog: x.csv\ntariffs: []\n"
    code = (
        "from ui.whatif import read_scenario_document\n"
        "try:\n    read_scenario_document(" + repr(text) + ", 's.yaml')\n"
        "except ValueError as error:\n    print(error)\n"
    )
    done, seconds = run_bounded(code, memory_mb=1024, timeout_s=60)
    assert (
        done.stdout.strip() == f"s.yaml: more than {MAX_EXPANDED_NODES:,} values once its aliases are expanded (line 6)"
    )
    assert seconds < 20


def test_a_scenario_title_must_be_text():
    with pytest.raises(InputError, match=re.escape("s.yaml: 'title' must be text, got a list of 2 items")):
        read_scenario_document("title: [a, b]\nlog: x.csv\ntariffs: [{name: A, " + COMPONENT + "}]", "s.yaml")


def test_a_scenario_with_yaml_1_1_numbers_reads_them_as_1_2():
    document = read_scenario_document(
        "log: x.csv\nsettings: {seed: 010}\ntariffs: [{name: A, components: [{type: monthly_fee, amount: 010}]}]",
        "s.yaml",
    )
    assert document["settings"].seed == 10
    assert document["tariffs"][0].components[0].amount == 10


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("{shrinkage: 5}", "s.yaml: shrinkage must be between 0 and 0.6, got 5"),
        ("{duration_factor: 100}", "s.yaml: duration_factor must be between 0.25 and 4, got 100"),
        ("{max_occupancy: 0}", "s.yaml: max_occupancy must be between 0.5 and 1, got 0"),
        ("{service_level: 1.5}", "s.yaml: service_level must be between 0.5 and 0.99, got 1.5"),
        ("{duration_shift_s: -1e6}", "s.yaml: duration_shift_s must be between -60 and 180, got -1E+6"),
        ("{seed: 2.5}", "s.yaml: seed must be a whole number, got 2.5"),
        ("{seed: .nan}", "s.yaml: seed must be a whole number, got nan"),
        ("{target: [a, b]}", "s.yaml: target must be text, got a list of 2 items"),
    ],
)
def test_scenario_settings_use_the_widgets_ranges(settings, message):
    text = f"log: x.csv\nsettings: {settings}\ntariffs: [{{name: A, {COMPONENT}}}]"
    with pytest.raises(InputError, match=re.escape(message)):
        read_scenario_document(text, "s.yaml")
