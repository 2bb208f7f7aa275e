"""Alembic migrations create exactly the ORM schema, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from katalog.db import init_db
from katalog.db.connect import DatabaseError, table_names
from katalog.db.orm import Base


def test_init_db_creates_tables_and_is_idempotent(db_url):
    engine = init_db(db_url)
    init_db(db_url).dispose()  # second open: nothing to do, no error
    assert {"cases", "assessments", "reviews", "alembic_version"} <= set(table_names(engine))
    with engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar_one() == "0004_case_leases"
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []  # the migrations build exactly the ORM schema


def test_bad_url_is_a_clear_error(tmp_path):
    with pytest.raises(DatabaseError, match="데이터베이스"):
        init_db("nosuchdialect://x")
    with pytest.raises(DatabaseError):
        init_db(f"sqlite:///{tmp_path}/missing-dir/x.db")


def test_downgrade_to_base_and_back(tmp_path):
    from alembic import command

    from katalog.db.connect import alembic_config

    url = f"sqlite:///{tmp_path / 'm.db'}"
    engine = init_db(url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(table_names(engine)) == {"alembic_version"}
    engine.dispose()
    engine = init_db(url)
    assert {"cases", "assessments", "reviews"} <= set(table_names(engine))
    engine.dispose()
