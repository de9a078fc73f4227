"""Roles, layouts and header names: which column of an export plays which part of a record.

A layout says which source column plays which *role*: the start time, the
talk time (billsec), the whole call length, a status word, the direction, the
id shared by the legs of one call ... Vendor layouts (one module per source
system beside this one) name their columns from the vendor's documentation;
`match_headers` maps any other table by its header names in six languages.

Headers are matched by whole words (tokens), never by substrings: ``Sentiment``
holds the letters of "time" but not the word, ``answered_by`` is not an answer
time and ``callSecuredStatus`` is not a status. Every column serves at most one
role, chosen by a scored best assignment over all roles at once, and a column
whose values cannot be what the role needs (a start that holds no date) scores
nothing. A unit in a header (``通话时长/分钟``, ``Durata (min)``, ``Talk (ms)``)
sets how the values are read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from calc.i18n import N_, _

__all__ = [
    "ROLES",
    "Source",
    "Layout",
    "normalize_header",
    "header_tokens",
    "header_unit",
    "match_headers",
    "HEADER_ALIASES",
]

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
    "caller",
    "did",
    "internal",
    "call_id",
    "parent_id",
)


@dataclass(frozen=True)
class Source:
    """Where one role's values come from.

    Attributes
    ----------
    column : str
    confidence : float
        1.0 for a documented vendor layout or the user's choice.
    how : str
        Why, for the import notes.
    scale : float
        Seconds per unit of a length column: 60 for minutes, 0.001 for milliseconds.
    """

    column: str
    confidence: float
    how: str
    scale: float = 1.0


@dataclass(frozen=True)
class SkipRule:
    """Rows a layout knows are not calls: refused with `reason` when `column` fully matches `pattern`."""

    column: str
    pattern: str
    reason: str  # marked with N_() where the rule is declared, translated where rows are refused


@dataclass(frozen=True)
class Layout:
    """A recognized layout: its name, the role of each used column, and its quirks.

    Attributes
    ----------
    name, label : str
        Short name and the description shown to the user.
    roles : dict
        Role -> `Source`.
    dayfirst_default : bool
        How to read ``01/02/2026`` when the whole column reads both ways.
    column_names : tuple of str, optional
        Names of the columns of a file without a header row.
    skip : tuple of SkipRule
        Rows that are not calls (footer totals, a row of column types).
    missing : dict
        Role -> values that mean "none" there (CUCM writes 0 for a call never connected).
    answered_from : str, optional
        ``answer_time``: answered when an answer time is present, whatever the status says.
    words : dict
        Role -> extra words of that vendor (Avaya's ``I``/``O`` directions), lower case.
    internal_flags : tuple of str
        Values of the ``internal`` role meaning an extension-to-extension call.
    """

    name: str
    label: str
    roles: dict[str, Source]
    dayfirst_default: bool = True
    column_names: tuple[str, ...] | None = None  # names for a file without a header row
    skip: tuple[SkipRule, ...] = ()
    missing: dict[str, tuple[str, ...]] = field(default_factory=dict)
    answered_from: str | None = None
    words: dict[str, dict[str, str]] = field(default_factory=dict)
    internal_flags: tuple[str, ...] = ("1", "true", "yes", "y")


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
        "datedelappel",
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
        "talking",
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
    "caller": (
        "src",
        "source",
        "from",
        "caller",
        "callerid",
        "callernumber",
        "callingnumber",
        "callingpartynumber",
        "ani",
        "主叫",
        "主叫号码",
        "来电号码",
        "chiamante",
        "numerochiamante",
        "llamante",
        "numeroorigen",
        "appelant",
        "numeroappelant",
        "anrufer",
        "rufnummeranrufer",
    ),
    "did": ("did", "dnis", "ddi", "didnumber"),
    "internal": ("isinternal", "internal", "interno?", "interna"),
    "call_id": ("linkedid", "callid", "sessionid", "conversationid", "globalcallidcallid"),
    "parent_id": ("parentcallsid", "parentcallid"),
}

_UNITS = {
    60.0: {"min", "mins", "minute", "minutes", "minuti", "minuto", "minutos", "minuten", "分钟", "分"},
    1.0: {"s", "sec", "secs", "second", "seconds", "secondi", "segundos", "secondes", "sekunden", "秒", "秒数"},
    0.001: {"ms", "msec", "millis", "millisecond", "milliseconds", "millisecondi", "毫秒"},
}
_UNIT_WORDS = {word: scale for scale, words in _UNITS.items() for word in words}
_UNIT_NAMES = {60.0: N_("minutes"), 1.0: N_("seconds"), 0.001: N_("milliseconds")}
_LINKS = {"in", "en", "di", "de", "du", "der", "des", "of"}  # "Dauer in Minuten", "durée en secondes"
_CJK = re.compile(r"[\u3400-\u9fff]")
_LENGTH_ROLES = ("talk_seconds", "total_seconds", "duration_ms")


def _plain(text: str) -> str:
    """Lower case without accents (``Durée`` reads as ``duree``); CJK text is left as it is."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def header_tokens(name: str) -> list[str]:
    """The words of a header: split at spaces, punctuation, camelCase and script changes.

    Examples
    --------
    >>> header_tokens("callSecuredStatus"), header_tokens("answered_by"), header_tokens("通话时长/分钟")
    (['call', 'secured', 'status'], ['answered', 'by'], ['通话时长', '分钟'])
    >>> header_tokens("Durée (min)"), header_tokens("DATETIME"), header_tokens("globalCallID_callId")
    (['duree', 'min'], ['datetime'], ['global', 'call', 'id', 'call', 'id'])
    """
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", str(name))
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)
    return re.findall(r"[a-z]+|\d+|[\u3400-\u9fff]+|[^\W\d_a-z]+", _plain(text))


def header_unit(name: str) -> tuple[float | None, list[str]]:
    """The unit a header names for its values, and the header's other words.

    Returns
    -------
    scale : float or None
        Seconds per unit (60 minutes, 1 seconds, 0.001 milliseconds); None when no unit is named.
    words : list of str
        The header's tokens without the unit (and a linking word before it).

    Examples
    --------
    >>> header_unit("通话时长/分钟"), header_unit("Dauer in Minuten"), header_unit("Talk (ms)")
    ((60.0, ['通话时长']), (60.0, ['dauer']), (0.001, ['talk']))
    >>> header_unit("Duration")
    (None, ['duration'])
    """
    tokens = header_tokens(name)
    if len(tokens) > 1 and tokens[-1] in _UNIT_WORDS:
        words = tokens[:-1]
        if len(words) > 1 and words[-1] in _LINKS:
            words = words[:-1]
        return _UNIT_WORDS[tokens[-1]], words
    return None, tokens


# (role, alias, rank): an earlier alias of a role wins a tie ('start_time' over 'date_created').
_ALIASES = [
    (role, _plain(normalize_header(alias)), rank)
    for role, aliases in HEADER_ALIASES.items()
    for rank, alias in enumerate(aliases)
]

# What a role's values must look like; a column that does not fit scores nothing there.
_TIME = re.compile(
    r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{9,13}(\.\d+)?$"
    r"|[a-z]{3}, \d{1,2} [a-z]{3} \d{4}|\d{5}(\.\d+)?$)",
    re.I,
)
_LENGTH = re.compile(r"^\s*\d+([.,]\d+)?(:\d{1,2}){0,2}([.,]\d+)?\s*[a-z秒]*\s*$", re.I)
_VALUE_KINDS = {"start": _TIME, "answer_time": _TIME, "end_time": _TIME}
_VALUE_KINDS.update(dict.fromkeys(_LENGTH_ROLES, _LENGTH))


def _fits(values: pd.Series | None, role: str) -> float:
    """How well a column's sample values fit a role: 1 fits, 0 cannot be, 0.5 unknown (no values)."""
    pattern = _VALUE_KINDS.get(role)
    if pattern is None or values is None:
        return 1.0
    written = values.astype("str").str.strip()
    written = written[written != ""]
    if written.empty:
        return 0.5
    share = float(written.str.match(pattern).mean())
    return 1.0 if share >= 0.8 else 0.0 if share < 0.5 else share


def _header_score(words: list[str], alias: str) -> float:
    """1 for the whole header, less for a run of whole words in it (by the share it covers), else 0."""
    whole = "".join(words)
    if not whole:
        return 0.0
    if whole == alias:
        return 1.0
    best = 0.0
    for first in range(len(words)):
        run = ""
        for last in range(first, len(words)):
            run += words[last]
            covered = len(alias) / len(whole)
            if covered >= 0.5 and (run == alias or (_CJK.search(alias) and alias in run and len(alias) >= 2)):
                best = max(best, 0.5 + 0.4 * covered)
            if len(run) >= len(alias) and not _CJK.search(alias):
                break
    return best


def match_headers(columns: list[str], sample: pd.DataFrame | None = None) -> dict[str, Source]:
    """Map header names to roles: whole words only, each column used once, the best total score.

    Parameters
    ----------
    columns : list of str
        Header names.
    sample : pandas.DataFrame, optional
        The first rows as text, to check that a column's values can be what a role needs.

    Returns
    -------
    dict
        Role -> `Source`; a length column whose header names a unit carries its `Source.scale`.

    Examples
    --------
    >>> roles = match_headers(["Call Time", "Talking", "Sentiment", "Status"])
    >>> {role: source.column for role, source in roles.items()}
    {'start': 'Call Time', 'talk_seconds': 'Talking', 'status': 'Status'}
    >>> match_headers(["时间", "通话时长/分钟"])["talk_seconds"].scale
    60.0
    """
    from scipy.optimize import linear_sum_assignment

    roles = list(HEADER_ALIASES) + ["duration_ms"]
    parsed = [header_unit(column) for column in columns]
    scores = np.zeros((len(roles), len(columns)))
    found: dict[tuple[int, int], str] = {}
    for j, (column, (_unit, words)) in enumerate(zip(columns, parsed, strict=True)):
        values = sample[column] if sample is not None and column in sample.columns else None
        for role, alias, rank in _ALIASES:
            score = _header_score(words, alias) * (1 - 0.001 * rank)
            i = roles.index(role)
            if score > scores[i, j]:
                scores[i, j], found[i, j] = score, alias
        if column.strip().lower() == "duration_s":  # the record field itself: the billable time
            scores[[roles.index(r) for r in _LENGTH_ROLES], j] = 0.0
            scores[roles.index("talk_seconds"), j], found[roles.index("talk_seconds"), j] = 1.0, "duration_s"
        for i, role in enumerate(roles):
            if scores[i, j] > 0:
                scores[i, j] *= _fits(values, role)
    # A length named in milliseconds is the duration_ms role, whatever its words.
    ms = roles.index("duration_ms")
    for j, (unit, _words) in enumerate(parsed):
        lengths = [roles.index(r) for r in _LENGTH_ROLES]
        if unit == 0.001 and max(scores[i, j] for i in lengths) > 0:
            best = max(lengths, key=lambda i: scores[i, j])
            scores[ms, j], found[ms, j] = scores[best, j], found.get((best, j), "ms")
            for role in ("talk_seconds", "total_seconds"):
                scores[roles.index(role), j] = 0.0
    rows, cols = linear_sum_assignment(scores, maximize=True)
    matched: dict[str, Source] = {}
    for i, j in zip(rows, cols, strict=True):
        if scores[i, j] <= 0:
            continue
        role, column = roles[i], columns[j]
        unit, _words = parsed[j]
        how = (
            _("header {column}").format(column=repr(column))
            if scores[i, j] >= 0.9
            else _("header {column} has the word(s) {words}").format(column=repr(column), words=repr(found[i, j]))
        )
        scale = 1.0
        if role in _LENGTH_ROLES and unit is not None:
            scale = 1.0 if role == "duration_ms" else unit
            how += _(", in {unit} (the header says so)").format(unit=_(_UNIT_NAMES[unit]))
        confidence = 0.95 if scores[i, j] >= 0.9 else round(float(0.5 + 0.3 * scores[i, j]), 2)
        matched[role] = Source(column, confidence, how, scale)
    return matched


def positional(names: tuple[str, ...], roles: dict[str, str], layout: str) -> dict[str, Source]:
    """Roles of a file without a header row, by the documented position of each column."""
    return {
        role: Source(
            name, 1.0, _("position {number} of the {layout} layout").format(number=names.index(name) + 1, layout=layout)
        )
        for role, name in roles.items()
    }


def share(values: pd.Series, allowed: set[str] | Callable[[pd.Series], pd.Series]) -> float:
    """Share of the written values of a column that are in `allowed` (upper case) or pass it."""
    values = values.astype("str").str.strip()
    values = values[values != ""]
    if not len(values):
        return 0.0
    if callable(allowed):
        return float(allowed(values).mean())
    return float(values.str.upper().isin(allowed).mean())


def keyed(columns: list[str]) -> dict[str, str]:
    """Normalized header -> header as written."""
    return {normalize_header(c): c for c in columns}
