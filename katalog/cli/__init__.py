"""`katalog` command line. Each module in this package registers its own commands.

A module here defines `register(app: typer.Typer) -> None`; it is discovered automatically, so
commands of different areas (standard, retrieval, engine, db, llm, tasks …) live in their own files.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import typer

from katalog.errors import KatalogError

app = typer.Typer(
    name="katalog",
    help="KATALOG — 자동차사고 과실비율 분석 / Korean traffic-accident fault-ratio assistant.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """KATALOG — 자동차사고 과실비율 분석 / Korean traffic-accident fault-ratio assistant."""


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error to stderr and return the Exit to raise."""
    typer.echo(f"오류 / error: {message}", err=True)
    return typer.Exit(code)


# `fail` is defined before discovery: command modules import it at module level.
def _register_all() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_all()


def main() -> None:
    """Console entry point: known errors become one line and exit status 2, never a traceback."""
    try:
        app()
    except KatalogError as exc:
        typer.echo(f"오류 / error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:  # a folder given as a file, no permission, disk full …: one line, not a traceback
        typer.echo(f"오류 / error: 파일을 읽거나 쓸 수 없습니다 / file error: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:  # a bug: one line and exit 1; KATALOG_DEBUG=1 shows the traceback
        if os.environ.get("KATALOG_DEBUG"):
            raise
        typer.echo(f"내부 오류 / internal error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                   " (KATALOG_DEBUG=1 로 자세히 / for the traceback)", err=True)
        sys.exit(1)
