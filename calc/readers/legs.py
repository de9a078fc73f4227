"""Calls, not legs: the rows of one call (ring group members, transfers, conference legs) become one record.

A PBX writes one CDR row per leg; pricing rows as calls charges per-call fees once per
leg and adds the overlapping talk time of every leg. Where a layout carries a call id
(Asterisk ``linkedid``, CUCM ``globalCallID_callId``, Twilio ``parent_call_sid``, Zoom
``call_id``, RingCentral ``sessionId``, Genesys ``conversationId``), the legs sharing it
become one record:

- ``start``: the earliest start; ``line``: the call's first line in the file;
- ``duration_s``: the longest billable time among the answered legs (0 when none was);
- ``answered``: true if any leg was;
- ``agent``: the answering leg's (the longest answered leg), else the first leg's;
- ``direction``: the first inbound or outbound leg's (in file order); internal only if
  every leg is; ``channel``, ``destination``: the earliest leg's.

Everything is one stable sort and reductions over whole columns, no loop per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from calc.inputs import LEG_OPTIONS

__all__ = ["merge_legs", "LEG_OPTIONS"]


def merge_legs(records: pd.DataFrame, call_keys: np.ndarray | pd.Series) -> pd.DataFrame:
    """One record per call: rows with the same non-empty key are merged (see the module).

    Parameters
    ----------
    records : pandas.DataFrame
        Normalized records (``line``, ``start``, ``duration_s``, ``answered``, ``agent`` ...).
    call_keys : numpy.ndarray or pandas.Series of str
        One per record; '' (or missing) for a row that is a call of its own.

    Returns
    -------
    pandas.DataFrame
        The calls, in the order of their first line.

    Examples
    --------
    >>> starts = pd.to_datetime(["2026-01-05 09:00:05", "2026-01-05 09:00:00", "2026-01-05 10:00:00"])
    >>> legs = pd.DataFrame({
    ...     "line": [1, 2, 3], "start": starts, "duration_s": [40.0, 50.0, 7.0],
    ...     "answered": [True, False, True], "agent": ["201", "202", "203"],
    ... })
    >>> merge_legs(legs, np.array(["a", "a", ""], dtype=object)).values.tolist()
    [[1, Timestamp('2026-01-05 09:00:00'), 40.0, True, '201'], [3, Timestamp('2026-01-05 10:00:00'), 7.0, True, '203']]
    """
    keys = pd.Series(call_keys).reset_index(drop=True)
    blank = (keys == "").fillna(True).to_numpy(dtype=bool)
    codes, uniques = pd.factorize(keys.where(~blank), use_na_sentinel=True)
    codes = codes.astype(np.int64)
    alone = codes < 0
    if len(uniques) == np.count_nonzero(~alone):
        return records  # every id appears once: nothing to merge
    codes[alone] = len(uniques) + np.arange(np.count_nonzero(alone))
    starts = records["start"].to_numpy().astype("datetime64[us]").view(np.int64)  # NaT is the smallest
    lines = records["line"].to_numpy()
    # One stable sort by call: codes come in order of first appearance, so legs of one call
    # that sit near each other make it nearly sorted already (and fast); file order is kept.
    order = np.argsort(codes, kind="stable")
    grouped = codes[order]
    firsts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    sizes = np.diff(np.r_[firsts, len(order)])

    def first_where(values: np.ndarray, best: np.ndarray) -> np.ndarray:
        """Per call, the first leg (in file order) whose value equals the call's `best`."""
        hits = np.flatnonzero(values[order] == np.repeat(best, sizes))
        return order[hits[np.r_[True, grouped[hits][1:] != grouped[hits][:-1]]]]

    lead = first_where(starts, np.minimum.reduceat(starts[order], firsts))  # the earliest leg
    answered = records["answered"].to_numpy(dtype=bool)
    talk = np.where(answered, records["duration_s"].to_numpy(dtype=np.float64), -1.0)
    longest = np.maximum.reduceat(talk[order], firsts)
    answering = first_where(talk, longest)  # the longest answered leg
    calls = records.iloc[lead].reset_index(drop=True)
    calls["duration_s"] = np.maximum(longest, 0.0)
    calls["answered"] = longest >= 0
    calls["line"] = lines[order[firsts]]  # the first line of the call
    if "direction" in records.columns:
        # The first leg that says inbound or outbound; internal only when every leg is internal
        # (one leg through a carrier makes the call external).
        direction = records["direction"].astype(pd.CategoricalDtype(["", "inbound", "outbound", "internal"]))
        kinds = direction.cat.codes.to_numpy()  # 0 '', 1 inbound, 2 outbound, 3 internal
        rank = np.array([2, 0, 0, 1], dtype=np.int8)[kinds]
        chosen = first_where(rank, np.minimum.reduceat(rank[order], firsts))
        every_leg_internal = np.minimum.reduceat((kinds == 3)[order], firsts)
        picked = np.where((kinds[chosen] == 3) & ~every_leg_internal, 0, kinds[chosen])
        calls["direction"] = pd.Categorical.from_codes(picked, dtype=direction.dtype).astype(records["direction"].dtype)
    if "agent" in records.columns:
        chosen_agent = np.where(longest >= 0, answering, lead)
        calls["agent"] = records["agent"].iloc[chosen_agent].to_numpy()
    return calls.sort_values("line", kind="stable").reset_index(drop=True)
