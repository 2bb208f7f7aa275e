"""The batch speed shortcuts give what the plain paths give (docs/reader.md, "Session 19, batch").

- `apply_answers(..., read_only=True)` (the question stage's copy of the facts, one per answer) equals the deep
  copy for every question and option, and leaves the answered facts as they were;
- a chart's special conditions read for cues that name none of them (`_Role.untold`) equal `_cue_terms`;
- a batch pool worker's collector settings after the engine is loaded (`_settle_heap`)."""

from __future__ import annotations

import gc

import pytest

from katalog.batch import runner
from katalog.facts import extract_facts
from katalog.followup import FIELDS, PLACE_OPTIONS, apply_answers
from katalog.matching import candidates as C
from katalog.matching.signatures import chart_signatures

TEXTS = [
    "신호 없는 교차로에서 당사 차량은 직진하고 상대 차량은 맞은편에서 좌회전하다 충돌했습니다",
    "회전교차로 안에서 돌고 있는데 옆 차가 3시 방향으로 나가려다 제 차를 박았어요",
    "횡단보도 건너는데 우회전하던 차가 저를 쳤어요",
]


def _qids() -> list[str]:
    return ["place"] + [f"p{i}.{field}" for i in (0, 1) for field in FIELDS]


@pytest.mark.parametrize("text", TEXTS)
def test_read_only_answers_equal_the_deep_copy(text):
    facts = extract_facts(text, None)
    before = facts.model_dump_json()
    for qid in _qids():
        opts = PLACE_OPTIONS if qid == "place" else FIELDS[qid.split(".")[1]]
        for label in opts:
            deep, w1 = apply_answers(facts, {qid: label})
            cheap, w2 = apply_answers(facts, {qid: label}, read_only=True)
            assert cheap.model_dump_json() == deep.model_dump_json() and w1 == w2, (qid, label)
            assert facts.model_dump_json() == before, (qid, label)  # the answered facts are untouched


def test_untold_special_conditions_equal_the_cue_terms():
    sigs = chart_signatures()
    for cues in (set(), {"정체"}, {"6시진입"}, {"비보호", "진출입차로"}):
        for sig in sigs.values():
            if not sig.special or not cues.isdisjoint(sig.special):
                continue
            assert C._ROLES(sig).untold == C._cue_terms(sig, cues), (sig.chart_id, cues)


def test_a_pool_worker_settles_its_heap():
    before = gc.get_threshold()
    try:
        runner._settle_heap()
        assert gc.get_threshold()[0] == runner.YOUNG_GC_THRESHOLD and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
