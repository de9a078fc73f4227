"""Load: N concurrent browser sessions each open the Compare page on a bundled sample; time to a ready page.

    python bench/bench_load.py                      # 1, 5, 10 and 20 sessions
    python bench/bench_load.py --sessions 1 5 --timeout 120

Starts ``streamlit run app.py`` on 127.0.0.1 (a free port, loopback only) and one
headless Chromium (Playwright), then for each N opens N tabs at once on
``/compare`` and waits until each shows the ranking table and all eight charts.
Each tab is its own Streamlit session (its own websocket, session state and
script runs); the tabs share one browser context, so the browser's download and
compile of Streamlit's JavaScript is paid once, as N users' own browsers would
pay it on their own machines. ``--isolated`` gives every session a fresh context
instead (the browser's cost then lands on this machine N times). Prints the
median and the slowest time per N, the CPU time the server and the browser used
in that round, and the machine's load average (other work on the machine slows
every figure; the CPU times do not depend on it). Every wait is bounded (``--timeout`` per
session); the server and the browser are stopped at the end,
also on failure. The server's caches are shared by all sessions, as in production:
the first round starts cold.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/lib/chromium/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    # Every tab renders as if it were in front, as each user's own tab is: no throttled timers or frames.
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
]
READY = """() => document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot').length >= 8
    && document.querySelector('[data-testid="stTable"]') !== null"""


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) the processes have used so far [s], from /proc."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (the browser's processes, for the CPU split)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if parent == pid:
                found.append(int(entry.name))
    return found + [grandchild for child in found for grandchild in descendants(child)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):  # at most 60 s
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.read() == b"ok":
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the server did not start within 60 s")


async def one_session(context, url: str, timeout_ms: int) -> float:
    page = await context.new_page()
    try:
        started = time.perf_counter()
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_function(READY, timeout=timeout_ms, polling=250)
        return time.perf_counter() - started
    finally:
        await page.close()


async def one_round(browser, url: str, count: int, timeout_ms: int, isolated: bool) -> list[float]:
    viewport = {"width": 1280, "height": 1400}
    contexts = [await browser.new_context(viewport=viewport) for _ in range(count if isolated else 1)]
    try:
        pages = (one_session(contexts[n % len(contexts)], url, timeout_ms) for n in range(count))
        return list(await asyncio.gather(*pages))
    finally:
        for context in contexts:
            await context.close()


async def rounds(
    port: int, server_pid: int, sessions: list[int], timeout_s: float, isolated: bool
) -> list[tuple[int, list[float]]]:
    url = f"http://127.0.0.1:{port}/compare"
    results = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            for count in sessions:
                server_before = cpu_seconds([server_pid])
                browser_before = cpu_seconds(descendants(os.getpid())) - server_before
                times = await one_round(browser, url, count, int(timeout_s * 1000), isolated)
                server_used = cpu_seconds([server_pid]) - server_before
                browser_used = cpu_seconds(descendants(os.getpid())) - server_used - server_before - browser_before
                results.append((count, list(times)))
                print(
                    f"{count:3d} sessions: median {statistics.median(times):6.1f} s, slowest {max(times):6.1f} s; "
                    f"CPU server {server_used:5.1f} s, browser {browser_used:5.1f} s; "
                    f"load average {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
        finally:
            await browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--timeout", type=float, default=180, help="seconds one session may wait (default 180)")
    parser.add_argument(
        "--isolated", action="store_true", help="one browser context per session (no shared browser cache)"
    )
    arguments = parser.parse_args()
    port = free_port()
    server = start_server(port)
    try:
        asyncio.run(rounds(port, server.pid, arguments.sessions, arguments.timeout, arguments.isolated))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
