"""FreeSWITCH ``mod_cdr_csv``.

The default ("example") template of ``conf/autoload_configs/cdr_csv.conf.xml``
(https://developer.signalwire.com/freeswitch/FreeSWITCH-Explained/Modules/mod_cdr_csv_6587015/):
caller_id_name, caller_id_number, destination_number, context, start_stamp,
answer_stamp, end_stamp, duration, billsec, hangup_cause, uuid, bleg_uuid,
accountcode, read_codec, write_codec; no header.

Quirks: a call was answered when it has an ``answer_stamp``, whatever its hangup cause
(answered calls may end ``NORMAL_UNSPECIFIED``, and an unknown cause is no reason to
refuse a row); billsec is the billable talk time; context ``public`` is the dialplan of
calls from outside, ``default`` that of registered extensions.
"""

from __future__ import annotations

import pandas as pd

from calc.i18n import _
from calc.readers.headers import Layout, positional, share

__all__ = ["COLUMNS", "detect"]

COLUMNS = (
    "caller_id_name",
    "caller_id_number",
    "destination_number",
    "context",
    "start_stamp",
    "answer_stamp",
    "end_stamp",
    "duration",
    "billsec",
    "hangup_cause",
    "uuid",
    "bleg_uuid",
    "accountcode",
    "read_codec",
    "write_codec",
)
_ROLES = {
    "start": "start_stamp",
    "answer_time": "answer_stamp",
    "end_time": "end_stamp",
    "total_seconds": "duration",
    "talk_seconds": "billsec",
    "destination": "destination_number",
    "caller": "caller_id_number",
    "context": "context",
}


def detect(frame: pd.DataFrame, has_header: bool) -> Layout | None:
    """The FreeSWITCH default template (no header, 15 columns, hangup causes in column 10), or None."""
    if has_header or frame.shape[1] != len(COLUMNS):
        return None
    if share(frame.head(200).iloc[:, 9], lambda v: v.str.fullmatch(r"[A-Z][A-Z_]{3,}")) <= 0.5:
        return None
    return Layout(
        "freeswitch",
        _("FreeSWITCH mod_cdr_csv (default template, no header)"),
        positional(COLUMNS, _ROLES, "FreeSWITCH"),
        column_names=COLUMNS,
        answered_from="answer_time",
    )
