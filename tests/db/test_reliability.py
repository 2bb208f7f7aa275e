"""kill -9 in the middle of a batch, then resume: every case has exactly one current assessment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select

from katalog.db.orm import AssessmentRow


def _stored(db) -> int:
    with db.session() as s:
        return int(s.execute(select(func.count(AssessmentRow.id))).scalar_one())


def test_kill_9_then_resume_loses_and_duplicates_nothing(db, db_url, rows, fake):
    n = 400
    db.import_cases(rows(n))
    cmd = [
        sys.executable,
        "-c",
        "from katalog.cli import main; main()",
        "batch",
        "score",
        "--db",
        db_url,
        "--workers",
        "2",
        "--scorer",
        fake,
        "--json",
    ]
    env = os.environ | {"KATALOG_FAKE_DELAY_MS": "10"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _stored(db) < 40 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = _stored(db)
    assert 40 <= killed_at < n

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    with db.session() as s:
        total = s.execute(select(func.count(AssessmentRow.id))).scalar_one()
        current = s.execute(
            select(AssessmentRow.case_id, func.count())
            .where(AssessmentRow.is_current.is_(True))
            .group_by(AssessmentRow.case_id)
        ).all()
    assert len(current) == n and all(c == 1 for _, c in current)
    assert total == n  # no case was scored twice
    assert db.count_cases() == n
