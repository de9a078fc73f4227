"""The late progress bar: none for quick work, one that moves and goes away for slow work."""

from __future__ import annotations

from ui.progress import LateProgress


class FakeBar:
    def __init__(self, log: list) -> None:
        self.log = log

    def progress(self, share: float, text: str | None = None) -> FakeBar:
        self.log.append(("progress", share, text))
        return self

    def empty(self) -> None:
        self.log.append(("empty",))


def test_quick_work_shows_no_bar():
    log: list = []
    with LateProgress(FakeBar(log), show_after_s=60) as progress:
        progress(0.5, "half")
    assert log == []


def test_slow_work_shows_a_bar_that_moves_and_is_removed():
    log: list = []
    with LateProgress(FakeBar(log), show_after_s=0) as progress:
        progress(0.25, "a quarter")
        progress(1.5, "past the end")
    assert log == [
        ("progress", 0.0, None),
        ("progress", 0.25, "a quarter"),
        ("progress", 1.0, "past the end"),
        ("empty",),
    ]
