"""Pricing a dataset that does not fit in the session: the operator's setting and the call the page makes.

The page is off unless the operator turns it on (environment variable
``TARIFF_COMPARE_DATASETS=1``): it reads paths and URLs on the server's side,
which a public dashboard must not let visitors do.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from calc import Tariff
from calc.dataset import dask_compare, stream_compare
from calc.rating import Comparison

__all__ = ["SETTING", "DATASET_ENGINES", "enabled", "price_dataset"]

SETTING = "TARIFF_COMPARE_DATASETS"
DATASET_ENGINES = ("stream", "dask")


def enabled() -> bool:
    """True when the operator has turned dataset pricing on (``TARIFF_COMPARE_DATASETS=1``)."""
    return os.environ.get(SETTING, "").strip().lower() in ("1", "true", "yes", "on")


def price_dataset(
    source: str,
    tariffs: list[Tariff],
    engine: str,
    scheduler: str | None,
    progress: Callable[[int, int], None] | None = None,
) -> Comparison:
    """Price a folder, glob or URL with the stream or dask engine (see `calc.dataset`).

    Parameters
    ----------
    source : str
        Typed by the operator.
    tariffs : list of Tariff
    engine : {'stream', 'dask'}
    scheduler : str, optional
        Dask scheduler address; a local cluster without it.
    progress : callable, optional
        Called with the rows done and the rows in all.

    Returns
    -------
    Comparison
    """
    if engine == "dask":
        return dask_compare(source, tariffs, scheduler=scheduler or None, progress=progress)
    return stream_compare(source, tariffs, progress=progress)
