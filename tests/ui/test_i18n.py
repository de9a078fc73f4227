"""ui.i18n outside a page: the CJK font family and its plotly template, the session fallback off a script thread."""

from __future__ import annotations

import plotly.graph_objects as go

from calc import i18n
from ui.i18n import FONT_FAMILY, PLOTLY_TEMPLATE, session_language


def test_the_template_names_a_cjk_font_after_the_latin_ones():
    figure = go.Figure(layout={"template": f"plotly_white+{PLOTLY_TEMPLATE}"})
    family = figure.layout.template.layout.font.family
    assert family == FONT_FAMILY
    assert family.index("Open Sans") < family.index("Noto Sans CJK SC") < family.index("Microsoft YaHei")
    assert figure.layout.template.layout.plot_bgcolor == "white"  # plotly_white kept


def test_off_a_session_the_language_is_english():
    assert session_language() is None
    assert i18n.current_language() == "en"
