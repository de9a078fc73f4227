"""The README's command-line examples are real output, not hopes."""

from __future__ import annotations

import json
import re
import shlex

from calc.cli import main

SAMPLE = "data/logs/support_desk.csv"


def readme_block(root, after: str, language: str) -> str:
    text = (root / "README.md").read_text()
    start = text.index(after)
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(text, start)
    return match.group(1)


def test_readme_table_lines_are_real(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    main(
        [
            "compare",
            SAMPLE,
            *sorted(str(p.relative_to(root)) for p in (root / "data/tariffs").glob("*.yaml")),
        ]
    )
    output = capsys.readouterr().out.splitlines()
    shown = [
        line for line in readme_block(root, "prints a ranked table", "").splitlines() if line.strip() not in ("", "...")
    ]
    assert shown and all(line in output for line in shown)


def test_readme_json_excerpt_is_real(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    main(["compare", SAMPLE, "data/tariffs/carrier_60_60.yaml", "--json"])
    output = json.loads(capsys.readouterr().out)
    excerpt = readme_block(root, "machine-readable result", "json").replace(", ...]}", "]}")
    assert json.loads(excerpt) == output


STAFFING = [
    "staffing",
    SAMPLE,
    "--interval",
    "30",
    "--service-level",
    "0.8",
    "--answer-within",
    "20",
    "--shrinkage",
    "0.3",
    "--max-occupancy",
    "0.85",
]


def test_readme_staffing_command_is_the_one_shown(root):
    command = readme_block(root, "## Size a team (Erlang C)", "bash").replace("\\\n", " ").split()
    assert command == ["tariff-compare", *STAFFING]


def test_readme_staffing_table_lines_are_real(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    main(STAFFING)
    output = capsys.readouterr().out.splitlines()
    shown = [line for line in readme_block(root, "the busiest intervals:", "").splitlines() if line not in ("", "...")]
    assert len(shown) == 7 and all(line in output for line in shown)


def test_readme_staffing_json_excerpt_is_real(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    main([*STAFFING, "--json"])
    output = json.loads(capsys.readouterr().out)
    excerpt = json.loads(readme_block(root, "prints every interval", "json").replace(", ...]", "]"))
    shown = excerpt.pop("intervals")
    assert shown and shown == output.pop("intervals")[: len(shown)]
    assert excerpt == output


def test_readme_breakeven_example_is_real(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    command = readme_block(root, "## What if", "bash").replace("\\\n", " ")
    arguments = shlex.split(command)[1:]
    assert arguments[:2] == ["breakeven", SAMPLE] and arguments[2] == "data/tariffs/*.yaml"
    presets = sorted(str(p.relative_to(root)) for p in (root / "data/tariffs").glob("*.yaml"))
    assert main([*arguments[:2], *presets, *arguments[3:]]) == 0
    output = json.loads(capsys.readouterr().out)
    assert json.loads(readme_block(root, "prints the answer", "json")) == output


def test_readme_version_2_tariff_reads_and_prices(root):
    from calc import compare, parse_tariffs, read_calls

    text = readme_block(root, "What a buyer meets in real offers", "yaml")
    # Written as if saved in data/tariffs/, where its deck path leads to data/decks/.
    [tariff] = parse_tariffs(text, "readme.yaml", base_dir=root / "data" / "tariffs")
    assert [c.type for c in tariff.components] == [
        "per_minute",
        "per_minute",
        "per_minute",
        "per_event",
        "per_seat",
        "one_time",
        "surcharge",
    ]
    [result] = compare(read_calls(root / "data/logs/outbound_international.csv"), [tariff]).results
    # the deck leaves the calls without a number or with an unknown prefix unrated, counted
    assert result.unrated > 0 and result.total > 0
