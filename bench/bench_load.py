"""Load: N concurrent browser sessions each open the Compare page on a bundled sample; time to a ready page.

    python bench/bench_load.py                      # 1, 5, 10 and 20 sessions
    python bench/bench_load.py --sessions 1 5 --timeout 120
    python bench/bench_load.py --sessions 20 --hostile   # one more tab uploads hostile files meanwhile

Starts ``streamlit run app.py`` on 127.0.0.1 (a free port, loopback only) and one
headless Chromium (Playwright), then for each N opens N tabs at once on
``/compare`` and waits until each is READY: what the page shows by default is
there and usable, that is the headline ("Cheapest: ..."), the ranking table and
the two default charts (totals and what each total is made of) drawn by plotly,
and the script run has finished (Streamlit's "Running" status is gone, so every
widget, the chart picker and the downloads included, answers). The six other
charts are drawn only when a user picks them, so they are not waited for.
Besides READY, each round reports *answer*: the median time until the ranking
table is in the page, which is the server's part (import, pricing, the table
sent over the websocket) with almost no browser rendering in it.
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

``--hostile`` adds one more tab to every round, started with the others: it
uploads a far-cell workbook (a few hundred bytes declaring 1,048,576 x 16,384
cells) as its call log, then imports a YAML alias bomb (9 ** 9 values once
expanded) on the Tariffs page. It prints what that user saw (each file must be
refused with a message naming it), then whether the server still answers its
health endpoint and how many of the N sessions got READY.

``--server-only`` leaves the browser out: each session speaks Streamlit's
websocket protocol (the ``BackMsg`` a browser sends to run the ``compare``
page) and is timed until the server reports the run finished, having sent the
ranking table and the default charts. That is the server's share of a ready
page; the browser's share (loading Streamlit's JavaScript, drawing the page and
its charts) is what the browser rounds add to it.
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

from playwright.async_api import async_playwright, expect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the hostile workbook is built by tests.abuse.workbooks
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
#: The charts the Compare page draws by default (ui.charts.DEFAULT_COMPARE_CHARTS).
DEFAULT_CHARTS = 2
#: The ranking table (one static HTML table, ui.tables.html_table) is in the page: the server has
#: imported, priced and sent the answer.
ANSWER = """() => document.querySelector('[data-testid="stHtml"] .tc-table table') !== null"""
#: What the page shows by default is there and drawn, and the script run is over.
READY = f"""() => {{
    const plots = [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')];
    const drawn = plots.filter(gd => gd._fullData && gd._fullData.length && gd.querySelector('.main-svg .trace'));
    const headline = [...document.querySelectorAll('h4')].some(h => h.textContent.startsWith('Cheapest:'));
    return drawn.length >= {DEFAULT_CHARTS} && headline
        && document.querySelector('[data-testid="stHtml"] .tc-table table') !== null
        && document.querySelector('[data-testid="stStatusWidget"]') === null;
}}"""


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) the processes and their ended, reaped children have used so far [s], from /proc.

    A tab's renderer process ends when the tab closes; its time then counts in the
    process that reaped it (Chromium's zygote), so the browser's figure keeps it.
    """
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(field) for field in fields[11:15])  # utime, stime, cutime, cstime
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


async def one_session(context, url: str, timeout_ms: int) -> tuple[float, float]:
    """Open the Compare page in a new tab: seconds to the answer (the ranking table) and to READY."""
    page = await context.new_page()
    try:
        started = time.perf_counter()
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_function(ANSWER, timeout=timeout_ms, polling=100)
        answered = time.perf_counter() - started
        await page.wait_for_function(READY, timeout=timeout_ms, polling=250)
        return answered, time.perf_counter() - started
    finally:
        await page.close()


def far_cell_workbook() -> bytes:
    """An .xlsx of a few hundred bytes whose one far cell declares 1,048,576 x 16,384 cells."""
    from tests.abuse.workbooks import workbook

    header = (1, [("A1", "start"), ("B1", "duration_s")])
    call = (2, [("A2", "2026-01-05 09:00:00"), ("B2", "60")])
    return workbook([header, call, (1048576, [("XFD1048576", "x")])])


def alias_bomb() -> bytes:
    """A 'billion laughs' tariff file: 9 ** 9 values once its aliases are expanded, under 600 bytes."""
    lines = ["name: Bomb", "components: [{type: per_minute, rate: 0.07}]", f"x0: &l0 [{', '.join(['lol'] * 9)}]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
    return ("\n".join(lines) + "\nround_per_call: *l8\n").encode()


async def hostile_session(context, base: str, timeout_ms: int) -> list[str]:
    """One user uploads a far-cell workbook as a call log, then imports an alias-bomb tariff file.

    Returns what happened to each, e.g. ``far.xlsx: refused with a message`` (the page must
    name the file in an error and stay up).
    """
    outcomes = []
    page = await context.new_page()
    page.set_default_timeout(timeout_ms)  # clicks too: the machine is as loaded as the round makes it
    try:
        await page.goto(base + "/", timeout=timeout_ms)
        upload = page.locator('[data-testid="stFileUploader"] input[type="file"]').first
        await upload.set_input_files(
            {"name": "far.xlsx", "mimeType": "application/octet-stream", "buffer": far_cell_workbook()}
        )
        await expect(page.get_by_text("far.xlsx: sheet 'Calls' uses 1,048,576 rows")).to_be_visible(timeout=timeout_ms)
        outcomes.append("far.xlsx: refused with a message")
        await page.get_by_test_id("stSidebar").get_by_role("link", name="Tariffs").click()
        importer = page.get_by_test_id("stFileUploader").filter(has_text="Import tariffs")
        await importer.locator('input[type="file"]').set_input_files(
            {"name": "bomb.yaml", "mimeType": "application/yaml", "buffer": alias_bomb()}
        )
        await page.get_by_role("button", name="Import").click(timeout=timeout_ms)
        await expect(page.get_by_text("bomb.yaml: more than")).to_be_visible(timeout=timeout_ms)
        outcomes.append("bomb.yaml: refused with a message")
    except Exception as error:  # report what the hostile user saw; the other sessions and the health check decide
        outcomes.append(f"hostile session stopped: {type(error).__name__}: {str(error).splitlines()[0][:200]}")
    finally:
        await page.close()
    return outcomes


async def one_round(
    browser, base: str, count: int, timeout_ms: int, isolated: bool, hostile: bool
) -> tuple[list[tuple[float, float]], list[str]]:
    viewport = {"width": 1280, "height": 1400}
    contexts = [await browser.new_context(viewport=viewport) for _ in range(count if isolated else 1)]
    try:
        pages = [one_session(contexts[n % len(contexts)], base + "/compare", timeout_ms) for n in range(count)]
        if hostile:
            attacker = await browser.new_context(viewport=viewport)
            contexts.append(attacker)
            *times, outcomes = await asyncio.gather(
                *pages, hostile_session(attacker, base, timeout_ms), return_exceptions=True
            )
            return [t for t in times if not isinstance(t, BaseException)], outcomes
        return list(await asyncio.gather(*pages)), []
    finally:
        for context in contexts:
            await context.close()


async def server_session(port: int, timeout_s: float) -> float:
    """One session without a browser: Streamlit's websocket protocol, run the Compare page, time to the run's end.

    Speaks what the browser speaks (``BackMsg.rerun_script`` for the page ``compare``)
    and waits for ``script_finished``; the run must have sent the ranking table and
    the default charts, or the session counts as failed.
    """
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    started = time.perf_counter()
    async with asyncio.timeout(timeout_s):
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None
        ) as socket_:
            request = BackMsg()
            request.rerun_script.query_string = ""
            request.rerun_script.page_name = "compare"
            await socket_.send(request.SerializeToString())
            elements: dict[str, int] = {}
            while True:
                message = ForwardMsg()
                message.ParseFromString(await socket_.recv())
                kind = message.WhichOneof("type")
                if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                    element = message.delta.new_element.WhichOneof("type")
                    elements[element] = elements.get(element, 0) + 1
                elif kind == "script_finished":
                    break
    if elements.get("table") != 1 or elements.get("plotly_chart") != DEFAULT_CHARTS:
        raise RuntimeError(f"the Compare run sent {elements}, not the ranking table and {DEFAULT_CHARTS} charts")
    return time.perf_counter() - started


async def server_rounds(port: int, server_pid: int, sessions: list[int], timeout_s: float) -> None:
    """Every round with sessions that speak the websocket protocol directly: the server's share alone."""
    for count in sessions:
        server_before = cpu_seconds([server_pid])
        load_before = os.getloadavg()[0]
        times = await asyncio.gather(*(server_session(port, timeout_s) for _ in range(count)))
        print(
            f"{count:3d} sessions, server only: run finished median {statistics.median(times):6.2f} s, "
            f"slowest {max(times):6.2f} s; CPU server {cpu_seconds([server_pid]) - server_before:5.1f} s; "
            f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after",
            flush=True,
        )


def healthy(base: str) -> bool:
    """The server answers its health endpoint with ``ok``."""
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=10) as answer:
            return answer.read() == b"ok"
    except OSError:
        return False


async def rounds(
    port: int, server_pid: int, sessions: list[int], timeout_s: float, isolated: bool, hostile: bool = False
) -> list[tuple[int, list[tuple[float, float]]]]:
    base = f"http://127.0.0.1:{port}"
    results = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            for count in sessions:
                server_before = cpu_seconds([server_pid])
                browser_before = cpu_seconds(descendants(os.getpid())) - server_before
                load_before = os.getloadavg()[0]
                times, outcomes = await one_round(browser, base, count, int(timeout_s * 1000), isolated, hostile)
                server_used = cpu_seconds([server_pid]) - server_before
                browser_used = cpu_seconds(descendants(os.getpid())) - server_used - server_before - browser_before
                results.append((count, list(times)))
                ready = [r for _, r in times]
                if len(ready) < count:  # only with --hostile: a session that timed out is counted, not timed
                    print(f"     {count - len(ready)} of {count} sessions did not get READY", flush=True)
                if not ready:
                    continue
                print(
                    f"{count:3d} sessions: READY median {statistics.median(ready):6.1f} s, "
                    f"slowest {max(ready):6.1f} s; "
                    f"answer median {statistics.median(a for a, _ in times):5.1f} s; "
                    f"CPU server {server_used:5.1f} s, browser {browser_used:5.1f} s; "
                    f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after",
                    flush=True,
                )
                if hostile:
                    print(f"     hostile tab: {'; '.join(outcomes)}", flush=True)
                    print(
                        f"     server health after the round: {'ok' if healthy(base) else 'NOT ANSWERING'}; "
                        f"{len(ready)} of {count} sessions READY",
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
    parser.add_argument(
        "--hostile",
        action="store_true",
        help="one more tab uploads a far-cell .xlsx log and imports a YAML alias bomb during each round; "
        "the server's health is checked after it",
    )
    parser.add_argument(
        "--server-only",
        action="store_true",
        help="no browser: each session speaks Streamlit's websocket protocol and is timed to the end of the "
        "Compare run (the server's share of a ready page)",
    )
    arguments = parser.parse_args()
    port = free_port()
    server = start_server(port)
    try:
        if arguments.server_only:
            asyncio.run(server_rounds(port, server.pid, arguments.sessions, arguments.timeout))
        else:
            asyncio.run(
                rounds(port, server.pid, arguments.sessions, arguments.timeout, arguments.isolated, arguments.hostile)
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
