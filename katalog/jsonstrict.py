"""Strict JSON for every `--json` output: NaN and ±Infinity (not JSON) become null, and dumping refuses them.

`json.dumps` writes `NaN` by default, which strict parsers (`JSON.parse`, jq, many loaders) reject.
"""

from __future__ import annotations

import json
import math
from typing import Any


def finite(obj: Any) -> Any:
    """`obj` with every non-finite float (nested in dicts, lists, tuples) replaced by None."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite(v) for v in obj]
    return obj


def dumps(obj: Any, **kwargs: Any) -> str:
    """`json.dumps(finite(obj), allow_nan=False, ensure_ascii=False, …)`."""
    kwargs.setdefault("ensure_ascii", False)
    return json.dumps(finite(obj), allow_nan=False, **kwargs)
