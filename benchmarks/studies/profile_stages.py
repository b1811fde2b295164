"""Where the time goes: one timed run over the benchmark documents.

    python benchmarks/studies/profile_stages.py

Wraps the stage functions with wall-clock timers (a profiler would inflate
Python code against torch's C code) and prints the share of the run each
stage takes: the regex pass, stanza (its pipeline and the building of its
input documents), the attribution rules, speaker resolution, and this
package's own glue; then how stanza's time splits between its models.
Since stanza's part got faster (quotes.fastparse) the own-code share grew to about 9 %
(2 s of 22 s on the benchmark documents); the seconds matter more than the share.
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/, for benchmark_docs
from benchmark_docs import ROOT, SHARED, benchmark_docs

os.environ.setdefault("STANZA_RESOURCES_DIR", str(SHARED / "stanza_resources"))
sys.path.insert(0, str(ROOT))

import importlib

import stanza

from quotes.attribute import attribute
from quotes.extract import Extractor
from quotes.speakers import resolve

extract = importlib.import_module("quotes.extract")  # the module, not the function of that name

SPENT: dict[str, float] = defaultdict(float)
DEPTH = [0]  # timers inside timers (stanza builds documents too) count once, at the outside


def timed(label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        DEPTH[0] += 1
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            DEPTH[0] -= 1
            if DEPTH[0] == 0:
                SPENT[label] += time.perf_counter() - start

    return wrapper


PROCESSORS: dict[str, float] = defaultdict(float)


def processor_timer(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            PROCESSORS[name] += time.perf_counter() - start

    return wrapper


def main() -> int:
    docs = benchmark_docs()
    extractor = Extractor(device="cpu")
    list(extractor.extract_many(docs[:2]))
    pipeline = extractor.parser.pipeline
    pipeline.process = timed("stanza pipeline (segment, tag, parse)", pipeline.process)
    for name, processor in pipeline.processors.items():  # inside the pipeline: each of its models
        processor.process = processor_timer(name, processor.process)
    stanza.Document.__init__ = timed("stanza documents (building its input)", stanza.Document.__init__)
    extract.find_spans = timed("regex pass", extract.find_spans)
    extract.attribute = timed("attribution rules", attribute)
    extract.resolve = timed("speaker resolution", resolve)
    start = time.perf_counter()
    records = sum(len(q) for _, q in extractor.extract_many(docs))
    total = time.perf_counter() - start
    print(f"{len(docs)} documents, {records} records, {total:.1f} s")
    stanza_time = SPENT["stanza pipeline (segment, tag, parse)"] + SPENT["stanza documents (building its input)"]
    for label, seconds in SPENT.items():
        print(f"  {label:42s} {seconds:7.2f} s  {100 * seconds / total:5.1f} %")
    own = total - stanza_time
    print(f"  {'own code (everything but stanza)':42s} {own:7.2f} s  {100 * own / total:5.1f} %")
    inside = sum(PROCESSORS.values())
    print("inside stanza's pipeline:")
    for name, seconds in PROCESSORS.items():
        print(f"  {name:42s} {seconds:7.2f} s  {100 * seconds / inside:5.1f} % of the models' time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
