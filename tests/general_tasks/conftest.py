"""Fixtures for the general_tasks tests: local source files, a two-chart standard, no hub access."""

from __future__ import annotations

from pathlib import Path

import pytest

from katalog.standard.schema import Chart, Modifier, Party, Ratio, Variant

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES_DIR = FIXTURES / "sources"
CASES = SOURCES_DIR / "committee_cases.jsonl"


def _charts() -> list[Chart]:
    one = Chart(
        id="차15-1",
        book="MAIN2023",
        category="차대차",
        title="직진 대 맞은편 좌회전",
        situation="신호기가 없는 교차로에서 직진하는 A차량과 맞은편에서 좌회전하는 B차량이 충돌한 사고이다.",
        base_explanation="좌회전 차량은 직진 차량에 양보해야 하므로 B의 과실이 크다. 둘째 문장.",
        parties={"A": Party(label="직진"), "B": Party(label="좌회전")},
        variants=[Variant(key="기본", base=Ratio(A=30, B=70))],
        modifiers=[
            Modifier(id="A-현저한과실", party="A", name="현저한 과실", delta=10),
            Modifier(id="B-서행불이행", party="B", name="서행 불이행", delta=10),
        ],
    )
    two = Chart(
        id="차43-7",
        book="MAIN2023",
        category="차대차",
        title="안전지대 통과 직진 대 선행 진로변경",
        situation="(가) 안전지대를 지나 직진하던 A차량과 진로를 바꾸던 B차량이 충돌한 사고이다. "
        "(나) 안전지대를 완전히 벗어난 A차량과 진로를 바꾸던 B차량이 충돌한 사고이다.",
        parties={"A": Party(label="후행 직진"), "B": Party(label="선행 진로변경")},
        variants=[Variant(key="가", base=Ratio(A=100, B=0)), Variant(key="나", base=Ratio(A=70, B=30))],
        modifiers=[Modifier(id="B-진로변경", party="B", name="진로변경 신호 불이행", delta=10, variants=["나"])],
    )
    legacy = Chart(
        id="201",
        book="MAIN2023",
        category="차대차",
        title="옛 도표",
        parties={"A": Party(label="a"), "B": Party(label="b")},
        variants=[Variant(key="기본", base=Ratio(A=0, B=100))],
        maps_to=["차1-1"],
    )
    return [one, two, legacy]


@pytest.fixture
def charts() -> list[Chart]:
    return _charts()


@pytest.fixture
def no_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly if anything tries `datasets.load_dataset`."""
    try:
        import datasets
    except ImportError:  # without the package nothing can download anyway
        return

    def _boom(*args, **kwargs):
        raise AssertionError(f"load_dataset must not be called in tests: {args}")

    monkeypatch.setattr(datasets, "load_dataset", _boom)


@pytest.fixture
def ctx(tmp_path: Path, charts, no_hub):
    """A build context over the fixture files; KATALOG data points at an empty folder."""
    from general_tasks.builders import BuildContext

    return BuildContext(source_dir=SOURCES_DIR, use_hub=False, data_dir=tmp_path / "data", cases=CASES, standard=charts)
