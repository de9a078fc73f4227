"""Normalized call records: their fields, the values a field may take, and `CallLog` that holds them.

What pricing needs of the records and nothing else: this module never imports
pandas (a `CallLog` holds pandas frames, made by `calc.calls` and the readers), so
the command line can price a log read straight into numpy columns
(`calc.parquet_log`) without loading it. `calc.calls` re-exports every name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from calc.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "RECORD_FIELDS",
    "CHANNELS",
    "DIRECTIONS",
    "EARLIEST_START",
    "LATEST_START",
    "MAX_DURATION_S",
    "CallLog",
    "answered_default",
]

RECORD_FIELDS = ("start", "duration_s", "channel", "direction", "answered", "agent", "destination", "resolved")
CHANNELS = ("voice", "sms", "chat", "email", "social", "web")
DIRECTIONS = ("", "inbound", "outbound", "internal")
EARLIEST_START = np.datetime64("1990-01-01T00:00:00", "us")  # rules v2, section 1: earlier starts are placeholders
LATEST_START = np.datetime64("2100-01-01T00:00:00", "us")  # from this instant on: refused as well
MAX_DURATION_S = 10**9  # [s], about 31 years: anything longer is a unit mistake, not a call


@dataclass(frozen=True)
class CallLog:
    """Normalized records and the rows refused on the way.

    Attributes
    ----------
    records : pandas.DataFrame
        One row per record: ``line`` (where it came from), then the fields of
        `RECORD_FIELDS`. ``start`` is naive local time (all NaT when the log has
        no timestamps), ``duration_s`` float seconds, ``answered`` and ``resolved``
        bool (an empty ``resolved`` is not known, which counts as not resolved), the rest text.
    rejected : pandas.DataFrame
        ``line``, ``raw`` and ``reason`` of each refused row.
    source : str
        File name or description, for messages.
    """

    records: pd.DataFrame
    rejected: pd.DataFrame
    source: str

    def require_records(self) -> CallLog:
        """Return the log if it holds a record to price; refuse it when every row was (rules v2, section 6).

        Raises
        ------
        InputError
            Naming how many rows were refused and the most common reason.

        Examples
        --------
        >>> import pandas as pd
        >>> from calc.calls import normalize_records
        >>> log = normalize_records(pd.DataFrame({"duration_s": ["-1", "x", "-2"]}), "x.csv")
        >>> log.require_records()  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        calc.errors.InputError: x.csv: every row was refused (3 rows); most common reason: duration_s is negative ...
        """
        if len(self.records):
            return self
        from calc.i18n import _, format_number, ngettext  # when refusing: calc.i18n imports what imports this

        if not len(self.rejected):
            raise InputError(_("{source}: the log holds no record to price").format(source=self.source))
        # The reason without the row's value (after the colon, ASCII or full-width as in Chinese).
        reasons = self.rejected["reason"].astype(str).str.split("[:：]", regex=True).str[0]
        counts = reasons.value_counts()
        rows, common = len(self.rejected), int(counts.iloc[0])
        raise InputError(
            _("{source}: every row was refused ({rows}); most common reason: {reason} ({common})").format(
                source=self.source,
                rows=ngettext("{count} row", "{count} rows", rows).format(count=format_number(rows)),
                reason=counts.index[0],
                common=ngettext("{count} row", "{count} rows", common).format(count=format_number(common)),
            )
        )

    @property
    def has_time(self) -> bool:
        """True when records carry timestamps (months, schedules and coverage need them)."""
        return bool(len(self.records)) and bool(self.records["start"].notna().all())


def answered_default(durations: np.ndarray, channel_codes: np.ndarray) -> np.ndarray:
    """What `answered` is when a record does not say: a voice call with talk time, any other event.

    Parameters
    ----------
    durations : numpy.ndarray of float
        ``duration_s`` [s]; NaN counts as no talk time.
    channel_codes : numpy.ndarray of int
        Codes into `CHANNELS` (0 is voice).

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> answered_default(np.array([0.0, 5.0, 0.0]), np.array([0, 0, 1])).tolist()
    [False, True, True]
    """
    return (durations > 0) | (channel_codes != CHANNELS.index("voice"))  # NaN compares False
