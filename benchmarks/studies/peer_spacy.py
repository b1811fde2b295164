"""The peer: a spaCy small English pipeline (what textacy and the Gender Gap
Tracker build on), timed on the same documents as benchmarks/test_extract_speed.py.

Not part of the project or its tests: run it in a separate environment with
spaCy and its small English model installed (see benchmarks/README.md):

    python benchmarks/studies/peer_spacy.py MODEL_NAME
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/, for benchmark_docs
from benchmark_docs import benchmark_texts


def main() -> int:
    import spacy

    nlp = spacy.load(sys.argv[1] if len(sys.argv) > 1 else "en_core_web_sm")
    texts = benchmark_texts()
    list(nlp.pipe(texts[:2]))
    times = []
    for _ in range(2):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    words = sum(len(t.split()) for t in texts)
    print(json.dumps({"pipeline": nlp.meta.get("name"), "version": nlp.meta.get("version"), "documents": len(texts),
                      "median_s": round(median, 2), "docs/s": round(len(texts) / median, 2),
                      "words/s": round(words / median)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
