"""The DaG instruction format shared by inference (`katalog`, `general_tasks`) and training (`finetune`).

Training and inference must render prompts identically; both import `render_prompt` from here.
"""

from __future__ import annotations

INSTRUCTION_HEADER = "### 지시:"
INPUT_HEADER = "### 입력:"
RESPONSE_HEADER = "### 응답:"


def render_prompt(instruction: str, input_text: str = "") -> str:
    """The prompt up to and including the response header (the model continues after it)."""
    parts = [f"{INSTRUCTION_HEADER}\n{instruction.strip()}"]
    if input_text and input_text.strip():
        parts.append(f"{INPUT_HEADER}\n{input_text.strip()}")
    parts.append(f"{RESPONSE_HEADER}\n")
    return "\n\n".join(parts)


def render_example(instruction: str, input_text: str, output: str, eos: str = "") -> tuple[str, str]:
    """(prompt, response) for training; the loss is computed on the response only."""
    return render_prompt(instruction, input_text), output.strip() + eos


def split_response(generated: str) -> str:
    """Cut a generation at the next instruction header, if the model runs on."""
    cut = generated.find(INSTRUCTION_HEADER)
    return (generated[:cut] if cut >= 0 else generated).strip()
