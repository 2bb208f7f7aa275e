"""Clause ownership in four shapes that gave a clause to the wrong party.

1. A casual first-person account ("… 내차 박음") with the writer given by name: the writer's clauses before
   the first mention are theirs, as in a polite account.
2. "뒤에서 / 옆 차로에서 / 맞은편에서 X가 …" after another party's clause: the place is X's.
3. A sentence that opens with an object ("오토바이를 추월하려다 …") goes on with the earlier subject.
4. A later sentence's scene words never take an earlier sentence's clauses ("… 지름길로 간다고 … 갔어요.
   사거리에서 직진하던 택시랑 …"), and a relative clause of the first mention starts after the writer's own
   clause ("골목을 걸어가다 | 후진하던 트럭에 치였어요").
"""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.facts.extract import party_texts


def _facts(text: str, parties: list[str] | None) -> dict[str, object]:
    return {p.name: p for p in extract_facts(text, parties).parties}


@pytest.mark.parametrize(
    ("text", "parties", "me", "other", "my_move", "other_move"),
    [
        ("사거리에서 좌회전하는데 맞은편 택시가 빨간불에 직진해서 내차 박음ㅠ", ["내 차", "택시"], "내 차", "택시",
         "left_turn", "straight"),
        ("사거리에서 좌회전하는데 맞은편 택시가 빨간불에 직진해서 내차 박음ㅠ", ["택시", "내 차"], "내 차", "택시",
         "left_turn", "straight"),
        ("유턴하려고 1차로에서 서 있었음 근데 뒤에서 오토바이가 추월하면서 내 차 긁고 감", ["내 차", "오토바이"],
         "내 차", "오토바이", "u_turn", "overtaking"),
        ("골목에서 천천히 우회전하는데 오른쪽에서 자전거가 튀어나와서 나랑 부딪힘;;", ["나", "자전거"], "나", "자전거",
         "right_turn", None),
    ],
)
def test_casual_first_person_opening_is_the_writers(text, parties, me, other, my_move, other_move):
    """"좌회전하는데 … 택시가 … 내차 박음": the unnamed opening is the writer's, in either party order."""
    got = _facts(text, parties)
    assert got[me].movement == my_move
    assert got[other].movement == other_move  # None: "튀어나와서" names no manoeuvre


@pytest.mark.parametrize(
    ("text", "parties", "front", "back", "back_side"),
    [
        ("제 차가 1차로에서 직진하는데 뒤에서 버스가 차선을 바꾸다 부딪혔어요.", None, "제 차", "버스", "behind"),
        ("택시가 2차로로 달리는데 뒤에서 트럭이 추월하다가 택시를 쳤습니다.", ["택시", "트럭"], "택시", "트럭", "behind"),
        ("오토바이가 직진하고 있었는데 옆 차로에서 승용차가 갑자기 끼어들었어요.", ["오토바이", "승용차"], "오토바이",
         "승용차", "same"),
        ("제가 신호대기 중이었는데 맞은편에서 트럭이 좌회전하다 제 차를 쳤어요.", None, "저", "트럭", "opposite"),
    ],
)
def test_origin_before_the_next_subject_is_its(text, parties, front, back, back_side):
    """"… 직진하는데 | 뒤에서 버스가": where the next party came from is the next party's."""
    got = _facts(text, parties)
    assert got[back].from_direction == back_side
    if back_side == "behind":
        assert got[front].from_direction != "behind"


def test_origin_after_a_chained_clause():
    """"제가 2차로로 가고 있었고 | 1차로에서 SUV가": also after a 고-chained clause."""
    own = party_texts("저는 2차로로 가고 있었고 1차로에서 SUV가 깜빡이 없이 들어왔어요.", ["저", "SUV"])
    assert "1차로에서" in own[1] and "1차로에서" not in own[0]


@pytest.mark.parametrize(
    ("text", "parties", "actor", "verb"),
    [
        ("택시가 2차로로 가고 있었어요. 오토바이를 추월하려고 차선을 바꾸다가 오토바이와 부딪혔어요.",
         ["택시", "오토바이"], 0, "추월하려고"),
        ("트럭이 빨간불에 교차로로 들어왔어요. 자전거를 보지 못하고 그대로 자전거를 쳤습니다.", ["자전거", "트럭"], 1,
         "보지 못하고"),
        ("오토바이가 신호를 무시하고 직진했어요. 저를 치고 그냥 가 버렸어요.", ["저", "오토바이"], 1, "치고 그냥"),
    ],
)
def test_object_first_sentence_keeps_the_earlier_subject(text, parties, actor, verb):
    """"…가 있었어요. | 오토바이를 추월하려고 …": the object does not become the actor."""
    own = party_texts(text, parties)
    assert verb in own[actor]
    assert verb not in own[1 - actor]


def test_object_first_sentence_names_its_own_subject():
    """"오토바이를 택시가 추월하다가": a subject of its own in the sentence is the actor, not the earlier one."""
    own = party_texts("제 차는 3차로에 서 있었어요. 오토바이를 택시가 추월하다가 부딪혔어요.", ["택시", "오토바이"])
    assert "추월하다가" in own[0]


def test_later_scene_words_keep_the_earlier_sentence():
    """A second sentence's "사거리에서" before its first mention does not take the first sentence."""
    text = "학원에 늦어서 지름길로 간다고 일방통행 골목을 거꾸로 자전거 타고 갔어요. 사거리에서 직진하던 택시랑 부딪혔어요."
    own = party_texts(text, ["자전거", "택시"])
    assert "지름길로 간다고" in own[0] and "지름길로 간다고" not in own[1]
    got = _facts(text, ["자전거", "택시"])
    assert "일방통행위반" in got["자전거"].factors
    assert "일방통행위반" not in got["택시"].factors


@pytest.mark.parametrize(
    ("text", "parties", "mine", "theirs"),
    [
        ("지름길로 간다고 골목을 가로질러 걸어가다 후진하던 트럭에 치였어요.", ["저", "트럭"], "걸어가다", "후진하던"),
        ("빨리 가려고 인도를 뛰어가다 우회전하던 택시에 부딪혔어요.", ["저", "택시"], "뛰어가다", "우회전하던"),
    ],
)
def test_relative_clause_starts_after_the_writers_clause(text, parties, mine, theirs):
    """"걸어가다 | 후진하던 트럭": the writer's clause ends at 다, the relative clause is the truck's."""
    own = party_texts(text, parties)
    assert mine in own[0] and mine not in own[1]
    assert theirs in own[1] and theirs not in own[0]


def test_one_syllable_name_is_a_word():
    """A given "나" is not the 나 inside "튀어나온"."""
    own = party_texts("초록불 깜빡일 때 건넌 건 맞음. 근데 빨간불에 튀어나온 택시가 나 박음ㅡㅡ", ["나", "택시"])
    assert "튀어나온" in own[1] and "튀어나" not in own[0]


def test_name_in_a_compound_is_not_the_party():
    """"버스회사는 …": the company is not the bus."""
    own = party_texts("버스가 빨간불에 직진해서 건너던 저를 쳤어요. 버스회사는 제 과실도 있대요.", ["저", "버스"])
    assert "과실도 있대요" not in own[1]
