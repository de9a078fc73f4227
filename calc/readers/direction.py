"""A call's direction from what an export says about it: flags, direction words, contexts, both ends, DIDs.

Version 2 of the billing rules adds the direction ``internal`` (extension to extension,
never through a carrier), which ``direction: any`` never charges. In order of precedence:

1. an explicit internal flag (Avaya ``Is_Internal`` = 1): internal;
2. a direction column's words (``inbound``, ``outbound-api``, 呼入, Avaya ``I``/``O`` ...);
3. a dialplan context of calls from outside (``from-trunk``, ``from-pstn``, ``from-did``,
   ``public``, any ``*pstn*`` or ``*trunk*`` context): inbound;
4. both ends are extensions of the PBX (short numbers such as ``105``, ``*60``, or SIP
   user names such as ``client1``): internal;
5. a context of calls placed by extensions (``from-internal``, ``default``, ``outrt``):
   outbound;
6. an outside number (7 digits or more) calling an extension: inbound; an extension
   calling an outside number: outbound;
7. a DID column with a number: inbound.

Anything else stays empty, which matches only ``direction: any``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from calc.calls import DIRECTIONS
from calc.i18n import _, format_number
from calc.readers.values import per_distinct

__all__ = ["call_directions", "is_extension", "context_kind"]

_EXTENSION = re.compile(r"[*#]?\d{1,5}#?|[a-z][a-z0-9._\-]{0,30}", re.I)
_FROM_OUTSIDE = re.compile(r"from-trunk|from-pstn|from-did|ext-did|inbound|incoming|^public$|pstn|trunk", re.I)
_FROM_INSIDE = re.compile(r"from-internal(?!-xfer)|outbound|outrt|from-user|^default$", re.I)
_OUTSIDE_NUMBER = re.compile(r"(tel:|sip:)?\+?\d{7,}(@.*)?", re.I)
_CODES = {name: code for code, name in enumerate(DIRECTIONS)}


def is_extension(number: str) -> bool:
    """True for what a PBX's own end looks like: a short number, a feature code or a SIP user name.

    Examples
    --------
    >>> [is_extension(v) for v in ("105", "*60", "client1", "+390612345678", "89245555937", "")]
    [True, True, True, False, False, False]
    """
    return bool(_EXTENSION.fullmatch(number.strip()))


def context_kind(context: str) -> str:
    """``inbound`` for a context of calls from outside, ``outbound`` for one of calls placed inside, else ''.

    Examples
    --------
    >>> context_kind("from-trunk"), context_kind("stadion-pstn"), context_kind("from-internal"), context_kind("x")
    ('inbound', 'inbound', 'outbound', '')
    """
    if _FROM_OUTSIDE.search(context):
        return "inbound"
    return "outbound" if _FROM_INSIDE.search(context) else ""


class _Distinct:
    """A text column's distinct values, found once: each test then runs once per distinct value."""

    def __init__(self, column: pd.Series | None) -> None:
        self.column = column
        if column is None:
            return
        if isinstance(column.dtype, pd.CategoricalDtype):
            self.codes, uniques = column.cat.codes.to_numpy(), column.cat.categories
        else:
            self.codes, uniques = pd.factorize(column, use_na_sentinel=True)
        self.values = [str(value) for value in uniques] + [""]  # code -1 (missing) reads as ''

    def mask(self, test) -> np.ndarray | None:
        if self.column is None:
            return None
        return np.array([bool(test(value)) for value in self.values], dtype=bool)[self.codes]


def _mask(column: _Distinct, test) -> np.ndarray | None:
    return column.mask(test)


def call_directions(
    rows: int,
    words: pd.Series | None = None,
    context: pd.Series | None = None,
    caller: pd.Series | None = None,
    destination: pd.Series | None = None,
    did: pd.Series | None = None,
    internal: pd.Series | None = None,
    internal_flags: tuple[str, ...] = ("1", "true", "yes", "y"),
) -> tuple[pd.Series, list[str]]:
    """The direction of each row (see the module's order of precedence), whole columns at a time.

    Parameters
    ----------
    rows : int
    words : pandas.Series, optional
        Directions read from a direction column (``inbound``, ``outbound``, ``internal``, '' or missing).
    context, caller, destination, did, internal : pandas.Series of str, optional
        The dialplan context, both ends, the DID called, an internal flag.
    internal_flags : tuple of str
        Values of `internal` that mean internal (lower case).

    Returns
    -------
    direction : pandas.Series, categorical
        One of `calc.calls.DIRECTIONS` per row.
    rules : list of str
        The rules that decided at least one row, for the import notes.

    Examples
    --------
    >>> directions, rules = call_directions(
    ...     3,
    ...     context=pd.Series(["from-trunk", "from-internal", "from-internal"]),
    ...     caller=pd.Series(["+3906123", "105", "105"]),
    ...     destination=pd.Series(["200", "106", "0612345678"]),
    ... )
    >>> directions.tolist()
    ['inbound', 'internal', 'outbound']
    """
    codes = np.zeros(rows, dtype=np.int8)
    rules: list[str] = []
    caller, destination, did, internal = (_Distinct(c) for c in (caller, destination, did, internal))

    def fill(mask: np.ndarray | None, direction: str, rule: str) -> None:
        if mask is None:
            return
        fresh = mask & (codes == 0)
        if fresh.any():
            codes[fresh] = _CODES[direction]
            # The direction is a record value (as tariffs name it), not translated.
            rules.append(
                _("{rule}: {count} {direction}").format(
                    rule=rule, count=format_number(int(fresh.sum())), direction=direction
                )
            )

    if words is not None:
        for direction in ("inbound", "outbound", "internal"):
            fill((words == direction).fillna(False).to_numpy(dtype=bool), direction, _("direction column"))
    if context is not None:
        kinds = per_distinct(context, context_kind)
        fill((kinds == "inbound").to_numpy(), "inbound", _("dialplan context of calls from outside"))
    both_ends = caller.column is not None and destination.column is not None
    if both_ends:
        both = _mask(caller, is_extension) & _mask(destination, is_extension)
        fill(both, "internal", _("both ends are extensions"))
    if context is not None:
        fill((kinds == "outbound").to_numpy(), "outbound", _("dialplan context of calls placed by extensions"))
    if both_ends:
        outside_caller = _mask(caller, lambda value: bool(_OUTSIDE_NUMBER.fullmatch(value.strip())))
        outside_called = _mask(destination, lambda value: bool(_OUTSIDE_NUMBER.fullmatch(value.strip())))
        fill(outside_caller & _mask(destination, is_extension), "inbound", _("an outside number called an extension"))
        fill(_mask(caller, is_extension) & outside_called, "outbound", _("an extension called an outside number"))
    fill(_mask(did, lambda value: bool(re.search(r"\d{3,}", value))), "inbound", _("called on a DID"))
    if internal.column is not None:
        flagged = _mask(internal, lambda value: value.strip().lower() in internal_flags)
        changed = flagged & (codes != _CODES["internal"])
        codes[flagged] = _CODES["internal"]
        if flagged.any():
            rules.insert(
                0,
                _("internal flag: {count} internal ({changed} changed)").format(
                    count=format_number(int(flagged.sum())), changed=format_number(int(changed.sum()))
                ),
            )
    categorical = pd.Categorical.from_codes(codes, categories=list(DIRECTIONS), validate=False)
    return pd.Series(categorical), rules
