"""What each of quotes.fastparse's paths is worth: the models' part of a run with one path switched off at a time.

    python benchmarks/studies/fastparse_paths.py [--docs 171] [--rounds 2] [--threads 1]

Times ``Parser.analyse`` (selection, segmenting, tagging, lemmas, parsing)
over the benchmark documents in one process, with one torch thread (what
each ``--workers`` process has), in these arms, interleaved round by round
so that drifts in the machine's load hit every arm alike:

* all paths (the default);
* without the runtime: stanza's ``Pipeline.process`` with its documents and
  loaders feeds the same fast models;
* without the tagger's per-UPOS tables: stanza's tagger ``forward``;
* without the LSTMs on padded groups: stanza's packed LSTMs;
* without the once-per-spelling character model: stanza's;
* stanza's own code: every path off (``fastparse.detached``).

It prints each arm's best time, its ratio to the default, and whether its
tags, heads and labels equal the default's on every parsed word.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/, for benchmark_docs
from benchmark_docs import ROOT, SHARED, benchmark_texts

os.environ.setdefault("STANZA_RESOURCES_DIR", str(SHARED / "stanza_resources"))
sys.path.insert(0, str(ROOT))

from quotes import fastparse
from quotes.extract import Extractor
from quotes.pipeline import prepare


@contextlib.contextmanager
def unbound(*modules: Any) -> Iterator[None]:
    """These modules run stanza's own ``forward`` inside the block."""
    saved = [vars(m).pop("forward") for m in modules]
    try:
        yield
    finally:
        for module, forward in zip(modules, saved):
            module.forward = forward


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=171)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    stanza_parser = Extractor(device="cpu", threads=args.threads).parser
    docs = [prepare(t, stanza_parser.lex) for t in benchmark_texts()[:args.docs]]
    pos = stanza_parser.pipeline.processors["pos"].trainer.model
    dep = stanza_parser.pipeline.processors["depparse"].trainer.model
    runtime = stanza_parser.runtime

    @contextlib.contextmanager
    def no_runtime() -> Iterator[None]:
        stanza_parser.runtime = None
        try:
            yield
        finally:
            stanza_parser.runtime = runtime

    @contextlib.contextmanager
    def no_tables() -> Iterator[None]:  # the runtime calls the tagger's bound forward itself: swap it there too
        saved = runtime.tagger_fast if runtime is not None else None
        with unbound(pos):
            if runtime is not None:
                runtime.tagger_fast = type(pos).forward.__get__(pos)
            try:
                yield
            finally:
                if runtime is not None:
                    runtime.tagger_fast = saved

    arms: dict[str, Callable[[], Any]] = {
        "all paths (default)": contextlib.nullcontext,
        "without the runtime (stanza's documents and loaders)": no_runtime,
        "without the tagger's per-UPOS tables": no_tables,
        "without the LSTMs on padded groups": lambda: unbound(pos.taggerlstm, dep.parserlstm),
        "without characters once per spelling": lambda: unbound(pos.charmodel, dep.charmodel),
        "stanza's own code (every path off)": lambda: fastparse.detached(stanza_parser.pipeline),
    }
    stanza_parser.analyse(docs[:3])  # warm up
    times: dict[str, list[float]] = {name: [] for name in arms}
    words: dict[str, list[Any]] = {}
    for _ in range(args.rounds):
        for name, arm in arms.items():
            with arm():
                start = time.perf_counter()
                result = stanza_parser.analyse(docs)
                times[name].append(time.perf_counter() - start)
            words[name] = [t for a in result for s in a.sentences if s.parsed for t in s.tokens]
    base = min(times["all paths (default)"])
    reference = words["all paths (default)"]
    print(f"{len(docs)} documents, {len(reference)} words parsed, {args.threads} torch thread(s), "
          f"best of {args.rounds} rounds:")
    for name in arms:
        best = min(times[name])
        print(f"  {name:55s} {best:6.2f} s  {best / base:5.2f}x the default  "
              f"same tags, heads, labels: {words[name] == reference}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
