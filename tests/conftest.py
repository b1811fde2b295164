"""Shared fixtures: the real stanza pipeline on the shared models, and the seed article."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "article.txt"
POLNEAR_DEV = SHARED / "eval" / "polnear-dev.jsonl"
CORPUS = ROOT / "corpus"

# The CLI tests run `quotes` as a user would, finding models through the
# environment; default to the shared test models when nothing is set.
os.environ.setdefault("STANZA_RESOURCES_DIR", str(SHARED / "stanza_resources"))


def system_program(*names: str, package: str) -> str:
    """The path of a system program a test drives (R, Chromium, LibreOffice).

    Where it is missing the test is skipped with a one-line reason, except
    when the ``CI`` environment variable is set (``.ci/run`` sets it and
    installs the programs): there a missing program fails the test.
    """
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    message = f"{names[0]} not found: install it with `apt-get install {package}` (.ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message + "; required when CI is set")
    pytest.skip(message)


CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic")


def chromium() -> str:
    """Headless Chromium's path (see :func:`system_program`)."""
    return system_program("chromium", "chromium-browser", "google-chrome", package="chromium")


def _models_dir() -> Path:
    env = os.environ.get("STANZA_RESOURCES_DIR")
    return Path(env) if env else SHARED / "stanza_resources"


@pytest.fixture(scope="session")
def models_dir() -> Path:
    """The stanza models the tests run on (the shared small English models)."""
    path = _models_dir()
    if not (path / "resources.json").exists():
        pytest.fail(f"no stanza models at {path}: set STANZA_RESOURCES_DIR to ../shared/stanza_resources")
    return path


@pytest.fixture(scope="session")
def extractor(models_dir: Path):
    """One Extractor for the whole session (models load once)."""
    from quotes import Extractor

    return Extractor(model_dir=models_dir, device="cpu")


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article of DESIGN.md, read from ../shared."""
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_quotes(extractor, seed_text):
    """The extractor's records for the seed article."""
    return extractor.extract(seed_text, doc_id="article")


@pytest.fixture(scope="session")
def polnear_dev():
    """The PolNeAR dev gold documents, read from ../shared."""
    from quotes.evaluate import load_gold

    if not POLNEAR_DEV.exists():
        pytest.fail(f"{POLNEAR_DEV} is missing: the tests read the shared evaluation data")
    return load_gold(POLNEAR_DEV)
