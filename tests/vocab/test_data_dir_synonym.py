"""Adding a lay phrase is a data edit: a synonym written into a vocabulary file of a temporary data folder
is read by the engine, with no code change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from katalog.paths import data_dir, repo_root

TEXT = "편도 2차로 도로에서 직진하던 제 차와 맞은편에서 U-턴하던 상대 차량이 충돌했습니다"
PARTIES = ["제 차", "상대 차량"]
PROBE = (
    "import json, sys\n"
    "from katalog.engine import assess\n"
    f"a = assess({TEXT!r}, {PARTIES!r})\n"
    "print(json.dumps({'movements': {p.name: p.movement for p in a.facts.parties}, 'chart': a.chart_id}))\n"
)


def _assess_with(folder: Path) -> dict:
    env = {**os.environ, "KATALOG_DATA_DIR": str(folder)}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=repo_root(), capture_output=True, text=True,
                         timeout=300, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _data_copy(tmp: Path) -> Path:
    """A data folder that shares every shipped file but holds its own copy of `vocab/`."""
    folder = tmp / "data"
    folder.mkdir()
    for item in data_dir().iterdir():
        if item.name != "vocab":
            (folder / item.name).symlink_to(item)
    (folder / "vocab").mkdir()
    for f in (data_dir() / "vocab").glob("*.yaml"):
        (folder / "vocab" / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.mark.slow  # two engine processes (~17 s)
def test_a_synonym_added_in_yaml_reaches_the_engine(tmp_path: Path) -> None:
    folder = _data_copy(tmp_path)
    before = _assess_with(folder)
    assert before["movements"]["상대 차량"] != "u_turn"  # "U-턴" (with a hyphen) is not in the shipped vocabulary

    movements = folder / "vocab" / "movements.yaml"
    text = movements.read_text(encoding="utf-8")
    shipped = "  - 'U\\s?턴'\n"
    assert shipped in text
    movements.write_text(text.replace(shipped, shipped + "  - 'U\\s?-\\s?턴'\n"), encoding="utf-8")

    after = _assess_with(folder)
    assert after["movements"]["상대 차량"] == "u_turn"
    assert after["movements"]["제 차"] == "straight"
    assert after["chart"] != before["chart"]  # the U-turn now decides the chart
