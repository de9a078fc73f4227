"""The command line in Italian and Chinese: --lang or the environment, locale numbers, --json unchanged."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from calc import i18n
from calc.cli import main

SAMPLE = "data/logs/support_desk.csv"
TARIFFS = ["data/tariffs/carrier_60_60.yaml", "data/tariffs/carrier_1_1.yaml", "data/tariffs/cn_outbound_per_call.yaml"]


def run(capsys, *arguments: str) -> str:
    main(list(arguments))
    return capsys.readouterr().out


@pytest.fixture
def totals(root, capsys, monkeypatch) -> dict[str, Decimal]:
    monkeypatch.chdir(root)
    output = json.loads(run(capsys, "compare", SAMPLE, *TARIFFS, "--json"))
    return {tariff["name"]: Decimal(tariff["total"]) for tariff in output["tariffs"]}


def test_compare_in_italian_writes_decimal_commas(root, capsys, monkeypatch, totals):
    monkeypatch.chdir(root)
    text = run(capsys, "compare", SAMPLE, *TARIFFS, "--lang", "it")
    lines = text.splitlines()
    assert lines[0] == f"Registro chiamate {SAMPLE}: 10.871 record tariffati, 3 scartati, dal 2026-01 al 2026-02"
    assert lines[2].split()[:3] == ["#", "Tariffa", "Totale"]
    for name, total in totals.items():
        [row] = [line for line in lines if name in line]
        shown = re.search(r"(\d{1,3}(?:\.\d{3})*,\d\d) (EUR|CNY)", row).group(1)
        assert Decimal(shown.replace(".", "").replace(",", ".")) == total
    assert "43.422,1" in text and "la più economica in EUR" in text
    assert i18n.current_language() == "en"  # the command's language does not leak out of main()


def test_compare_in_chinese_from_the_environment(root, capsys, monkeypatch, totals):
    monkeypatch.chdir(root)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    text = run(capsys, "compare", SAMPLE, *TARIFFS)
    assert text.splitlines()[0] == f"话单 {SAMPLE}：已计价 10,871 条记录，拒收 3 条，2026-01 至 2026-02"
    assert "资费" in text and "计费分钟" in text and "EUR 中最便宜" in text
    assert f"{totals['Carrier A, 60/60']:,} EUR" in text


def test_lang_option_wins_over_the_environment(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    monkeypatch.setenv("LC_ALL", "it_IT.UTF-8")
    assert run(capsys, "compare", SAMPLE, TARIFFS[0], "--lang=en").startswith("Call log ")
    assert run(capsys, "--lang", "zh", "compare", SAMPLE, TARIFFS[0]).startswith("话单 ")
    assert run(capsys, "compare", SAMPLE, TARIFFS[0]).startswith("Registro chiamate ")


@pytest.mark.parametrize("language", ["it", "zh"])
def test_json_is_the_same_in_every_language(root, capsys, monkeypatch, language):
    monkeypatch.chdir(root)
    english = run(capsys, "compare", SAMPLE, *TARIFFS, "--json")
    assert run(capsys, "compare", SAMPLE, *TARIFFS, "--json", "--lang", language) == english
    staffing = ["staffing", SAMPLE, "--shrinkage", "0.3", "--json"]
    assert run(capsys, *staffing, "--lang", language) == run(capsys, *staffing)


def test_staffing_in_italian(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    lines = run(
        capsys, "staffing", SAMPLE, "--rows", "2", "--tariff", "data/tariffs/dedicated_team.yaml", "--lang", "it"
    ).splitlines()
    assert lines[:4] == [
        f"Registro chiamate {SAMPLE}: 2.602 intervalli di 30 min, dal 2026-01-05 08:00 al 2026-02-28 12:30, "
        "1.020 con chiamate",
        "Obiettivo: 80% delle chiamate risposte entro 20 s, shrinkage 0%, occupazione massima 100%",
        "Picco: 8 operatori in turno; 1.727,5 ore-operatore",
        "Costo con «Dedicated team, 4 agents» a 19,50 EUR/h: 33.686,25 EUR",
    ]
    assert lines[5].startswith("I 2 intervalli più carichi")
    assert re.fullmatch(r"2026-\d\d-\d\d \d\d:\d\d +\d+ +\d+,\d +\d+,\d\d +\d+ +\d+ +\d+,\d% +\d+,\d%", lines[8])


def test_staffing_in_chinese_uses_the_trade_words(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    text = run(capsys, "staffing", SAMPLE, "--rows", "1", "--shrinkage", "0.3", "--lang", "zh")
    assert "人力损耗率 30%" in text and "排班 12 名坐席" in text and "话务量最高的 1 个时段" in text
    assert "服务水平" in text and "占用率" in text


def test_help_and_errors_follow_the_language(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    with pytest.raises(SystemExit):
        main(["--lang", "zh", "--help"])
    assert "对您的话务量来说，哪个报价真正最便宜？" in capsys.readouterr().out
    assert main(["compare", "missing.csv", TARIFFS[0], "--lang", "it"]) == 2
    assert capsys.readouterr().err.startswith("tariff-compare: errore: missing.csv")


def test_inspect_in_chinese_lines_up_chinese_column_names(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    lines = run(capsys, "inspect", "tests/data/cinese_gbk.csv", "--lang", "zh").splitlines()
    assert lines[0] == "文件：     tests/data/cinese_gbk.csv"
    assert lines[1] == "文件类型： csv，编码 gb18030，分隔符 ','，表头行：是"
    assert "记录：已计价 3 条，拒收 0 条" in lines
    mapping = [line for line in lines if line.startswith("  ") and " <- " in line]
    # every confidence ends in the same terminal column, whether the source column's name is Chinese or not
    ends = {sum(2 if "\u4e00" <= ch <= "\u9fff" else 1 for ch in line[: line.index("%") + 1]) for line in mapping}
    assert len(mapping) == 8 and len(ends) == 1


def test_inspect_in_italian(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    text = run(capsys, "inspect", "tests/data/asterisk13_linkedid_Master.csv", "--lang", "it")
    assert text.startswith("File:        tests/data/asterisk13_linkedid_Master.csv\nContenitore: csv, codifica ")
    assert "Mappatura (campo del record <- origine, affidabilità, come):" in text
    assert "Record: 4 tariffati, 0 scartati" in text


@pytest.mark.parametrize(
    ("language", "missing", "help_words"),
    [
        (
            "zh",
            "tariff-compare compare：错误：缺少必需的参数：TARIFF_FILE",
            ["用法：", "位置参数", "显示此帮助信息并退出"],
        ),
        ("it", "tariff-compare compare: errore: mancano gli argomenti obbligatori: TARIFF_FILE", ["uso: ", "opzioni"]),
        ("en", "tariff-compare compare: error: the following arguments are required: TARIFF_FILE", ["usage: "]),
    ],
)
def test_the_parsers_own_words_speak_the_language(capsys, language, missing, help_words):
    """Regression: argparse's usage line, section titles and messages stayed English under --lang zh/it."""
    with pytest.raises(SystemExit) as stopped:
        main(["--lang", language, "compare", "calls.csv"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.strip() == missing
    with pytest.raises(SystemExit):
        main(["--lang", language, "compare", "--help"])
    shown = capsys.readouterr().out
    assert all(words in shown for words in help_words), shown
