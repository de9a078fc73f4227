"""3CX call log / call history exports.

Format: the CSV download of the 3CX management console's Call History / Call Log report
(3CX v18-v20, https://www.3cx.com/docs/manual/call-reports/): ``Call Time`` (start),
``Caller ID``, ``Destination``, ``Trunk``, ``Trunk number``, ``Did``, ``Status``
(Answered, Unanswered, Redirected), ``Ringing``, ``Talking`` and ``Total Duration`` as
``h:mm:ss``, ``Call Type`` ...; older versions also carry a ``Call ID``.

Quirks: ``Talking`` is the billable time (``Total Duration`` adds ringing); the last
line is a ``Totals`` footer, refused as a summary line, not priced as a call; a call that
came in on a DID is inbound.
"""

from __future__ import annotations

import pandas as pd

from calc.i18n import N_, _
from calc.readers.headers import Layout, SkipRule, match_headers
from calc.readers.vendor import by_names

__all__ = ["detect"]

_SPEC = {
    "start": ("Call Time", "Time Started", "Start Time"),  # not user text: documented column names
    "talk_seconds": ("Talking", "Talk Time"),  # not user text: documented column names
    "total_seconds": ("Total Duration", "Duration"),  # not user text: documented column names
    "status": ("Status",),
    "caller": ("Caller ID", "From"),  # not user text: documented column names
    "destination": ("Destination", "To"),
    "did": ("Did", "DID"),
    "call_id": ("Call ID", "CallID"),  # not user text: documented column names
    "agent": ("Agent",),
}


def detect(frame: pd.DataFrame, has_header: bool) -> Layout | None:
    """The 3CX layout (a ``Talking`` column beside ``Ringing``), or None."""
    if not has_header or "ringing" not in {c.strip().lower() for c in frame.columns}:
        return None
    layout = by_names(list(frame.columns), "3cx", _("3CX call log export"), _SPEC, {"start", "talk_seconds", "status"})
    if layout is None:
        return None
    roles = {**match_headers(list(frame.columns), frame.head(200)), **layout.roles}
    roles.pop("direction", None)  # 'Call Type' is empty in these exports; the DID says inbound
    footer = SkipRule(layout.roles["start"].column, r"(?i)totals?", N_("footer/summary line (the report's totals)"))
    return Layout(layout.name, layout.label, roles, dayfirst_default=False, skip=(footer,))
