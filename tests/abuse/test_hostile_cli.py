"""The command line's boundary: bad input is one line and status 2, a bug is one line and status 1."""

from __future__ import annotations

import decimal

import pyarrow as pa
import pytest

from calc import cli


@pytest.fixture
def files(tmp_path):
    (tmp_path / "calls.csv").write_text("duration_s\n5\n")
    (tmp_path / "t.yaml").write_text("name: A\ncomponents: [{type: per_minute, rate: 0.07}]\n")
    return tmp_path


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (RecursionError("maximum recursion depth exceeded"), "RecursionError: maximum recursion depth exceeded"),
        (MemoryError(), "MemoryError"),
        (OverflowError("Python int too large\nto convert"), "OverflowError: Python int too large to convert"),
        (
            decimal.InvalidOperation([decimal.InvalidOperation]),
            "InvalidOperation: [<class 'decimal.InvalidOperation'>]",
        ),
        (pa.ArrowInvalid("Parquet magic bytes not found"), "ArrowInvalid: Parquet magic bytes not found"),
        (KeyError("x" * 2000), "KeyError: '" + "x" * 499),
    ],
)
def test_an_internal_error_is_one_line_with_its_type_and_status_1(files, monkeypatch, capsys, error, line):
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(cli, "compare", broken)
    status = cli.main(["compare", str(files / "calls.csv"), str(files / "t.yaml")])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert captured.err.startswith(f"tariff-compare: internal error: {line}")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert len(captured.err) < 600


@pytest.mark.parametrize(
    ("tariff", "message"),
    [
        ("name: A\ncomponents: [{type: per_minute, rate: 1e26}]", "rate must be below 1,000,000,000, got 1E+26"),
        (
            "name: A\ncomponents: [{type: per_minute, rate: 0.07, included_minutes: 1e30}]",
            "included_minutes must be below 1,000,000,000, got 1E+30",
        ),
        (
            "name: A\ncomponents: [{type: per_minute, rate: 0.07, increment: 99999999999999999999999/1}]",
            "got '99999999999999999999999/1'",
        ),
        ("[" * 5000 + "]" * 5000, "nested deeper than 20 levels at line 1"),
        ("name: A\ncomponents: [{type: per_event, fee: " + "9" * 5000 + "}]", "a number has 5,000 characters (line 2)"),
    ],
)
def test_the_hostile_tariffs_of_issue_9_exit_2_in_one_line(files, capsys, tariff, message):
    (files / "t.yaml").write_text(tariff)
    status = cli.main(["compare", str(files / "calls.csv"), str(files / "t.yaml")])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.startswith("tariff-compare: error: ") and message in captured.err
    assert captured.err.count("\n") == 1
