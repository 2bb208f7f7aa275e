"""The conversational assistant: `respond(history, message, stream=…)` for the CLI and the app.

What happens to a message:

1. **Follow-ups** use the history: "더 짧게", "두 문장으로" re-run the previous task on the same
   fields with the new constraints; new facts after an accident assessment ("상대는 신호위반이었어요")
   re-assess the accident with them added.
2. **Accident liability questions** ("교차로에서 … 부딪혔는데 과실비율은?") go to the KATALOG engine
   (with the configured LLM, under its validation policy) and retrieval: the answer states the chart,
   the split the calculator computed, the modifiers and the citations. **Legal questions**
   ("도로교통법에서 교차로 통행 방법은?") are answered from the retrieved law articles, with citations
   (and, with an LLM, a short answer read from the best article).
3. **Everything else** is routed to one of the 41 tasks and **parsed into the task's fields**
   (전제/가설, 질문/지문, 문장1/문장2 …: labels, quotes, "지시: 내용" splits, and when that leaves a
   field empty and an LLM is configured, a schema-constrained extraction). A field still missing is
   asked for instead of running the task on an empty field. The user's own **constraints** (세 문장으로,
   100자 이내, 목록으로, JSON으로, 존댓말로 …) are added to the instruction and, where mechanical
   (sentence count, length), enforced on the answer.

`respond(..., stream=True)` returns a `ReplyStream`: iterate it for text deltas (token by token from
the backend where it streams), then read `.reply`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from general_tasks.parsers import parse_output
from general_tasks.prompt_format import INSTRUCTION_HEADER, render_prompt, split_response
from general_tasks.registry import Task, get_task
from general_tasks.router import route

Kind = Literal["task", "liability", "legal", "clarify", "error"]

# --------------------------------------------------------------------------------------------
# request → task fields
# --------------------------------------------------------------------------------------------
#: Korean labels a user writes before each input field ("전제: …", "질문: …").
FIELD_LABELS: dict[str, list[str]] = {
    "title": ["제목"],
    "content": ["내용", "본문", "청원 내용"],
    "review": ["리뷰", "후기", "평가"],
    "sentence": ["문장"],
    "text": ["텍스트", "문장", "글", "댓글"],
    "comment": ["댓글", "코멘트"],
    "premise": ["전제"],
    "hypothesis": ["가설"],
    "question": ["질문", "문제", "물음"],
    "alternative_1": ["선택지1", "선택지 1", "대안1", "대안 1", "1번"],
    "alternative_2": ["선택지2", "선택지 2", "대안2", "대안 2", "2번"],
    "sentence1": ["문장1", "문장 1", "첫 번째 문장", "첫째 문장", "첫 문장"],
    "sentence2": ["문장2", "문장 2", "두 번째 문장", "둘째 문장"],
    "question1": ["질문1", "질문 1", "첫 번째 질문"],
    "question2": ["질문2", "질문 2", "두 번째 질문"],
    "word": ["단어", "낱말"],
    "context": ["지문", "본문", "문맥", "앞 내용", "상황"],
    "passage": ["지문", "본문", "문단"],
    "A": ["A", "(A)", "1)"],
    "B": ["B", "(B)", "2)"],
    "C": ["C", "(C)", "3)"],
    "D": ["D", "(D)", "4)"],
    "document": ["문서", "기사", "본문", "글"],
    "subject": ["주어", "주체", "개체1"],
    "object": ["대상", "목적어", "개체2"],
    "ending_1": ["보기1", "보기 1", "선택지1"],
    "ending_2": ["보기2", "보기 2", "선택지2"],
    "ending_3": ["보기3", "보기 3", "선택지3"],
    "ending_4": ["보기4", "보기 4", "선택지4"],
    "style": ["문체", "말투", "스타일"],
    "utterance": ["발화", "문장"],
    "expression": ["식", "수식", "계산식"],
    "judgment": ["판결문", "판결"],
    "description": ["사고 내용", "사고 설명", "설명"],
}
_QUOTED = re.compile(r"[\"“”]([^\"“”]{2,})[\"“”]|[‘']([^‘’']{2,})[’']|「([^」]{2,})」|『([^』]{2,})』")
_NUM = {"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5, "여섯": 6, "일곱": 7,
        "여덟": 8, "아홉": 9, "열": 10}


@dataclass
class Constraints:
    """What the user asked about the answer's form."""

    sentences: int | None = None
    max_chars: int | None = None
    bullets: bool = False
    json: bool = False
    tone: str | None = None
    """'존댓말' or '반말'."""

    def instruction(self) -> str:
        parts = []
        if self.sentences:
            parts.append(f"{self.sentences}문장으로 답하세요.")
        if self.max_chars:
            parts.append(f"{self.max_chars}자 이내로 답하세요.")
        if self.bullets:
            parts.append("'- '로 시작하는 목록 형식으로 답하세요.")
        if self.json:
            parts.append("JSON 형식으로만 답하세요.")
        if self.tone:
            parts.append(f"{self.tone}로 답하세요.")
        return " ".join(parts)

    def any(self) -> bool:
        return bool(self.sentences or self.max_chars or self.bullets or self.json or self.tone)

    def merged(self, newer: Constraints) -> Constraints:
        out = Constraints(**asdict(self))
        for k, v in asdict(newer).items():
            if v:
                setattr(out, k, v)
        return out


def parse_constraints(text: str) -> Constraints:
    """세 문장으로 / 3문장 / 100자 이내 / 목록으로 / JSON으로 / 존댓말로 / 반말로 → `Constraints`."""
    c = Constraints()
    m = re.search(r"(\d+|한|하나|두|둘|세|셋|네|넷|다섯|여섯|일곱|여덟|아홉|열)\s*(?:개의\s*)?문장", text)
    if m:
        c.sentences = int(m.group(1)) if m.group(1).isdigit() else _NUM[m.group(1)]
    m = re.search(r"(\d+)\s*(?:자|글자)\s*(?:이내|이하|안|내외|정도|로|까지)", text)
    if m:
        c.max_chars = int(m.group(1))
    if re.search(r"목록|글머리|불릿|항목별|번호를?\s*매겨|개조식", text):
        c.bullets = True
    if re.search(r"json|제이슨", text, re.IGNORECASE):
        c.json = True
    if re.search(r"존댓말|높임말|공손하게", text):
        c.tone = "존댓말"
    elif re.search(r"반말", text):
        c.tone = "반말"
    return c


_CONSTRAINT_PHRASE = re.compile(
    r"((\d+|한|하나|두|둘|세|셋|네|넷|다섯)\s*(개의\s*)?문장(으로|로)?|\d+\s*(자|글자)\s*(이내|이하|안|내외|정도|까지)?(로|으로)?|"
    r"목록으로|글머리표로|json\s*(형식)?으로|존댓말로|반말로)",
    re.IGNORECASE,
)


@dataclass
class ParsedRequest:
    task: str
    fields: dict[str, str]
    missing: list[str]
    constraints: Constraints
    how: str
    """How the fields were found: 'labels', 'quotes', 'split', 'whole', 'llm' (joined by '+')."""


def _label_pattern(labels: list[str]) -> str:
    return "|".join(re.escape(lab) for lab in sorted(labels, key=len, reverse=True))


def _by_labels(task: Task, text: str) -> dict[str, str]:
    """'전제: … 가설: …' → fields (a value runs until the next label of this task)."""
    marks: list[tuple[int, int, str]] = []
    for f in task.inputs:
        pat = rf"(?:(?<=^)|(?<=[\s\n,.;]))(?:{_label_pattern(FIELD_LABELS.get(f, [f]))})\s*(?:은|는|이|가)?\s*[:：]"
        for m in re.finditer(pat, text):
            marks.append((m.start(), m.end(), f))
    marks.sort()
    out: dict[str, str] = {}
    for i, (_start, end, f) in enumerate(marks):
        last = i + 1 == len(marks)
        nxt = len(text) if last else marks[i + 1][0]
        value = text[end:nxt].strip().strip(",;").strip()
        if last:
            value = _drop_request_tail(value)
        if value and f not in out:
            out[f] = value
    return out


_REQUEST_TAIL = re.compile(r"(관계|분류|판단|알려|답해|답하|골라|맞는지|무엇|어떤|어떻게|인가요|일까요|해\s*줘|해\s*주세요)")


def _drop_request_tail(value: str) -> str:
    """'민수는 운동을 한다. 이 관계는?' → '민수는 운동을 한다.' (the request after the last field's text)."""
    parts = re.split(r"(?<=[.!?。])\s+", value)
    while len(parts) > 1 and len(parts[-1]) <= 30 and _REQUEST_TAIL.search(parts[-1]):
        parts.pop()
    return " ".join(parts).strip()


def _quoted(text: str) -> list[str]:
    return [next(g for g in m.groups() if g) .strip() for m in _QUOTED.finditer(text)]


def _content_part(text: str) -> str:
    """The material of a one-field request: after 'instruction:' or the first line break, else all."""
    body = text.strip()
    m = re.search(r"[:：]\s*|\n+", body)
    if m and m.start() < 80 and len(body) - m.end() > 0:
        head, tail = body[: m.start()], body[m.end():]
        if len(tail.strip()) >= max(4, len(head) // 3):
            return tail.strip()
    return body


def parse_request(
    message: str, task: Task | str, backend: Any = None, *, use_llm: bool = True
) -> ParsedRequest:
    """Fill `task`'s input fields from a free request (labels → quotes → split → LLM)."""
    t = get_task(task) if isinstance(task, str) else task
    constraints = parse_constraints(message)
    fields = _by_labels(t, message)
    how = ["labels"] if fields else []
    empty = [f for f in t.inputs if not fields.get(f)]
    if empty and len(t.inputs) > 1:
        quotes = [q for q in _quoted(message) if q not in fields.values()]
        if quotes:
            for f, q in zip(empty, quotes, strict=False):
                fields[f] = q
            how.append("quotes")
    empty = [f for f in t.inputs if not fields.get(f)]
    if empty and len(t.inputs) == 1:
        fields[t.inputs[0]] = _CONSTRAINT_PHRASE.sub("", _content_part(message)).strip() or message.strip()
        how.append("split" if _content_part(message) != message.strip() else "whole")
    empty = [f for f in t.inputs if not fields.get(f)]
    if empty and backend is not None and use_llm:
        extracted = _llm_fields(backend, t, message)
        for f in empty:
            if extracted.get(f):
                fields[f] = extracted[f]
        if any(extracted.get(f) for f in empty):
            how.append("llm")
    missing = [f for f in t.inputs if not fields.get(f)]
    return ParsedRequest(t.id, {f: fields.get(f, "") for f in t.inputs}, missing, constraints, "+".join(how) or "none")


def _llm_fields(backend: Any, task: Task, message: str) -> dict[str, str]:
    """Schema-constrained extraction of the task's fields from the request (empty dict on any failure)."""
    schema = {"type": "object", "properties": {f: {"type": "string"} for f in task.inputs}, "required": task.inputs}
    names = ", ".join(f"{f}({'/'.join(FIELD_LABELS.get(f, [f])[:2])})" for f in task.inputs)
    prompt = render_prompt(
        f"다음 요청에서 '{task.name}' 과제의 입력 항목 {names}을 찾아 원문 그대로 JSON으로 답하세요. 없으면 빈 문자열.",
        message,
    )
    try:
        raw = backend.generate(prompt, max_tokens=256, temperature=0.0, json_schema=schema)
        obj = json.loads(raw[raw.find("{") : raw.rfind("}") + 1])
    except Exception:  # extraction is a convenience; the clarifying question covers a failure
        return {}
    if not isinstance(obj, dict):
        return {}
    low = message.replace(" ", "")
    # keep only values that really come from the request (no invented content)
    return {f: str(v).strip() for f, v in obj.items() if f in task.inputs and str(v).strip()
            and str(v).replace(" ", "")[:20] in low}


# --------------------------------------------------------------------------------------------
# enforcing the form
# --------------------------------------------------------------------------------------------
def split_sentences(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"(?<=[.!?。])\s+|\n+", text.strip()) if p.strip()]
    return parts


def enforce(text: str, c: Constraints) -> str:
    """Cut the answer to the asked sentence count and length (never pads)."""
    out = text.strip()
    if c.sentences:
        sents = split_sentences(out)
        if len(sents) > c.sentences:
            out = " ".join(sents[: c.sentences])
    if c.max_chars and len(out) > c.max_chars:
        cut = out[: c.max_chars]
        stop = max(cut.rfind(". "), cut.rfind("다."), cut.rfind("요."))
        out = cut[: stop + 2].strip() if stop > c.max_chars // 2 else cut.rstrip()
    return out


class _Limiter:
    """Streams deltas while the sentence / length limits allow; `text` is the enforced answer."""

    def __init__(self, c: Constraints) -> None:
        self.c = c
        self.raw = ""
        self.sent = 0
        self.done = False

    def feed(self, delta: str) -> str:
        if self.done:
            return ""
        before = enforce(self.raw, self.c) if self.c.any() else self.raw
        self.raw += delta
        now = enforce(self.raw, self.c) if self.c.any() else self.raw
        if self.c.sentences and len(split_sentences(self.raw)) > self.c.sentences:
            self.done = True
        if self.c.max_chars and len(self.raw) > self.c.max_chars:
            self.done = True
        return now[len(before):] if now.startswith(before) else ""

    @property
    def text(self) -> str:
        return enforce(self.raw, self.c)


# --------------------------------------------------------------------------------------------
# accident liability and legal questions
# --------------------------------------------------------------------------------------------
_ACCIDENT = re.compile(r"사고|충돌|부딪|추돌|들이받|받았|받혔|박았|박혔|접촉|긁|치었|치였|쳤|끼어들")
_PARTY = re.compile(r"차|차량|오토바이|이륜|자전거|보행자|버스|택시|트럭|킥보드|승용|화물")
_LIABILITY = re.compile(r"과실\s*비율|과실|책임\s*비율|몇\s*대\s*몇|누구\s*잘못|누가\s*더|잘못이")
_FACT_HINT = re.compile(r"신호|방향지시|깜빡이|속도|과속|음주|야간|차로|중앙선|일시정지|서행|정지|좌회전|우회전|직진|"
                        r"유턴|후진|진로|끼어|양보|횡단보도|어린이|비가|눈이|먼저|나중")
_LEGAL = re.compile(r"도로교통법|법\s*조항|법조문|조문|제\s*\d+\s*조|법률|법규|판례|시행령|법적으로|법에서|법상")


def is_liability_question(text: str) -> bool:
    """An accident description (or a fault-ratio question about one)."""
    return bool(_ACCIDENT.search(text) and _PARTY.search(text)) or bool(_LIABILITY.search(text) and _PARTY.search(text))


def is_legal_question(text: str) -> bool:
    return bool(_LEGAL.search(text)) and not is_liability_question(text)


def _liability_text(a: Any) -> str:
    """The engine's answer in prose: chart, split, modifiers, citations (or why it abstained)."""
    if a.status == "error":
        return f"분석 중 오류가 발생했습니다: {a.error}"
    if not a.answered:
        lines = [a.abstention.message if a.abstention else "과실비율을 판단하지 못했습니다."]
        for q in a.questions[:3]:
            opts = f" ({' / '.join(q.options)})" if q.options else ""
            lines.append(f"- {q.text}{opts}")
        return "\n".join(lines)
    names = list(a.final)
    split = " : ".join(f"{n} {a.final[n]}%" for n in names)
    base = " : ".join(f"{n} {a.base[n]}%" for n in names) if a.base else ""
    lines = [f"과실비율은 {split} 입니다.",
             f"적용 도표: {a.chart_id} ({a.chart_title}){f', 경우 {a.variant}' if a.variant and a.variant != '기본' else ''}."]
    if a.mapping:
        lines.append(f"대응: A={a.mapping.A}, B={a.mapping.B}. 기본 과실 {base}.")
    if a.applied:
        mods = ", ".join(f"{m.party_name} {m.name} {m.delta:+d}" + (" (LLM 제안, 근거 있음)" if m.source == "llm" else "")
                         for m in a.applied)
        lines.append(f"수정요소: {mods}.")
    else:
        lines.append("적용된 수정요소는 없습니다.")
    if a.explanation:
        lines.append(a.explanation.strip())
    cites = [f"[{c.kind}] {c.id}" + (f" {c.title}" if c.title and c.title != c.id else "") for c in a.citations[:4]]
    if cites:
        lines.append("근거: " + "; ".join(cites))
    lines.append("※ 숫자는 과실비율 인정기준에 따라 계산기가 산출했습니다. 최종 판단은 담당자가 합니다.")
    return "\n".join(lines)


def _assessment_summary(a: Any) -> dict[str, Any]:
    return {
        "status": a.status,
        "chart_id": a.chart_id,
        "chart_title": a.chart_title,
        "final": dict(a.final or {}),
        "base": dict(a.base or {}),
        "modifiers": [m.modifier_id for m in a.applied],
        "citations": [{"kind": c.kind, "id": c.id, "title": c.title} for c in a.citations[:6]],
        "llm_applied": list(a.llm.applied),
        "abstention": a.abstention.code if a.abstention else None,
    }


# --------------------------------------------------------------------------------------------
# replies
# --------------------------------------------------------------------------------------------
@dataclass
class Reply:
    """One assistant turn."""

    kind: Kind
    text: str
    task: str | None = None
    task_name: str | None = None
    route: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    constraints: dict[str, Any] = field(default_factory=dict)
    parsed: str | None = None
    assessment: dict[str, Any] | None = None
    citations: list[dict[str, str]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    """What a follow-up needs (the accident description, the task and its fields)."""

    def message(self) -> dict[str, Any]:
        """The history entry for this turn: `{"role": "assistant", "content", "meta"}`."""
        return {"role": "assistant", "content": self.text, "meta": {"kind": self.kind, "task": self.task, **self.meta}}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ReplyStream:
    """Iterate for text deltas; `.reply` is the full `Reply` once the iteration has finished."""

    def __init__(self, gen: Callable[[Callable[[Reply], None]], Iterator[str]]) -> None:
        self._reply: Reply | None = None
        self._gen = gen

    def _set(self, r: Reply) -> None:
        self._reply = r

    def __iter__(self) -> Iterator[str]:
        yield from self._gen(self._set)

    @property
    def reply(self) -> Reply:
        if self._reply is None:
            for _ in self:
                pass
        assert self._reply is not None
        return self._reply


def _chunks(text: str) -> Iterator[str]:
    """A composed answer streamed line by line (words for long lines)."""
    for line in text.splitlines(keepends=True):
        if len(line) <= 60:
            yield line
        else:
            words = line.split(" ")
            for i, w in enumerate(words):
                yield w + (" " if i < len(words) - 1 else "")


def _last(history: Iterable[dict[str, Any]], role: str) -> dict[str, Any] | None:
    for msg in reversed(list(history or [])):
        if msg.get("role") == role:
            return msg
    return None


_FOLLOW_FORM = re.compile(r"^(더\s*)?(짧게|길게|간단히|자세히|요약|다시)|문장으로|자\s*이내|목록으로|json", re.IGNORECASE)


def _is_form_followup(message: str, prev: dict[str, Any] | None) -> bool:
    meta = (prev or {}).get("meta") or {}
    return meta.get("kind") == "task" and bool(meta.get("fields")) and len(message) <= 40 and bool(
        _FOLLOW_FORM.search(message.strip())
    )


def _is_fact_followup(message: str, prev: dict[str, Any] | None) -> bool:
    meta = (prev or {}).get("meta") or {}
    if meta.get("kind") != "liability" or not meta.get("description"):
        return False
    if is_legal_question(message) or re.search(r"요약|번역|분류|감정", message):
        return False
    return bool(_PARTY.search(message) or _FACT_HINT.search(message) or _ACCIDENT.search(message))


def respond(
    history: list[dict[str, Any]] | None,
    message: str,
    *,
    backend: Any = None,
    stream: bool = False,
    task: str | None = None,
    template: int = 0,
    use_engine_llm: bool = True,
) -> Reply | ReplyStream:
    """Answer `message` in the conversation `history` (`[{"role": "user"|"assistant", "content", "meta"?}]`).

    `backend`: an `LLMBackend` (None = no LLM: liability and legal questions still work, tasks ask
    for a backend). `task`: force a task id. `stream=True` returns a `ReplyStream`.
    """
    history = list(history or [])
    rs = ReplyStream(lambda done: _respond_gen(history, message, backend, task, template, use_engine_llm, done))
    return rs if stream else rs.reply


def _respond_gen(history, message, backend, task, template, use_engine_llm, done) -> Iterator[str]:
    message = (message or "").strip()
    if not message:
        reply = Reply("clarify", "무엇을 도와드릴까요? 요청을 입력해 주세요.")
        yield reply.text
        done(reply)
        return
    prev = _last(history, "assistant")
    if not task and _is_fact_followup(message, prev):
        desc = f"{prev['meta']['description']} {message}"
        yield from _liability(desc, prev["meta"].get("parties"), backend, use_engine_llm, done, followup=True)
        return
    if not task and _is_form_followup(message, prev):
        meta = prev["meta"]
        old = Constraints(**meta.get("constraints", {}))
        new = parse_constraints(message)
        c = old.merged(new)
        if re.search(r"짧게|간단히", message) and not (new.sentences or new.max_chars):
            c.sentences = max(1, (old.sentences or 3) - 1)
        yield from _run_task(get_task(meta["task"]), dict(meta["fields"]), c, backend, template, "followup", done)
        return
    if not task and is_liability_question(message):
        yield from _liability(message, None, backend, use_engine_llm, done)
        return
    if not task and is_legal_question(message):
        yield from _legal(message, backend, done)
        return
    if backend is None:
        from general_tasks.backends import CONFIGURE_HELP

        picked = get_task(task).id if task else route(message).task_id
        reply = Reply("error", "이 요청에는 LLM이 필요합니다. " + CONFIGURE_HELP, task=picked, route="rules")
        yield reply.text
        done(reply)
        return
    r = route(message, task=task, llm=backend)
    t = get_task(r.task_id)
    req = parse_request(message, t, backend)
    if req.missing:
        labels = ", ".join(FIELD_LABELS.get(f, [f])[0] for f in req.missing)
        have = ", ".join(f"{FIELD_LABELS.get(f, [f])[0]}: {v}" for f, v in req.fields.items() if v)
        text = (f"'{t.name}' 과제로 처리하려면 {labels}이(가) 필요합니다. "
                f"예: {' '.join(FIELD_LABELS.get(f, [f])[0] + ': …' for f in t.inputs)}"
                + (f"\n(찾은 항목 — {have})" if have else ""))
        reply = Reply("clarify", text, task=t.id, task_name=t.name, route=r.method, fields=req.fields,
                      constraints=asdict(req.constraints), meta={"fields": req.fields, "missing": req.missing})
        yield reply.text
        done(reply)
        return
    yield from _run_task(t, req.fields, req.constraints, backend, template, r.method, done, how=req.how)


def _run_task(t: Task, fields: dict[str, str], c: Constraints, backend, template, how_routed, done, how="") -> Iterator[str]:
    from katalog.llm.streaming import stream_text

    instruction = t.instruction(template)
    if c.any():
        instruction = f"{instruction} {c.instruction()}"
    prompt = render_prompt(instruction, t.render_input(fields))
    max_tokens = max(t.max_new_tokens, 64 if not c.any() else 48 * (c.sentences or 4), (c.max_chars or 0))
    limiter = _Limiter(c)
    try:
        for delta in stream_text(backend, prompt, max_tokens=max_tokens, temperature=0.0, stop=[INSTRUCTION_HEADER]):
            out = limiter.feed(delta)
            if out:
                yield out
            if limiter.done:
                break
    except Exception as exc:  # a failing backend ends in a readable reply, not a traceback
        reply = Reply("error", f"답변을 생성하지 못했습니다: {exc}", task=t.id, task_name=t.name, route=how_routed)
        yield reply.text
        done(reply)
        return
    text = split_response(limiter.text)
    reply = Reply("task", text, task=t.id, task_name=t.name, route=how_routed, fields=fields,
                  constraints=asdict(c), parsed=parse_output(text, t),
                  meta={"fields": fields, "constraints": asdict(c), "parsed_by": how})
    done(reply)


def _engine_llm(backend: Any, use: bool) -> Any:
    return backend if use else None


def _liability(description: str, parties, backend, use_engine_llm, done, followup: bool = False) -> Iterator[str]:
    from katalog import assess

    a = assess(description, parties=parties, llm=_engine_llm(backend, use_engine_llm))
    text = _liability_text(a)
    if followup:
        text = "추가하신 내용을 반영해 다시 판단했습니다.\n" + text
    summary = _assessment_summary(a)
    reply = Reply("liability", text, route="engine", assessment=summary, citations=summary["citations"],
                  meta={"description": description, "parties": list(a.parties[:2]) if a.parties else None})
    yield from _chunks(text)
    done(reply)


def _legal(question: str, backend, done) -> Iterator[str]:
    try:
        from katalog.retrieval import get_retriever

        hits = get_retriever().search(question, k=3, kinds=["law"])
    except Exception as exc:  # retrieval index missing: say so
        reply = Reply("error", f"법령 검색을 사용할 수 없습니다: {exc}", route="retrieval")
        yield reply.text
        done(reply)
        return
    if not hits:
        reply = Reply("legal", "관련 법령 조문을 찾지 못했습니다. 조문 번호나 상황을 더 구체적으로 적어 주세요.", route="retrieval")
        yield reply.text
        done(reply)
        return
    lines: list[str] = []
    answer = ""
    if backend is not None:
        try:
            t = get_task("korquad_mrc")
            prompt = render_prompt(t.instruction(0), t.render_input({"context": hits[0].text[:1200], "question": question}))
            answer = split_response(backend.generate(prompt, max_tokens=64, temperature=0.0, stop=[INSTRUCTION_HEADER]))
        except Exception:  # the retrieved articles still answer
            answer = ""
    if answer:
        lines.append(f"{answer} ({hits[0].title})")
    lines.append("관련 조문:")
    for h in hits:
        lines.append(f"- {h.title}: {h.text[:200].strip()}{'…' if len(h.text) > 200 else ''}")
    text = "\n".join(lines)
    cites = [{"kind": h.kind, "id": h.doc_id, "title": h.title} for h in hits]
    reply = Reply("legal", text, route="retrieval", citations=cites, meta={"question": question})
    yield from _chunks(text)
    done(reply)
