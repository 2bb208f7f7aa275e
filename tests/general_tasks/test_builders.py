"""Every builder converts its fixture (written in the source's own format); hub loading stays offline."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from general_tasks.builders import SOURCES, BuildContext, SourceMissing
from general_tasks.builders.katalog_legal import first_paragraph, parse_case, phrase
from general_tasks.parsers import parse_output
from general_tasks.registry import all_tasks, get_task

SOURCES_DIR = Path(__file__).parent / "fixtures" / "sources"


def _examples(task_id: str, ctx) -> tuple[list, int]:
    out, rejected = [], 0
    for ex, _row in SOURCES[task_id].examples(ctx):
        if ex is None:
            rejected += 1
        else:
            out.append(ex)
    return out, rejected


def test_every_task_has_a_builder():
    assert set(SOURCES) == {t.id for t in all_tasks()}


@pytest.mark.parametrize("task", all_tasks(), ids=lambda t: t.id)
def test_builder_converts_its_fixture(task, ctx):
    examples, _ = _examples(task.id, ctx)
    assert examples, f"{task.id}: nothing converted"
    for fields, output in examples:
        assert set(task.inputs) <= set(fields) and all(isinstance(v, str) for v in fields.values())
        assert output.strip()
        parsed = parse_output(output, task)
        assert parsed
        if task.parser in ("label", "choice"):
            assert parsed in task.labels, (task.id, output)
        assert task.render_input(fields)


EXPECTED = {
    "ynat_topic": [({"title": "시민구단 연고지 이전 논의 본격화"}, "스포츠"), ({"title": "반도체 수출 석 달째 증가세"}, "경제")],
    "nsmc_sentiment": [({"review": "화면도 음악도 다 좋았다"}, "긍정"), ({"review": "시간이 아까운 영화"}, "부정")],
    "shopping_review_sentiment": [({"review": "배송 빠르고 품질 좋아요"}, "긍정"), ({"review": "한 번 쓰고 고장 났어요"}, "부정")],
    "kobest_copa": [
        ({"premise": "우산을 챙겼다.", "question": "원인", "alternative_1": "비가 올 것 같았다.", "alternative_2": "햇볕이 쨍쨍했다."}, "1"),
        ({"premise": "컵을 떨어뜨렸다.", "question": "결과", "alternative_1": "컵이 날아갔다.", "alternative_2": "컵이 깨졌다."}, "2"),
    ],
    "question_pair": [
        ({"question1": "배송 언제 와요?", "question2": "언제 도착하나요?"}, "같음"),
        ({"question1": "환불 되나요?", "question2": "적립금은 어디서 보나요?"}, "다름"),
    ],
    "klue_ner": [({"sentence": "김민지는 부산에 산다"}, "김민지:PS, 부산:LC"), ({"sentence": "오늘은 맑다"}, "없음")],
    "korsts": [
        ({"sentence1": "한 남자가 피아노를 친다.", "sentence2": "남자가 피아노를 연주한다."}, "5.0"),
        ({"sentence1": "여자가 춤을 춘다.", "sentence2": "개가 공을 쫓는다."}, "0.5"),
    ],
    "statute_qa": [({"text": "모든 차의 운전자는 앞차와의 충돌을 피할 수 있는 필요한 거리를 확보하여야 한다."}, "제19조(안전거리 확보 등)")],
}  # fmt: skip


@pytest.mark.parametrize("task_id", sorted(EXPECTED))
def test_exact_conversions(task_id, ctx):
    assert _examples(task_id, ctx)[0] == EXPECTED[task_id]


def test_rejected_rows_are_counted_not_dropped_silently(ctx):
    assert _examples("nsmc_sentiment", ctx)[1] == 1  # empty review
    assert _examples("shopping_review_sentiment", ctx)[1] == 1  # rating 3
    assert _examples("petition_category", ctx)[1] == 1  # unknown category
    assert _examples("ynat_topic", ctx)[1] == 1  # no label


def test_multilabel_and_style_sources(ctx):
    unsmile = dict((f["text"], o) for f, o in _examples("unsmile_multilabel", ctx)[0])
    assert unsmile["나이 든 여자들은 다 똑같아"] == "여성/가족, 연령"
    assert unsmile["오늘 경기 재밌었다"] == "혐오 없음"
    levels = Counter(o for _, o in _examples("honorific_level", ctx)[0])
    assert levels == {"존댓말": 2, "반말": 2}
    conv = _examples("honorific_conversion", ctx)[0]
    assert ({"text": "밥 먹었어?"}, "밥 드셨어요?") in conv
    hs = [o for _, o in _examples("hatescore_category", ctx)[0]]
    assert hs == ["혐오", "욕설·비하", "일반"]


def test_parakqc_pairs(ctx):
    pairs = _examples("parakqc_paraphrase", ctx)[0]
    labels = Counter(o for _, o in pairs)
    assert labels == {"같음": 10, "다름": 5}  # 5 positives per set, 5 cross-set negatives


def test_math_answers_keep_solution(ctx):
    ex = _examples("math_word_problem", ctx)[0]
    assert ex[0][1].endswith("정답: 12") and parse_output(ex[0][1], get_task("math_word_problem")) == "12"
    assert ex[1][1] == "1000"


def test_fault_reasoning_from_the_standard(ctx):
    examples = _examples("fault_ratio_reasoning", ctx)[0]
    task = get_task("fault_ratio_reasoning")
    parsed = [parse_output(o, task) for _, o in examples]
    # 차15-1: base + 2 modifiers; 차43-7: (가) base, (나) base + 1 modifier; legacy chart 201 skipped
    assert sorted(parsed) == sorted(
        ["차15-1|A30:B70", "차15-1|A40:B60", "차15-1|A20:B80", "차43-7|A100:B0", "차43-7|A70:B30", "차43-7|A60:B40"]
    )
    by_out = {o: f["description"] for f, o in examples}
    (nav,) = [o for o in by_out if "A60:B40" in o]
    assert "완전히 벗어난" in by_out[nav] and "진로변경 신호 불이행" in by_out[nav]
    assert all("대응: A=" in o and "설명: " in o for o in by_out)
    assert sum("도표: 차43-7 (나)" in o for o in by_out) == 2  # the variant is named in the answer


def test_chart_identification_uses_charts_and_cases(ctx):
    outs = Counter(o for _, o in _examples("fault_chart_identification", ctx)[0])
    assert outs == {"차15-1": 1, "차43-7": 2, "차1-1": 1, "차41-1": 1, "차43-2": 1}


def test_committee_cases_in_three_formats(ctx):
    task = get_task("committee_fault_ratio")
    outs = [parse_output(o, task) for _, o in _examples("committee_fault_ratio", ctx)[0]]
    assert outs == ["A0:B100", "A0:B100", "A30:B70"]  # A is always 청구, whatever the source order
    assert parse_case({"unrelated": 1}) is None


def test_phrasings_and_statute_cleanup():
    sit = "교차로에서 직진하는 A차량과 좌회전하는 B차량이 충돌한 사고이다."
    assert phrase(sit, 0) == sit
    assert phrase(sit, 1) == "교차로에서 직진하는 제 차량(A)과 좌회전하는 상대 차량(B)이 충돌한 사고가 났습니다. 과실은 어떻게 되나요?"
    assert phrase(sit, 2).endswith("충돌한 사고.")
    assert first_paragraph("제1조(목적) ① 첫 항이다. <개정 2020. 1. 1.> ② 둘째 항") == "첫 항이다."


def test_missing_source_names_the_file(tmp_path, no_hub):
    ctx = BuildContext(source_dir=tmp_path, use_hub=False, data_dir=tmp_path)
    with pytest.raises(SourceMissing) as err:
        _examples("nsmc_sentiment", ctx)
    msg = str(err.value)
    assert "ratings_train.txt" in msg and "--source-dir" in msg and "e9t/nsmc" in msg
    for task in ("statute_qa", "committee_fault_ratio"):
        with pytest.raises(SourceMissing):
            _examples(task, ctx)


def test_hub_path_uses_load_dataset_rows(monkeypatch, tmp_path):
    """With use_hub, rows come from datasets.load_dataset (patched here: tests never download)."""
    import datasets

    calls = []

    def fake_load(hid, cfg=None, split=None):
        calls.append((hid, cfg, split))
        return [{"premise": "비가 온다.", "hypothesis": "날씨가 맑다.", "label": 2}]

    monkeypatch.setattr(datasets, "load_dataset", fake_load)
    ctx = BuildContext(source_dir=tmp_path, use_hub=True, data_dir=tmp_path)
    assert _examples("klue_nli", ctx)[0] == [({"premise": "비가 온다.", "hypothesis": "날씨가 맑다."}, "모순")]
    assert calls == [("klue", "nli", "train")] and SOURCES["klue_nli"].origin == "hub:klue/nli:train"

    def broken(*a, **k):
        raise ConnectionError("offline")

    monkeypatch.setattr(datasets, "load_dataset", broken)
    with pytest.raises(SourceMissing) as err:
        _examples("klue_nli", ctx)
    assert "offline" in str(err.value) and ctx.hub_down
    calls.clear()
    monkeypatch.setattr(datasets, "load_dataset", fake_load)
    with pytest.raises(SourceMissing) as err:  # no second network attempt in the same build
        _examples("klue_sts", ctx)
    assert calls == [] and "earlier failure" in str(err.value)


def test_local_file_wins_over_hub(ctx):
    ctx.use_hub = True  # the no_hub fixture still guards load_dataset
    assert _examples("klue_nli", ctx)[0][0][1] == "함의"
    assert SOURCES["klue_nli"].origin == "local:klue-nli-v1.1_train.json"
    assert (SOURCES_DIR / "klue-nli-v1.1_train.json").is_file()
