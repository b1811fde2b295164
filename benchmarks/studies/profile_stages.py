"""Where the time goes: one timed run over the benchmark documents.

    python benchmarks/studies/profile_stages.py [--threads N]

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

from quotes.extract import Extractor

pipeline_module = importlib.import_module("quotes.pipeline")  # the stages are looked up there at run time

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
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else None
    docs = benchmark_docs()
    extractor = Extractor(device="cpu", threads=threads)
    list(extractor.extract_many(docs[:2]))
    parser = extractor.parser
    parser._tag = timed("segmenting the selected paragraphs", parser._tag)
    parser._parse = timed("tagging and parsing (stanza's models)", parser._parse)
    models = "tagging and parsing (stanza's models)"
    runtime = parser.runtime  # quotes.fastparse.runtime: the models on our word lists
    if runtime is not None:
        runtime._tag = processor_timer("tagger", runtime._tag)
        runtime._lemmas = processor_timer("lemmatiser", runtime._lemmas)
        runtime._parse = processor_timer("parser", runtime._parse)
    else:
        for name, processor in parser.pipeline.processors.items():  # inside the pipeline: each of its models
            processor.process = processor_timer(name, processor.process)
    pipeline_module.prepare = timed("prepare (regex pass, paragraphs, surface frames)", pipeline_module.prepare)
    pipeline_module.attribute = timed("attribution rules", pipeline_module.attribute)
    pipeline_module.speakers = timed("speaker resolution", pipeline_module.speakers)
    start = time.perf_counter()
    records = sum(len(q) for _, q in extractor.extract_many(docs))
    total = time.perf_counter() - start
    print(f"{len(docs)} documents, {records} records, {total:.1f} s")
    for label, seconds in SPENT.items():
        print(f"  {label:48s} {seconds:7.2f} s  {100 * seconds / total:5.1f} %")
    own = total - SPENT[models]
    print(f"  {'own code (everything but the models)':48s} {own:7.2f} s  {100 * own / total:5.1f} %")
    inside = sum(PROCESSORS.values())
    print("inside the models' part:")
    for name, seconds in PROCESSORS.items():
        print(f"  {name:48s} {seconds:7.2f} s  {100 * seconds / inside:5.1f} % of the models' time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
