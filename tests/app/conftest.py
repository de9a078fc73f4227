"""AppTest helpers: run a page the way Streamlit does, with time for a busy 2-core machine."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

TIMEOUT = 60


def run_page(page: str = "app.py") -> AppTest:
    """Start a session on the home page and move to `page` (a path under the project root)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    if page != "app.py":
        at.switch_page(page).run()
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def home() -> AppTest:
    at = run_page()
    no_exception(at)
    return at
