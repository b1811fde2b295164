"""The benchmark documents, read at run time (never copied into the repo).

The end-to-end benchmarks, the peer scripts and the profiles all run on the
same documents: the PolNeAR dev articles (``../shared/eval``) and the
project's corpus. Standard library only, so the peers' own environment can
import it too.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR = SHARED / "eval"
CORPUS = ROOT / "corpus" / "gold.jsonl"


def jsonl_docs(path: Path) -> list[tuple[str, str]]:
    """(doc_id, text) of every row of a JSON-lines file of documents (id in ``doc_id`` or ``id``)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(str(r.get("doc_id", r.get("id"))), r["text"]) for r in rows]


def benchmark_docs() -> list[tuple[str, str]]:
    """(doc_id, text) of the PolNeAR dev articles, then the corpus articles: the end-to-end benchmarks' documents."""
    return jsonl_docs(POLNEAR / "polnear-dev.jsonl") + jsonl_docs(CORPUS)


def benchmark_texts() -> list[str]:
    """The texts of :func:`benchmark_docs`."""
    return [text for _, text in benchmark_docs()]
