"""Fixtures of the app tests: an AppTest factory, a private case DB and the stand-in engine."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "streamlit_app.py"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `import fakes`


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """Each test gets its own SQLite case DB and no LLM unless it configures one."""
    monkeypatch.setenv("KATALOG_DB_URL", f"sqlite:///{tmp_path / 'cases.db'}")
    for name in ("KATALOG_LLM_BACKEND", "KATALOG_LLM_BASE_URL", "KATALOG_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    from katalog.llm import factory

    factory.clear_cache()
    yield
    factory.clear_cache()


@pytest.fixture
def app():
    """`app()` → a fresh AppTest of streamlit_app.py, already run once."""
    from streamlit.testing.v1 import AppTest

    def make(timeout: float = 120):
        return AppTest.from_file(str(APP), default_timeout=timeout).run()

    return make


@pytest.fixture
def fake_engine(monkeypatch):
    import fakes

    fakes.install(monkeypatch)
    return fakes
