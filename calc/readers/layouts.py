"""Known call-log layouts and header names in six languages, mapped to record fields.

A layout says which source column plays which *role*: the start time, the
talk time (billsec), the whole call length, a status word, the direction ...
`detect_layout` recognizes Asterisk ``cdr_csv`` (Master.csv), FreeSWITCH
``mod_cdr_csv``, FreePBX CDR reports, Twilio call logs, the canonical layout
and generic spreadsheets with English, Chinese, Italian, Spanish, French or
German headers. Every guess carries a confidence and how it was made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

__all__ = ["ROLES", "Source", "Layout", "detect_layout", "normalize_header", "HEADER_ALIASES"]

ROLES = (
    "start",
    "answer_time",
    "end_time",
    "talk_seconds",
    "total_seconds",
    "duration_ms",
    "status",
    "direction",
    "channel",
    "agent",
    "destination",
    "resolved",
    "context",
    "device",
)

ASTERISK_COLUMNS = (
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
FREESWITCH_COLUMNS = (
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
_DISPOSITIONS = {"ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"}


@dataclass(frozen=True)
class Source:
    """Where one role's values come from."""

    column: str
    confidence: float
    how: str


@dataclass(frozen=True)
class Layout:
    """A recognized layout: its name, the role of each used column, and a language hint."""

    name: str
    label: str
    roles: dict[str, Source]
    dayfirst_default: bool = True
    column_names: tuple[str, ...] | None = None  # names for a file without a header row


def normalize_header(name: str) -> str:
    """Header text reduced for matching: lower case, no spaces, underscores or punctuation.

    Examples
    --------
    >>> normalize_header(" Data e ora "), normalize_header("Call_Date"), normalize_header("Durata (s)")
    ('dataeora', 'calldate', 'duratas')
    """
    return re.sub(r"[\s_\-./()\[\]:'’]+", "", str(name).strip().lower())


# Role -> header names (normalized when used). Order matters only for documentation.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "start": (
        "start",
        "starttime",
        "startstamp",
        "startdate",
        "calldate",
        "calldatetime",
        "datetime",
        "date",
        "timestamp",
        "started",
        "begin",
        "callstart",
        "callstarttime",
        "time",
        "datecreated",
        "开始时间",
        "呼叫时间",
        "通话开始时间",
        "时间",
        "日期",
        "日期时间",
        "呼叫开始时间",
        "来电时间",
        "dataeora",
        "dataora",
        "data",
        "inizio",
        "orainizio",
        "datachiamata",
        "datainizio",
        "fechayhora",
        "fecha",
        "fechahora",
        "horainicio",
        "inicio",
        "fechainicio",
        "dateetheure",
        "datedebut",
        "début",
        "debut",
        "heuredebut",
        "datedappel",
        "horodatage",
        "datum",
        "datumuhrzeit",
        "startzeit",
        "beginn",
        "anrufzeit",
        "zeitpunkt",
        "anrufbeginn",
    ),
    "answer_time": (
        "answer",
        "answertime",
        "answerstamp",
        "answeredat",
        "接通时间",
        "应答时间",
        "orarisposta",
        "horaderespuesta",
        "heurereponse",
        "annahmezeit",
    ),
    "end_time": (
        "end",
        "endtime",
        "endstamp",
        "enddate",
        "结束时间",
        "挂断时间",
        "fine",
        "orafine",
        "datafine",
        "fin",
        "horafin",
        "heurefin",
        "ende",
        "endzeit",
    ),
    "talk_seconds": (
        "billsec",
        "billableseconds",
        "billable",
        "billabletime",
        "talktime",
        "talkseconds",
        "talk",
        "talkduration",
        "conversationtime",
        "durations",
        "durationsec",
        "durationseconds",
        "duration_s",
        "通话时长",
        "通话时间",
        "计费时长",
        "通话秒数",
        "durataconversazione",
        "conversazione",
        "tempoconversazione",
        "duratachiamata",
        "duracionconversacion",
        "tiempodeconversacion",
        "tiempoconversacion",
        "dureeconversation",
        "dureedelappel",
        "gesprachsdauer",
        "gesprächsdauer",
        "gesprächszeit",
        "sprechzeit",
    ),
    "total_seconds": (
        "duration",
        "length",
        "calllength",
        "totalduration",
        "calltime",
        "时长",
        "总时长",
        "呼叫时长",
        "durata",
        "duratatotale",
        "duración",
        "duracion",
        "durée",
        "duree",
        "dauer",
        "gesamtdauer",
        "anrufdauer",
    ),
    "duration_ms": (
        "durationms",
        "billsecms",
        "talktimems",
        "milliseconds",
        "millis",
        "时长毫秒",
        "durataMS",
    ),
    "status": (
        "disposition",
        "status",
        "callstatus",
        "result",
        "outcome",
        "answered",
        "isanswered",
        "hangupcause",
        "是否接通",
        "接通状态",
        "呼叫结果",
        "状态",
        "接通",
        "通话状态",
        "esito",
        "stato",
        "risposta",
        "esitochiamata",
        "resultado",
        "estado",
        "contestada",
        "resultat",
        "résultat",
        "statut",
        "repondu",
        "ergebnis",
        "angenommen",
        "anrufstatus",
    ),
    "direction": (
        "direction",
        "calltype",
        "type",
        "inout",
        "calldirection",
        "呼叫类型",
        "呼叫方向",
        "方向",
        "类型",
        "通话类型",
        "direzione",
        "tipo",
        "tipochiamata",
        "direccion",
        "dirección",
        "sentido",
        "tipodellamada",
        "sens",
        "typedappel",
        "richtung",
        "anrufart",
        "anruftyp",
    ),
    "channel": (
        "channeltype",
        "media",
        "mediatype",
        "medium",
        "canale",
        "渠道",
        "媒体类型",
        "canal",
        "kanal",
        "channel",
    ),
    "agent": (
        "agent",
        "agentname",
        "agentid",
        "operator",
        "extension",
        "handledby",
        "user",
        "username",
        "坐席",
        "坐席工号",
        "座席",
        "坐席名称",
        "客服",
        "工号",
        "operatore",
        "agente",
        "addetto",
        "interno",
        "operador",
        "operateur",
        "opérateur",
        "conseiller",
        "mitarbeiter",
        "bearbeiter",
        "nebenstelle",
    ),
    "destination": (
        "destination",
        "dst",
        "to",
        "callednumber",
        "called",
        "dialled",
        "dialed",
        "destinationnumber",
        "calledparty",
        "被叫号码",
        "被叫",
        "目的号码",
        "对方号码",
        "numerochiamato",
        "destinatario",
        "numerodestinazione",
        "destino",
        "numerodestino",
        "numerodestination",
        "ziel",
        "zielnummer",
        "angerufenenummer",
    ),
    "context": ("dcontext", "context"),
}
_ALIAS_INDEX = {normalize_header(alias): role for role, aliases in HEADER_ALIASES.items() for alias in aliases}
_MILLISECONDS = re.compile(r"(\(ms\)|[\s_\-]ms$|millis|毫秒)")


def _positional(names: tuple[str, ...], roles: dict[str, str], layout: str) -> dict[str, Source]:
    return {
        role: Source(name, 1.0, f"position {names.index(name) + 1} of the {layout} layout")
        for role, name in roles.items()
    }


def _share(values: pd.Series, allowed: set[str]) -> float:
    values = values.astype("str").str.strip()
    values = values[values != ""]
    return float(values.str.upper().isin(allowed).mean()) if len(values) else 0.0


def _by_headers(columns: list[str]) -> dict[str, Source]:
    """Match header names to roles: exact aliases first, then aliases contained in a header.

    A duration-like header marked as milliseconds (``Talk (ms)``, ``billsec_ms``, 毫秒) is a
    milliseconds column, whatever else it contains.
    """
    found: dict[str, Source] = {}
    used: set[str] = set()
    for column in columns:
        role = _ALIAS_INDEX.get(normalize_header(column))
        if role and role not in found:
            found[role] = Source(column, 0.95, f"header {column!r}")
            used.add(column)
    for column in columns:
        if column not in used and "duration_ms" not in found and _MILLISECONDS.search(column.lower()):
            found["duration_ms"] = Source(column, 0.8, f"header {column!r} (milliseconds)")
            used.add(column)
    for column in columns:
        if column in used:
            continue
        key = normalize_header(column)
        for alias, role in sorted(_ALIAS_INDEX.items(), key=lambda item: -len(item[0])):
            if role not in found and len(alias) >= 4 and alias in key:
                found[role] = Source(column, 0.6, f"header {column!r} contains {alias!r}")
                used.add(column)
                break
    return found


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
    """
    columns = [str(c) for c in frame.columns]
    sample = frame.head(200)
    if not has_header:
        if 16 <= len(columns) <= 18 and _share(sample.iloc[:, 14], _DISPOSITIONS) > 0.5:
            roles = {
                "start": "start",
                "answer_time": "answer",
                "end_time": "end",
                "total_seconds": "duration",
                "talk_seconds": "billsec",
                "status": "disposition",
                "destination": "dst",
                "agent": "dstchannel",
                "device": "channel",
                "context": "dcontext",
            }
            return Layout(
                "asterisk",
                "Asterisk cdr_csv (Master.csv, no header)",
                _positional(ASTERISK_COLUMNS, roles, "Asterisk"),
                column_names=ASTERISK_COLUMNS[: len(columns)],
            )
        causes = sample.iloc[:, 9].astype("str").str.fullmatch(r"[A-Z_]{4,}") if len(columns) >= 10 else None
        if len(columns) == 15 and causes is not None and causes.mean() > 0.5:
            roles = {
                "start": "start_stamp",
                "answer_time": "answer_stamp",
                "end_time": "end_stamp",
                "total_seconds": "duration",
                "talk_seconds": "billsec",
                "status": "hangup_cause",
                "destination": "destination_number",
                "context": "context",
            }
            return Layout(
                "freeswitch",
                "FreeSWITCH mod_cdr_csv (default template, no header)",
                _positional(FREESWITCH_COLUMNS, roles, "FreeSWITCH"),
                column_names=FREESWITCH_COLUMNS,
            )
        return None
    keys = {normalize_header(c): c for c in columns}
    record_fields = {
        "start",
        "durations",
        "channel",
        "direction",
        "answered",
        "agent",
        "destination",
        "resolved",
    }
    if "durations" in keys and set(keys) <= record_fields | {"line"}:
        roles = {"talk_seconds": Source(keys["durations"], 1.0, "record field duration_s")}
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
                roles[role] = Source(keys[key], 1.0, f"record field {key}")
        return Layout("canonical", "Tariff Compare records", roles)
    if {"calldate", "billsec", "disposition"} <= set(keys):
        roles = _by_headers(columns)
        roles["start"] = Source(keys["calldate"], 1.0, "FreePBX calldate")
        roles["talk_seconds"] = Source(keys["billsec"], 1.0, "FreePBX billsec (talk time)")
        roles["status"] = Source(keys["disposition"], 1.0, "FreePBX disposition")
        if "dstchannel" in keys:
            roles["agent"] = Source(keys["dstchannel"], 0.8, "FreePBX dstchannel (answering device)")
        if "channel" in keys:
            roles.pop("channel", None)  # Asterisk's channel is a device, not a record channel
            roles["device"] = Source(keys["channel"], 0.8, "FreePBX channel (calling device)")
        return Layout("freepbx", "FreePBX CDR report / cdr table export", roles)
    if {"starttime", "status", "direction"} <= set(keys) and ("duration" in keys or "durations" in keys):
        roles = _by_headers(columns)
        roles["start"] = Source(keys["starttime"], 1.0, "Twilio Start Time")
        duration = keys.get("duration") or keys["durations"]
        roles.pop("total_seconds", None)
        roles["talk_seconds"] = Source(duration, 1.0, "Twilio Duration (seconds from answer to hang-up)")
        return Layout("twilio", "Twilio call log export", roles, dayfirst_default=False)
    roles = _by_headers(columns)
    if not roles:
        return None
    return Layout("generic", "spreadsheet with named columns", roles)
