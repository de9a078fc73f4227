"""A progress bar that appears only for work that lasts: nothing flickers when results are cached."""

from __future__ import annotations

import time

from streamlit.delta_generator import DeltaGenerator

__all__ = ["LateProgress", "SHOW_AFTER_S"]

#: Work shorter than this shows no bar [s].
SHOW_AFTER_S = 0.5


class LateProgress:
    """Report progress into a container; the bar appears once the work has lasted `SHOW_AFTER_S`.

    Use as a context manager; call the object with the share done and a text. The bar
    is removed when the block ends.

    Parameters
    ----------
    where : DeltaGenerator
        The container the bar goes in (e.g. one above a page's tabs, so it shows whatever tab is open).
    show_after_s : float
        Delay before the bar appears [s].
    """

    def __init__(self, where: DeltaGenerator, show_after_s: float = SHOW_AFTER_S) -> None:
        self._where = where
        self._show_after_s = show_after_s
        self._started = time.monotonic()
        self._bar = None

    def __enter__(self) -> LateProgress:
        self._started = time.monotonic()
        return self

    def __call__(self, share: float, text: str) -> None:
        """Move the bar to `share` (0 to 1) with `text`, creating it once the work has lasted long enough."""
        if self._bar is None:
            if time.monotonic() - self._started < self._show_after_s:
                return
            self._bar = self._where.progress(0.0)
        self._bar.progress(min(max(share, 0.0), 1.0), text=text)

    def __exit__(self, *exc_info: object) -> None:
        if self._bar is not None:
            self._bar.empty()
