"""Showing user text and failures safely in Streamlit.

User text (tariff names, labels, column names, cell values, messages that quote
them) goes through `md` before any element that renders Markdown, so
``![x](http://host/beacon)`` is shown as those characters and loads nothing.
`section` is the boundary of one part of a page: a failure inside it becomes one
message in the page, and the rest of the page still works.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from calc import InputError
from calc.i18n import _

__all__ = ["md", "md_frame", "section"]

_LOG = logging.getLogger("tariff_compare")
# What gives text a meaning in Markdown, GFM or Streamlit (":red[x]" needs "["): always escaped. An
# underscore inside a word never starts emphasis, so "twilio_calls" stays as it is.
_MARKDOWN = re.compile(r"([\\`*\[\]<>#|~$!])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# A list item or heading at the start of the text.
_LINE_START = re.compile(r"^(\s*\d*)([-+.)])(?=\s|$)")


def md(text: object) -> str:
    r"""Text escaped for an element that renders Markdown: shown as written, never interpreted.

    Line breaks become spaces, so one value stays on one line.

    Examples
    --------
    >>> md("![x](http://host/beacon)")
    '\\!\\[x\\](http://host/beacon)'
    >>> md("**A** 60/60, twilio_calls.csv")
    '\\*\\*A\\*\\* 60/60, twilio_calls.csv'
    >>> md("- 1. _x_")
    '\\- 1. \\_x\\_'
    """
    flat = " ".join(str(text).split())
    escaped = _MARKDOWN.sub(lambda match: "\\" + match.group(0), flat)
    return _LINE_START.sub(lambda match: match.group(1) + "\\" + match.group(2), escaped)


def md_frame(frame: pd.DataFrame) -> pd.DataFrame:
    r"""A copy with every text cell and column name escaped by `md`, for ``st.table`` (which renders Markdown).

    Examples
    --------
    >>> md_frame(pd.DataFrame({"*Name*": ["[a](b)", 1]})).to_dict("list")
    {'\\*Name\\*': ['\\[a\\](b)', 1]}
    """
    escaped = frame.copy()
    for column in escaped.columns:
        if escaped[column].dtype == object or isinstance(escaped[column].dtype, pd.StringDtype):
            escaped[column] = escaped[column].map(lambda value: md(value) if isinstance(value, str) else value)
    escaped.columns = [md(name) if isinstance(name, str) else name for name in escaped.columns]
    return escaped


@contextmanager
def section(what: str) -> Iterator[None]:
    """Run one part of a page; turn a failure into one message in the page.

    Bad input (`calc.InputError`) shows its message (which names the file or field); anything else shows
    "internal error" with the exception's type only (the traceback goes to the
    server log, never to the browser). Streamlit's own stop and rerun pass through.

    Parameters
    ----------
    what : str
        The part, for the message: e.g. "The scenario".
    """
    try:
        yield
    except InputError as error:
        st.error(md(error), icon=":material/error:")
    except Exception as error:  # noqa: BLE001 - the page's boundary: RecursionError, MemoryError, pyarrow...
        _LOG.exception("%s failed", what)
        st.error(
            _("{part} could not be shown: internal error ({error}). The rest of the page still works.").format(
                part=what, error=type(error).__name__
            ),
            icon=":material/error:",
        )
