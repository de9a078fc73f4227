"""ui.i18n outside a page: the CJK font family and its plotly template, the session fallback off a script thread."""

from __future__ import annotations

import threading

import plotly.graph_objects as go

from calc import i18n
from ui.i18n import FONT_FAMILY, PLOTLY_TEMPLATE, in_this_language, session_language


def test_the_template_names_a_cjk_font_after_the_latin_ones():
    figure = go.Figure(layout={"template": f"plotly_white+{PLOTLY_TEMPLATE}"})
    family = figure.layout.template.layout.font.family
    assert family == FONT_FAMILY
    assert family.index("Open Sans") < family.index("Noto Sans CJK SC") < family.index("Microsoft YaHei")
    assert figure.layout.template.layout.plot_bgcolor == "white"  # plotly_white kept


def test_off_a_session_the_language_is_english():
    assert session_language() is None
    assert i18n.current_language() == "en"


def run_on_a_new_thread(function):
    """What `function` returns when called on a thread of its own, as Streamlit calls a download's data."""
    answers = []
    worker = threading.Thread(target=lambda: answers.append(function()))
    worker.start()
    worker.join()
    return answers[0]


def test_a_download_built_later_speaks_the_language_of_the_run():
    """Regression: the Compare page's HTML report came out in English on a Chinese or Italian page."""
    with i18n.use_language("zh"):
        plain = lambda: i18n._("Language")  # noqa: E731
        kept = in_this_language(lambda: (i18n._("Language"), i18n.format_number(1234.5, 1)))
    assert run_on_a_new_thread(plain) == "Language"  # the problem: a new thread has no language
    assert run_on_a_new_thread(kept) == ("语言", "1,234.5")
    with i18n.use_language("it"):
        kept = in_this_language(lambda: (i18n._("Language"), i18n.format_number(1234.5, 1)))
    assert run_on_a_new_thread(kept) == ("Lingua", "1.234,5")
