"""What the people work costs in a default run: typing, gender and clean names, as a share of the whole.

Runs the default extractor (one process) over the benchmark documents and
times, inside the same run, the calls that the people work added to speaker
resolution: :meth:`quotes.speakers.entities.Entities.describe` (type, gender,
the pronoun votes it asks the resolver for, acronyms) and
:func:`quotes.speakers.canonical.clean`. Prints their share of the run's
wall time; the issue's budget is under 5 %.

Usage::

    STANZA_RESOURCES_DIR=../shared/stanza_resources python benchmarks/studies/people_cost.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/, for benchmark_docs
from benchmark_docs import benchmark_docs

import quotes.speakers.resolver as resolver_module
from quotes.extract import Extractor
from quotes.speakers.entities import Entities

SPENT = [0.0]


def _timed(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[0] += time.perf_counter() - start
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    docs = benchmark_docs()
    Entities.describe = _timed(Entities.describe)  # type: ignore[method-assign]
    resolver_module.clean = _timed(resolver_module.clean)
    extractor = Extractor(device="cpu")
    extractor.extract(docs[0][1])  # warm up: models loaded, caches filled
    shares = []
    for _ in range(args.rounds):
        SPENT[0] = 0.0
        start = time.perf_counter()
        records = sum(len(found) for _, found in extractor.extract_many(docs))
        total = time.perf_counter() - start
        shares.append(SPENT[0] / total)
        print(f"{len(docs)} documents, {records} records: run {total:.2f} s, people work {SPENT[0]:.3f} s "
              f"({100 * SPENT[0] / total:.2f} %)")
    print(f"median share: {100 * sorted(shares)[len(shares) // 2]:.2f} %")


if __name__ == "__main__":
    main()
