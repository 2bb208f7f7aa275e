"""Explanations: template prose from the assessment, LLM text filtered against the context."""

from __future__ import annotations

from katalog.llm.explain import allowed_citations, explain, explain_template, filter_citations, josa
from katalog.llm.fake import FakeBackend
from katalog.llm.prompts import load_prompt, prompt_hash
from katalog.models import (
    Abstention,
    AppliedDelta,
    AppliedModifier,
    Assessment,
    Calculation,
    Citation,
    FollowUpQuestion,
    PartyMapping,
    PossibleModifier,
)
from katalog.standard.schema import Ratio

CONTEXT = [
    {"kind": "chart", "id": "차43-1", "title": "동일방향 진로변경", "text": "..."},
    {"kind": "law", "id": "도로교통법 제19조", "title": "안전거리 확보 등", "text": "..."},
    {"kind": "precedent", "id": "대법원 2002다38767", "title": "진로변경 사고", "text": "..."},
]


def _assessment() -> Assessment:
    return Assessment(
        description="진로변경 사고",
        parties=["청구차량", "피청구차량"],
        chart_id="차43-1",
        chart_title="동일방향 진로변경",
        variant="가",
        mapping=PartyMapping(A="피청구차량", B="청구차량", reason="피청구차량이 진로를 바꾸었습니다"),
        applied=[AppliedModifier(modifier_id="A-야간", party="A", party_name="피청구차량",
                                 name="야간·기타 시야장애", delta=5, evidence="밤에")],
        possible=[PossibleModifier(modifier_id="B-현저한과실", party="B", party_name="청구차량",
                                   name="현저한 과실", delta=10)],
        calculation=Calculation(chart_id="차43-1", variant="가", base=Ratio(A=70, B=30),
                                applied=[AppliedDelta(modifier_id="A-야간", party="A", name="야간", delta=5)],
                                final=Ratio(A=75, B=25), formula="A 70 + 5 = 75"),
        base={"청구차량": 30, "피청구차량": 70},
        final={"청구차량": 25, "피청구차량": 75},
        confidence=0.8,
        questions=[FollowUpQuestion(id="q1", text="청구차량이 과속했나요?", impact=10)],
        citations=[Citation(kind="law", id="도로교통법 제19조")],
    )


def test_template_is_grounded_prose():
    text = explain_template(_assessment())
    assert "차43-1" in text and "「동일방향 진로변경」" in text
    assert "피청구차량을 도표의 A" in text and "(가) 경우" in text
    assert "청구차량 30 : 피청구차량 70" in text and "청구차량 25 : 피청구차량 75" in text
    assert "야간·기타 시야장애(+5, 근거: “밤에”)를 적용" in text
    assert "A 70 + 5 = 75" in text and "현저한 과실" in text and "청구차량이 과속했나요?" in text
    assert "도로교통법 제19조" in text
    assert explain_template(_assessment().model_dump()) == text  # dicts work too


def test_template_abstained_and_error():
    a = Assessment(description="x", parties=["A", "B"], status="abstained",
                   abstention=Abstention(code="out_of_scope", message="교통사고가 아닙니다."))
    assert "판단하지 않았습니다" in explain_template(a) and "교통사고가 아닙니다." in explain_template(a)
    e = Assessment(description="x", parties=["A", "B"], status="error", error="boom")
    assert "오류" in explain_template(e)


def test_josa():
    assert josa("청구차량", "을/를") == "청구차량을" and josa("상대 차", "을/를") == "상대 차를"
    assert josa("보행자", "이/가") == "보행자가" and josa("차43-1", "은/는") == "차43-1은"
    assert josa("자전거", "으로/로") == "자전거로" and josa("오토바이 길", "으로/로") == "오토바이 길로"


def test_filter_removes_unknown_citations():
    allowed = allowed_citations(CONTEXT)
    text = ("이 사고는 차43-1에 해당합니다. 도로교통법 제19조 제1항의 안전거리 의무가 문제됩니다. "
            "차12-3과도 비슷합니다. 대법원 2002다38767 판결이 참고됩니다. 2010다99999 판결도 같습니다. "
            "도로교통법 제99조에 따라 가산합니다.")
    out, removed = filter_citations(text, allowed)
    assert "차43-1" in out and "도로교통법 제19조 제1항" in out and "2002다38767" in out
    assert "차12-3" not in out and "2010다99999" not in out and "제99조" not in out
    assert set(removed) == {"차12-3", "2010다99999", "도로교통법제99조"}


def test_explain_with_llm_filters_citations_and_ratios():
    reply = ("피청구차량이 진로를 바꾼 사고로 차43-1이 적용됩니다. 기본 과실은 70:30입니다. "
             "차99-1에 따르면 다르게 볼 수도 있습니다. 최종적으로 50:50으로 봅니다. "
             "야간 수정요소로 최종 75:25가 되었고 도로교통법 제19조를 근거로 합니다.")
    fake = FakeBackend([reply])
    text, warnings = explain(fake, _assessment(), CONTEXT)
    # A split the calculator did not produce (50:50) replaces the whole paragraph by the template.
    assert text == explain_template(_assessment()) and len(warnings) == 1 and "50:50" in warnings[0]
    grounded = reply.replace(" 최종적으로 50:50으로 봅니다.", "")
    text, warnings = explain(FakeBackend([grounded]), _assessment(), CONTEXT)
    assert "차99-1" not in text  # an unknown citation only removes its sentence
    assert "차43-1" in text and "75:25" in text and "70:30" in text
    assert len(warnings) == 1
    prompt = fake.calls[0]["prompt"]
    assert "### 지시:" in prompt and "[도로교통법 제19조]" in prompt and fake.calls[0]["json_schema"] is None


def test_explain_falls_back_to_template():
    a = _assessment()
    assert explain(None, a, CONTEXT) == (explain_template(a), [])
    text, warnings = explain(FakeBackend([RuntimeError("down")]), a, CONTEXT)
    assert text == explain_template(a) and warnings
    text, warnings = explain(FakeBackend(["차77-7만 봅니다."]), a, CONTEXT)  # everything filtered out
    assert text == explain_template(a) and any("template" in w for w in warnings)
    text, warnings = explain(FakeBackend(["설명"], delay_s=3), a, CONTEXT, timeout_s=0.2)
    assert text == explain_template(a) and warnings


def test_prompt_files_and_hash_are_stable():
    import hashlib

    from katalog.llm.prompts import PROMPT_DIR

    for name in ("propose_facts", "explain"):
        raw = (PROMPT_DIR / f"{name}.txt").read_bytes()
        assert prompt_hash(name) == hashlib.sha256(raw).hexdigest() == prompt_hash(name)
        p = load_prompt(name)
        assert p.instruction and p.input_template and "${" in p.input_template
    rendered = load_prompt("propose_facts").render(description="설명", parties="갑, 을", candidates="-", context="-")
    assert rendered.startswith("### 지시:\n") and "### 입력:\n사고 설명:\n설명" in rendered
    assert rendered.endswith("### 응답:\n") and "${" not in rendered
