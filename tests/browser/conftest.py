"""Browser tests wait as long as a busy 2-core machine needs (see ../shared/TESTING.md)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

WAIT = 30_000  # [ms] both cores are busy while Chromium and the server run


@pytest.fixture(autouse=True)
def patient_expect():
    """``expect`` waits up to `WAIT` instead of its default 5 s."""
    expect.set_options(timeout=WAIT)
    yield
    expect.set_options(timeout=5_000)
