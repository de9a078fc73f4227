"""AppTest of the language switch: ?lang= opens a page in English, Chinese or Italian, with the locale's numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from calc import i18n
from tests.app.conftest import TIMEOUT, metrics, no_exception
from tests.conftest import ROOT
from ui import state as keys
from ui.i18n import LANGUAGE_KEY
from ui.tariff_form import form_prefix

#: language -> (the Call log page's title, a metric label, "Records priced" of the support desk sample, the sample's
#: name, the glossary's title and its first entry)
EXPECTED = {
    "en": ("Tariff Compare", "Records priced", "10,871", "support desk", "Glossary", "60/60: per minute"),
    "zh": ("资费比较", "已计价记录", "10,871", "客服热线", "术语表", "60/60：按分钟计费，不足一分钟按一分钟计"),
    "it": (
        "Confronto tariffe",
        "Record tariffati",
        "10.871",
        "help desk",
        "Glossario",
        "60/60: tariffazione al minuto",
    ),
}
TALK_MINUTES = {"en": "43,422.1", "zh": "43,422.1", "it": "43.422,1"}


def open_page(language: str | None, page: str = "app.py") -> AppTest:
    """A new session opened on a link (``?lang=...`` when `language` is given)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if language is not None:
        at.query_params["lang"] = language
    at.run()
    if page != "app.py":
        at.switch_page(page).run()
    no_exception(at)
    return at


@pytest.mark.parametrize("language", list(EXPECTED))
def test_call_log_page_in_each_language(language):
    title, records_label, records, sample, *_ = EXPECTED[language]
    at = open_page(language)
    assert at.title[0].value == title
    assert at.header[0].value == sample
    shown = metrics(at)
    assert shown[records_label] == records
    assert TALK_MINUTES[language] in shown.values()
    assert at.query_params["lang"] == language and at.session_state[LANGUAGE_KEY] == language
    sidebar_links = [link.label for link in at.sidebar.get("page_link")]
    with i18n.use_language(language):
        assert sidebar_links == [
            i18n._(label)
            for label in ("Call log", "Tariffs", "Compare", "What if", "Decision", "Workspaces", "Glossary")
        ]
        assert at.selectbox(key="home_log").label == i18n._("Call log in use")
        assert at.toggle(key="home_merge_legs").label == i18n._("One record per call")


@pytest.mark.parametrize("language", list(EXPECTED))
def test_glossary_in_each_language(language):
    *_, title, first = EXPECTED[language]
    at = open_page(language, "pages/6_glossary.py")
    assert at.title[0].value == title
    assert at.subheader[0].value.startswith(first)
    assert len(at.subheader) == 15
    terms = " ".join(h.value for h in at.subheader)
    expected_words = {
        "en": ["Connection fee", "Rate deck", "Erlang C", "Shrinkage", "Occupancy", "Segment", "Monthly fee"],
        "zh": ["计费周期", "6秒计费", "接通费", "费率表", "坐席", "话务量", "人力损耗率", "占用率"],
        "it": ["tariffazione al secondo", "Scatto alla risposta", "Canone mensile", "Shrinkage", "Occupazione"],
    }[language]
    assert all(word in terms for word in expected_words), terms


@pytest.mark.parametrize("page", ["pages/1_tariffs.py", "pages/2_compare.py", "pages/3_what_if.py"])
@pytest.mark.parametrize("language", ["zh", "it"])
def test_the_other_pages_run_in_each_language(language, page):
    at = open_page(language, page)
    with i18n.use_language(language):
        assert [link.label for link in at.sidebar.get("page_link")][0] == i18n._("Call log")


def test_the_browsers_language_is_the_default_and_the_switch_writes_the_url(monkeypatch):
    monkeypatch.setattr("ui.i18n.browser_language", lambda: "it")
    at = open_page(None)
    assert at.title[0].value == "Confronto tariffe" and at.query_params["lang"] == "it"
    at.selectbox(key="nav_language").set_value("zh").run()
    no_exception(at)
    assert at.title[0].value == "资费比较" and at.query_params["lang"] == "zh"
    at.switch_page("pages/6_glossary.py").run()  # the session keeps the choice on the next page
    assert at.title[0].value == "术语表" and at.query_params["lang"] == "zh"


def test_an_unknown_language_falls_back_to_english():
    at = open_page("xx")
    assert at.title[0].value == "Tariff Compare" and at.query_params["lang"] == "en"


def test_tariff_editor_reads_a_decimal_comma_exactly_in_italian():
    at = open_page("it", "pages/1_tariffs.py")
    names = [t.name for t in at.session_state[keys.TARIFFS]]
    index = names.index("Carrier A, 60/60")
    tariff_id = at.session_state[keys.TARIFF_IDS][index]
    at.selectbox(key="tariffs_pick").set_value(tariff_id).run()
    prefix = form_prefix(tariff_id, at.session_state[keys.TARIFFS][index])
    at.text_input(key=f"{prefix}_0_rate").set_value("0,05")
    at.text_input(key=f"{prefix}_0_connection_fee").set_value("0,000001")
    at.button(key=f"{prefix}_save").click().run()
    no_exception(at)
    component = at.session_state[keys.TARIFFS][index].components[0]
    assert component.rate == Decimal("0.05") and str(component.rate) == "0.05"
    assert component.connection_fee == Decimal("0.000001")
    [rate] = [
        box for box in at.text_input if box.key.startswith(f"tariffs_{tariff_id}_") and box.key.endswith("_0_rate")
    ]
    assert rate.value == "0.05"
    prefix = rate.key.removesuffix("_0_rate")
    rate.set_value("1.234")
    at.button(key=f"{prefix}_save").click().run()
    no_exception(at)
    assert "si può leggere in due modi" in at.session_state[keys.FORM_ERRORS][f"{prefix}_0_rate"]
