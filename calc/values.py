"""Reading cell values the way exports write them: durations, times, and status words.

Each function takes a text column (pandas ``str``) and returns the parsed
values plus a per-row reason for values that cannot be read ('' when fine), so
the importer can refuse exactly those rows and say why.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = [
    "parse_seconds",
    "parse_times",
    "date_order",
    "words_to_answered",
    "words_to_direction",
    "words_to_channel",
    "ANSWERED_WORDS",
    "UNANSWERED_WORDS",
]

_CLOCK = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2}(?:[.,]\d+)?))?$")
_UNIT = re.compile(r"\s*(s|sec|secs|seconds|secondi|segundos|secondes|sekunden|秒)$", re.I)


def parse_seconds(text: pd.Series, scale: float = 1.0) -> tuple[np.ndarray, pd.Series]:
    """Durations written as seconds, decimal comma, ``hh:mm:ss``, ``mm:ss`` or with a unit.

    Parameters
    ----------
    text : pandas.Series of str
    scale : float
        Multiplier to seconds (``0.001`` for a milliseconds column).

    Returns
    -------
    seconds : numpy.ndarray of float
        NaN where unreadable or empty [s].
    reasons : pandas.Series of str
        Why a value could not be read, '' otherwise.

    Examples
    --------
    >>> seconds, _ = parse_seconds(pd.Series(["65", "12,5", "01:05", "1:02:03", "45 s", "x"]))
    >>> seconds.tolist()[:5]
    [65.0, 12.5, 65.0, 3723.0, 45.0]
    """
    text = text.fillna("").astype("str").str.strip()
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, copy=True)
    missing = np.isnan(values) & (text != "").to_numpy()
    if missing.any():
        rest = text[missing]
        rest = rest.str.replace(_UNIT, "", regex=True)
        comma = rest.str.fullmatch(r"[+-]?\d+,\d+")
        rest = rest.where(~comma, rest.str.replace(",", ".", regex=False))
        numbers = pd.to_numeric(rest, errors="coerce").to_numpy(dtype=np.float64)
        clock = rest.str.extract(_CLOCK)
        if clock.notna().any().any():
            hours_first = clock[2].notna().to_numpy()
            a = pd.to_numeric(clock[0], errors="coerce").to_numpy(dtype=np.float64)
            b = pd.to_numeric(clock[1], errors="coerce").to_numpy(dtype=np.float64)
            c = pd.to_numeric(clock[2].str.replace(",", ".", regex=False), errors="coerce").to_numpy(dtype=np.float64)
            clock_seconds = np.where(hours_first, a * 3600 + b * 60 + np.nan_to_num(c), a * 60 + b)
            numbers = np.where(np.isnan(numbers), clock_seconds, numbers)
        values[missing] = numbers
    values = values * scale
    reasons = pd.Series("", index=text.index, dtype=object)
    unreadable = np.isnan(values) & (text != "").to_numpy()
    reasons[unreadable] = "is not a number of seconds or hh:mm:ss: '" + text[unreadable] + "'"
    with np.errstate(invalid="ignore"):
        negative = values < 0
        huge = np.isinf(values) | (values > 1e9)
    reasons[negative] = "is negative: '" + text[negative] + "'"
    reasons[huge] = "is out of range: '" + text[huge] + "'"
    values[negative | huge] = np.nan
    return values, reasons


_SLASHED = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})(?:[ T,]+(.*))?$")


def date_order(text: pd.Series) -> tuple[str | None, str]:
    """Decide from a whole column whether ``01/02/2026`` is day-first or month-first.

    Returns
    -------
    order : {'dayfirst', 'monthfirst', None}
        None when the column is not written as ``dd/mm/yyyy`` or ``mm/dd/yyyy``,
        or when every value reads both ways.
    evidence : str
        The value that decided it, for the import notes.

    Examples
    --------
    >>> date_order(pd.Series(["01/02/2026 10:00", "25/02/2026 11:00"]))
    ('dayfirst', "'25/02/2026 11:00' has 25 first")
    """
    parts = text.astype("str").str.extract(_SLASHED)
    written = (text.astype("str").str.strip() != "").to_numpy()
    if not written.any() or parts[0].notna().to_numpy()[written].mean() < 0.5:
        return None, ""  # not a column of dd/mm or mm/dd dates
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    if (first > 12).any():
        position = int(np.flatnonzero((first > 12).to_numpy())[0])
        return "dayfirst", f"'{text.iloc[position]}' has {int(first.iloc[position])} first"
    if (second > 12).any():
        position = int(np.flatnonzero((second > 12).to_numpy())[0])
        return "monthfirst", f"'{text.iloc[position]}' has {int(second.iloc[position])} second"
    return None, "every date reads both ways"


def parse_times(text: pd.Series, order: str | None, timezone: str | None) -> tuple[pd.Series, pd.Series, str]:
    """Timestamps: ISO 8601 (with or without zone), ``dd/mm/yyyy``, ``mm/dd/yyyy``, epoch, RFC 2822.

    Parameters
    ----------
    text : pandas.Series of str
    order : {'dayfirst', 'monthfirst', None}
        For slashed dates (see `date_order`); None reads them day-first.
    timezone : str or None
        Zone that values carrying an offset (``Z``, ``+01:00``, ``UTC``) are
        converted to; None keeps UTC. Values without a zone are taken as written.

    Returns
    -------
    times : pandas.Series of datetime64[us]
        Naive local times, NaT where unreadable or empty.
    reasons : pandas.Series of str
    form : str
        What the column looked like, for the import notes.
    """
    text = text.fillna("").astype("str").str.strip()
    present = text[text != ""]
    sample = present.iloc[0] if len(present) else ""
    zone_note = ""
    if re.fullmatch(r"\d{9,10}(\.\d+)?", sample):
        times = pd.to_datetime(pd.to_numeric(text, errors="coerce"), unit="s", utc=True)
        form = "epoch seconds"
    elif re.fullmatch(r"\d{12,13}", sample):
        times = pd.to_datetime(pd.to_numeric(text, errors="coerce"), unit="ms", utc=True)
        form = "epoch milliseconds"
    elif re.match(r"^[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4}", sample):
        times = pd.to_datetime(text, format="%a, %d %b %Y %H:%M:%S %z", errors="coerce", utc=True)
        form = "RFC 2822 (e.g. 'Mon, 05 Jan 2026 09:00:00 +0000')"
    elif _SLASHED.match(sample):
        dayfirst = order != "monthfirst"
        cleaned = text.str.replace(r"[.\-]", "/", n=2, regex=True)
        times = pd.to_datetime(cleaned, format="mixed", dayfirst=dayfirst, errors="coerce")
        form = "day-first dates (dd/mm/yyyy)" if dayfirst else "month-first dates (mm/dd/yyyy)"
    else:
        cleaned = text.str.replace(r"\s*UTC$", "+00:00", regex=True).str.replace("/", "-", n=2, regex=False)
        try:
            times = pd.to_datetime(cleaned, format="ISO8601", errors="coerce")
        except (ValueError, TypeError):  # mixed offsets: bring them to UTC first
            times = pd.to_datetime(cleaned, format="ISO8601", errors="coerce", utc=True)
        form = "ISO 8601 dates (yyyy-mm-dd)"
    if isinstance(times.dtype, pd.DatetimeTZDtype):
        zone = timezone or "UTC"
        times = times.dt.tz_convert(zone).dt.tz_localize(None)
        zone_note = f"; times with a zone converted to {zone}"
    times = times.astype("datetime64[us]")
    reasons = pd.Series("", index=text.index, dtype=object)
    bad = (times.isna() & (text != "")).to_numpy()
    reasons[bad] = "is not a readable time: '" + text[bad] + "'"
    return times, reasons, form + zone_note


def _normal(text: pd.Series) -> pd.Series:
    return text.fillna("").astype("str").str.strip().str.lower().str.replace(r"[\s_]+", " ", regex=True)


ANSWERED_WORDS = {
    "answered",
    "answer",
    "completed",
    "complete",
    "yes",
    "y",
    "true",
    "1",
    "ok",
    "success",
    "connected",
    "normal clearing",
    "是",
    "接通",
    "已接通",
    "已接",
    "成功",
    "已应答",
    "应答",
    "risposta",
    "risposto",
    "sì",
    "si",
    "completata",
    "contestada",
    "contestado",
    "atendida",
    "respondida",
    "sí",
    "répondu",
    "repondu",
    "oui",
    "abouti",
    "angenommen",
    "beantwortet",
    "ja",
    "verbunden",
}
UNANSWERED_WORDS = {
    "no answer",
    "noanswer",
    "no-answer",
    "busy",
    "failed",
    "congestion",
    "canceled",
    "cancelled",
    "missed",
    "unanswered",
    "abandoned",
    "no",
    "n",
    "false",
    "0",
    "rejected",
    "user busy",
    "no user response",
    "originator cancel",
    "call rejected",
    "unallocated number",
    "normal temporary failure",
    "recovery on timer expire",
    "no route destination",
    "subscriber absent",
    "否",
    "未接通",
    "未接",
    "失败",
    "忙",
    "未应答",
    "无应答",
    "呼损",
    "放弃",
    "non risposta",
    "nonrisposta",
    "persa",
    "occupato",
    "non risposto",
    "fallita",
    "no contestada",
    "perdida",
    "ocupado",
    "no atendida",
    "fallida",
    "non répondu",
    "non repondu",
    "manqué",
    "manque",
    "occupé",
    "occupe",
    "non",
    "échec",
    "nicht angenommen",
    "verpasst",
    "besetzt",
    "nein",
    "fehlgeschlagen",
}


def words_to_answered(text: pd.Series) -> tuple[pd.Series, float]:
    """Map status words (dispositions, hangup causes, yes/no in six languages) to answered.

    Returns
    -------
    answered : pandas.Series of object
        True, False, or None where the word is empty or unknown (the default then applies).
    known : float
        Share of non-empty values that were recognized.

    Examples
    --------
    >>> answered, known = words_to_answered(pd.Series(["ANSWERED", "NO ANSWER", "是", "Non risposta", "?"]))
    >>> answered.tolist(), known
    ([True, False, True, False, None], 0.8)
    """
    words = _normal(text)
    result = pd.Series(np.full(len(text), None, dtype=object), index=text.index)
    result[words.isin(ANSWERED_WORDS).to_numpy()] = True
    result[words.isin(UNANSWERED_WORDS).to_numpy()] = False
    filled = (words != "").to_numpy()
    known = float(result.notna().to_numpy()[filled].mean()) if filled.any() else 1.0
    return result, known


_INBOUND = {
    "inbound",
    "in",
    "incoming",
    "inbound call",
    "received",
    "呼入",
    "来电",
    "入",
    "入局",
    "呼入电话",
    "entrante",
    "in entrata",
    "entrata",
    "ricevuta",
    "entrada",
    "recibida",
    "entrant",
    "reçu",
    "recu",
    "eingehend",
    "ankommend",
    "eingang",
    "trunking terminating",
}
_OUTBOUND = {
    "outbound",
    "out",
    "outgoing",
    "outbound api",
    "outbound dial",
    "outbound-api",
    "outbound-dial",
    "placed",
    "呼出",
    "去电",
    "出",
    "出局",
    "外呼",
    "uscente",
    "in uscita",
    "uscita",
    "effettuata",
    "salida",
    "saliente",
    "realizada",
    "sortant",
    "sortante",
    "émis",
    "emis",
    "ausgehend",
    "abgehend",
    "ausgang",
    "trunking originating",
}


def words_to_direction(text: pd.Series) -> tuple[pd.Series, float]:
    """Map direction words (``inbound``, ``outbound-api``, 呼入, Uscente ...) to inbound/outbound.

    Returns
    -------
    direction : pandas.Series of object
        ``inbound``, ``outbound``, '' for empty, None for unknown words.
    known : float
        Share of non-empty values recognized.

    Examples
    --------
    >>> words_to_direction(pd.Series(["outbound-api", "呼入", "Uscente", ""]))[0].tolist()
    ['outbound', 'inbound', 'outbound', '']
    """
    words = _normal(text)
    result = pd.Series(np.full(len(text), None, dtype=object), index=text.index)
    result[(words == "").to_numpy()] = ""
    result[words.isin(_INBOUND).to_numpy()] = "inbound"
    result[words.str.replace("-", " ").isin(_OUTBOUND).to_numpy() | words.isin(_OUTBOUND).to_numpy()] = "outbound"
    filled = (words != "").to_numpy()
    known = float(result.notna().to_numpy()[filled].mean()) if filled.any() else 1.0
    return result, known


_CHANNELS = {
    "voice": {
        "voice",
        "call",
        "phone",
        "telephone",
        "telefono",
        "chiamata",
        "voce",
        "llamada",
        "voz",
        "appel",
        "téléphone",
        "anruf",
        "telefon",
        "语音",
        "电话",
        "通话",
    },
    "sms": {"sms", "text", "短信", "messaggio", "mensaje", "texto", "message texte"},
    "chat": {"chat", "live chat", "webchat", "聊天", "在线客服", "在线聊天"},
    "email": {"email", "e-mail", "mail", "邮件", "电子邮件", "correo", "courriel"},
    "social": {
        "social",
        "facebook",
        "instagram",
        "twitter",
        "x",
        "whatsapp",
        "wechat",
        "微信",
        "社交",
        "messenger",
    },
    "web": {
        "web",
        "form",
        "webform",
        "web form",
        "网页",
        "表单",
        "modulo",
        "formulario",
        "formulaire",
        "formular",
    },
}


def words_to_channel(text: pd.Series) -> tuple[pd.Series, float]:
    """Map channel words (call, 短信, WhatsApp ...) to the record channels.

    Examples
    --------
    >>> words_to_channel(pd.Series(["Call", "短信", "WhatsApp", ""]))[0].tolist()
    ['voice', 'sms', 'social', 'voice']
    """
    words = _normal(text)
    result = pd.Series(np.full(len(text), None, dtype=object), index=text.index)
    result[(words == "").to_numpy()] = "voice"
    for channel, synonyms in _CHANNELS.items():
        result[words.isin(synonyms).to_numpy()] = channel
    filled = (words != "").to_numpy()
    known = float(result.notna().to_numpy()[filled].mean()) if filled.any() else 1.0
    return result, known
