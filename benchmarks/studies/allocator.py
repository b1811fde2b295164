"""The allocator setting Dask's nanny gives its workers, and what quotes.dask does about it.

    python benchmarks/studies/allocator.py [--docs 80]
    MALLOC_TRIM_THRESHOLD_=65536 python benchmarks/studies/allocator.py            # as in a Dask worker
    MALLOC_TRIM_THRESHOLD_=65536 python benchmarks/studies/allocator.py --fix      # with quotes.dask's fix

Times ``Extractor.extract_many`` (one process, one torch thread) over the first DOCS benchmark
documents after a warm-up on two. ``--fix`` applies ``quotes.dask._allocate_like_a_process`` first,
which a Dask worker runs when it builds its Extractor.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/, for benchmark_docs
from benchmark_docs import ROOT, SHARED, benchmark_docs

os.environ.setdefault("STANZA_RESOURCES_DIR", str(SHARED / "stanza_resources"))
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=80)
    parser.add_argument("--fix", action="store_true", help="apply quotes.dask's allocator setting first")
    args = parser.parse_args()
    if args.fix:
        from quotes.dask import _allocate_like_a_process

        _allocate_like_a_process()
    from quotes.extract import Extractor

    extractor = Extractor(device="cpu", threads=1)
    docs = benchmark_docs()[:args.docs]
    list(extractor.extract_many(docs[:2]))
    start = time.perf_counter()
    list(extractor.extract_many(docs))
    print(f"{len(docs)} documents, MALLOC_TRIM_THRESHOLD_={os.environ.get('MALLOC_TRIM_THRESHOLD_', 'unset')}, "
          f"fix {'on' if args.fix else 'off'}: {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
