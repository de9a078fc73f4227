"""Twilio call logs: the console's CSV export and the REST Calls resource.

Format: Twilio API reference, "Call resource" (https://www.twilio.com/docs/voice/api/call-resource):
``sid``, ``parent_call_sid``, ``date_created``, ``start_time``, ``end_time``,
``duration`` (seconds from answer to hang-up, empty for calls never answered),
``status`` (queued, ringing, in-progress, canceled, completed, failed, busy, no-answer),
``direction`` (inbound, outbound-api, outbound-dial, trunking-*), ``from``, ``to``,
``answered_by`` (human or machine: not an answer time, not a status), ``price`` ...; the
console export spells them ``Call Sid``, ``Parent Call Sid``, ``Start Time`` ...

Quirks: a child leg (``outbound-dial``) names its parent call in ``parent_call_sid``:
parent and children are one call.
"""

from __future__ import annotations

import pandas as pd

from calc.i18n import _
from calc.readers.headers import Layout
from calc.readers.vendor import by_names

__all__ = ["detect"]

_SPEC = {
    "start": ("start_time", "Start Time", "date_created", "Date Created"),  # not user text: documented names
    "end_time": ("end_time", "End Time"),  # not user text: documented names
    "talk_seconds": ("duration", "Duration"),
    "status": ("status", "Status"),
    "direction": ("direction", "Direction"),
    "caller": ("from", "From", "from_formatted"),
    "destination": ("to", "To", "to_formatted"),
    "call_id": ("sid", "Call Sid", "CallSid"),  # not user text: documented names
    "parent_id": ("parent_call_sid", "Parent Call Sid", "ParentCallSid"),  # not user text: documented names
}


def detect(frame: pd.DataFrame, has_header: bool) -> Layout | None:
    """The Twilio layout (start, status, direction and duration by their documented names), or None."""
    if not has_header:
        return None
    return by_names(
        list(frame.columns),
        "twilio",
        _("Twilio call log (console export or REST Calls resource)"),
        _SPEC,
        {"start", "talk_seconds", "status", "direction"},
        dayfirst_default=False,
        missing={"talk_seconds": ("",)},  # "empty for busy, failed, unanswered or ongoing calls"
    )
