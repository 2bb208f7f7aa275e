"""Database URLs, engines and migrations.

`init_db(url)` creates or upgrades the schema with Alembic (the migrations shipped inside the
package), so a fresh SQLite file and an existing PostgreSQL database are handled the same way.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import NoSuchModuleError as _NoSuchModule

from katalog.errors import KatalogError

DEFAULT_URL = "sqlite:///katalog.db"
ENV_URL = "KATALOG_DB_URL"
_HERE = Path(__file__).resolve().parent


class DatabaseError(KatalogError):
    """The database cannot be opened, migrated or written."""


def resolve_url(url: str | None = None) -> str:
    """`--db URL` first, then $KATALOG_DB_URL, then the SQLite file `katalog.db`."""
    return url or os.environ.get(ENV_URL) or DEFAULT_URL


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets readers (review UI, report) run while a batch writes; FK checks are off by default in SQLite.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    with contextlib.suppress(Exception):  # in-memory databases refuse WAL; harmless
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    """An Engine for any SQLAlchemy URL, with the SQLite settings a concurrent batch needs."""
    url = resolve_url(url)
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": 60})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, _NoSuchModule, ImportError) as exc:
        raise DatabaseError(
            f"데이터베이스 주소를 열 수 없습니다: {url}",
            f"cannot use database URL {url!r}: {exc}",
            hints=["PostgreSQL: pip install 'katalog[db]'"] if "postgres" in url else None,
        ) from exc
    return engine


def alembic_config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config(str(_HERE / "alembic.ini"))
    cfg.set_main_option("script_location", str(_HERE / "migrations"))
    return cfg


def init_db(url: str | None = None) -> Engine:
    """Open `url` and bring its schema to the latest migration. Returns the Engine."""
    from alembic import command

    engine = make_engine(url)
    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except OperationalError as exc:
        raise DatabaseError(
            f"데이터베이스에 연결할 수 없습니다: {engine.url.render_as_string(hide_password=True)}",
            " ".join(f"cannot connect or migrate: {exc.orig}".split()),  # driver messages span lines
        ) from exc
    return engine


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())
