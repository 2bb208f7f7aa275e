"""Database fixtures: every DB test runs on SQLite and on PostgreSQL (a fresh schema per test).

PostgreSQL: $KATALOG_TEST_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test).
When it does not answer the PostgreSQL cases skip with a message — unless KATALOG_REQUIRE_PG=1 (CI),
where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_base_url() -> str:
    return os.environ.get("KATALOG_TEST_PG_URL") or PG_DEFAULT


@cache
def pg_problem() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(pg_base_url(), connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"


def _need_pg() -> None:
    problem = pg_problem()
    if problem is None:
        return
    msg = f"PostgreSQL not reachable at {pg_base_url()} ({problem})"
    if os.environ.get("KATALOG_REQUIRE_PG") == "1":
        pytest.fail(msg + " — KATALOG_REQUIRE_PG=1")
    pytest.skip(msg + "; set KATALOG_TEST_PG_URL to run these")


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A URL whose search_path is a new, empty schema (dropped afterwards): parallel runs never clash."""
    _need_pg()
    from sqlalchemy import create_engine, text

    schema = f"kt_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_base_url())
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in pg_base_url() else "?"
    try:
        yield f"{pg_base_url()}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'katalog.db'}"
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture
def db(db_url: str) -> Iterator:
    from katalog.db import open_db

    database = open_db(db_url)
    try:
        yield database
    finally:
        database.close()


FAKE = "katalog.batch.fake:fake_scorer"


def make_rows(n: int, start: int = 0) -> list[dict[str, str]]:
    """n cases for the fake scorer; every 13th raises, every 11th abstains."""
    rows = []
    for i in range(start, start + n):
        text = f"사고 {i}: 교차로에서 직진 중 충돌"
        if i % 13 == 5:
            text += " __boom__"
        elif i % 11 == 3:
            text += " 손해액은?"
        rows.append({"id": f"C{i:05d}", "description": text, "party_1": "청구", "party_2": "피청구"})
    return rows


@pytest.fixture
def rows():
    return make_rows


@pytest.fixture
def fake():
    return FAKE
