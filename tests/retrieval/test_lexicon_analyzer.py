"""Lay-vocabulary normalisation and the BM25 analyzer."""

from __future__ import annotations

import pytest

from katalog.lexicon.synonyms import lay_variants, normalize_lay
from katalog.retrieval.analyzer import MAX_CHARS, Analyzer, clean_text, default_analyzer, role_pairs


@pytest.mark.parametrize(
    ("lay", "canonical"),
    [
        ("빨간불에 건넜어요", "적색신호"),
        ("빨간 불에 건넜어요", "적색신호"),
        ("초록불에 직진", "녹색신호"),
        ("파란불", "녹색신호"),
        ("노란불에 진입", "황색신호"),
        ("깜빡이도 안 켜고", "방향지시등"),
        ("깜박이", "방향지시등"),
        ("오토바이가 달려와", "이륜차"),
        ("전동킥보드를 타고", "개인형이동장치"),
        ("킥보드", "개인형이동장치"),
        ("갑자기 끼어든 차", "진로변경"),
        ("로터리에서", "회전교차로"),
        ("뒤에서 들이받았어요", "추돌"),
        ("차가 박았어요", "추돌"),
        ("차에 치였습니다", "충격"),
        ("U턴하던 차", "유턴"),
    ],
)
def test_normalize_lay_maps_to_standard_terms(lay: str, canonical: str) -> None:
    assert canonical in normalize_lay(lay)


def test_normalize_lay_keeps_grammar_and_particles() -> None:
    assert normalize_lay("뒤에서 오던 차가 제 차를 들이받았어요") == "후행 차량이 제 차를 추돌했어요"
    assert normalize_lay("사람을 쳤어요") == "보행자를 충격했어요"
    assert normalize_lay("") == ""
    assert normalize_lay("정상 문장입니다") == "정상 문장입니다"


def test_lay_variants_rewrite_standard_terms() -> None:
    out = lay_variants("후행 직진 대 선행 진로변경")
    assert out and all("뒤" in v or "앞" in v for v in out)
    assert lay_variants("관계없는 말") == []


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return default_analyzer()


def test_analyzer_is_spacing_robust(analyzer: Analyzer) -> None:
    assert analyzer.morphemes("적색신호에 직진") == analyzer.morphemes("적색 신호에 직진")
    assert analyzer.morphemes("빨간불에 직진") == analyzer.morphemes("적색신호에 직진")


def test_analyzer_drops_particles_and_endings(analyzer: Analyzer) -> None:
    toks = analyzer("보행자가 횡단보도를 건너고 있었습니다")
    assert "보행자" in toks and "횡단보도" in toks
    assert not {"가", "를", "었", "습니다"} & set(toks)


def test_role_pairs_keep_who_did_what(analyzer: Analyzer) -> None:
    a = set(role_pairs(analyzer.morphemes("녹색신호에 직진하고 적색신호에 좌회전")))
    b = set(role_pairs(analyzer.morphemes("적색신호에 직진하고 녹색신호에 좌회전")))
    assert a == {"녹색~직진", "적색~좌회전"}
    assert b == {"적색~직진", "녹색~좌회전"}


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x1f", "🚗💥🚙", "\u200b\ufeff"])
def test_analyzer_handles_empty_and_odd_input(analyzer: Analyzer, text: str) -> None:
    assert isinstance(analyzer(text), list)


def test_analyzer_caps_long_input(analyzer: Analyzer) -> None:
    assert len(clean_text("가" * 10_000)) == MAX_CHARS
    assert analyzer("뒤에서 추돌 " * 2_000)


def test_prime_matches_single_analysis(analyzer: Analyzer) -> None:
    a, b = Analyzer(), analyzer
    texts = ["신호기 없는 교차로에서 직진. 맞은편 차가 좌회전했다.", "빨간불에 건너다 치였다 (prime)"]
    a.prime(texts)
    assert [a.morphemes(t) for t in texts] == [b.morphemes(t) for t in texts]
