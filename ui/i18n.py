"""The page's language: chosen in the sidebar, kept in the session, mirrored in the URL (``?lang=zh``).

Every page calls `setup_language()` first (`ui.nav.sidebar` draws the switch).
The language comes from the URL's ``lang`` parameter, else the session's
choice, else the browser's language (``st.context.locale``, then the
``Accept-Language`` header), else English; it is written back to the URL so a
link opens the page in the same language, and handed to `calc.i18n` for this
run, so `_()` and the Babel formats of the run speak it.

`FONT_FAMILY` names fonts that have the Chinese glyphs (Noto Sans CJK from
Debian's ``fonts-noto-cjk``, and what other systems carry) after the Latin
ones; the ``tariff_compare`` plotly template carries it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from calc import i18n
from calc.i18n import _

__all__ = [
    "LANGUAGE_KEY",
    "ASKED_KEY",
    "FONT_FAMILY",
    "PLOTLY_TEMPLATE",
    "session_language",
    "browser_language",
    "setup_language",
    "language_switch",
    "in_this_language",
]

#: Session key of the chosen language code (``"en"``, ``"zh"`` or ``"it"``).
LANGUAGE_KEY = "ui_language"
#: The URL parameter.
QUERY_PARAMETER = "lang"
#: Session key: whether the session's first page was opened with ``?lang=`` (if not, a workspace link may
#: restore the language the workspace was last used in, see `ui.state.open_workspace`).
ASKED_KEY = "ui_language_asked"
#: Latin text as before, then fonts with CJK glyphs: per glyph, browsers and kaleido take the first that has it.
FONT_FAMILY = (  # not user text: font names
    '"Open Sans", "Source Sans Pro", Arial, "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", '  # not user text
    '"PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'  # not user text
)
#: A plotly template naming `FONT_FAMILY`; combine it with another: ``template="plotly_white+tariff_compare"``.
PLOTLY_TEMPLATE = "tariff_compare"
pio.templates[PLOTLY_TEMPLATE] = go.layout.Template(layout={"font": {"family": FONT_FAMILY}})


def session_language() -> str | None:
    """The session's chosen language when called on a session's script thread (a callback too), else None."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    return st.session_state.get(LANGUAGE_KEY)


# Widget callbacks run before the page sets the language: they find it in the session.
i18n.add_language_fallback(session_language)


T = TypeVar("T")


def in_this_language(make: Callable[[], T]) -> Callable[[], T]:
    """`make`, to be called later in this run's language (a download button's deferred data).

    Streamlit calls a download's data function when the button is clicked, on a thread with no
    script context: neither this run's language nor the session's fallback reaches it, and its
    `_()` would speak English.

    Parameters
    ----------
    make : callable
        Builds the download's content; it may call `_()` and the Babel formats.

    Returns
    -------
    callable
        Calls `make` inside ``calc.i18n.use_language`` of the language in use now.

    Examples
    --------
    >>> with i18n.use_language("it"):
    ...     later = in_this_language(lambda: _("Language"))
    >>> later()
    'Lingua'
    """
    language = i18n.current_language()

    def made() -> T:
        with i18n.use_language(language):
            return make()

    return made


def browser_language() -> str | None:
    """The best language for the browser: its ``Accept-Language`` header, else ``navigator.language``."""
    context = getattr(st, "context", None)
    headers = getattr(context, "headers", None) or {}
    for tag in (headers.get("Accept-Language"), getattr(context, "locale", None)):
        if tag:
            return i18n.negotiate(tag)
    return None


def setup_language() -> str:
    """Decide this run's language, remember it, write it to the URL and to `calc.i18n`; return its code."""
    state = st.session_state
    asked = i18n.language_of(st.query_params.get(QUERY_PARAMETER))
    if LANGUAGE_KEY not in state:
        state[ASKED_KEY] = asked is not None
    language = asked or i18n.language_of(state.get(LANGUAGE_KEY)) or browser_language() or i18n.DEFAULT_LANGUAGE
    state[LANGUAGE_KEY] = language
    if st.query_params.get(QUERY_PARAMETER) != language:
        st.query_params[QUERY_PARAMETER] = language
    i18n.set_language(language)
    return language


def _switched() -> None:
    """The switch's callback: the new language wins over the URL's before the page runs again."""
    language = st.session_state["nav_language"]
    st.session_state[LANGUAGE_KEY] = language
    st.query_params[QUERY_PARAMETER] = language
    i18n.set_language(language)


def language_switch() -> None:
    """A small select box English / 中文 / Italiano (each name in its own language)."""
    st.session_state["nav_language"] = st.session_state.get(LANGUAGE_KEY, i18n.current_language())
    st.selectbox(
        _("Language"),
        list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGE_NAMES.__getitem__,
        key="nav_language",
        on_change=_switched,
        help=_("Also in the page's address: ?lang=en, ?lang=zh or ?lang=it"),
    )
