"""CSV files the product writes: safe to open in Excel or LibreOffice.

Every CSV goes through `safe_csv`:

- a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is a formula to a spreadsheet (CSV injection, see
  https://owasp.org/www-community/attacks/CSV_Injection); it gets a leading
  ``'`` so it is shown as text. Numbers stay numbers: numeric columns are
  untouched, and a text cell that is a plain number (``-12.50``) is kept;
- rows end in CRLF and a cell holding a line break (CR or LF) is quoted, so a
  row stays one row;
- the file starts with a UTF-8 byte-order mark, so Excel reads accents and
  Chinese correctly.
"""

from __future__ import annotations

import csv
import re

import pandas as pd

__all__ = ["safe_csv", "neutralize"]

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralize(text: str) -> str:
    """A cell's text made inert for spreadsheets (a ``'`` before a formula start), plain numbers kept.

    Examples
    --------
    >>> neutralize("=1+1"), neutralize("-12.50"), neutralize("@SUM(A1)"), neutralize("Café")
    ("'=1+1", '-12.50', "'@SUM(A1)", 'Café')
    """
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _cell(value: object) -> object:
    return neutralize(value) if isinstance(value, str) else value


def safe_csv(frame: pd.DataFrame) -> bytes:
    r"""The frame as CSV bytes (UTF-8 with a BOM), without formulas, one row per line.

    Parameters
    ----------
    frame : pandas.DataFrame
        Written without its index.

    Returns
    -------
    bytes

    Examples
    --------
    >>> data = safe_csv(pd.DataFrame({"tariff": ["=1+1", "A\nB"], "total": [-5, 7]}))
    >>> data[:3] == BOM.encode()
    True
    >>> data[3:].decode().splitlines(keepends=True)
    ['tariff,total\r\n', "'=1+1,-5\r\n", '"A\n', 'B",7\r\n']
    """
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column].dtype) and not pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].astype(object).map(_cell)
    safe.columns = [_cell(str(name)) for name in safe.columns]
    # With CRLF row ends (RFC 4180) the csv module quotes any cell holding \r or \n.
    text = safe.to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return (BOM + text).encode("utf-8")
