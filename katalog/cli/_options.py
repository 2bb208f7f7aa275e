"""Options shared by several command modules (a leading `_` keeps this module out of discovery)."""

from __future__ import annotations

import typer

DB_OPTION = typer.Option(None, "--db", help="DB 주소 / SQLAlchemy URL (기본 $KATALOG_DB_URL 또는 sqlite:///katalog.db)")
