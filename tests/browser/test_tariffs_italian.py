"""The tariff editor in Italian in a real browser: Italian labels and option names, a decimal comma read exactly.

The select boxes show translated names (``format_func``) while the tariff keeps the stored values: the
real frontend sends back the chosen option, so this is checked in Chromium as well as in AppTest.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_end_to_end import TARIFF, WAIT, app_url, browser  # noqa: F401 - fixtures


def test_editing_a_tariff_in_italian(app_url, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    page = context.new_page()
    page.set_default_timeout(WAIT)
    page.goto(f"{app_url}/?lang=it")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Tariffe").click()
    expect(page.get_by_role("heading", name="Tariffe", exact=True)).to_be_visible()
    page.get_by_test_id("stSelectbox").filter(has_text="Tariffa da modificare").click()
    page.get_by_role("option", name=TARIFF, exact=True).click()
    expect(page.get_by_role("heading", name=f"Modifica {TARIFF}")).to_be_visible()

    rate = page.get_by_label("Prezzo [EUR/min]", exact=True)
    expect(rate).to_have_count(1)
    expect(rate).to_have_value("0,045")  # the stored 0.045, written the Italian way
    rate.fill("0,0321")
    page.get_by_test_id("stSelectbox").filter(has_text="Arrotonda ogni chiamata").get_by_role("combobox").click()
    page.get_by_role("option", name="per eccesso", exact=True).click()
    page.get_by_role("button", name="Salva la tariffa").click()
    expect(page.get_by_text(f"Salvata '{TARIFF}'.")).to_be_visible()

    expect(page.get_by_label("Prezzo [EUR/min]", exact=True).last).to_have_value("0,0321")  # shown back the same
    page.get_by_text("L'insieme attuale in YAML").click()
    code = page.get_by_test_id("stCode").filter(has_text=TARIFF)
    expect(code).to_contain_text(re.compile(r"round_per_call: up\b"))  # the stored value, not its Italian name
    expect(code).to_contain_text("rate: 0.0321")  # exactly what was typed
    context.close()
