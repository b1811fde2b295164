"""What holds memory on a long document: the parts that grow with it, and one window.

    python benchmarks/studies/memory_parts.py --sizes 1,5,20

For each size (the document of ``memory_by_length.py``) it measures with
``tracemalloc`` the Python memory of what is kept for the whole text: the
text itself, its quoted spans and paragraphs, and the name index of speaker
resolution. Then, on the 1 MB document, the peak Python memory of analysing
it whole (stanza's documents, our tokens) against the peak of analysing its
largest window. Torch's own buffers are not traced; ``memory_by_length.py``
measures the whole process.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("STANZA_RESOURCES_DIR", str(ROOT.parent / "shared" / "stanza_resources"))

from memory_by_length import build_document

from quotes.cues import lexicon
from quotes.spans import find_spans, paragraphs
from quotes.speakers import Resolver


def _traced(make):  # type: ignore[no-untyped-def]
    """(result, MB held after, peak MB while making it)."""
    gc.collect()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    result = make()
    now, peak = tracemalloc.get_traced_memory()
    return result, (now - before) / 2**20, (peak - before) / 2**20


def whole_text_parts(megabytes: float) -> str:
    text, text_mb, _ = _traced(lambda: build_document(megabytes))
    spans, spans_mb, _ = _traced(lambda: (find_spans(text), paragraphs(text)))
    quoted = [(p.start, p.end) for s in spans[0] for p in s.pieces]
    _, names_mb, _ = _traced(lambda: Resolver(text, lexicon(), quoted))
    return (f"| {megabytes:g} MB | {len(text):,} | {text_mb:.0f} MB | {spans_mb:.1f} MB | {names_mb:.0f} MB "
            f"| {names_mb / megabytes:.1f} MB |")


def analysis_peaks(window_chars: int) -> str:
    from quotes.extract import Extractor

    text = build_document(1)
    extractor = Extractor(device="cpu")
    from quotes.pipeline import prepare, windows_of

    prepared = prepare(text, extractor.lex)
    _, _, whole = _traced(lambda: extractor.parser.analyse([prepared], select=True))
    windows = list(windows_of(prepared, window_chars))
    _, largest = max(windows, key=lambda w: w[0].paragraphs[-1].end - w[0].paragraphs[0].start)
    _, _, one = _traced(lambda: extractor.parser.analyse([largest], select=True))
    return (f"analysing the 1 MB document whole: peak {whole:.0f} MB of Python objects; its largest of "
            f"{len(windows)} windows ({window_chars:,} characters): peak {one:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,5,20", help="document sizes in MB (default 1,5,20)")
    parser.add_argument("--window-chars", type=int, default=100_000, help="window size (default 100,000)")
    args = parser.parse_args(argv)
    tracemalloc.start()
    print("| document | characters | text | spans and paragraphs | name index | name index per MB |")
    print("|---|---|---|---|---|---|")
    for size in [float(s) for s in args.sizes.split(",")]:
        print(whole_text_parts(size), flush=True)
    print(analysis_peaks(args.window_chars))
    return 0


if __name__ == "__main__":
    sys.exit(main())
