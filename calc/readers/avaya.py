"""Avaya IP Office SMDR (Station Message Detail Reporting).

Format: "IP Office SMDR" appendix of the IP Office Manager manual, "SMDR Fields"
(https://documentation.avaya.com, IP Office Manager, Appendix: SMDR): comma-separated,
in this order: Call Start (``YYYY/MM/DD HH:MM:SS``), Connected Time (``HH:MM:SS``, the
connected part only: no ringing, hold or park), Ring Time (seconds), Caller, Direction
(``I`` inbound, ``O`` outbound; internal calls are shown as ``O``), Called Number,
Dialled Number, Account, Is_Internal (``1`` for an internal call), Call ID,
Continuation, Party1Device, Party1Name, Party2Device, Party2Name, Hold Time, Park Time,
then authorisation, charging and IP fields. The switch sends no header row; loggers
often write one. The layout is recognized by position, with or without it.

Quirks: Direction and Is_Internal together say internal, external inbound or external
outbound; a lost or failed call has a connected time of 00:00:00 (not answered).
"""

from __future__ import annotations

import pandas as pd

from calc.i18n import _
from calc.readers.headers import Layout, Source, share

__all__ = ["FIELDS", "detect"]

FIELDS = (  # the field names of Avaya's SMDR description: data, not text to translate
    "Call Start",  # not user text: a documented column name
    "Connected Time",  # not user text: a documented column name
    "Ring Time",  # not user text: a documented column name
    "Caller",
    "Direction",
    "Called Number",  # not user text: a documented column name
    "Dialled Number",  # not user text: a documented column name
    "Account",
    "Is Internal",  # not user text: a documented column name
    "Call ID",  # not user text: a documented column name
    "Continuation",
    "Party1Device",
    "Party1Name",
    "Party2Device",
    "Party2Name",
)
_ROLES = {
    "start": 0,
    "talk_seconds": 1,
    "caller": 3,
    "direction": 4,
    "destination": 5,
    "internal": 8,
    "agent": 12,
}


def detect(frame: pd.DataFrame, has_header: bool) -> Layout | None:
    """The SMDR layout (recognized by the values at its documented positions), or None."""
    if frame.shape[1] < 17:
        return None
    sample = frame.head(200)
    checks = (
        (0, lambda v: v.str.fullmatch(r"\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}")),
        (1, lambda v: v.str.fullmatch(r"\d{1,3}:\d{2}:\d{2}")),
        (4, lambda v: v.isin(["I", "O"])),
        (8, lambda v: v.isin(["0", "1"])),
    )
    if any(share(sample.iloc[:, column], check) < 0.9 for column, check in checks):
        return None
    columns = list(frame.columns)
    names = None
    if not has_header:
        names = FIELDS + tuple(f"column {n}" for n in range(len(FIELDS) + 1, len(columns) + 1))
        columns = list(names)
    roles = {
        role: Source(
            columns[position],
            1.0,
            _("SMDR field {number}, {name}").format(number=position + 1, name=FIELDS[position]),
        )
        for role, position in _ROLES.items()
    }
    return Layout(
        "avaya",
        _("Avaya IP Office SMDR") if has_header else _("Avaya IP Office SMDR (no header)"),
        roles,
        dayfirst_default=False,
        column_names=names,
        words={"direction": {"i": "inbound", "o": "outbound"}},
    )
