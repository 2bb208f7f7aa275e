"""Follow-up questions (ranked by how far an answer could move the ratio) and answer overrides."""

from __future__ import annotations

import re

from katalog.josa import josa
from katalog.models import AccidentFacts
from katalog.vocab import VocabError, load

#: The answers a follow-up question offers, in the order shown; their Korean labels are the
#: vocabulary entries' `label` (data/vocab/signals.yaml, movements.yaml, roads.yaml).
_SIGNAL_CHOICES = ("green", "yellow", "red", "green_left_arrow", "red_flash", "yellow_flash", "none")
_MOVEMENT_CHOICES = ("straight", "left_turn", "right_turn", "u_turn", "lane_change", "reversing", "stopped", "starting")
_ROAD_CHOICES = ("major", "minor", "equal")


def _options(vocab: str, codes: tuple[str, ...]) -> dict[str, str]:
    """{Korean label: code} for the given entries of a vocabulary file."""
    v = load(vocab)
    out: dict[str, str] = {}
    for code in codes:
        label = v.entry(code).label
        if not label:
            raise VocabError(f"어휘 파일 {vocab}.yaml의 항목 '{code}'에 label이 없습니다",
                             f"vocabulary {vocab}.yaml entry '{code}' has no label (a follow-up answer needs one)")
        out[label] = code
    return out


SIGNAL_OPTIONS: dict[str, str] = _options("signals", _SIGNAL_CHOICES)
MOVEMENT_OPTIONS: dict[str, str] = _options("movements", _MOVEMENT_CHOICES)
#: Place labels stay here until data/vocab/places.yaml (place words) carries them.
PLACE_OPTIONS: dict[str, str] = {
    "신호 있는 교차로": "signal_intersection",
    "신호 없는 교차로": "unsignal_intersection",
    "직선 도로": "straight_road",
    "횡단보도": "crosswalk",
    "주차장": "parking_lot",
    "회전교차로": "roundabout",
    "고속도로·자동차전용도로": "highway",
}
FIRST_OPTIONS: dict[str, bool] = {"예": True, "아니오": False}
ROAD_OPTIONS: dict[str, str] = _options("roads", _ROAD_CHOICES)

FIELDS: dict[str, dict] = {
    "signal": SIGNAL_OPTIONS,
    "movement": MOVEMENT_OPTIONS,
    "entered_first": FIRST_OPTIONS,
    "road": ROAD_OPTIONS,
}


def question_text(qid: str, names: list[str]) -> str:
    if qid == "place":
        return "사고 장소는 어디였나요? (신호 있는 교차로, 신호 없는 교차로, 직선 도로 …)"
    try:
        idx, field = parse_qid(qid)
    except KeyError:
        return qid
    name = names[idx] if idx is not None and idx < len(names) else "상대"
    return {
        "signal": f"{name}의 신호는 무엇이었나요?",
        "movement": f"{josa(name, '은/는')} 어떻게 진행하고 있었나요?",
        "entered_first": f"{josa(name, '이/가')} 교차로에 먼저 진입했나요?",
        "road": f"{josa(name, '이/가')} 진행한 도로는 대로·소로·동일폭 중 어느 쪽인가요?",
    }.get(field, qid)


_QID = re.compile(r"p([01])\.(\w+)")


def parse_qid(qid: str) -> tuple[int | None, str]:
    """(party index, field) of a question id: "place" → (None, "place"), "p1.signal" → (1, "signal").

    Raises KeyError for anything else: the standard decides between two parties, p0 and p1.
    """
    if qid == "place":
        return None, "place"
    m = _QID.fullmatch(qid)
    if m is None or m.group(2) not in FIELDS:
        raise KeyError(qid)
    return int(m.group(1)), m.group(2)


def options_for(qid: str) -> dict:
    idx, field = parse_qid(qid)
    return PLACE_OPTIONS if idx is None else FIELDS[field]


def answers_as_text(answers: dict[str, str | bool] | None, names: list[str]) -> str:
    """The user's answers as a Korean phrase, so retrieval sees them as well as the facts do."""
    parts: list[str] = []
    for qid, raw in (answers or {}).items():
        try:
            opts = options_for(qid)
        except KeyError:
            continue
        label = next((k for k, v in opts.items() if raw in (k, v)), None)
        if label is None:
            continue
        if qid == "place":
            parts.append(label)
            continue
        i, field = parse_qid(qid)
        if i is None or i >= len(names):
            continue
        phrase = {"signal": f"{label} 신호", "entered_first": "선진입" if raw in (True, "예") else "후진입", "road": label}
        parts.append(f"{names[i]} {phrase.get(field, label)}")
    return " ".join(parts)


def apply_answers(facts: AccidentFacts, answers: dict[str, str | bool] | None,
                  *, read_only: bool = False) -> tuple[AccidentFacts, list[str]]:
    """Facts with the user's answers applied; unknown keys or values come back as warnings.

    `read_only`: the caller only reads the result (the question stage ranks each answer, several per
    description): what an answer changes is the copy's own (the facts' and the parties' fields, the party list,
    each party's factors), the other lists are shared with `facts` instead of deep-copied."""
    if not answers:
        return facts, []
    if read_only:
        f = facts.model_copy(update={"parties": [p.model_copy(update={"factors": list(p.factors)})
                                                 for p in facts.parties]})
    else:
        f = facts.model_copy(deep=True)
    warnings: list[str] = []
    for qid, raw in answers.items():
        try:
            opts = options_for(qid)
        except KeyError:
            warnings.append(f"알 수 없는 질문 id: {qid} (place, p0.*, p1.*) / unknown question id")
            continue
        value = opts.get(raw, raw) if isinstance(raw, str) else raw
        if value not in opts.values():
            warnings.append(f"{qid}: 알 수 없는 답변 {raw!r} (가능: {', '.join(map(str, opts))})")
            continue
        if qid == "place":
            f.place = value
            f.signal_controlled = value == "signal_intersection" or None
            continue
        idx, field = parse_qid(qid)
        assert idx is not None  # "place" was handled above
        while len(f.parties) <= idx:
            from katalog.models import PartyFacts

            f.parties.append(PartyFacts(name=f"당사자{len(f.parties) + 1}"))
        setattr(f.parties[idx], field, value)
        if qid.endswith(".entered_first"):
            _answer_entry_order(f, idx, bool(value))
        if qid.endswith(".signal") and value not in ("none",):
            f.signal_controlled = True
            if f.place in (None, "intersection", "unsignal_intersection"):
                f.place = "signal_intersection"
    f.source = "user" if f.source == "rules" and not facts.parties else f.source
    return f, warnings


def _answer_entry_order(f: AccidentFacts, idx: int, first: bool) -> None:
    """An answered entry order is modifier evidence too: 선진입 for the party that entered first."""
    other = 1 - idx if len(f.parties) > 1 else None
    leader, follower = (idx, other) if first else (other, idx)
    if leader is not None and "선진입" not in f.parties[leader].factors:
        f.parties[leader].factors.append("선진입")
        f.parties[leader].entered_first = True
    if follower is not None:
        f.parties[follower].factors = [k for k in f.parties[follower].factors if k != "선진입"]
        f.parties[follower].entered_first = False


def open_questions(facts: AccidentFacts) -> list[str]:
    """Question ids for facts that are missing and usually decide the chart or variant."""
    qs: list[str] = []
    if facts.place in (None, "intersection", "other"):
        qs.append("place")
    signalised = facts.place == "signal_intersection" or facts.signal_controlled
    for i, p in enumerate(facts.parties[:2]):
        if p.type == "pedestrian":
            continue
        if p.movement is None:
            qs.append(f"p{i}.movement")
        if signalised and p.signal in (None, "unknown"):
            qs.append(f"p{i}.signal")
    if len(facts.parties) < 2:
        qs.append("p1.movement")
    if facts.place in ("unsignal_intersection", "intersection"):
        for i, p in enumerate(facts.parties[:2]):
            if p.entered_first is None:
                qs.append(f"p{i}.entered_first")
                break
    seen: list[str] = []
    for q in qs:
        if q not in seen:
            seen.append(q)
    return seen
