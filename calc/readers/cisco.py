"""Cisco Unified Communications Manager (CUCM) CDR flat files.

Format: "Cisco Unified Communications Manager Call Detail Records Administration Guide",
chapter "CDR field descriptions" (https://www.cisco.com/c/en/us/support/unified-communications/
unified-communications-manager-callmanager/products-maintenance-guides-list.html): one
header row of field names, then one row of column types (``INTEGER``, ``VARCHAR(50)``),
then one row per call leg. ``dateTimeOrigination``, ``dateTimeConnect`` and
``dateTimeDisconnect`` are UTC epoch seconds; ``dateTimeConnect`` is 0 when the call
never connected; ``duration`` is the connected time in seconds;
``globalCallID_callId`` is shared by the legs of one call. ``cdrRecordType`` 1 is a call
record (2 would be a CMR, a quality record, not a call).
"""

from __future__ import annotations

import pandas as pd

from calc.i18n import N_, _
from calc.readers.headers import Layout, SkipRule
from calc.readers.vendor import by_names

__all__ = ["detect"]

_SPEC = {
    "start": ("dateTimeOrigination",),
    "answer_time": ("dateTimeConnect",),
    "end_time": ("dateTimeDisconnect",),
    "talk_seconds": ("duration",),
    "caller": ("callingPartyNumber",),
    "destination": ("finalCalledPartyNumber", "originalCalledPartyNumber"),
    "call_id": ("globalCallID_callId",),
    "record_type": ("cdrRecordType",),
}


def detect(frame: pd.DataFrame, has_header: bool) -> Layout | None:
    """The CUCM CDR layout (by its documented field names), or None."""
    if not has_header:
        return None
    layout = by_names(
        list(frame.columns),
        "cucm",
        _("Cisco CUCM CDR flat file"),
        _SPEC,
        {"start", "answer_time", "end_time", "call_id", "record_type"},
        skip=(),
        missing={"answer_time": ("0",)},
        answered_from="answer_time",
    )
    if layout is None:
        return None
    kind = layout.roles.pop("record_type").column
    skip = (
        SkipRule(kind, r"INTEGER|VARCHAR.*|[A-Z]+(\(\d+\))?", N_("column-type row of a CUCM CDR file, not a call")),
        SkipRule(kind, r"2", N_("CMR (call quality record), not a call")),
    )
    return Layout(
        layout.name,
        layout.label,
        layout.roles,
        skip=skip,
        missing=layout.missing,
        answered_from=layout.answered_from,
        dayfirst_default=False,
    )
