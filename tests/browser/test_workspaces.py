"""Workspaces in a real browser: a reload keeps the work, a share link shows it elsewhere, a demo asks first.

Headless Chromium against ``streamlit run app.py``, with the server's workspaces in
the tests' temporary SQLite file (``TARIFF_COMPARE_DB``, set in ``tests/conftest.py``).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.test_end_to_end import (  # noqa: F401 - fixtures
    LOG,
    TARIFF,
    WAIT,
    app_url,
    browser,
    cli_total,
    edit_rate,
)

DEMO = "Outbound survey: short calls, 60/60 rounding"


def go(page: Page, label: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=label).click()


def workspace_in(url: str) -> str:
    found = re.search(r"[?&]ws=([A-Za-z0-9_-]{22})", url)
    assert found, url
    return found.group(1)


def choose_contract(page: Page) -> None:
    go(page, "Compare")
    page.get_by_test_id("stSelectbox").filter(has_text="Your current contract").click()
    page.get_by_role("option", name=TARIFF, exact=True).click()
    expect(page.get_by_text(f"Saving vs {TARIFF}").first).to_be_visible()


def expect_the_work(page: Page, total: str) -> None:
    """The Compare page shows the uploaded log, the edited tariff's total and the contract."""
    go(page, "Compare")
    expect(page.get_by_text("twilio_calls.csv").first).to_be_visible()
    expect(page.get_by_text(f"Saving vs {TARIFF}").first).to_be_visible()  # the contract is marked
    row = (
        page.get_by_test_id("stHtml")
        .locator(".tc-table table")
        .locator("tr")
        .filter(has=page.get_by_text(TARIFF, exact=True))
    )
    expect(row).to_contain_text(total)


def test_reload_share_and_demo(app_url, browser, tmp_path):  # noqa: F811 - the fixtures imported above
    total = cli_total(tmp_path)
    context = browser.new_context(viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    page.set_default_timeout(WAIT)
    page.goto(app_url)
    expect(page.get_by_role("heading", name="support desk")).to_be_visible()
    page.wait_for_url(re.compile(r"ws="))
    workspace = workspace_in(page.url)

    # 1. upload and edit, then reload: everything is still there, in the same workspace
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(LOG))
    expect(page.get_by_role("heading", name="twilio_calls.csv")).to_be_visible()
    edit_rate(page)
    choose_contract(page)
    assert workspace_in(page.url) == workspace  # every page keeps the id in the URL
    page.reload()
    expect(page.get_by_text("twilio_calls.csv").first).to_be_visible()
    assert workspace_in(page.url) == workspace
    expect_the_work(page, total)
    go(page, "Call log")
    expect(page.get_by_role("heading", name="twilio_calls.csv")).to_be_visible()

    # 2. share: the link opened in a fresh browser context shows the same view, read-only
    go(page, "Workspaces")
    page.get_by_role("button", name="Share a read-only copy").click()
    expect(page.get_by_text("Read-only copy made")).to_be_visible()
    expect(page.get_by_test_id("stCode")).to_have_count(2)  # the copy's link is drawn after the message
    link = page.get_by_test_id("stCode").last.inner_text().strip()
    assert link.startswith(app_url) and workspace_in(link) != workspace
    other = browser.new_context(viewport={"width": 1400, "height": 1400})
    viewer = other.new_page()
    viewer.set_default_timeout(WAIT)
    viewer.goto(link)
    expect(viewer.get_by_role("heading", name="twilio_calls.csv")).to_be_visible()
    expect(viewer.get_by_text("Read-only copy").first).to_be_visible()
    expect(viewer.get_by_role("button", name="Duplicate to edit")).to_be_visible()
    expect_the_work(viewer, total)
    other.close()

    # 3. a demo asks before leaving the user's work; cancel keeps everything
    go(page, "What if")
    page.get_by_role("button", name=DEMO).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("This workspace holds your own work")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    assert workspace_in(page.url) == workspace
    expect(page.get_by_test_id("stSidebar")).to_contain_text("twilio_calls.csv")
    page.get_by_role("button", name=DEMO).click()
    page.get_by_role("dialog").get_by_role("button", name="Open the demo in a new workspace").click()
    expect(page.get_by_text("Demo loaded in a new workspace")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("outbound campaign")
    assert workspace_in(page.url) != workspace
    # the user's workspace is still at its link
    page.goto(f"{app_url}/?ws={workspace}")
    expect(page.get_by_role("heading", name="twilio_calls.csv")).to_be_visible()
    context.close()
