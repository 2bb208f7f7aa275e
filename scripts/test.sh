#!/usr/bin/env bash
# Test suite: set up .venv (idempotent), lint, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh
. .venv/bin/activate
ruff check .
python -m pytest -q "$@"
