"""What the command line accepts, in a module that loads nothing: engines, import options, datasets.

The readers (`calc.readers`), the dataset engines (`calc.dataset`) and the
staffing module own what these values mean and re-export them; they live here
so that ``python -m calc compare`` can build its argument parser and tell a file
from a dataset without importing pandas, Dask or the readers it may not need.
"""

from __future__ import annotations

import os

__all__ = [
    "ENGINES",
    "BATCH_ROWS",
    "PARQUET_SUFFIXES",
    "CSV_SUFFIXES",
    "SPREADSHEET_SUFFIXES",
    "DATE_ORDERS",
    "LEG_OPTIONS",
    "INTERVAL_MINUTES",
    "is_dataset",
]

#: How ``compare`` reads a log: all at once, piece by piece, or on a Dask cluster (see docs/scale.md).
ENGINES = ("memory", "stream", "dask")
BATCH_ROWS = 1_000_000  # records per piece: a few hundred MB while being priced
PARQUET_SUFFIXES = (".parquet", ".parq", ".pq")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
#: How to read ``01/02/2026``: decided from the whole column, day first or month first.
DATE_ORDERS = ("auto", "dayfirst", "monthfirst")
#: ``merge``: the legs of one call are one record; ``keep``: every row is (see `calc.readers.legs`).
LEG_OPTIONS = ("merge", "keep")
#: The interval lengths a log can be sized by [min].
INTERVAL_MINUTES = (15, 30, 60)


def is_dataset(source: str) -> bool:
    """True for a folder, a glob pattern or a URL (what only the dataset engines read), never for a file.

    Examples
    --------
    >>> is_dataset("calls/*.parquet"), is_dataset("s3://bucket/calls/"), is_dataset("calls.csv")
    (True, True, False)
    """
    if os.path.isfile(source):  # a file named "calls[1].csv" is a file, not a pattern
        return False
    return "://" in source or any(ch in source for ch in "*?[") or os.path.isdir(source)
