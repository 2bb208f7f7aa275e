"""`--engine ray`: the same scoring through Ray Data on a local Ray instance."""

from __future__ import annotations

import pytest

from katalog.batch import score_cases

# Each Ray Data run starts its actors: ~10-15 s on 2 cores. Ray itself emits deprecation warnings.
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield ray
    ray.shutdown()


def test_ray_scores_resumes_and_writes_back_idempotently(local_ray, db, rows, fake):
    db.import_cases(rows(120))
    first = score_cases(db, fake, workers=1, limit=50, engine="ray")
    assert first.engine == "ray" and first.scored == 50
    rest = score_cases(db, fake, workers=2, engine="ray")
    assert rest.scored == 70
    assert first.errors + rest.errors == sum(1 for i in range(120) if i % 13 == 5)
    assert score_cases(db, fake, workers=1, engine="ray").scored == 0
    with db.session() as s:
        from sqlalchemy import func, select

        from katalog.db.orm import AssessmentRow

        assert s.execute(select(func.count(AssessmentRow.id))).scalar_one() == 120
    assert db.count_cases({"status": "unscored"}) == 0
    # The local and the Ray runner give the same results.
    local = {c.external_id: (c.status, c.chart_id, c.final) for c in db.iter_cases()}
    score_cases(db, fake, rescore=True)
    assert {c.external_id: (c.status, c.chart_id, c.final) for c in db.iter_cases()} == local
