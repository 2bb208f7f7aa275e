"""Input handling for `katalog assess`: where the text comes from, validation, unknown party names.

Exit codes (docs/cli.md): 0 answered or declined (abstained), 2 bad input, 1 internal error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from katalog.errors import InputError
from katalog.josa import josa

MAX_INPUT_BYTES = 1_000_000


def _decode(data: bytes, where: str) -> str:
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(
            f"{josa(where, '이/가')} 너무 깁니다 ({len(data):,}바이트, 최대 {MAX_INPUT_BYTES:,})",
            f"{where} is too long ({len(data):,} bytes, at most {MAX_INPUT_BYTES:,})",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{josa(where, '이/가')} 올바른 UTF-8 텍스트가 아닙니다 ({exc.start + 1}번째 바이트)",
            f"{where} is not valid UTF-8 text (byte {exc.start + 1})",
        ) from None


def check_text(value: str, what: str) -> str:
    """Arguments arrive with undecodable bytes as lone surrogates (PEP 383): refuse them here, with a
    clear message, instead of failing later when the result is written as JSON."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"{what}에 UTF-8이 아닌 바이트가 있습니다 ({exc.start + 1}번째 글자)",
            f"{what} contains bytes that are not UTF-8 (character {exc.start + 1})",
        ) from None
    if "\x00" in value:
        raise InputError(f"{what}에 NUL 문자가 있습니다", f"{what} contains a NUL byte")
    return value


def read_description(argument: str | None, file: Path | None) -> str:
    """The description from the argument, from `--file PATH`, or from standard input (`-`)."""
    if file is not None and argument not in (None, ""):
        raise InputError("설명과 --file 중 하나만 주세요", "give either a description or --file, not both")
    if file is not None:
        if str(file) == "-":
            return read_stdin()
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise InputError(f"파일을 읽을 수 없습니다: {file}", f"cannot read {file}: {exc.strerror}") from None
        return check_text(_decode(data, "파일 / file"), "파일 / file")
    if argument is None:
        raise InputError(
            "사고 설명을 주세요 (인자, --file 파일, 또는 - 로 표준 입력)",
            "give a description (argument, --file PATH, or - for standard input)",
        )
    if argument == "-":
        return read_stdin()
    return check_text(argument, "설명 / description")


def read_stdin() -> str:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is not None:
        data = stream.read(MAX_INPUT_BYTES + 1)
    else:  # a text stream without bytes underneath (some test runners)
        data = sys.stdin.read(MAX_INPUT_BYTES + 1).encode("utf-8", "surrogateescape")
    return check_text(_decode(data, "표준 입력 / standard input"), "표준 입력 / standard input")


def check_parties(party: list[str] | None) -> list[str] | None:
    if not party:
        return None
    names = [check_text(p, "--party").strip() for p in party]
    if len(names) != 2:
        raise InputError("--party는 두 번 지정해야 합니다", "give --party exactly twice")
    if not all(names):
        raise InputError("--party 이름이 비어 있습니다", "a --party name is empty")
    if names[0] == names[1]:
        raise InputError(
            f"두 당사자의 이름이 같습니다: {names[0]!r}", "the two --party names must differ"
        )
    return names


def _rename(value: Any, names: dict[str, str]) -> Any:
    """Exact-value renaming through a JSON-like structure (keys and string values equal to a name)."""
    if isinstance(value, dict):
        return {names.get(k, k) if isinstance(k, str) else k: _rename(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, names) for v in value]
    if isinstance(value, str):
        return names.get(value, value)
    return value


def pair_names(old: list[str], given: list[str]) -> dict[str, str]:
    """old name → given name: a given name the text uses keeps its party; the others follow in order."""
    mapping = {g: g for g in given if g in old}
    rest_old = [o for o in old if o not in mapping]
    rest_new = [g for g in given if g not in mapping.values()]
    mapping.update(zip(rest_old, rest_new, strict=True))
    return mapping


def relabel(a: Any, given: list[str]) -> Any:
    """The assessment with its two party names replaced by `given` (numbers unchanged), in `given`'s order."""
    from katalog.llm.explain import explain_template
    from katalog.models import Assessment

    old = list(a.parties[:2])
    mapping = pair_names(old, given)
    data = a.model_dump(mode="json")
    # Only the fields that name the parties; quoted evidence and the text itself stay as written.
    for key in ("parties", "mapping", "applied", "possible", "base", "final", "what_if"):
        if data.get(key) is not None:
            data[key] = _rename(data[key], mapping)
    if data.get("mapping") and data["mapping"].get("reason"):
        reason = data["mapping"]["reason"]
        for o, n in mapping.items():
            reason = reason.replace(o, n)
        data["mapping"]["reason"] = reason
    data["parties"] = list(given)
    for key in ("base", "final"):
        if data.get(key):
            data[key] = {n: data[key][n] for n in given if n in data[key]}
    b = Assessment.model_validate(data)
    b.explanation = explain_template(b)
    return b


def assess_with_parties(assess: Any, text: str, party: list[str] | None, **kwargs: Any) -> Any:
    """`assess(text, parties=party, …)`; when the text does not use a given name, the chart comes from
    the text alone (its own party names), then the given names are put in their place, in order."""
    if not party or all(p in text for p in party):
        return assess(text, parties=party, **kwargs)
    if kwargs.get("llm") is not None:  # two engine runs, one LLM deadline for the answer
        from katalog.llm.deadline import budget
        from katalog.llm.settings import LLMSettings

        with budget(LLMSettings.from_env().assessment_timeout_s):
            return _assess_unknown_names(assess, text, party, **kwargs)
    return _assess_unknown_names(assess, text, party, **kwargs)


def _assess_unknown_names(assess: Any, text: str, party: list[str], **kwargs: Any) -> Any:
    missing = [p for p in party if p not in text]
    base = assess(text, parties=None, **kwargs)
    if base.status != "ok" or len(base.parties) < 2:
        a = assess(text, parties=party, **kwargs)
        a.warnings.append(
            f"당사자 이름 {josa(', '.join(missing), '이/가')} 설명에 없습니다 / the text does not use the party name(s) "
            f"{', '.join(missing)}"
        )
        return a
    names = pair_names(list(base.parties[:2]), party)
    a = relabel(base, party)
    shown = ", ".join(f"{o} → {n}" for o, n in names.items() if o != n)
    a.warnings.append(
        f"당사자 이름 {josa(', '.join(missing), '이/가')} 설명에 없어, 설명이 뒷받침하는 도표를 유지하고 설명 속 당사자를"
        f" 주어진 이름으로 표시했습니다 ({shown}) / the text does not use the party name(s) {', '.join(missing)}:"
        f" the chart is the one the text supports, its parties are shown under the given names ({shown})"
    )
    return a
