"""AppTest helpers: run a page the way Streamlit does, with time for a busy 2-core machine."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
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


class _TableReader(HTMLParser):
    """The header and cells of the first HTML table, as shown text (entities decoded)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table the page shows with ``st.html`` (`ui.tables.html_table`), as text frames (Rank as int)."""
    frames = []
    for element in at.get("html"):
        reader = _TableReader()
        reader.feed(element.proto.body)
        if reader.rows:
            header, *rows = reader.rows
            frame = pd.DataFrame(rows, columns=header)
            if "Rank" in frame:
                frame["Rank"] = frame["Rank"].astype(int)
            frames.append(frame)
    return frames
