"""The bundled data files' text people read (preset tariffs' descriptions, demo stories) is in the catalogs."""

from __future__ import annotations

import importlib.util

import pytest

from calc import load_tariff_files
from calc.i18n import data_text, use_language
from tests.conftest import ROOT
from ui import whatif


def script():
    spec = importlib.util.spec_from_file_location("data_strings_script", ROOT / "scripts" / "data_strings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_module_is_current():
    written = (ROOT / "calc" / "locale" / "data_strings.py").read_text(encoding="utf-8")
    assert written == script().module(), "a data file changed: run python scripts/data_strings.py, then scripts/i18n.sh"


def shown_texts() -> list[str]:
    """What the pages show from the data files, read the way the app reads them."""
    tariffs = load_tariff_files(sorted((ROOT / "data" / "tariffs").glob("*.yaml")))
    demos = whatif.load_demos(ROOT / "data" / "demos")
    texts = [t.description for t in tariffs if t.description]
    for demo in demos:
        texts += [demo.title, demo.story, *(t.description for t in demo.tariffs if t.description)]
    return texts


@pytest.mark.parametrize("language", ["zh", "it"])
def test_every_description_and_story_is_translated(language):
    texts = shown_texts()
    assert len(texts) >= 30
    with use_language(language):
        untranslated = [text for text in texts if data_text(text) == " ".join(text.split())]
    assert not untranslated


def test_trade_words_and_other_text():
    with use_language("zh"):
        assert (
            data_text("Per minute, every started minute billed as a full minute.")
            == "按分钟计费，不足一分钟按一分钟计。"
        )
        assert "6秒计费" in data_text(
            "US inbound and outbound at 0.012 USD/min (6/6) plus a number and line fee; the Universal Service "
            "Fund fee (36.6%) applies to the usage."
        )
    with use_language("it"):
        assert data_text("Per-second billing (1/1) at a higher headline rate.").startswith("Tariffazione al secondo")
        assert data_text("My own offer, 2 lines") == "My own offer, 2 lines"  # the user's text as written
        assert data_text("") == "" and data_text(None) == ""
