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
# Chinese text (pages, charts, the PDF report) needs a font with its glyphs: Noto Sans CJK, and DejaVu Sans as the
# PDF's fallback. Without them the browser test sees empty boxes and the PDF tests have no font to embed.
fonts=()
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || fonts+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || fonts+=(fonts-dejavu-core)
if [ ${#fonts[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "Installing fonts for Chinese text and the PDF report (${fonts[*]}, apt-get, about 90 MB)..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${fonts[@]}" >/dev/null
    else
        echo "Chinese text and the PDF report need fonts: run 'sudo apt-get install -y ${fonts[*]}' first." >&2
        exit 1
    fi
fi
python -m ruff check .
python -m ruff format --check .
python -m pytest "$@"
