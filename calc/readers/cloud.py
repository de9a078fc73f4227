"""Cloud phone systems exported as CSV: Microsoft Teams PSTN usage, Zoom Phone, RingCentral, Genesys Cloud.

Each is recognized by the column names its vendor documents:

- Microsoft Teams PSTN usage report (Teams admin center export) and Microsoft Graph
  ``pstnCallLogRow`` (https://learn.microsoft.com/graph/api/resources/callrecords-pstncalllogrow):
  ``startDateTime``, ``endDateTime``, ``duration`` [s], ``callType`` (``user_in``,
  ``user_out``, ``conf_in`` ...: the suffix is the direction), ``callerNumber``,
  ``calleeNumber``, ``userDisplayName``, ``callId`` ("not guaranteed to be unique", so
  rows are not merged on it).
- Zoom Phone call logs (https://developers.zoom.us/docs/api/phone/, "Get account's call
  logs"; the web portal's CSV export): ``date_time``, ``direction``, ``duration`` [s],
  ``result`` (Call connected, No Answer, Voicemail ...), ``caller_number``,
  ``callee_number``, ``call_id`` (shared by the legs of one call).
- RingCentral call log (https://developers.ringcentral.com/guide/voice/call-log/api):
  ``startTime``, ``duration`` [s], ``type`` (Voice, Fax, SMS), ``direction``, ``result``
  (Accepted, Call connected, Missed, Voicemail ...), ``sessionId`` (one call, several
  records).
- Genesys Cloud conversation exports (analytics conversation details,
  https://developer.genesys.cloud/analyticsdatamanagement/analytics/detail/):
  ``conversationStart``, ``conversationEnd``, ``conversationId``,
  ``originatingDirection``, ``mediaType``, ``tTalk`` [ms]; the Interactions view export
  spells them ``Conversation Start``, ``Conversation ID``, ``Direction``, ``Media Type``,
  ``Total Talk``, ``Users - Interacted``.
"""

from __future__ import annotations

import pandas as pd

from calc.i18n import _
from calc.readers.headers import Layout, Source, header_unit
from calc.readers.vendor import by_names

__all__ = ["detect"]

_TEAMS = {
    "start": ("startDateTime", "Start time", "Start time (UTC)"),  # not user text: documented column names
    "end_time": ("endDateTime", "End time", "End time (UTC)"),  # not user text: documented column names
    "talk_seconds": ("duration", "Duration (seconds)", "Duration"),
    "direction": ("callType", "Call type"),  # not user text: documented column names
    "caller": ("callerNumber", "Caller number"),  # not user text: documented column names
    "destination": ("calleeNumber", "Callee number"),  # not user text: documented column names
    "agent": ("userDisplayName", "Display name", "userPrincipalName"),  # not user text: documented column names
}
_ZOOM = {
    "start": ("date_time", "Date & Time", "Date Time", "start_time"),  # not user text: documented column names
    "talk_seconds": ("duration", "Duration"),
    "status": ("result", "Result"),
    "direction": ("direction", "Direction"),
    "caller": ("caller_number", "Caller Number"),  # not user text: documented column names
    "destination": ("callee_number", "Callee Number"),  # not user text: documented column names
    "agent": ("callee_name", "Callee Name"),  # not user text: documented column names
    "call_id": ("call_id", "Call ID"),  # not user text: documented column names
}
_RINGCENTRAL = {
    "start": ("startTime", "Start Time"),  # not user text: documented column names
    "talk_seconds": ("duration", "Duration"),
    "status": ("result", "Result", "Action Result"),  # not user text: documented column names
    "direction": ("direction", "Direction"),
    "channel": ("type", "Type"),
    "caller": ("from.phoneNumber", "From"),
    "destination": ("to.phoneNumber", "To"),
    "call_id": ("sessionId", "Session Id"),  # not user text: documented column names
}
_GENESYS = {
    "start": ("conversationStart", "Conversation Start", "Date"),  # not user text: documented column names
    "end_time": ("conversationEnd", "Conversation End"),  # not user text: documented column names
    "talk_seconds": ("tTalk", "Total Talk", "Talk"),  # not user text: documented column names
    "direction": ("originatingDirection", "Direction"),
    "channel": ("mediaType", "Media Type"),  # not user text: documented column names
    "agent": ("Users - Interacted", "Users"),
    "caller": ("ani", "ANI"),
    "destination": ("dnis", "DNIS"),
    "call_id": ("conversationId", "Conversation ID"),  # not user text: documented column names
}
TEAMS_CALL_TYPES = {"in": "inbound", "out": "outbound"}
# callType values: who (user, conf, emergency, ucap ...) and the direction as the suffix.
TEAMS_WORDS = {
    f"{who}_{suffix}": direction
    for who in ("user", "conf", "emergency", "ucap", "byot", "user_out_conf")
    for suffix, direction in TEAMS_CALL_TYPES.items()
}


def detect(frame: pd.DataFrame, has_header: bool) -> Layout | None:
    """The Teams, Zoom, RingCentral or Genesys Cloud layout, or None."""
    if not has_header:
        return None
    columns = list(frame.columns)
    found = (
        by_names(columns, "genesys", _("Genesys Cloud conversations export"), _GENESYS, {"start", "call_id", "channel"})
        or by_names(
            columns,
            "teams",
            _("Microsoft Teams PSTN usage report"),
            _TEAMS,
            {"start", "talk_seconds", "direction", "caller", "destination"},
            words={
                "direction": {
                    w: d
                    for w, d in (
                        (f"{p}_{s}", d)
                        for p in ("user", "conf", "emergency", "ucap", "byot")
                        for s, d in TEAMS_CALL_TYPES.items()
                    )
                }
            },
            dayfirst_default=False,
        )
        or by_names(
            columns,
            "zoom",
            _("Zoom Phone call log"),
            _ZOOM,
            {"start", "talk_seconds", "status", "caller"},
            dayfirst_default=False,
        )
        or by_names(
            columns,
            "ringcentral",
            _("RingCentral call log"),
            _RINGCENTRAL,
            {"start", "talk_seconds", "status", "call_id"},
            dayfirst_default=False,
        )
    )
    if found is None:
        return None
    if found.name == "genesys" and "talk_seconds" in found.roles:
        talk = found.roles["talk_seconds"]
        unit, _words = header_unit(talk.column)
        if talk.column == "tTalk" or unit == 0.001:  # the analytics metric is in milliseconds
            found.roles["talk_seconds"] = Source(
                talk.column, 1.0, talk.how + _(", in {unit}").format(unit=_("milliseconds")), 0.001
            )
    return found
