#!/usr/bin/env bash
# Install what the tests need, then run every test (lint included). `.ci/run` calls this.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -e ".[test]"
python -m ruff check .
python -m ruff format --check .
python -m pytest "$@"
