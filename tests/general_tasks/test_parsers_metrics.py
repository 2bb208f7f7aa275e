"""Output parsers and the in-house metrics."""

from __future__ import annotations

import math

import pytest

from general_tasks.metrics import accuracy, exact_match, macro_f1, pearson, rouge_l, rouge_l_pair
from general_tasks.parsers import parse_output
from general_tasks.registry import get_task


@pytest.mark.parametrize(
    ("task", "raw", "expected"),
    [
        ("nsmc_sentiment", "이 리뷰는 부정적인 평가입니다.", "부정"),
        ("nsmc_sentiment", "Positive", "긍정"),
        ("kornli", "정답: 모순", "모순"),
        ("kmmlu_mcqa", "③ 서울", "3"),
        ("kmmlu_mcqa", "(B)", "2"),
        ("kobest_copa", "2번입니다", "2"),
        ("klue_re", "org:founded_by", "org:founded_by"),
        ("unsmile_multilabel", "지역, 악플", "악플/욕설, 지역"),
        ("klue_ner", "부산 : lc,김민준:PS", "김민준:PS, 부산:LC"),
        ("math_word_problem", "3×4=12이므로 정답: 12", "12"),
        ("math_word_problem", "모두 24,000원입니다.", "24000"),
        ("korsts", "유사도는 7점", "5.0"),
        ("committee_fault_ratio", "청구 30 : 피청구 70로 결정", "A30:B70"),
        ("fault_ratio_reasoning", '{"chart_id": "차1-1", "ratio": "A10:B90"}', "차1-1|A10:B90"),
        ("korquad_mrc", "“서해”.", "서해"),
    ],
)
def test_parsers(task, raw, expected):
    assert parse_output(raw, get_task(task)) == expected


def test_accuracy_and_exact_match():
    assert accuracy(["a", "b"], ["a", "c"]) == 0.5
    assert exact_match(["서울  특별시"], ["서울 특별시"]) == 1.0
    with pytest.raises(ValueError):
        accuracy(["a"], [])


def test_macro_f1():
    # label a: tp1 fp1 fn0 → 2/3; label b: tp1 fp0 fn1 → 2/3
    assert macro_f1(["a", "a", "b"], ["a", "b", "b"]) == pytest.approx(2 / 3)
    assert macro_f1(["x", "x"], ["a", "b"]) == 0.0


def test_rouge_l_characters():
    assert rouge_l_pair("가나다라", "가나다라") == 1.0
    # LCS("가나다", "가다") = 2 → P 2/3, R 1 → F 0.8
    assert rouge_l_pair("가나다", "가다") == pytest.approx(0.8)
    assert rouge_l_pair("", "가") == 0.0
    assert rouge_l(["가나", "다"], ["가나", "라"]) == 0.5


@pytest.mark.slow
def test_rouge_l_morphemes():
    assert rouge_l(["오늘 비가 온다"], ["오늘 비가 온다"], unit="morpheme") == 1.0
    assert 0 < rouge_l_pair("비가 왔다", "눈이 왔다", unit="morpheme") < 1


def test_pearson_matches_scipy():
    pearsonr = pytest.importorskip("scipy.stats").pearsonr

    x, y = ["1.0", "2.5", "4.0", "3.0"], ["0.5", "2.0", "4.5", "3.5"]
    assert pearson(x, y) == pytest.approx(pearsonr([1, 2.5, 4, 3], [0.5, 2, 4.5, 3.5])[0])
    assert pearson(["3.0", "3.0"], ["1.0", "2.0"]) == 0.0
    assert not math.isnan(pearson(["", "x"], ["1.0", "2.0"]))
