"""Asterisk and FreePBX/Issabel call detail records.

Formats, as documented:

- ``cdr_csv`` (``Master.csv``, no header): accountcode, src, dst, dcontext, clid, channel,
  dstchannel, lastapp, lastdata, start, answer, end, duration, billsec, disposition,
  amaflags, then uniqueid and userfield when ``loguniqueid``/``loguserfield`` are on, then
  peeraccount, linkedid and sequence with ``newcdrcolumns`` (Asterisk 13+): 16 to 21
  columns. https://docs.asterisk.org/Configuration/Reporting/Call-Detail-Records-CDR/
  and ``configs/samples/cdr.conf.sample`` in the Asterisk source.
- ``cdr_custom`` with the stock ``Master.csv =>`` mapping of
  ``configs/samples/cdr_custom.conf.sample``: clid, src, dst, dcontext, channel,
  dstchannel, lastapp, lastdata, start, answer, end, duration, billsec, disposition,
  amaflags, accountcode, uniqueid, userfield, sequence (18 or 19 columns, no header).
- FreePBX/Issabel ``asteriskcdrdb.cdr`` table (calldate first, disposition 12th; did,
  recordingfile, cnum, cnam ... after userfield), as dumped with or without a header, and
  the FreePBX CDR Reports module's CSV download (a header row).

Quirks: billsec is the billable talk time (duration includes ringing); ``linkedid``
joins the legs of one call (ring groups, transfers, conferences); the dialplan context
says where a call came from (``from-trunk``, ``from-pstn``: inbound; ``from-internal``:
placed by an extension).
"""

from __future__ import annotations

import pandas as pd

from calc.i18n import _
from calc.readers.headers import Layout, Source, keyed, match_headers, positional, share

__all__ = ["CDR_CSV_COLUMNS", "CDR_CUSTOM_COLUMNS", "FREEPBX_CDR_COLUMNS", "detect"]

CDR_CSV_COLUMNS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
)
_NEW_COLUMNS = ("peeraccount", "linkedid", "sequence")
CDR_CUSTOM_COLUMNS = (
    "clid",
    "src",
    "dst",
    "dcontext",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "accountcode",
    "uniqueid",
    "userfield",
    "sequence",
)
FREEPBX_CDR_COLUMNS = (
    "calldate",
    "clid",
    "src",
    "dst",
    "dcontext",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "accountcode",
    "uniqueid",
    "userfield",
    "did",
    "recordingfile",
    "cnum",
    "cnam",
    "outbound_cnum",
    "outbound_cnam",
    "dst_cnam",
    "linkedid",
    "peeraccount",
    "sequence",
)
DISPOSITIONS = {"ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"}  # not user text: the values Asterisk writes
_ROLES = {
    "start": "start",
    "answer_time": "answer",
    "end_time": "end",
    "total_seconds": "duration",
    "talk_seconds": "billsec",
    "status": "disposition",
    "destination": "dst",
    "caller": "src",
    "agent": "dstchannel",
    "device": "channel",
    "context": "dcontext",
    "did": "did",
    "call_id": "linkedid",
}


def _ids(values: pd.Series) -> bool:
    """True when a column holds Asterisk unique ids: a linkedid, not a placeholder.

    An id is the epoch of the call and a counter (``1706368044.0``), after the system name
    when ``systemname`` is set in asterisk.conf (``pbx1-1706420300.0``).
    """
    return share(values, lambda v: v.str.fullmatch(r"([\w.\-]+-)?\d{9,}\.\d+")) > 0.9


def _cdr_csv_names(width: int) -> tuple[str, ...] | None:
    base = CDR_CSV_COLUMNS[:16]
    extra = {16: (), 17: ("uniqueid",), 18: ("uniqueid", "userfield")}
    if width in extra:
        return base + extra[width]
    if width - 3 in extra:
        return base + extra[width - 3] + _NEW_COLUMNS
    return None


def _layout(name: str, label: str, names: tuple[str, ...], sample: pd.DataFrame) -> Layout:
    roles = {role: column for role, column in _ROLES.items() if column in names}
    if "call_id" in roles and not _ids(sample.iloc[:, names.index("linkedid")]):
        roles.pop("call_id")
    if "start" not in roles:
        roles["start"] = "calldate"
    return Layout(name, label, positional(names, roles, label), column_names=names)


def detect(frame: pd.DataFrame, has_header: bool) -> Layout | None:
    """The Asterisk or FreePBX layout of a table, or None.

    Parameters
    ----------
    frame : pandas.DataFrame
        The first rows as text.
    has_header : bool
    """
    sample = frame.head(200)
    width = frame.shape[1]
    if not has_header:
        names = _cdr_csv_names(width)
        if names and share(sample.iloc[:, 14], DISPOSITIONS) > 0.5:
            label = _("Asterisk cdr_csv (Master.csv, {count} columns, no header)").format(count=width)
            return _layout("asterisk", label, names, sample)
        if width in (18, 19) and share(sample.iloc[:, 13], DISPOSITIONS) > 0.5:
            names = CDR_CUSTOM_COLUMNS[:width]
            label = _("Asterisk cdr_custom, stock Master.csv mapping ({count} columns)").format(count=width)
            return _layout("asterisk", label, names, sample)
        if width >= 16 and share(sample.iloc[:, 11], DISPOSITIONS) > 0.5:
            names = FREEPBX_CDR_COLUMNS[:width] + tuple(
                f"column {n}" for n in range(len(FREEPBX_CDR_COLUMNS) + 1, width + 1)
            )
            label = _("FreePBX/Issabel cdr table ({count} columns, no header)").format(count=width)
            return _layout("freepbx", label, names, sample)
        return None
    keys = keyed(list(frame.columns))
    if {"calldate", "billsec", "disposition"} <= set(keys) or {"start", "billsec", "disposition"} <= set(keys):
        roles = match_headers(list(frame.columns), sample)
        for role, column in _ROLES.items():
            if column in keys:
                roles[role] = Source(keys[column], 1.0, _("Asterisk CDR field {field}").format(field=column))
        if "calldate" in keys:
            roles["start"] = Source(keys["calldate"], 1.0, _("Asterisk CDR field {field}").format(field="calldate"))
        if "call_id" in roles and not _ids(sample[roles["call_id"].column]):
            roles.pop("call_id")
        for role in ("channel", "resolved", "parent_id"):  # Asterisk's channel is a device, not a record channel
            roles.pop(role, None)
        return Layout("freepbx", _("FreePBX CDR report / cdr table export (header row)"), roles)
    return None
