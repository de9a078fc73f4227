"""The per-call table: the first records of a log with each offer's exact usage charge.

`per_call_table` filters a log's records by offer and by a search and writes the
charges of the rows shown (`RecordCharges`, exact) as text in the locale's way;
`why_no_calls` says why it came out empty. Pure pandas and numpy; the Compare page
shows it. The comparison's other tables are in `ui.tables`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from calc.costs import RECORD_DECIMALS, charge_text
from calc.i18n import N_, _, babel_locale

__all__ = ["RecordCharges", "PER_CALL_ROWS", "per_call_table", "local_decimals", "why_no_calls"]

#: Rows the per-call table shows at most; the per-record CSV holds them all.
PER_CALL_ROWS = 1_000
#: Record fields the per-call table shows, and their headings (translate with `_` where shown).
_PER_CALL_FIELDS = {
    "line": N_("Line"),
    "start": N_("Start"),
    "duration_s": N_("Duration [s]"),
    "channel": N_("Channel"),
    "direction": N_("Direction"),
    "answered": N_("Answered"),
    "destination": N_("Number called"),
    "agent": N_("Agent"),
}


class RecordCharges(NamedTuple):
    """One tariff's usage charge of every record of a log, in the log's order."""

    units: np.ndarray
    """Exact charges in units of ``1 / unit`` of the currency (int64, or Python ints)."""  # not user text
    unit: int
    """Units per currency unit."""  # not user text
    currency: str


def per_call_table(
    records: pd.DataFrame,
    charges: dict[str, RecordCharges],
    offer: str | None = None,
    search: str = "",
    limit: int = PER_CALL_ROWS,
) -> tuple[pd.DataFrame, int]:
    """The first records of a log with their usage charges, filtered by offer and by a search.

    Parameters
    ----------
    records : pandas.DataFrame
        The log's records (`calc.calls.CallLog.records`), in the log's order.
    charges : dict of str to RecordCharges
        Each offer's charge of every record, in the same order.
    offer : str, optional
        Show this offer's charge only, on the records it charges; None shows every offer's
        charge on every record.
    search : str
        Text the number called or the agent must contain (any case); empty matches all.
    limit : int
        Rows shown at most [records].

    Returns
    -------
    (pandas.DataFrame, int)
        The first `limit` matching records (record fields under translated headings, then one
        column of charges per offer shown, exact and rounded half-up to `RECORD_DECIMALS` places
        as text in the locale's way, headed "NAME [CURRENCY]"), and how many records match in all.

    Notes
    -----
    The filters are whole-column operations; only the rows shown are turned into text.

    Examples
    --------
    >>> records = pd.DataFrame({"line": [2, 3], "destination": ["+3902", "+4420"], "agent": ["ann", "bo"]})
    >>> charges = {"A": RecordCharges(np.array([7, 0]), 100, "EUR")}
    >>> table, matched = per_call_table(records, charges, offer="A")
    >>> table.to_dict("records"), matched
    ([{'Line': 2, 'Number called': '+3902', 'Agent': 'ann', 'A [EUR]': '0.070000'}], 1)
    """
    keep = np.ones(len(records), dtype=bool)
    if offer is not None:
        keep &= np.asarray(charges[offer].units != 0, dtype=bool)
    wanted = search.strip().casefold()
    if wanted:
        found = np.zeros(len(records), dtype=bool)
        for column in ("destination", "agent"):
            if column in records:
                text = records[column].astype("string").str.casefold()
                found |= text.str.contains(wanted, regex=False).fillna(False).to_numpy(dtype=bool)
        keep &= found
    rows = np.flatnonzero(keep)
    head = rows[:limit]
    fields = [name for name in _PER_CALL_FIELDS if name in records]
    headings = {name: _(_PER_CALL_FIELDS[name]) for name in fields}
    table = records.iloc[head][fields].rename(columns=headings).reset_index(drop=True)
    for name in [offer] if offer is not None else list(charges):
        charge = charges[name]
        texts = charge_text(np.asarray(charge.units)[head], charge.unit, RECORD_DECIMALS)
        table[f"{name} [{charge.currency}]"] = local_decimals(texts)
    return table, len(rows)


def local_decimals(texts: np.ndarray) -> list[str]:
    """Plain decimals written ``-1234.500000`` (`calc.costs.charge_text`) in the current locale's way.

    The digits are kept as they are (exact, no rounding again); only the signs change: the
    locale's decimal sign, its grouping of thousands and its minus sign. Much faster than
    formatting each Decimal with Babel, for a table of thousands of charges.

    Examples
    --------
    >>> from calc.i18n import use_language
    >>> with use_language("it"):
    ...     local_decimals(np.array(["1234.500000", "-0.070000", "12"], dtype=object))
    ['1.234,500000', '-0,070000', '12']
    >>> local_decimals(np.array(["1234567.5"], dtype=object))
    ['1,234,567.5']
    """
    symbols = babel_locale().number_symbols["latn"]
    decimal_sign, group_sign, minus = symbols["decimal"], symbols["group"], symbols["minusSign"]
    written = []
    for text in texts:
        negative = text.startswith("-")
        whole, point, fraction = text.lstrip("-").partition(".")
        grouped = f"{int(whole):,}".replace(",", group_sign) if len(whole) > 3 else whole
        written.append((minus if negative else "") + grouped + (decimal_sign + fraction if point else ""))
    return written


def why_no_calls(offer: str | None, search: str) -> str:
    """Why the per-call table is empty, in the words of its filters.

    Examples
    --------
    >>> why_no_calls("Carrier A", "")
    'Carrier A charges no call of this log (its costs are fixed fees, or it rates no record).'
    >>> why_no_calls(None, "0039")
    "No number called or agent contains '0039'."
    """
    wanted = search.strip()
    if wanted and offer is not None:
        return _("No call charged by {offer} has a number called or agent containing {text}.").format(
            offer=offer, text=repr(wanted)
        )
    if wanted:
        return _("No number called or agent contains {text}.").format(text=repr(wanted))
    if offer is not None:
        return _("{offer} charges no call of this log (its costs are fixed fees, or it rates no record).").format(
            offer=offer
        )
    return _("The log holds no records.")
