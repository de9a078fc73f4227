#!/usr/bin/env bash
# Install what the tests need, then run every test (lint and the real-browser test included). `.ci/run` calls this.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -e ".[test]"
# The browser test drives the system Chromium (Playwright cannot download one here).
if [ ! -x /usr/lib/chromium/chromium ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "Installing Chromium for the browser test (apt-get, about 30 s)..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "The browser test needs Chromium: run 'sudo apt-get install -y chromium' first." >&2
        exit 1
    fi
fi
# Chinese text (pages, charts, reports) needs a font with its glyphs; without it the browser test sees empty boxes.
if ! fc-list 2>/dev/null | grep "Noto Sans CJK" >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        echo "Installing fonts-noto-cjk for Chinese text (apt-get, about 90 MB)..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
    else
        echo "Chinese text needs the Noto CJK fonts: run 'sudo apt-get install -y fonts-noto-cjk' first." >&2
        exit 1
    fi
fi
python -m ruff check .
python -m ruff format --check .
python -m pytest "$@"
