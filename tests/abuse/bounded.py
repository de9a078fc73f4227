"""Run a hostile case in a child Python with an address-space limit and a timeout."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_bounded(code: str, memory_mb: int = 2048, timeout_s: float = 60) -> tuple[subprocess.CompletedProcess, float]:
    """Run `code` with this checkout's packages; return the finished process and its wall time [s]."""

    def limit() -> None:
        size = memory_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=limit,
        capture_output=True,
        text=True,
        timeout=timeout_s,
    )
    return done, time.perf_counter() - started
