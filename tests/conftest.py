"""Shared fixtures: small logs and tariffs built in the tests themselves."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import settings

from calc import parse_tariffs, prepare, read_calls

ROOT = Path(__file__).resolve().parent.parent

# Property tests check results, never speed: a busy machine must not fail them on a deadline.
settings.register_profile("tariff-compare", deadline=None)
settings.load_profile("tariff-compare")


def make_log(rows: list[dict]):
    """A prepared log from record dicts (values as text, the way files carry them)."""
    columns = sorted({key for row in rows for key in row}) or ["duration_s"]
    frame = pd.DataFrame([{key: str(row.get(key, "")) for key in columns} for row in rows], columns=columns)
    return prepare(read_calls(frame, "test"))


def one_tariff(text: str):
    [tariff] = parse_tariffs(text, "test.yaml")
    return tariff


@pytest.fixture(autouse=True)
def english_environment(monkeypatch):
    """The command line takes its language from the environment: tests start from English, whatever the machine's."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(scope="session", autouse=True)
def workspace_db(tmp_path_factory):
    """Every test's app saves its workspaces in a temporary SQLite file, never the user's."""
    from ui.workspaces import DB_ENV

    path = tmp_path_factory.mktemp("workspaces") / "workspaces.sqlite3"
    before = os.environ.get(DB_ENV)
    os.environ[DB_ENV] = str(path)
    yield path
    if before is None:
        del os.environ[DB_ENV]
    else:
        os.environ[DB_ENV] = before


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def presets():
    from calc import load_tariff_files

    return load_tariff_files(sorted((ROOT / "data" / "tariffs").glob("*.yaml")))
