"""Kiwi started on a background thread (`warm_up`, called by the engine once the text passes its gate)
reads exactly like a kiwi started on first use, and a fork waits for it to be up."""

from __future__ import annotations

import os
import subprocess
import sys

from katalog.paths import repo_root

TEXTS = [
    "신호등 없는 사거리에서 제가 직진하는데 오른쪽 골목에서 나온 차가 제 차 옆을 받았어요",
    "뒤에서 오던 택시가 신호 대기 중이던 제 차를 들이받았습니다",
    "횡단보도를 건너던 보행자를 우회전하던 트럭이 쳤어요",
    "충돌햇어요 ㅠㅠ 1차로에서 2차로로 차선 바꾸다가",
]


def _child(code: str) -> str:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(repo_root()), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300,
                         check=True)
    return out.stdout.strip().splitlines()[-1]


def test_a_kiwi_started_in_the_background_reads_like_one_started_on_first_use() -> None:
    code = f"""
import json
from katalog.retrieval.analyzer import Analyzer, default_analyzer, warm_up
warm_up(); warm_up()  # once
a = default_analyzer()
assert a._warming is not None
print(json.dumps([a(t) for t in {TEXTS!r}] == [Analyzer()(t) for t in {TEXTS!r}]))
"""
    assert _child(code) == "true"


def test_a_fork_waits_for_kiwi_to_start_and_the_parent_still_analyses() -> None:
    # (a child must not use a kiwi its parent built: kiwi's worker threads are not forked; the batch
    # runner spawns engine workers)
    code = f"""
import os
from katalog.retrieval.analyzer import Analyzer, default_analyzer, warm_up
warm_up()
pid = os.fork()
if pid == 0:
    os._exit(0 if default_analyzer()._kiwi is not None else 1)
_, status = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(status), default_analyzer()({TEXTS[0]!r}) == Analyzer()({TEXTS[0]!r}))
"""
    assert _child(code) == "0 True"


def test_the_engine_starts_kiwi_only_for_a_text_past_its_gate() -> None:
    code = """
from katalog.engine import assess
from katalog.retrieval.analyzer import default_analyzer
a = assess("")
print(a.status, default_analyzer.cache_info().currsize)
"""
    assert _child(code).endswith(" 0")
