"""Write a vocabulary file in the house layout (used when moving code vocabularies into data/vocab).

    from tools.vocab_yaml import write
    write("data/vocab/movements.yaml", "Movements …", [{"key": "u_turn", "patterns": [...]}])

Patterns come out single-quoted (backslashes stay as written); the file is read back and checked
against what was given, so a move cannot change a pattern.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_ORDER = ("key", "label", "value", "party", "kind", "strict", "umbrella", "rank", "replacement", "patterns",
          "chart_names", "note")


def _quoted(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "'" if ("\\" in value or any(c in value for c in "|?*+()[]{}:#'\"") or value != value.strip()) else None
    if "\n" in value:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(str, _quoted)


def write(path: str | Path, description: str, entries: list[dict[str, Any]],
          fragments: dict[str, str] | None = None) -> None:
    clean = []
    for e in entries:
        unknown = set(e) - set(_ORDER)
        if unknown:
            raise ValueError(f"{e.get('key')}: unknown fields {sorted(unknown)}")
        clean.append({k: (list(e[k]) if isinstance(e[k], tuple) else e[k]) for k in _ORDER
                      if k in e and e[k] not in (None, (), [])})
    doc: dict[str, Any] = {"description": description}
    if fragments:
        doc["fragments"] = dict(fragments)
    doc["entries"] = clean
    text = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000, indent=2)
    Path(path).write_text(text, encoding="utf-8")
    back = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if back != doc:
        raise AssertionError(f"{path}: the written file does not read back as given")
