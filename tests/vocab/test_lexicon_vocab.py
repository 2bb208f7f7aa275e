"""The extractor's lexicon is read from data/vocab: every file loads, keys line up with the code that reads them."""

from __future__ import annotations

import re

from katalog.facts import lexicon as lx
from katalog.vocab import load

FILES = ("modifiers", "conditions", "movements", "signals", "roads", "road_users")


def test_every_lexicon_file_loads_and_every_pattern_compiles() -> None:
    for name in FILES:
        v = load(name)
        assert v.entries, name
        for e in v.entries:
            for p in v.patterns(e.key):
                re.compile(p)


def test_factor_files_split_by_kind() -> None:
    assert lx.factor_keys("modifier") == load("modifiers").keys()
    assert lx.factor_keys("condition") == load("conditions").keys()
    assert all(e.kind == "modifier" for e in load("modifiers").entries)
    assert all(e.kind == "condition" for e in load("conditions").entries)
    assert all(f.patterns for f in lx.FACTORS), "every factor has cues (its own or borrowed)"


def test_every_movement_has_a_rank_and_a_label() -> None:
    moves = [v for v, _ in lx.MOVEMENT_CUES]
    assert set(moves) == set(lx.MOVEMENT_RANK)
    assert lx.MOVEMENT_RANK["door_opening"] > lx.MOVEMENT_RANK["lane_change"] > lx.MOVEMENT_RANK["straight"]
    assert all(load("movements").entry(m).label for m in moves)


def test_door_opening_is_one_pattern_for_movement_and_condition() -> None:
    assert dict(lx.MOVEMENT_CUES)["door_opening"] == lx.DOOR_OPENING
    assert lx.FACTOR_BY_KEY["문열림"].patterns == (lx.DOOR_OPENING,)
    assert re.search(lx.DOOR_OPENING, "정차한 차의 문을 갑자기 열어")
    assert not re.search(lx.DOOR_OPENING, "창문을 열고")


def test_entered_first_is_the_first_entry_modifiers_cues() -> None:
    assert lx.ENTERED_FIRST == "|".join(lx.FACTOR_BY_KEY["선진입"].patterns)


def test_signal_lights_come_before_signal_presence_and_keep_priority() -> None:
    values = [v for v, _ in lx.SIGNAL_CUES]
    assert values.index("red_flash") < values.index("red")
    assert values.index("yellow_flash") < values.index("yellow")
    assert values.count("green") == 2  # "직진 및 좌회전 신호" reads as green too
    assert "none" not in values
    assert re.search(lx.NO_SIGNAL, "신호 없는 교차로")
