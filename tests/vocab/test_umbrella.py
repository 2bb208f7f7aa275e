"""현저한 과실 / 중대한 과실: which grade a cue falls under, decided by the standard's own wording.

data/vocab/modifiers.yaml is the one source (`umbrella`, and a grade's name listed last in
`chart_names` for a fallback); the extractor, modifier selection, standard.names and the LLM proposal
check read it. Each resolution quotes the standard:

- The general definitions are in the 2023 book's 제3편 제2장 3. 수정요소의 해설 (총설), which the shipped
  charts cite ("‘현저한 과실’이나 ‘중대한 과실’ 해당 여부는 제3편 제2장 3. 수정요소의 해설 부분을
  참조한다") but do not carry. Their wording is quoted from the reference copy
  shared/reference/knia/skn11_modifier.json (its "현저한 과실" / "중대한 과실" examples); the quote is checked
  against that file where it is present.
- Chart notes and committee decisions that apply a grade are quoted from the shipped data and checked there.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from katalog.facts import FACTOR_BY_KEY, FACTORS, extract_facts
from katalog.facts.lexicon import grade_of
from katalog.modifier_selection import UMBRELLA, select_modifiers
from katalog.paths import data_dir
from katalog.standard.loader import load_standard
from katalog.standard.names import canonical_name

NOTABLE, GRAVE = "현저한과실", "중대한과실"
ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference" / "knia" / "skn11_modifier.json"

#: (factor key, grade, the 총설's wording, the grade it is listed under in skn11_modifier.json)
GENERAL = [
    ("졸음운전", NOTABLE, "졸음운전, 한눈팔기 등 전방주시의무 위반 및 조작 지연", "현저한 과실"),
    ("전방주시태만", NOTABLE, "졸음운전, 한눈팔기 등 전방주시의무 위반 및 조작 지연", "현저한 과실"),
    ("전방미주시", NOTABLE, "졸음운전, 한눈팔기 등 전방주시의무 위반 및 조작 지연", "현저한 과실"),
    ("과속", NOTABLE, "시속 20km 미만 제한속도 위반", "현저한 과실"),
    ("휴대폰", NOTABLE, "운전 중 휴대전화 사용 또는 영상표시장치 시청·조작", "현저한 과실"),
    ("과속20", GRAVE, "시속 20km 이상 제한속도 위반", "중대한 과실"),
    ("음주", GRAVE, "혈중알코올농도 0.03% 이상 음주운전", "중대한 과실"),
    ("약물", GRAVE, "마약 등 약물운전", "중대한 과실"),
    ("무면허", GRAVE, "무면허 운전", "중대한 과실"),
    ("난폭운전", GRAVE, "난폭운전", "중대한 과실"),
    ("난폭운전", GRAVE, "공동위험행위", "중대한 과실"),
]


@cache
def _reference() -> dict[str, list[str]]:
    if not REFERENCE.is_file():
        return {}
    return {row["category"]: row.get("examples", []) for row in json.loads(REFERENCE.read_text(encoding="utf-8"))}


@cache
def _shipped_chart_text(book: str, chart_id: str) -> str:
    charts = json.loads((data_dir() / "standard" / "charts" / f"{book}.json").read_text(encoding="utf-8"))
    chart = next(c for c in charts if c["id"] == chart_id)
    return " ".join(str(chart.get(k) or "") for k in ("base_explanation", "modifier_explanation"))


def _shipped_committee_text(review_id: str) -> str:
    for line in (data_dir() / "corpus" / "committee.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] == review_id:
            return row["text"]
    raise AssertionError(f"{review_id} not in data/corpus/committee.jsonl")


def _applied(chart_id: str, text: str) -> set[tuple[str, str]]:
    chart = load_standard().get(chart_id)
    facts = extract_facts(text, parties=["청구차량", "피청구차량"])
    sel = select_modifiers(chart, chart.variants[0].key, facts, {0: "A", 1: "B"})
    return {(m.party, m.key) for m, _ in sel.applied}


@pytest.mark.parametrize(("key", "grade", "wording", "category"), GENERAL)
def test_cue_falls_under_the_grade_the_standard_lists_it_under(key: str, grade: str, wording: str, category: str):
    if _reference():
        assert wording in _reference()[category], f"{wording!r} is not among the {category} examples"
    assert FACTOR_BY_KEY[key].umbrella == grade
    assert UMBRELLA[key] == grade


# 차1-5 (MAIN2023) prints 현저한 과실 +10 and 중대한 과실 +20 for both parties, and its note reads
# "적색점멸신호가 작동하는 도로에서 진행하는 A차량이 서행하지 아니한 경우 과속 정도에 따라 현저한 과실 또는
# 중대한 과실을 적용할 수 있다."
CHART = "차1-5"


def test_speeding_grade_follows_its_degree() -> None:
    quote = "과속 정도에 따라 현저한 과실 또는 중대한 과실을 적용할 수 있다."
    assert quote in _shipped_chart_text("MAIN2023", CHART)
    tail = "교차로에서 직진하던 피청구차량과 충돌했습니다"
    assert _applied(CHART, f"청구차량이 시속 40km 초과로 과속하다가 {tail}") == {("A", GRAVE)}
    assert _applied(CHART, f"청구차량이 과속하다가 {tail}") == {("A", NOTABLE)}


def test_drowsy_driving_is_notable_not_grave() -> None:
    # was 중대한 과실 in modifier_selection.UMBRELLA, 현저한 과실 in the lexicon: the 총설 lists it under 현저한 과실
    assert _applied(CHART, "청구차량이 졸음운전을 하다가 교차로에서 직진하던 피청구차량과 충돌했습니다") == {("A", NOTABLE)}


def test_reckless_driving_is_grave_not_notable() -> None:
    # was 현저한 과실 in modifier_selection.UMBRELLA, 중대한 과실 in the lexicon: the 총설 lists it under 중대한 과실
    assert _applied(CHART, "청구차량이 난폭운전을 하다가 교차로에서 직진하던 피청구차량과 충돌했습니다") == {("A", GRAVE)}


def test_light_drinking_is_notable() -> None:
    # 총설: "혈중알코올농도 0.03% 미만 음주운전" is 현저한 과실. The extractor reported it so, but selection
    # fell back from 음주 to 중대한 과실 regardless.
    if _reference():
        assert "혈중알코올농도 0.03% 미만 음주운전" in _reference()["현저한 과실"]
    text = "청구차량이 혈중알코올농도 0.03% 미만의 음주 상태로 운전하다가 교차로에서 직진하던 피청구차량과 충돌했습니다"
    assert _applied(CHART, text) == {("A", NOTABLE)}
    assert _applied(CHART, "청구차량이 음주운전을 하다가 교차로에서 직진하던 피청구차량과 충돌했습니다") == {("A", GRAVE)}


def test_phone_use_is_notable_in_the_charts_own_note() -> None:
    # 차48-1 (MAIN2023): "후속차량인 A차량이 휴대전화로 통화하는 등의 사유로 … 낙하물을 미리 발견하지
    # 못하였거나 … 이를 ‘현저한 과실’로 보아 A차량의 과실을 10%까지 가산할 수 있다."
    text = _shipped_chart_text("MAIN2023", "차48-1")
    assert "후속차량인 A차량이 휴대전화로 통화하는 등의 사유로" in text
    assert "이를 ‘현저한 과실’로 보아 A차량의 과실을 10%까지 가산할 수 있다." in text
    assert FACTOR_BY_KEY["휴대폰"].umbrella == NOTABLE


def test_a_charts_own_modifier_takes_the_conduct_instead_of_the_grade() -> None:
    # 거10-3 (MAIN2023): "이는 총설의 ‘자전거의 현저한 과실’에 포함되나, 본 기준의 경우 진로변경신호의 중요성을
    # 강조하고 자 ‘현저한 과실’에서는 고려하지 않는 대신 별도로 A자전거의 과실을 10%까지 가산 할 수 있다."
    assert "‘현저한 과실’에서는 고려하지 않는 대신 별도로 A자전거의 과실을 10%까지 가산" in _shipped_chart_text(
        "MAIN2023", "거10-3")
    f = FACTOR_BY_KEY["노면표시위반"]
    assert f.umbrella is None and f.fallback == NOTABLE
    assert "현저한 과실" not in f.chart_names  # never matched before the chart's own spellings
    # 차1-5 prints 노면표시 위반 itself: the cue takes that modifier, not 현저한 과실
    text = "청구차량이 좌회전 차로에서 직진하다가 교차로에서 직진하던 피청구차량과 충돌했습니다"
    assert _applied(CHART, text) == {("A", "노면표시위반")}


def test_committees_add_a_road_marking_breach_as_notable_where_the_chart_has_none() -> None:
    # KFRC-2019-008384 (차1-1, which prints no 노면표시 위반): "청구차량이 좌회전차로에서 노면표시를 위반하여
    # 직진한 과실은 인정되나, 사고발생에 대한 기여도는 높지 않으므로 기본과실 0% : 100%에서 현저한 과실 10%를
    # 청구차량에 가산하여 결정함"
    text = _shipped_committee_text("KFRC-2019-008384")
    assert "노면표시를 위반하여 직진한 과실은 인정되나" in text
    assert "현저한 과실 10%를 청구차량에 가산하여 결정함" in text
    for key in ("노면표시위반", "안전거리미확보", "진로변경금지장소", "급진로변경", "연속진로변경", "서행표지위반",
                "정체차량사이진행"):
        assert grade_of(key) == NOTABLE and FACTOR_BY_KEY[key].umbrella is None, key


def test_grades_are_not_cumulative() -> None:
    # 보33 (MAIN2023): "‘이륜차의 현저한 과실’ 및 ‘이륜차의 중대한 과실’ 해당 여부는 이 장의 3. 수정요소 해설에
    # 따르며, 경합시 후자를 적용하고 중복적용하지 아니한다."
    assert "경합시 후자를 적용하고 중복적용하지 아니한다." in _shipped_chart_text("MAIN2023", "보33")
    text = "청구차량이 졸음운전을 하면서 음주운전까지 하다가 교차로에서 직진하던 피청구차량과 충돌했습니다"
    assert _applied(CHART, text) == {("A", GRAVE)}


def test_every_graded_key_is_a_factor_the_extractor_reports() -> None:
    # 마약, 과속40, 한눈팔기, 제동장치조작미숙, 지정차로위반 were graded in modifier_selection but produced by no factor
    modifiers = {f.key for f in FACTORS if f.kind == "modifier"}
    assert set(UMBRELLA) <= modifiers
    assert {"마약", "과속40", "한눈팔기"}.isdisjoint(UMBRELLA)


def test_grade_spellings_are_read_from_the_vocabulary() -> None:
    # the books print 중대한 과실 also as 중과실 (modifiers.yaml 중대한과실 chart_names)
    assert "중과실" in FACTOR_BY_KEY[GRAVE].chart_names
    assert canonical_name("중과실") == canonical_name("중대한 과실") == GRAVE
    assert canonical_name("차의 중과실") == canonical_name("차의 중대한 과실")
    assert canonical_name("현저한 과실") == NOTABLE
