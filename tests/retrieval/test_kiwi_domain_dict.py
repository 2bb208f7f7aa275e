"""The analyzer's kiwi runs without kiwi's default dictionary but with its domain part
(`data/engine/kiwi_domain.dict`) and reads accident wording like kiwi with the whole dictionary."""

from __future__ import annotations

import subprocess
import sys

import pytest

from katalog.paths import repo_root

TEXTS = [
    "간선도로에서 빠져나오던 화물차와 부딪혔어요",
    "회전교차로 안을 돌고 있었는데 트럭이 들어왔어요",
    "사이렌 켠 긴급자동차가 빨간불에 들어왔습니다",
    "구급차 긴급자동차 통행 중 교차로에서 충돌",
    "앞차가 갑자기 유턴하다가 제 차 앞을 막았어요",
    "맞은편에서 유턴 하던 승용차랑 충돌",
]


@pytest.mark.slow
def test_domain_dictionary_reads_like_the_default_dictionary() -> None:
    """On accident wording the analyzer's kiwi gives the morphemes and tags of kiwi with its whole default
    dictionary, where the bare model splits compounds (긴급자동차 → 긴급 + 자동차)."""
    from kiwipiepy import Kiwi

    from katalog.retrieval.analyzer import new_kiwi

    def read(kiwi):
        return [[(tk.form, tk.tag) for tk in toks] for toks in kiwi.tokenize(TEXTS)]

    ours = read(new_kiwi(1))
    assert ours == read(Kiwi(num_workers=1, load_multi_dict=False))
    assert ours != read(Kiwi(num_workers=1, load_multi_dict=False, load_default_dict=False))
    assert ("긴급자동차", "NNP") in ours[2]


def test_domain_dictionary_is_up_to_date() -> None:
    """The committed file matches tools/build_kiwi_dict.py on the current corpus, vocabulary and kiwi model."""
    proc = subprocess.run([sys.executable, str(repo_root() / "tools" / "build_kiwi_dict.py"), "--check"],
                          capture_output=True, text=True, cwd=repo_root())
    assert proc.returncode == 0, proc.stdout + proc.stderr
