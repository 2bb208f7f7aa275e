#!/usr/bin/env bash
# Create/refresh the local virtual environment in .venv (idempotent; registries only, no other network).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
. .venv/bin/activate
stamp=.venv/.katalog-installed
want=$(cat pyproject.toml scripts/setup_env.sh | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  python -m pip install -q --upgrade pip
  # CPU build of torch first: an unpinned torch would pull a multi-GB CUDA build.
  python -m pip install -q "torch==2.13.0" || python -m pip install -q "torch>=2.4" --index-url https://download.pytorch.org/whl/cpu
  python -m pip install -q -e ".[all,dev]"
  echo "$want" > "$stamp"
fi
# Byte-compile the package once: an editable install does not, and where PYTHONDONTWRITEBYTECODE is set every
# new process would compile katalog's modules from source again (~0.15 s of a first assessment). Only
# changed files are rewritten.
PYTHONDONTWRITEBYTECODE= python -m compileall -q katalog general_tasks > /dev/null
