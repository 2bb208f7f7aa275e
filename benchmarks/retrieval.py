"""Retrieval benchmark (chart Hit@1/Hit@3/MRR, latency, build cost); see katalog/retrieval/bench.py.

    python benchmarks/retrieval.py [--json] [--misses] [--model ID]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from katalog.retrieval.bench import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
