"""calc's messages in Chinese and Italian: the same file, tariff, component and field named, figures in the locale's way.

Refusals are built in `calc` in the language in use (`calc.i18n.use_language`, the command line's ``--lang``);
English stays as it was, and every ``--json`` answer is the same in every language.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from calc import InputError, parse_tariffs
from calc.breakeven import break_even
from calc.calls import normalize_records
from calc.cli import main
from calc.errors import excerpt
from calc.i18n import current_language, use_language
from calc.limits import check_log_bytes
from calc.scenarios import Scenario
from tests.conftest import make_log, one_tariff

INCREMENT = "name: Vendor A\ncomponents: [{type: per_minute, rate: 0.07, increment: 60-60}]"
TIERS = (
    "name: Vendor A\ncomponents: [{type: monthly_fee, amount: 5}, {type: per_minute, tiers: "
    "[{up_to: 1500, rate: 0.05}, {up_to: 1000, rate: 0.04}, {up_to: null, rate: 0.03}]}]"
)
PYDANTIC = "name: Vendor A\ndecimals: 9\ncomponents: [{type: per_event, fee: 1, colour: red, size: 2}]"
UNKNOWN = "name: Vendor A\ncomponents: [{type: per_minute, rate: 0.07, colour: red}]"

REFUSED = {
    INCREMENT: {
        "en": "bad.yaml: tariff \"Vendor A\", component 1 (per_minute), field 'increment': "
        "increment must look like \"60/60\" (whole seconds >= 1), got '60-60'",
        "zh": "bad.yaml：资费 \"Vendor A\"，费用项 1（per_minute），字段 'increment'："
        "increment 的格式应为 \"60/60\"（>= 1 的整数秒），实际为 '60-60'",
        "it": "bad.yaml: tariffa \"Vendor A\", componente 1 (per_minute), campo 'increment': "
        "increment deve essere nella forma \"60/60\" (secondi interi >= 1), ricevuto '60-60'",
    },
    TIERS: {
        "en": "bad.yaml: tariff \"Vendor A\", component 2 (per_minute), field 'tiers': "
        "tiers are out of order: tier 2 has up_to 1,000, which is not above 1,500",
        "zh": "bad.yaml：资费 \"Vendor A\"，费用项 2（per_minute），字段 'tiers'："
        "阶梯价顺序错误：第 2 档的 up_to 为 1,000，没有大于 1,500",
        "it": "bad.yaml: tariffa \"Vendor A\", componente 2 (per_minute), campo 'tiers': "
        "gli scaglioni non sono in ordine: lo scaglione 2 ha up_to 1.000, che non è sopra 1.500",
    },
    PYDANTIC: {
        "en": "bad.yaml: tariff \"Vendor A\", field 'decimals': input should be less than or equal to 6, got 9 "
        "(and 2 more problems)",
        "zh": "bad.yaml：资费 \"Vendor A\"，字段 'decimals'：输入应小于或等于 6，实际为 9（另有 2 个问题）",
        "it": "bad.yaml: tariffa \"Vendor A\", campo 'decimals': il valore deve essere minore o uguale a 6, "
        "ricevuto 9 (e altri 2 problemi)",
    },
    UNKNOWN: {
        "en": "bad.yaml: tariff \"Vendor A\", component 1 (per_minute): unknown field 'colour'",
        "zh": "bad.yaml：资费 \"Vendor A\"，费用项 1（per_minute）：未知字段 'colour'",
        "it": "bad.yaml: tariffa \"Vendor A\", componente 1 (per_minute): campo sconosciuto 'colour'",
    },
}


def refusal(text: str, language: str) -> str:
    with use_language(language), pytest.raises(InputError) as refused:
        parse_tariffs(text, "bad.yaml")
    return str(refused.value)


@pytest.mark.parametrize("language", ["en", "zh", "it"])
@pytest.mark.parametrize("text", list(REFUSED))
def test_a_bad_tariff_is_refused_in_the_language(text, language):
    assert refusal(text, language) == REFUSED[text][language]


@pytest.mark.parametrize("text", list(REFUSED))
def test_every_language_names_the_same_file_tariff_component_and_field(text):
    english = refusal(text, "en")
    named = ["bad.yaml", '"Vendor A"', "per_minute", "'increment'", "'tiers'", "'decimals'", "'colour'"]
    for language in ("zh", "it"):
        translated = refusal(text, language)
        assert translated != english
        assert [name in translated for name in named] == [name in english for name in named]
    assert current_language() == "en"


def test_a_bad_deck_row_names_the_file_line_and_field_in_italian(tmp_path):
    (tmp_path / "rates.csv").write_text("prefix,rate\n39,0.012\n44,-1\n")
    (tmp_path / "t.yaml").write_text("name: D\ncomponents: [{type: per_minute, deck: rates.csv}]\n")
    with use_language("it"), pytest.raises(InputError) as refused:
        parse_tariffs((tmp_path / "t.yaml").read_text(), "t.yaml", base_dir=tmp_path)
    assert str(refused.value) == (
        "t.yaml: tariffa \"D\", componente 1 (per_minute), campo 'deck': rates.csv: riga 3, campo 'rate': "
        "rate non deve essere negativo, ricevuto -1"
    )


def test_a_log_with_every_row_refused_in_italian_and_chinese():
    # The reasons are written when the rows are read, in the language in use then.
    frame = pd.DataFrame({"duration_s": ["-1", "x", "-2"]})
    log = normalize_records(frame, "x.csv")
    with use_language("it"), pytest.raises(InputError) as italian:
        normalize_records(frame, "x.csv").require_records()
    with use_language("zh"), pytest.raises(InputError) as chinese:
        normalize_records(frame, "x.csv").require_records()
    assert str(italian.value) == (
        "x.csv: tutte le righe sono state scartate (3 righe); motivo più frequente: duration_s è negativo (2 righe)"
    )
    assert str(chinese.value) == "x.csv：所有行都被拒收（3 行）；最常见的原因：duration_s 为负数（2 行）"
    assert log.rejected["reason"].tolist() == ["duration_s is negative: '-1'", "duration_s is not a number: 'x'",
                                               "duration_s is negative: '-2'"]  # fmt: skip


def test_limits_write_numbers_in_the_locale():
    with use_language("it"), pytest.raises(InputError) as refused:
        check_log_bytes(3 * 1024**3, "big.csv")
    assert str(refused.value) == "big.csv: il file è di 3.072,0 MB, più dei 2.048 MB che un registro chiamate può avere"
    with use_language("zh"):
        assert excerpt("x" * 100, limit=5) == "'xxxxx'……（100 个字符）"
    assert excerpt("x" * 100, limit=5) == "'xxxxx'... (100 characters)"


def test_a_scenario_in_italian():
    scenario = Scenario(volume_factor=1.5, duration_factor=2, duration_shift_s=10, answer_rate=0.9)
    assert scenario.describe() == "volume x1.5, durations x2 +10 s, answer rate 90%"
    with use_language("it"):
        assert scenario.describe() == "volume x1,5, durate x2 +10 s, tasso di risposta 90%"


def test_the_break_even_sentence_orders_its_figures_per_language():
    # 428.614 a minute makes B's 3 calls (2 + 1 + 4 billed minutes = 7) cost 3,000.30; one step more 3,000.31.
    log = make_log([{"duration_s": 61}, {"duration_s": 30}, {"duration_s": 200}])
    a = one_tariff("name: A\ncomponents: [{type: per_event, fee: 1000.10}]")
    b = one_tariff("name: B\ncomponents: [{type: per_minute, rate: 700}]")
    result = break_even(log, a, b, "per_minute.rate")
    assert result.message == (
        '"B" costs exactly as much as "A", 3,000.30 EUR, with per_minute.rate = 428.614 (now 700); '
        "at 428.615 it costs 3,000.31 EUR"
    )
    with use_language("it"):
        assert result.message == (
            '"B" costa esattamente quanto "A", 3.000,30 EUR, con per_minute.rate = 428,614 (ora 700); '
            "a 428,615 costa 3.000,31 EUR"
        )
    with use_language("zh"):
        assert result.message == (
            '当 per_minute.rate = 428.614（当前为 700）时，"B" 与 "A" 的费用完全相同，均为 3,000.30 EUR；'
            "为 428.615 时它要 3,000.31 EUR"
        )


def test_the_break_even_json_message_is_english_in_every_language():
    log = make_log([{"duration_s": 60}] * 10)
    a = one_tariff("name: A\ncomponents: [{type: per_event, fee: 0.025}]")
    b = one_tariff("name: B\nround_per_call: up\ncomponents: [{type: per_minute, rate: 0.05}]")
    result = break_even(log, a, b, "per_minute.rate")
    english = result.to_json()
    assert english["message"].startswith('no value of per_minute.rate makes "B" cost exactly as much as "A", 0.25 EUR')
    for language in ("it", "zh"):
        with use_language(language):
            assert result.to_json() == english
            assert result.message != english["message"]


def test_the_cli_refuses_a_bad_tariff_in_italian_on_one_line(tmp_path, root):
    (tmp_path / "calls.csv").write_text("duration_s\n61\n30\n")
    (tmp_path / "bad.yaml").write_text(INCREMENT + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "calc", "compare", "calls.csv", "bad.yaml", "--lang", "it"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},  # this checkout's calc, from any folder
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "tariff-compare: errore: " + REFUSED[INCREMENT]["it"] + "\n"


GOOD_RUNS = [
    [
        "compare",
        "data/logs/outbound_international.csv",
        "data/tariffs/deck_carrier_north.yaml",
        "data/tariffs/deck_carrier_south.yaml",
        "--json",
    ],
    [
        "compare",
        "data/logs/support_desk.csv",
        "data/tariffs/volume_tiers.yaml",
        "data/tariffs/mixed_core_overflow.yaml",
        "data/tariffs/peak_offpeak_italy.yaml",
        "--json",
    ],
    [
        "breakeven",
        "data/logs/support_desk.csv",
        "data/tariffs/carrier_60_60.yaml",
        "data/tariffs/carrier_1_1.yaml",
        "--target",
        "Carrier A, 60/60",
        "--vary",
        "Carrier B, per second",
        "--field",
        "per_minute.connection_fee",
        "--json",
    ],
]


@pytest.mark.parametrize("arguments", GOOD_RUNS, ids=["decks", "tiers-mixed-bands", "breakeven"])
def test_json_is_the_same_in_every_language(root, capsys, monkeypatch, arguments):
    monkeypatch.chdir(root)
    outputs = {}
    for language in ("en", "it", "zh"):
        main([*arguments, "--lang", language])
        outputs[language] = capsys.readouterr().out
    assert json.loads(outputs["en"])  # a real answer, not an error
    assert outputs["it"] == outputs["en"] and outputs["zh"] == outputs["en"]
