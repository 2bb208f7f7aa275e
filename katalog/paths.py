"""Where KATALOG's shipped data lives.

`data_dir()` is the folder that holds `standard/` (and the other areas' data). It is
`$KATALOG_DATA_DIR` when set, else `<repo>/data` next to the package.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable that overrides the data folder (the parent of `standard/`).
DATA_DIR_ENV = "KATALOG_DATA_DIR"


#: resolved once: the package does not move, and resolving took ~2,000 stat calls per 200 assessments
_REPO_ROOT = Path(__file__).resolve().parents[1]


def repo_root() -> Path:
    """The checkout root (the folder holding `katalog/`)."""
    return _REPO_ROOT


def data_dir() -> Path:
    """The data folder: `$KATALOG_DATA_DIR`, else `<repo>/data`."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return repo_root() / "data"


def standard_dir() -> Path:
    """`<data_dir>/standard`: manifest, chart files and the legacy map."""
    return data_dir() / "standard"


def cache_dir(name: str, env: str) -> Path:
    """A cache's folder: `$<env>` when set, else `<repo>/.katalog_cache/<name>` (the folder is not made here)."""
    value = os.environ.get(env)
    return Path(value).expanduser() if value else repo_root() / ".katalog_cache" / name
