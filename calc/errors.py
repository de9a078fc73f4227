"""The one exception callers catch: bad input, with a message meant for people."""

from __future__ import annotations

from decimal import Decimal

__all__ = ["InputError", "excerpt", "EXCERPT_CHARS"]

#: Longest excerpt of the input quoted in a message [characters].
EXCERPT_CHARS = 40


class InputError(ValueError):
    """Input that cannot be used: a tariff file, a call log, a command-line argument.

    The message names the file, the row or field, and what is wrong, on one line,
    so the command line and the dashboard can show it as it is.
    """


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A short, safe quotation of an input value for a message, never its whole ``repr``.

    Text is cut after `limit` characters (its length is said), big numbers are
    described by their size and lists or mappings by their length, so quoting a
    hostile value costs no memory and no time.

    Parameters
    ----------
    value : object
        What arrived.
    limit : int
        Most characters of the value quoted [characters].

    Returns
    -------
    str
        One line.

    Examples
    --------
    >>> excerpt("60-60")
    "'60-60'"
    >>> excerpt("x" * 100, limit=5)
    "'xxxxx'... (100 characters)"
    >>> excerpt(10**5000), excerpt([1, 2, 3])
    ('a number of 5,001 digits', 'a list of 3 items')
    """
    from calc.i18n import _, format_number  # calc.i18n imports this module: imported when first used

    if isinstance(value, str):
        text = repr(value[:limit]).replace("\n", "\\n")
        if len(value) <= limit:
            return text
        return _("{text}... ({count} characters)").format(text=text, count=format_number(len(value)))
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() > 3 * limit:
            digits = len(format(Decimal(value), "f").lstrip("-"))
            return _("a number of {count} digits").format(count=format_number(digits))
        return str(value)
    if isinstance(value, float | Decimal):
        text = str(value)
        if len(text) <= limit:
            return text
        return _("{text}... ({count} characters)").format(text=text[:limit], count=format_number(len(text)))
    if isinstance(value, dict):
        return _("a mapping of {count} keys").format(count=format_number(len(value)))
    if isinstance(value, list | tuple | set):
        return _("a list of {count} items").format(count=format_number(len(value)))
    return _("a value of type {type}").format(type=type(value).__name__)
