"""JSON-schema constrained decoding for local transformers models via lm-format-enforcer.

lm-format-enforcer's own transformers integration imports `transformers.tokenization_utils`,
which transformers 5 removed, so the small tokenizer bridge is rebuilt here from its public
core (`TokenEnforcer`, `TokenEnforcerTokenizerData`). Returns None when the package is absent;
callers then fall back to parse-validate-retry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_CACHE: dict[int, Any] = {}
_CACHE_LOCK = threading.Lock()


def available() -> bool:
    try:
        import lmformatenforcer  # noqa: F401
    except ImportError:
        return False
    return True


def _tokenizer_data(tokenizer: Any) -> Any:
    """Vocabulary analysis for the enforcer; built once per tokenizer (a few ms to seconds)."""
    from lmformatenforcer.tokenenforcer import TokenEnforcerTokenizerData

    key = id(tokenizer)
    with _CACHE_LOCK:
        if key in _CACHE:
            return _CACHE[key]
        vocab_size = len(tokenizer)
        token_0 = tokenizer.encode("0")[-1]
        special = set(tokenizer.all_special_ids)
        regular = []
        for idx in range(vocab_size):
            if idx in special:
                continue
            # Decoding after a '0' keeps a leading space that decoding alone would strip.
            after_0 = tokenizer.decode([token_0, idx])[1:]
            alone = tokenizer.decode([idx])
            regular.append((idx, after_0, len(after_0) > len(alone)))

        def decode(ids: list[int]) -> str:
            return tokenizer.decode(ids).rstrip("\ufffd")

        data = TokenEnforcerTokenizerData(regular, decode, tokenizer.eos_token_id, False, vocab_size)
        _CACHE[key] = data
        return data


def prefix_allowed_tokens_fn(
    tokenizer: Any, schema: dict[str, Any], *, max_whitespace: int = 2
) -> Callable[[int, Any], list[int]] | None:
    """A `generate(prefix_allowed_tokens_fn=…)` callback forcing output to match `schema`."""
    if not available():
        return None
    from lmformatenforcer import CharacterLevelParserConfig, JsonSchemaParser, TokenEnforcer

    parser = JsonSchemaParser(schema, config=CharacterLevelParserConfig(max_consecutive_whitespaces=max_whitespace))
    enforcer = TokenEnforcer(_tokenizer_data(tokenizer), parser)
    # TokenEnforcer replaces the parser's config (keeping only the alphabet); restore the limit so a
    # random or weak model cannot spend its token budget on whitespace.
    parser.config.max_consecutive_whitespaces = max_whitespace

    def allowed(_batch_id: int, sent: Any) -> list[int]:
        return enforcer.get_allowed_tokens(sent.tolist()).allowed_tokens

    return allowed
