"""`katalog bench …`: benchmarks. Each area adds its own subcommand to `bench_app`."""

from __future__ import annotations

import typer

bench_app = typer.Typer(help="벤치마크 / benchmarks (numbers go to the docs).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(bench_app, name="bench")
