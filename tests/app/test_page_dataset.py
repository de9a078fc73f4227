"""Large dataset page: off by default; when the operator turns it on, a folder of Parquet files is priced."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from streamlit.testing.v1 import AppTest

from calc import load_tariff_files
from calc.dataset import memory_compare
from calc.i18n import format_money
from tests.app.conftest import TIMEOUT, no_exception, run_page
from tests.calc.test_dataset import write_parts
from tests.calc.test_partials import EDGE_ROWS, frame_of
from tests.conftest import ROOT

PAGE = "pages/7_dataset.py"


def test_off_by_default(monkeypatch):
    monkeypatch.delenv("TARIFF_COMPARE_DATASETS", raising=False)
    at = run_page(PAGE)
    no_exception(at)
    assert "TARIFF_COMPARE_DATASETS=1" in at.info[0].value
    assert not at.text_input
    assert "Large dataset" not in [link.label for link in at.get("page_link")]


def test_prices_a_folder_when_turned_on(monkeypatch, tmp_path):
    monkeypatch.setenv("TARIFF_COMPARE_DATASETS", "1")
    write_parts(frame_of(EDGE_ROWS), tmp_path, [4, 8])
    at = run_page(PAGE)
    no_exception(at)
    at.text_input(key="dataset_source").set_value(str(tmp_path)).run()
    at.button(key="dataset_price").click().run()
    no_exception(at)
    assert at.metric[0].value == f"{len(EDGE_ROWS):,}"
    presets = load_tariff_files(sorted((ROOT / "data" / "tariffs").glob("*.yaml")))
    expected = memory_compare(str(tmp_path), presets).to_json()
    table = at.dataframe[0].value
    assert list(table["Tariff"]) == [t["name"] for t in expected["tariffs"]]
    assert list(table["Total"]) == [format_money(Decimal(t["total"]), t["currency"]) for t in expected["tariffs"]]
    euros = [shown for shown, t in zip(table["Total"], expected["tariffs"], strict=True) if t["currency"] == "EUR"]
    assert euros and all(re.fullmatch(r"€\d{1,3}(,\d{3})*\.\d{2,}", shown) for shown in euros)  # the English way
    assert at.session_state["dataset_result"] == json.loads(json.dumps(expected))


def test_the_page_in_italian(monkeypatch, tmp_path):
    monkeypatch.setenv("TARIFF_COMPARE_DATASETS", "1")
    write_parts(frame_of(EDGE_ROWS), tmp_path, [4, 8])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "it"
    at.run()
    at.switch_page(PAGE).run()
    no_exception(at)
    assert at.title[0].value == "Dataset di grandi dimensioni"
    assert at.text_input(key="dataset_source").label == "Percorso o URL del dataset"
    at.text_input(key="dataset_source").set_value(str(tmp_path)).run()
    at.button(key="dataset_price").click().run()
    no_exception(at)
    assert at.metric[0].label == "Record tariffati"
    presets = load_tariff_files(sorted((ROOT / "data" / "tariffs").glob("*.yaml")))
    expected = memory_compare(str(tmp_path), presets).to_json()
    table = at.dataframe[0].value
    euros = [shown for shown, t in zip(table["Totale"], expected["tariffs"], strict=True) if t["currency"] == "EUR"]
    assert euros and all(re.fullmatch(r"\d{1,3}(\.\d{3})*,\d{2,}\xa0€", shown) for shown in euros)
    assert list(table["Totale"]) == [
        format_money(Decimal(t["total"]), t["currency"], "it") for t in expected["tariffs"]
    ]


def test_off_in_chinese(monkeypatch):
    monkeypatch.delenv("TARIFF_COMPARE_DATASETS", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "zh"
    at.run()
    at.switch_page(PAGE).run()
    no_exception(at)
    assert at.title[0].value == "大型数据集"
    assert at.info[0].value.startswith("服务器端数据集计价已关闭") and "TARIFF_COMPARE_DATASETS=1" in at.info[0].value
