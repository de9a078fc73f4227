"""Recognize the layout of a call log: which system wrote it, and which column is which.

`detect_layout` asks each source system's module in turn (``asterisk``, ``freeswitch``,
``cisco``, ``avaya``, ``threecx``, ``twilio``, ``cloud``), then tries the canonical
Tariff Compare records, then maps any other table by its header names in six languages
(`calc.readers.headers.match_headers`). Every guess carries a confidence and how it was made.
"""

from __future__ import annotations

import pandas as pd

from calc.i18n import N_, _
from calc.readers import asterisk, avaya, cisco, cloud, freeswitch, threecx, twilio
from calc.readers.headers import HEADER_ALIASES, ROLES, Layout, SkipRule, Source, keyed, match_headers, normalize_header

__all__ = [
    "ROLES",
    "Source",
    "Layout",
    "SkipRule",
    "detect_layout",
    "normalize_header",
    "HEADER_ALIASES",
    "SYSTEMS",
    "CANONICAL",
    "FOOTER_REASON",
]

#: The source systems, most specific first.
SYSTEMS = (avaya, asterisk, freeswitch, cisco, threecx, twilio, cloud)
_RECORD_FIELDS = {"start", "durations", "channel", "direction", "answered", "agent", "destination", "resolved"}
# A spreadsheet's totals line, in the six languages: a summary, not a call.
FOOTER = (
    r"(?i)(grand )?totals?|total general|total général|totale|totali|合计|总计|summe|gesamt(summe)?"  # not user text
)
#: Why a footer row is refused (translated where the rows are refused).
FOOTER_REASON = N_("footer/summary line")
#: The layout of a table whose columns are the record fields themselves.
CANONICAL = N_("Tariff Compare records")


def _canonical(columns: list[str]) -> Layout | None:
    keys = keyed(columns)
    if "durations" not in keys or not set(keys) <= _RECORD_FIELDS | {"line"}:
        return None
    roles = {"talk_seconds": Source(keys["durations"], 1.0, _("record field {field}").format(field="duration_s"))}
    for role, key in (
        ("start", "start"),
        ("channel", "channel"),
        ("direction", "direction"),
        ("status", "answered"),
        ("agent", "agent"),
        ("destination", "destination"),
        ("resolved", "resolved"),
    ):
        if key in keys:
            roles[role] = Source(keys[key], 1.0, _("record field {field}").format(field=key))
    return Layout("canonical", _(CANONICAL), roles)


def detect_layout(frame: pd.DataFrame, has_header: bool) -> Layout | None:
    """Recognize the layout of a table of text cells.

    Parameters
    ----------
    frame : pandas.DataFrame
        Text cells with header names, or ``column 1`` ... when the file had none.
    has_header : bool

    Returns
    -------
    Layout or None
        None when nothing usable is found (the caller explains what is missing).

    Examples
    --------
    >>> frame = pd.DataFrame({"Call Time": ["2026-01-05 09:00:00"], "Sentiment": ["good"], "Talking": ["0:01:05"]})
    >>> layout = detect_layout(frame, True)
    >>> layout.roles["start"].column, layout.roles["talk_seconds"].column
    ('Call Time', 'Talking')
    """
    for system in SYSTEMS:
        layout = system.detect(frame, has_header)
        if layout is not None:
            return layout
    if not has_header:
        return None
    columns = [str(c) for c in frame.columns]
    canonical = _canonical(columns)
    if canonical is not None:
        return canonical
    roles = match_headers(columns, frame.head(200))
    if not roles:
        return None
    skip = (SkipRule(roles["start"].column, FOOTER, FOOTER_REASON),) if "start" in roles else ()
    return Layout("generic", _("spreadsheet with named columns"), roles, skip=skip)
