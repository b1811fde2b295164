"""Benchmark fixtures: corpora are loaded here, outside the timed code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from benchmark_docs import CORPUS, POLNEAR, SHARED, benchmark_docs, jsonl_docs

os.environ.setdefault("STANZA_RESOURCES_DIR", str(SHARED / "stanza_resources"))


@pytest.fixture(scope="session")
def train_texts() -> list[str]:
    """PolNeAR train texts (read from ../shared at run time) plus the project's corpus."""
    return [text for _, text in jsonl_docs(POLNEAR / "polnear-train.jsonl") + jsonl_docs(CORPUS)]


@pytest.fixture(scope="session")
def dev_docs() -> list[tuple[str, str]]:
    """The 84 PolNeAR dev articles plus the project's corpus articles."""
    return benchmark_docs()


@pytest.fixture(scope="session")
def models_dir() -> Path:
    return Path(os.environ["STANZA_RESOURCES_DIR"])


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--save-speed-baseline", action="store_true",
                     help="test_speed_gate.py: write benchmarks/baseline.json instead of comparing with it")
