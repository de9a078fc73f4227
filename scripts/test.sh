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
# The PDF decision report embeds a Unicode font: Noto Sans CJK for Chinese tariff names, DejaVu Sans as the fallback.
fonts=()
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || fonts+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || fonts+=(fonts-dejavu-core)
if [ ${#fonts[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "Installing the PDF report's fonts (${fonts[*]}, apt-get)..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${fonts[@]}" >/dev/null
    else
        echo "The PDF report tests need fonts: run 'sudo apt-get install -y ${fonts[*]}' first." >&2
        exit 1
    fi
fi
python -m ruff check .
python -m ruff format --check .
python -m pytest "$@"
