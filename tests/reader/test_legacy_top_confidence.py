"""A portal legacy chart kept on top by the book rule (`book_of_rules`) is never stated below another
candidate: the others share the rest in the reader's proportions, capped at the top's confidence."""

from __future__ import annotations

import pytest

from katalog.engine import assess
from katalog.reader import model as M

shipped = pytest.mark.skipif(not (M.model_dir() / "reader.json").is_file(), reason="reader not trained")

TWO_WHEELER_OVERTAKEN = [
    "교차로에서 앞서 가던 오토바이가 갑자기 좌회전을 했고 뒤따르던 제 차가 왼쪽으로 추월하다가 부딪혔습니다",
    "같은 차로 앞에 가던 이륜차가 좌회전하는데 뒤에서 왼쪽으로 앞지르던 승용차와 충돌",
]


@shipped
@pytest.mark.parametrize("text", TWO_WHEELER_OVERTAKEN)
def test_kept_legacy_top_is_the_most_confident(text):
    M.get_reader.cache_clear()
    a = assess(text)
    assert a.answered and a.candidates
    confs = [c.confidence for c in a.candidates]
    assert confs[0] == max(confs)
    assert a.confidence == pytest.approx(confs[0], abs=1e-4)
    assert sum(confs) <= 1.0 + 1e-6
