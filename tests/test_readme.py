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


def test_readme_breakeven_example_is_real(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    command = readme_block(root, "## What if", "bash").replace("\\\n", " ")
    arguments = shlex.split(command)[1:]
    assert arguments[:2] == ["breakeven", SAMPLE] and arguments[2] == "data/tariffs/*.yaml"
    presets = sorted(str(p.relative_to(root)) for p in (root / "data/tariffs").glob("*.yaml"))
    assert main([*arguments[:2], *presets, *arguments[3:]]) == 0
    output = json.loads(capsys.readouterr().out)
    assert json.loads(readme_block(root, "prints the answer", "json")) == output
