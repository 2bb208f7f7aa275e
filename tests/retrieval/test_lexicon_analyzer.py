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


@pytest.mark.slow
def test_kiwi_without_the_multi_word_dictionary_reads_accident_texts_like_full_kiwi():
    """The analyzer's kiwi skips the multi-word proper-noun dictionary and keeps only the domain part of
    the default one to start faster; on accident wording (typos, run-together words, place and road names,
    lay words) it reads the same morphemes and tags as kiwi with every dictionary, and it keeps the typo
    dictionary, which does change a typo'd sentence."""
    from kiwipiepy import Kiwi

    from katalog.retrieval.analyzer import KIWI_OPTIONS, domain_dict_path, new_kiwi

    texts = [
        "골목에서 튀어나온 차랑 부딪혓어요 일방통행 표지판도 있었어요",
        "서울역 앞 사거리에서 초록불에 직진하는데 버스가 좌회전해서 옆을 박았습니다",
        "올림픽대로 합류구간에서 차선변경하던 택시가 제 차 앞범퍼를 긁고 갔어요",
        "어린이보호구역에서 킥보드 탄 학생이 갑자기 튀어나와서 급정거했지만 부딪혔습니다",
        "고속도로 2차로에서 정체로 서있는데 뒤차가 들이받았어요 블랙박스 있습니다",
        "회전교차로 안에서 돌고있던 저를 진입하던 트럭이 오른쪽에서 쳤어요",
    ]
    ours = new_kiwi(1)
    full = Kiwi(num_workers=1)
    no_typo = Kiwi(num_workers=1, load_typo_dict=False, **KIWI_OPTIONS)
    no_typo.load_user_dictionary(str(domain_dict_path()))
    prepared = [normalize_lay(clean_text(t)) for t in texts]

    def read(kiwi):
        return [[(tk.form, tk.tag) for tk in toks] for toks in kiwi.tokenize(prepared)]

    assert read(ours) == read(full)
    assert read(no_typo)[0] != read(ours)[0]
