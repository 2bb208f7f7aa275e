"""Issue 15, modifiers stated but missed: speeding stated as a limit and a speed (the comparison is arithmetic:
20 km/h or more over the limit is 과속20, 중대한 과실; less is 과속, 현저한 과실) and drink-driving said in
other words. Sentences written for these tests."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts

NAMES = ["택시", "버스"]


def factors(text: str) -> dict[str, list[str]]:
    return {p.name: p.factors for p in extract_facts(text, parties=NAMES).parties}


@pytest.mark.parametrize(
    "text",
    [
        "제한속도 60km/h 도로에서 택시가 시속 95km로 달려와 버스를 받았습니다.",
        "택시는 제한 50인데 90 넘게 밟았고 버스는 서 있었어요.",
        "택시가 40 구간에서 70으로 달리다가 버스와 부딪쳤어요.",
        "택시는 시속 100킬로, 제한은 70이었고 버스는 정차 중이었습니다.",
        "시속 30km 제한 구간에서 택시가 시속 60km로 주행했습니다.",
    ],
)
def test_limit_and_speed_twenty_over_is_grave(text: str) -> None:
    f = factors(text)
    assert "과속20" in f["택시"] and "중대한과실" in f["택시"]
    assert "과속" not in f["택시"] and "현저한과실" not in f["택시"]
    assert not {"과속", "과속20"} & set(f["버스"])


@pytest.mark.parametrize(
    "text",
    [
        "제한속도 60km/h 도로에서 택시가 시속 75km로 달려와 버스를 받았습니다.",
        "택시는 제한 50인데 65 정도로 달렸고 버스는 서 있었어요.",
        "택시가 제한속도 80 도로에서 시속 99로 주행했습니다.",
    ],
)
def test_limit_and_speed_under_twenty_over_is_plain(text: str) -> None:
    f = factors(text)
    assert "과속" in f["택시"] and "현저한과실" in f["택시"]
    assert "과속20" not in f["택시"]


@pytest.mark.parametrize(
    "text",
    [
        "택시가 시속 90km로 달려와 버스를 받았습니다.",  # a speed, no limit
        "제한속도 50km/h 도로에서 택시가 버스를 받았습니다.",  # a limit, no speed
        "제한속도 60km/h 도로에서 택시가 시속 50km로 달려와 버스를 받았습니다.",  # under the limit
        "제한속도 60km/h 도로에서 택시가 시속 60km로 달렸습니다.",  # at the limit
        "제한속도 50 도로에서 택시가 100m 앞에서 갑자기 버스 앞으로 끼어들었어요.",  # a distance
        "제한속도 50 도로, 택시가 2차로에서 30분 넘게 서 있었고 버스가 뒤에서 받았어요.",  # a lane, a time
        "택시가 시속 90으로 달린 건 아니고 제한 50 구간이었습니다.",  # denied
    ],
)
def test_no_stated_speeding(text: str) -> None:
    f = factors(text)
    assert not {"과속", "과속20"} & (set(f["택시"]) | set(f["버스"]))


def test_stated_speeding_belongs_to_the_clause_owner() -> None:
    f = factors("택시는 정차 중이었고, 버스가 제한속도 50 도로에서 시속 80으로 달려와 택시를 받았어요.")
    assert "과속20" in f["버스"]
    assert "과속20" not in f["택시"]
    f = {
        p.name: p.factors
        for p in extract_facts("제가 제한 60 도로에서 시속 70으로 가다가 상대차를 받았어요.").parties
    }
    assert "과속" in f["저"] and "과속" not in f["상대차"]


@pytest.mark.parametrize(
    "text",
    [
        "택시 기사는 면허 취소 수치였고 버스를 들이받았습니다.",
        "택시 기사는 혈중알코올농도 0.09% 이상이었어요. 버스는 정차 중이었습니다.",
        "택시 기사가 술 취한 상태로 운전하다 버스를 받았어요.",
        "택시 기사가 술 마시고 운전하다가 버스를 받았어요.",
        "택시 기사는 음주 상태로 버스를 받았습니다.",
        "택시 기사가 술에 취해 중앙선을 넘어 버스를 받았어요.",
        "택시 기사가 맥주 세 캔 마시고 운전했대요. 버스를 받았어요.",
        "택시 기사가 숙취가 덜 깬 채로 운전하다 버스를 받았어요.",
    ],
)
def test_drinking_family(text: str) -> None:
    f = factors(text)
    assert "음주" in f["택시"] and "중대한과실" in f["택시"]
    assert "음주" not in f["버스"]


@pytest.mark.parametrize(
    "text",
    [
        "택시 기사는 술 안 마셨다고 했고 버스를 받았어요.",
        "택시 기사는 음주 측정 결과 정상이었고 버스를 받았어요.",
        "택시 기사는 음주 측정 결과 이상 없었습니다. 버스를 받았어요.",
        "택시 기사는 술에 취하지 않았어요. 버스를 받았어요.",
        "택시 기사가 음주운전은 아니었고 버스를 받았어요.",
    ],
)
def test_no_drinking(text: str) -> None:
    f = factors(text)
    assert "음주" not in f["택시"] and "음주" not in f["버스"]


def test_drink_under_the_suspension_limit_stays_lighter() -> None:
    f = factors("택시 기사는 면허 정지 수치 미만이었고 버스를 받았어요.")
    assert "음주" in f["택시"] and "현저한과실" in f["택시"] and "중대한과실" not in f["택시"]


def test_stated_speeding_in_an_aside_is_about_the_name_before_it() -> None:
    f = factors("직진하던 택시(제한속도 40km/h 구간에서 75km/h로 주행)와 좌회전하던 버스가 충돌했습니다.")
    assert "과속20" in f["택시"]
    assert "과속20" not in f["버스"]


def test_a_drunk_walker_is_no_drink_driving() -> None:
    f = {
        p.name: p.factors
        for p in extract_facts(
            "술 취한 행인이 차도에 누워 있었는데 택시가 못 보고 밟았어요.", parties=["행인", "택시"]
        ).parties
    }
    assert "음주" not in f["행인"] and "음주" not in f["택시"]
