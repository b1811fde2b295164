"""Benchmark fixtures: corpora are loaded here, outside the timed code."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
os.environ.setdefault("STANZA_RESOURCES_DIR", str(SHARED / "stanza_resources"))


def _jsonl_texts(path: Path) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(str(r.get("doc_id", r.get("id"))), r["text"]) for r in rows]


@pytest.fixture(scope="session")
def train_texts() -> list[str]:
    """PolNeAR train texts (read from ../shared at run time) plus the project's corpus."""
    docs = _jsonl_texts(SHARED / "eval" / "polnear-train.jsonl") + _jsonl_texts(ROOT / "corpus" / "gold.jsonl")
    return [text for _, text in docs]


@pytest.fixture(scope="session")
def dev_docs() -> list[tuple[str, str]]:
    """The 84 PolNeAR dev articles plus the project's corpus articles."""
    return _jsonl_texts(SHARED / "eval" / "polnear-dev.jsonl") + _jsonl_texts(ROOT / "corpus" / "gold.jsonl")


@pytest.fixture(scope="session")
def models_dir() -> Path:
    return Path(os.environ["STANZA_RESOURCES_DIR"])
