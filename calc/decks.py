"""TEMPORARY stub of the rate-deck module (replaced by the real one from branch decks2)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from calc.errors import InputError


class DeckRow(BaseModel):
    """One deck row."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    prefix: str
    rate: Decimal
    name: str | None = None
    increment: str | None = None
    connection_fee: Decimal | None = None
    effective_from: datetime.date | None = None


def check_unique_rows(rows: list[DeckRow]) -> None:
    """Refuse repeated prefix and date."""
    seen = {}
    for n, row in enumerate(rows, 1):
        key = (row.prefix, row.effective_from)
        if key in seen:
            raise ValueError(f"rows {seen[key]} and {n} have the same prefix {row.prefix}")
        seen[key] = n


def parse_deck_csv(data: bytes | str, source: str) -> list[DeckRow]:
    """Read a deck."""
    import io

    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    rows = []
    for record in frame.to_dict("records"):
        rows.append(DeckRow(**{k: (v if v != "" else None) for k, v in record.items()}))
    return rows


def load_deck(path: str | Path) -> list[DeckRow]:
    """Read a deck file."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such deck file")
    return parse_deck_csv(path.read_bytes(), str(path))


def deck_csv_text(rows: list[DeckRow]) -> str:
    """Write rows."""
    return ""


def normalize_destinations(destinations, country_code: str | None, national_prefix: str = "") -> np.ndarray:
    """Normalize numbers."""
    out = []
    for value in pd.Series(destinations).fillna("").astype(str):
        text = value.strip()
        digits = "".join(ch for ch in text if ch.isdigit())
        if not digits:
            out.append("")
        elif text.startswith("+"):
            out.append(digits)
        elif digits.startswith("00"):
            out.append(digits[2:])
        elif country_code:
            if national_prefix and digits.startswith(national_prefix):
                digits = digits[len(national_prefix) :]
            out.append(country_code + digits)
        else:
            out.append(digits)
    return np.array(out, dtype=object)


class DeckIndex:
    """Plain lookup."""

    def __init__(self, rows: list[DeckRow]) -> None:
        self.rows = rows

    def lookup(self, numbers: np.ndarray, start_days: np.ndarray | None) -> np.ndarray:
        """Row per number."""
        result = np.full(len(numbers), -1, dtype=np.int64)
        for i, number in enumerate(numbers):
            day = None if start_days is None else int(start_days[i])
            best = {}
            for j, row in enumerate(self.rows):
                if not number or not number.startswith(row.prefix):
                    continue
                if row.effective_from is not None:
                    if day is None:
                        continue
                    eff = (row.effective_from - datetime.date(1970, 1, 1)).days
                    if eff > day:
                        continue
                else:
                    eff = -(10**9)
                if row.prefix not in best or best[row.prefix][0] < eff:
                    best[row.prefix] = (eff, j)
            if best:
                result[i] = best[max(best, key=len)][1]
        return result
