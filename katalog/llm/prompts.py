"""Prompt files under `katalog/prompts/`: loading, rendering in the DaG format, and hashing.

A prompt file has an `[instruction]` section and an `[input]` section; `${name}` fields in either
are filled by code (`string.Template`, so JSON braces in the text need no escaping). Lines before
the first section starting with '#' are comments. `prompt_hash(name)` is the sha256 of the file's
bytes; it is stored with every assessment so a result can be traced to the exact prompt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

from general_tasks.prompt_format import render_prompt
from katalog.errors import DataError

PROMPT_DIR = Path(__file__).resolve().parent.parent / "prompts"


@dataclass(frozen=True)
class PromptFile:
    name: str
    instruction: str
    input_template: str
    sha256: str

    def render(self, **fields: object) -> str:
        """The full DaG prompt (instruction / input / response header)."""
        values = {k: str(v) for k, v in fields.items()}
        instruction = Template(self.instruction).safe_substitute(values)
        input_text = Template(self.input_template).safe_substitute(values)
        return render_prompt(instruction, input_text)


def _parse(name: str, text: str) -> tuple[str, str]:
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped in ("[instruction]", "[input]"):
            current = stripped[1:-1]
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
        elif stripped and not stripped.startswith("#"):
            raise DataError(f"프롬프트 형식 오류: {name}", f"prompt {name}: text before [instruction]")
    if "instruction" not in sections:
        raise DataError(f"프롬프트 형식 오류: {name}", f"prompt {name}: missing [instruction] section")
    return "\n".join(sections["instruction"]).strip(), "\n".join(sections.get("input", [])).strip()


@lru_cache(maxsize=32)
def load_prompt(name: str) -> PromptFile:
    """Load `katalog/prompts/<name>.txt` (cached)."""
    path = PROMPT_DIR / f"{name}.txt"
    if not path.is_file():
        raise DataError(f"프롬프트 파일이 없습니다: {path.name}", f"prompt file not found: {path}")
    raw = path.read_bytes()
    instruction, input_template = _parse(name, raw.decode("utf-8"))
    return PromptFile(name, instruction, input_template, hashlib.sha256(raw).hexdigest())


def prompt_hash(name: str) -> str:
    """sha256 (hex) of the prompt file; changes whenever the prompt text changes."""
    return load_prompt(name).sha256
