"""One call for the assistant: (route →) render the training prompt → generate → parse.

Used by `katalog assist` and the Streamlit 한국어 비서 page (`katalog.ui.services.assistant_reply`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from general_tasks.parsers import parse_output
from general_tasks.prompt_format import INSTRUCTION_HEADER, split_response
from general_tasks.prompts import build_prompt
from general_tasks.registry import get_task
from general_tasks.router import route

if TYPE_CHECKING:
    from katalog.llm.base import LLMBackend

MIN_ASSIST_TOKENS = 64
"""Free requests get at least this many new tokens, even for short-label tasks (the model may explain)."""


@dataclass(frozen=True)
class TaskAnswer:
    task: str
    name: str
    text: str
    """The model's answer, cut at the next instruction header."""
    parsed: str
    """The answer normalised by the task's parser (label, number, ratio …)."""
    prompt: str
    route: str = "explicit"

    def __str__(self) -> str:
        return self.text


def run_task(task_id: str, text: str, backend: LLMBackend, template: int = 0, route_method: str = "explicit") -> TaskAnswer:
    """Answer `text` as task `task_id`; the text is parsed into the task's fields (labels, quotes,
    'instruction: content' splits — `general_tasks.assistant.parse_request`, without an LLM call).
    The conversational API with constraints, history and streaming is `general_tasks.assistant.respond`."""
    from general_tasks.assistant import parse_request

    task = get_task(task_id)
    prompt = build_prompt(task, parse_request(text, task, use_llm=False).fields, template)
    raw = backend.generate(
        prompt, max_tokens=max(task.max_new_tokens, MIN_ASSIST_TOKENS), temperature=0.0, stop=[INSTRUCTION_HEADER]
    )
    answer = split_response(raw)
    return TaskAnswer(task.id, task.name, answer, parse_output(answer, task), prompt, route_method)


def assist(request: str, backend: LLMBackend, task: str | None = None, template: int = 0) -> TaskAnswer:
    """Route a free request (explicit id → LLM → rules) and answer it."""
    r = route(request, task=task, llm=backend)
    return run_task(r.task_id, request, backend, template, r.method)
