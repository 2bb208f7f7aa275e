"""Rule-based fact extraction: a Korean accident description → `katalog.models.AccidentFacts`.

    from katalog.facts import extract_facts
    facts = extract_facts("청구차량이 녹색신호에 직진하던 중 …", parties=["청구차량", "피청구차량"])

Factor keys and their cue patterns: `katalog.facts.lexicon`. Design and numbers: docs/facts.md.
"""

from katalog.facts.extract import condition_keys, extract_facts, extract_role
from katalog.facts.lexicon import FACTOR_BY_KEY, FACTORS, chart_names_for, factor_keys

__all__ = ["condition_keys", "extract_facts", "extract_role", "FACTORS", "FACTOR_BY_KEY", "chart_names_for", "factor_keys"]
