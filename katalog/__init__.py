"""KATALOG: Korean traffic-accident fault-ratio reasoning on the KNIA standard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from katalog.models import Assessment

__all__ = ["__version__", "assess"]


def assess(description: str, parties: list[str] | None = None, llm: Any = None, **kwargs: Any) -> Assessment:
    """Assess a Korean accident description. See `katalog.engine.assess`."""
    from katalog.engine import assess as _assess

    return _assess(description, parties=parties, llm=llm, **kwargs)
