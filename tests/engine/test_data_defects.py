"""Data defects fixed with the everyday corpus issue: T-junction modifier, PM-19's party, PM-34 unranked."""

from __future__ import annotations

from katalog.engine import assess
from katalog.standard.loader import load_standard


def test_t_junction_modifier_charges_the_turning_vehicle_as_the_book_says():
    chart = load_standard().get("차16-1")
    # 차16-1 ②: "삼거리(T자) 교차로 직진 대 좌회전 사고의 경우에는 회전차량에 10%까지 과실을 가산할 수 있다."
    assert "삼거리(T자) 교차로 직진 대 좌회전 사고의 경우에는 회전차량에 10%" in chart.modifier_explanation
    a = assess("신호 없는 T자형 삼거리에서 직진하던 제 차와 오른쪽 길에서 좌회전하던 상대 차가 부딪혔어요",
               parties=["제 차", "상대 차"])
    assert a.chart_id == "차16-1"
    applied = {(m.party_name, m.name, m.delta) for m in a.applied}
    assert ("상대 차", "삼거리(T자) 좌회전", 10) in applied
    assert a.base == {"제 차": 40, "상대 차": 60} and a.final == {"제 차": 30, "상대 차": 70}


def test_four_way_junction_gets_no_t_junction_modifier():
    a = assess("신호 없는 사거리에서 직진하던 제 차와 오른쪽 길에서 좌회전하던 상대 차가 부딪혔어요",
               parties=["제 차", "상대 차"])
    assert not [m for m in a.applied if "삼거리" in m.name]


def test_pm19_residential_modifier_charges_the_car():
    chart = load_standard().get("PM-19")
    # PM-19 해설: "주택·상점가·학교에서는 … 자동차의 과실을 10% 가산한다."
    assert "자동차의 과실을 10% 가산한다" in chart.modifier_explanation
    mod = next(m for m in chart.modifiers if m.name.startswith("주택"))
    assert (mod.party, chart.parties[mod.party].type, mod.delta) == ("B", "car", 10)


def test_a_chart_no_source_describes_is_never_proposed():
    std = load_standard()
    assert std.get("PM-34").rankable is False
    assert all(c.rankable for c in std if c.id != "PM-34")
    a = assess("전동킥보드가 뒤에서 제 차를 들이받았어요", parties=["전동킥보드", "제 차"])
    assert "PM-34" not in [c.chart_id for c in a.candidates]
    assert a.chart_id != "PM-34"
