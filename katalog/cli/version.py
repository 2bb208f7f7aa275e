"""`katalog version`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("version")
    def version() -> None:
        """버전 정보 / print the engine version."""
        from katalog import __version__

        typer.echo(__version__)
