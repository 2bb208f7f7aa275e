"""Fixtures for the standard/calculator tests: the shipped standard and a tiny writable copy."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from katalog.standard.loader import Standard, clear_cache, load_standard
from katalog.standard.schema import StandardManifest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def std() -> Standard:
    return load_standard()


@pytest.fixture()
def tiny(tmp_path: Path):
    """A copy of fixtures/tiny_standard in tmp_path; returns (root, manifest dict, charts list)."""
    clear_cache()
    root = tmp_path / "standard"
    shutil.copytree(FIXTURES / "tiny_standard", root)
    yield root
    clear_cache()


class BookIO:
    """Read and rewrite one chart file of a tiny standard (keeps the manifest count in step)."""

    @staticmethod
    def read(root: Path, book: str = "MAIN2023") -> list[dict]:
        return read_book(root, book)

    @staticmethod
    def write(root: Path, rows: list[dict], book: str = "MAIN2023") -> None:
        write_book(root, rows, book)


@pytest.fixture()
def book_io() -> type[BookIO]:
    return BookIO


def read_book(root: Path, book: str = "MAIN2023") -> list[dict]:
    return json.loads((root / "charts" / f"{book}.json").read_text(encoding="utf-8"))


def write_book(root: Path, rows: list[dict], book: str = "MAIN2023") -> None:
    (root / "charts" / f"{book}.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    manifest = StandardManifest.model_validate_json((root / "manifest.json").read_text(encoding="utf-8"))
    manifest.counts[book] = len(rows)
    (root / "manifest.json").write_text(manifest.model_dump_json(), encoding="utf-8")


@pytest.fixture(scope="session")
def importer() -> ModuleType:
    """tools/import_standard.py loaded as a module (tools/ is no package)."""
    path = Path(__file__).resolve().parents[2] / "tools" / "import_standard.py"
    spec = importlib.util.spec_from_file_location("import_standard", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module
