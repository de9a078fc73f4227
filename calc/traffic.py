"""Traffic at a glance: what a call log holds before any tariff prices it.

The figures the dashboard's home page shows (records, answered, minutes, short
calls, durations, months, peak concurrency) and the counts behind its charts
(duration distribution, volume by weekday and hour), from one `PreparedLog`.
Talk-time figures count answered voice records, as the billing rules' actual
seconds do.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from calc.calls import CHANNELS
from calc.rating import PreparedLog
from calc.teams import peak_concurrency

__all__ = ["TrafficProfile", "traffic_profile", "INCREMENT_MARKS_S", "WEEKDAYS"]

#: Where the common billing increments step [s]: a call just past one of these pays a whole extra step.
INCREMENT_MARKS_S = (6, 30, 60)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_US = 1_000_000
_DAY_US = 86_400 * _US


@dataclass(frozen=True)
class TrafficProfile:
    """What a call log holds, for people and charts.

    Attributes
    ----------
    records, rejected : int
        Rows priced and rows refused at import.
    answered_voice : int
        Answered voice records (the calls talk time is counted on).
    records_by_channel : dict of str to int
        Records per channel, only channels present.
    talk_seconds : Fraction
        Talk time of answered voice records [s].
    short_call_share : float or None
        Share of answered voice calls shorter than 60 s; None without any.
    mean_duration_s, median_duration_s : float or None
        Of answered voice calls [s].
    months : list of str
        Billing months covered (``"all"`` for a log without timestamps).
    peak_concurrent : int or None
        Most answered voice calls in progress at once; None without timestamps.
    duration_bins_s : numpy.ndarray
        Edges of the duration histogram [s], from 0 to a whole minute near the 95th percentile.
    duration_counts : numpy.ndarray
        Answered voice calls per bin.
    longer_calls : int
        Answered voice calls at or beyond the last edge (not in the histogram).
    weekday_hour : numpy.ndarray or None
        7 x 24 records by weekday (Monday first) and hour of start; None without timestamps.
    """

    records: int
    rejected: int
    answered_voice: int
    records_by_channel: dict[str, int]
    talk_seconds: Fraction
    short_call_share: float | None
    mean_duration_s: float | None
    median_duration_s: float | None
    months: list[str]
    peak_concurrent: int | None
    duration_bins_s: np.ndarray
    duration_counts: np.ndarray
    longer_calls: int
    weekday_hour: np.ndarray | None

    @property
    def talk_minutes(self) -> float:
        """Talk time of answered voice records [min], for display."""
        return float(self.talk_seconds / 60)


def _duration_bins(durations_s: np.ndarray) -> np.ndarray:
    """Bins from 0 to the 95th percentile in whole minutes (2 to 10 minutes): 2 s wide up to 5 minutes, else 5 s."""
    top = float(np.quantile(durations_s, 0.95)) if len(durations_s) else 120.0
    top = min(max(120.0, np.ceil(top / 60) * 60), 600.0)
    width = 2 if top <= 300 else 5
    return np.arange(0, top + width, width, dtype=np.float64)


def traffic_profile(log: PreparedLog) -> TrafficProfile:
    """Summarize a prepared log: counts, talk time, durations, months, concurrency and shape.

    Parameters
    ----------
    log : PreparedLog

    Returns
    -------
    TrafficProfile

    Examples
    --------
    >>> import pandas as pd
    >>> from calc import normalize_records, prepare
    >>> frame = pd.DataFrame({"start": ["2026-01-05 09:00:00", "2026-01-05 09:00:30"], "duration_s": [45, 90]})
    >>> profile = traffic_profile(prepare(normalize_records(frame, "example")))
    >>> profile.answered_voice, profile.talk_minutes, profile.short_call_share, profile.peak_concurrent
    (2, 2.25, 0.5, 2)
    """
    calls = (log.channel == CHANNELS.index("voice")) & log.answered
    duration_us = log.duration_us[calls]
    durations_s = duration_us / _US
    bins = _duration_bins(durations_s)
    counts, _ = np.histogram(durations_s[durations_s < bins[-1]], bins=bins)
    channel_counts = np.bincount(log.channel.astype(np.int64), minlength=len(CHANNELS))
    weekday_hour = None
    peak = None
    if log.has_time and log.records:
        days = log.start_us // _DAY_US
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
        hour = (log.start_us % _DAY_US) // (3_600 * _US)
        weekday_hour = np.bincount(weekday * 24 + hour, minlength=7 * 24).reshape(7, 24)
        # The same lengths as seats and team coverage use, so the figure matches the bills.
        peak = peak_concurrency(log.start_us[calls], log.occupied_us()[calls])
    answered = int(calls.sum())
    return TrafficProfile(
        records=log.records,
        rejected=log.rejected,
        answered_voice=answered,
        records_by_channel={name: int(n) for name, n in zip(CHANNELS, channel_counts, strict=True) if n},
        talk_seconds=log.talk_seconds(),  # exact as written, as the bills' actual seconds
        short_call_share=float((duration_us < 60 * _US).mean()) if answered else None,
        mean_duration_s=float(durations_s.mean()) if answered else None,
        median_duration_s=float(np.median(durations_s)) if answered else None,
        months=[period.label for period in log.periods],
        peak_concurrent=peak,
        duration_bins_s=bins,
        duration_counts=counts,
        longer_calls=int((durations_s >= bins[-1]).sum()),
        weekday_hour=weekday_hour,
    )
