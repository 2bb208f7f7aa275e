"""Load and check `data/vocab/<name>.yaml` strictly; every error names the file and the entry."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from katalog import regex_cache
from katalog.errors import DataError
from katalog.paths import data_dir
from katalog.vocab import checked, parsed
from katalog.vocab.schema import Entry, VocabFile

_FRAGMENT = re.compile(r"\{\{(\w+)\}\}")


class VocabError(DataError):
    """A vocabulary file is missing, malformed, or holds a pattern that does not compile."""


def vocab_dir() -> Path:
    """`<data_dir>/vocab` (`$KATALOG_DATA_DIR` moves it with the rest of the data)."""
    return data_dir() / "vocab"


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loading (libyaml when present) that refuses a mapping key given twice (PyYAML keeps the last silently)."""


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *anchor`: the mapping's own keys may override it
            continue
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def _parse(text: str) -> Any:
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass


#: what a parse depends on besides the text (`katalog.vocab.parsed` keys its cache by it)
_PARSER = f"pyyaml {yaml.__version__} {_StrictLoader.__mro__[1].__name__} strict-v1"


def strict_yaml(text: str) -> Any:
    """Parse YAML safely, refusing duplicate keys; every data file of the project is read through this (a text
    parsed before comes from `katalog.vocab.parsed`'s cache)."""
    return parsed.parsed(text, _PARSER, _parse)


class Vocab:
    """One checked vocabulary file: entries by key, fragments expanded, every pattern known to compile."""

    def __init__(self, name: str, path: Path, spec: VocabFile) -> None:
        self.name = name
        self.path = path
        self.description = spec.description
        self.entries: tuple[Entry, ...] = spec.entries
        self._by_key: dict[str, Entry] = {}
        self._expanded: dict[str, tuple[str, ...]] = {}
        for e in spec.entries:
            if e.key in self._by_key:
                raise VocabError(f"어휘 파일 {path.name}: 키 '{e.key}'가 두 번 나옵니다",
                                 f"vocabulary {path.name}: duplicate key '{e.key}'")
            self._by_key[e.key] = e
            self._expanded[e.key] = tuple(self._expand(p, spec.fragments, e.key) for p in e.patterns)
        self._check_patterns()

    def _check_patterns(self) -> None:
        """Every alternative compiles (a bad one names its entry); skipped for a pattern set that already
        compiled in an earlier process (`katalog.vocab.checked`)."""
        key = checked.digest(self._expanded)
        if checked.already_compiled(key):
            return
        for entry_key, patterns in self._expanded.items():
            for p in patterns:
                try:
                    re.compile(p)
                except re.error as exc:
                    raise VocabError(
                        f"어휘 파일 {self.path.name}, 항목 '{entry_key}': 정규식 오류 ({exc})",
                        f"vocabulary {self.path.name}, entry '{entry_key}': pattern does not compile: {exc}: {p!r}",
                    ) from exc
        checked.remember(key)

    def _expand(self, pattern: str, fragments: dict[str, str], key: str) -> str:
        def sub(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in fragments:
                raise VocabError(f"어휘 파일 {self.path.name}, 항목 '{key}': 없는 조각 {{{{{name}}}}}",
                                 f"vocabulary {self.path.name}, entry '{key}': unknown fragment {{{{{name}}}}}")
            return fragments[name]

        return _FRAGMENT.sub(sub, pattern)

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def keys(self) -> list[str]:
        return list(self._by_key)

    def entry(self, key: str) -> Entry:
        try:
            return self._by_key[key]
        except KeyError:
            raise VocabError(f"어휘 파일 {self.path.name}에 항목 '{key}'가 없습니다",
                             f"vocabulary {self.path.name} has no entry '{key}'") from None

    def patterns(self, key: str) -> tuple[str, ...]:
        """The entry's regex alternatives, fragments expanded."""
        self.entry(key)
        return self._expanded[key]

    def pattern(self, key: str) -> str:
        """The entry's alternatives as one regex string (a single pattern is returned as written)."""
        pats = self.patterns(key)
        if not pats:
            raise VocabError(f"어휘 파일 {self.path.name}, 항목 '{key}'에 패턴이 없습니다",
                             f"vocabulary {self.path.name}, entry '{key}' has no patterns")
        return pats[0] if len(pats) == 1 else "|".join(pats)

    def regex(self, key: str, flags: int = 0) -> re.Pattern[str]:
        return regex_cache.compile(self.pattern(key), flags)

    def pairs(self, keys: list[str] | None = None) -> list[tuple[str, str]]:
        """(value, one regex) per entry in file order (or in the order of `keys`)."""
        chosen = [self.entry(k) for k in keys] if keys is not None else list(self.entries)
        return [(e.value or e.key, self.pattern(e.key)) for e in chosen]


def _read(name: str, path: Path) -> Vocab:
    if not path.is_file():
        raise VocabError(f"어휘 파일이 없습니다: {path}", f"vocabulary file not found: {path}")
    try:
        raw = strict_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise VocabError(f"어휘 파일 {path.name}을 읽을 수 없습니다: {exc}", f"vocabulary {path.name} is not valid YAML") from exc
    try:
        spec = VocabFile.model_validate(raw)
    except ValidationError as exc:
        where = []
        for err in exc.errors():
            loc = err["loc"]
            if len(loc) >= 2 and loc[0] == "entries" and isinstance(loc[1], int):
                entries = (raw or {}).get("entries") or []
                key = entries[loc[1]].get("key") if loc[1] < len(entries) and isinstance(entries[loc[1]], dict) else None
                where.append(f"entry {key or loc[1]!s}: {'.'.join(map(str, loc[2:]))} {err['msg']}")
            else:
                where.append(f"{'.'.join(map(str, loc))}: {err['msg']}")
        raise VocabError(f"어휘 파일 {path.name}의 형식이 잘못되었습니다: " + "; ".join(where),
                         f"vocabulary {path.name} is invalid") from exc
    return Vocab(name, path, spec)


@cache
def _cached(name: str, folder: str) -> Vocab:
    return _read(name, Path(folder) / f"{name}.yaml")


def load(name: str) -> Vocab:
    """The vocabulary `name` from `<data_dir>/vocab/<name>.yaml`, checked and cached per data folder."""
    return _cached(name, str(vocab_dir()))


def clear_cache() -> None:
    _cached.cache_clear()
