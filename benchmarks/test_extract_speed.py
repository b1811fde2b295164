"""End to end: selective vs full parsing, one vs two workers, each speed lever, stanza's code vs quotes.fastparse, words per second.

Every test runs the same documents once per round (pedantic mode: model
loading and corpus reading are outside the timed code). Compare within one
run: `pytest benchmarks/ --benchmark-only`, and read the ratios.
"""

from __future__ import annotations

import re
import resource

import pytest

from quotes import Extractor

ROUNDS = 2


@pytest.fixture(scope="module")
def docs(dev_docs):
    """The PolNeAR dev articles (84) and the project's corpus."""
    return dev_docs


def _words(docs) -> int:
    return sum(len(re.findall(r"\w+", text)) for _, text in docs)


def _run(benchmark, extractor: Extractor, docs, group: str) -> None:
    benchmark.group = group
    list(extractor.extract_many(docs[:2]))  # warm up: first-call costs are not the steady state

    def run() -> int:
        return sum(len(q) for _, q in extractor.extract_many(docs))

    records = benchmark.pedantic(run, rounds=ROUNDS, iterations=1)
    median = benchmark.stats.stats.median
    benchmark.extra_info.update(
        documents=len(docs), records=records, words=_words(docs),
        **{"docs/s": round(len(docs) / median, 2), "words/s": round(_words(docs) / median)},
        **{"peak MB, this process": _peak_mb(resource.RUSAGE_SELF)},
    )


def _peak_mb(who: int) -> int:
    """Peak resident memory (ru_maxrss is in KiB on Linux): of this process, or of the largest finished child."""
    return round(resource.getrusage(who).ru_maxrss / 1024)


@pytest.mark.parametrize("select", [False, True], ids=["everything", "selective"])
def test_extract_speed_selective_vs_everything(benchmark, models_dir, docs, select):
    extractor = Extractor(model_dir=models_dir, device="cpu", select=select)
    _run(benchmark, extractor, docs, "extract: parse everything vs selective")


@pytest.mark.parametrize(
    "workers, threads", [(1, 1), (1, None), (2, None)], ids=["1 worker 1 thread", "1 worker", "2 workers"]
)
def test_extract_speed_workers(benchmark, models_dir, docs, workers, threads):
    """One worker uses every core through torch threads; two split them (one thread each here)."""
    with Extractor(model_dir=models_dir, device="cpu", workers=workers, threads=threads) as extractor:
        _run(benchmark, extractor, docs, "extract: workers")
    if workers > 1:  # the pool is closed: its processes count as finished children now
        benchmark.extra_info["peak MB, largest worker"] = _peak_mb(resource.RUSAGE_CHILDREN)


@pytest.mark.parametrize(
    "tokenizer, surface", [("stanza", False), ("stanza", True), ("rules", False), ("rules", True)],
    ids=["stanza tokenizer", "stanza tokenizer + surface", "rules tokenizer", "rules tokenizer + surface (default)"],
)
def test_extract_speed_levers(benchmark, models_dir, docs, tokenizer, surface):
    """Each speed lever on its own and together, one process with every core: the segmenter and surface-first rules."""
    extractor = Extractor(model_dir=models_dir, device="cpu", tokenizer=tokenizer, surface=surface)
    _run(benchmark, extractor, docs, "extract: levers")


@pytest.mark.parametrize("fast", [False, True], ids=["stanza's own inference code", "quotes.fastparse (default)"])
def test_extract_speed_inference_paths(benchmark, models_dir, docs, fast):
    """Stanza's tagger and parser with their own code, and with quotes.fastparse's paths (the same tags,
    trees and labels, see tests/test_fastparse.py): one process with every core."""
    extractor = Extractor(model_dir=models_dir, device="cpu", fastparse=fast)
    _run(benchmark, extractor, docs, "extract: inference paths")
