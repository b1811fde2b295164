"""Where stanza's time goes, function by function: a cProfile run of the parser on the benchmark documents.

    python benchmarks/studies/profile_stanza.py [--docs 80] [--stanza-code] [--top 30]

Runs ``Parser.analyse`` (segmenting, tagging, parsing the selected
sentences) once over the first DOCS benchmark documents with one torch
thread, under cProfile, and prints the functions with the most cumulative
and own time. ``--stanza-code`` runs stanza's own inference code instead of
``quotes.fastparse``'s paths, to compare. A profiler inflates Python code
against torch's C code, so read the shares, not the seconds; the end-to-end
ratio is timed without a profiler in ``test_extract_speed.py``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/, for benchmark_docs
from benchmark_docs import ROOT, SHARED, benchmark_texts

os.environ.setdefault("STANZA_RESOURCES_DIR", str(SHARED / "stanza_resources"))
sys.path.insert(0, str(ROOT))

from quotes.extract import Extractor
from quotes.pipeline import prepare


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=80, help="how many benchmark documents (default 80)")
    parser.add_argument("--stanza-code", action="store_true", help="stanza's own inference code, not quotes.fastparse")
    parser.add_argument("--top", type=int, default=30, help="rows per table")
    args = parser.parse_args()
    stanza_parser = Extractor(device="cpu", threads=1, fastparse=not args.stanza_code).parser
    docs = [prepare(t, stanza_parser.lex) for t in benchmark_texts()[:args.docs]]
    stanza_parser.analyse(docs[:2])  # warm up
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    stanza_parser.analyse(docs)
    profile.disable()
    print(f"{len(docs)} documents, one torch thread, under cProfile: {time.perf_counter() - start:.1f} s")
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
