"""The command line end to end on the bundled sample data, both output forms."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from calc import compare, load_tariff_files, read_calls
from calc.cli import main

SAMPLE = "data/logs/support_desk.csv"


def presets(root):
    return sorted(str(p) for p in (root / "data" / "tariffs").glob("*.yaml"))


def test_json_contract_on_the_sample(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    assert main(["compare", SAMPLE, *presets(root), "--json"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert set(output) == {"records", "rejected", "tariffs"}
    assert (output["records"], output["rejected"]) == (10871, 3)
    expected = compare(read_calls(SAMPLE), load_tariff_files(presets(root)))
    for shown, result in zip(output["tariffs"], expected.results, strict=True):
        assert set(shown) == {
            "name",
            "currency",
            "total",
            "months",
            "components",
            "billed_seconds",
            "actual_seconds",
        }
        assert shown["total"] == f"{result.total:f}"
        assert sum(Decimal(v) for v in shown["months"].values()) == Decimal(shown["total"])
        assert list(shown["months"]) == ["2026-01", "2026-02"]
        assert all(
            len(v.split(".")[1]) == 2
            for v in [shown["total"], *shown["months"].values(), *shown["components"].values()]
        )


def test_hand_checked_total_through_the_cli(tmp_path, capsys):
    (tmp_path / "calls.csv").write_text("start,duration_s\n2026-01-05 09:00:00,61\n2026-01-05 09:05:00,59\n")
    (tmp_path / "t.yaml").write_text("name: A\ncomponents: [{type: per_minute, rate: 0.07}]\n")
    assert main(["compare", str(tmp_path / "calls.csv"), str(tmp_path / "t.yaml"), "--json"]) == 0
    [tariff] = json.loads(capsys.readouterr().out)["tariffs"]
    assert (tariff["total"], tariff["billed_seconds"], tariff["actual_seconds"]) == (
        "0.21",
        180,
        120,
    )
    assert tariff["months"] == {"2026-01": "0.21"} and tariff["components"] == {"per_minute": "0.21"}


def test_table_is_ranked_cheapest_first(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    assert main(["compare", SAMPLE, *presets(root)]) == 0
    text = capsys.readouterr().out
    assert "10,871 records priced, 3 rejected" in text
    rows = [line for line in text.splitlines() if line[:3].strip().isdigit()]
    totals = [Decimal(row.split(" EUR")[0].split()[-1].replace(",", "")) for row in rows]
    assert len(rows) == len(presets(root)) and totals == sorted(totals)
    assert "cheapest" in rows[0]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["compare", "missing.csv", "data/tariffs/carrier_60_60.yaml"],
            "missing.csv: no such file",
        ),
        (["compare", SAMPLE, "missing.yaml"], "missing.yaml: no such tariff file"),
        (
            [
                "compare",
                SAMPLE,
                "data/tariffs/carrier_60_60.yaml",
                "data/tariffs/carrier_60_60.yaml",
            ],
            'tariff name "Carrier A, 60/60" is used twice',
        ),
        (["compare", SAMPLE], "the following arguments are required: TARIFF_FILE"),
    ],
)
def test_bad_input_exits_2_with_one_line(root, arguments, message):
    done = subprocess.run([sys.executable, "-m", "calc", *arguments], cwd=root, capture_output=True, text=True)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


def test_bad_tariff_field_names_file_tariff_component_and_field(tmp_path):
    (tmp_path / "calls.csv").write_text("duration_s\n5\n")
    (tmp_path / "t.yaml").write_text("name: A\ncomponents: [{type: per_minute, rate: 0.07, increment: 60-60}]\n")
    done = subprocess.run(
        [sys.executable, "-m", "calc", "compare", "calls.csv", "t.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "tariff-compare: error: t.yaml: tariff \"A\", component 1 (per_minute), field 'increment': "
        "increment must look like \"60/60\" (whole seconds >= 1), got '60-60'"
    )
