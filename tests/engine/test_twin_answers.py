"""The engine answers the current book's chart of a twin pair and never proposes the superseded one;
a user can still pick the 2020 chart by id and the calculator computes it."""

from __future__ import annotations

import pytest

from katalog.engine import assess
from katalog.standard.loader import load_standard

PARTIES = ["당사 차량", "상대 차량"]

TEXTS = [
    # 적색점멸 직진 대 황색점멸 좌회전 (차3-8 = 비정형-4)
    "점멸신호만 켜진 교차로에서 당사 차량은 황색 점멸을 보고 좌회전했고 상대 차량은 적색 점멸 쪽에서 그대로 직진해 와 부딪혔습니다",
    # 버스정류장 출발 버스 대 추월 진로변경 (차47-3 = 비정형-14)
    "정류장에 섰다가 출발하는 당사 버스 앞으로 뒤따르던 상대 차량이 추월해 들어오다 충돌했습니다",
    # 주차구획 선행 진입 대 통로 추월 (차51-2 = 비정형-18)
    "주차장 통로에서 당사 차량이 먼저 주차칸으로 들어가는데 뒤에 있던 상대 차량이 옆으로 추월하다 부딪혔어요",
    # 좌회전차로 직진 대 직진차로 좌회전 (차11-3 = 비정형-11): the 2020 wording, no word on signals; the
    # 2023 chart scores as its twin read in its own words (`candidates.rule_score`)
    "당사 차량은 좌회전 차로에 서 있다가 그대로 직진했고 옆 직진 차로의 상대 차량이 좌회전하면서 부딪혔습니다",
]


@pytest.mark.parametrize(("text", "current"), list(zip(TEXTS, ["차3-8", "차47-3", "차51-2", "차11-3"], strict=True)))
def test_superseded_twin_is_never_proposed(text, current):
    std = load_standard()
    a = assess(text, PARTIES)
    proposed = ([a.chart_id] if a.chart_id else []) + [c.chart_id for c in a.candidates]
    assert not [cid for cid in proposed if std.get(cid).superseded_by], proposed
    assert a.chart_id == current and std.get(current).same_as  # the 2023 chart, which names its 2020 twin


def test_a_user_can_still_pick_the_2020_chart():
    a = assess(TEXTS[0], PARTIES, chart_id="비정형-4")
    assert a.status == "ok" and a.chart_id == "비정형-4"
    assert sorted(a.base.values()) == [40, 60]
