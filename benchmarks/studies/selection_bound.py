"""How much faster could selective parsing be? An oracle bound, measured.

    python benchmarks/studies/selection_bound.py

The prefilter decides on the surface (quote marks, cue words, a final colon)
which paragraphs to segment and which sentences to tag and parse. This script
asks what a perfect prefilter would gain: it first runs the default selective
analysis and the rules, and notes the sentences that hold part of a record
(its content's first or last character, its cue or its speaker) and their
paragraphs. It then times stanza's part of the work (``Parser.analyse``, 95 %
of the run) three ways, in one run, on the benchmark's 171 documents:

* everything: every paragraph segmented, every sentence tagged and parsed;
* selective: the default prefilter;
* oracle: only the parsed sentences known, from the first run, to hold
  part of a record, and their paragraphs. Every record comes from a cue or a
  colon in a parsed sentence that holds its cue or speaker, so no prefilter
  that keeps the output can parse less.

It prints the median of three rounds, the words segmented and parsed, and
whether the oracle's records equal the selective ones.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/, for benchmark_docs
from benchmark_docs import ROOT, SHARED, benchmark_texts

os.environ.setdefault("STANZA_RESOURCES_DIR", str(SHARED / "stanza_resources"))
sys.path.insert(0, str(ROOT))

import quotes.parse as parse_module
from quotes.attribute import attribute
from quotes.extract import Extractor
from quotes.pipeline import prepare
from quotes.types import Analysis, Attribution, Paragraph, Sentence, Span

ROUNDS = 3


def _key(sentence: Sentence) -> tuple[Any, ...]:
    """A sentence by its offsets and words (the parser's callbacks do not say which document)."""
    return sentence.start, sentence.end, tuple(t.text for t in sentence.tokens)


def _record_points(records: Sequence[Attribution]) -> list[int]:
    points = []
    for r in records:
        points += [r.start, r.end - 1]
        if r.cue_start is not None:
            points.append(r.cue_start)
        if r.speaker is not None:
            points.append(r.speaker.start)
    return points


def _oracle(analyses: Sequence[Analysis]) -> tuple[dict[str, set[int]], set[tuple[Any, ...]]]:
    """The paragraphs (by document text) and sentences that hold part of a record."""
    paragraphs: dict[str, set[int]] = {}
    sentences: set[tuple[Any, ...]] = set()
    for analysis in analyses:
        points = _record_points(attribute(analysis))
        chosen = paragraphs.setdefault(analysis.text, set())
        for s in analysis.sentences:
            if s.parsed and any(s.start <= p < s.end for p in points):
                sentences.add(_key(s))
                chosen.add(s.paragraph)
    return paragraphs, sentences


def _install_oracle(paragraphs: dict[str, set[int]], sentences: set[tuple[Any, ...]]) -> Callable[[], None]:
    """Swap the prefilter for the oracle; returns the function that puts it back."""
    saved = parse_module.select_paragraphs, parse_module._needs_parse

    def select(text: str, paras: Sequence[Paragraph], spans: Sequence[Span], lex: Any) -> list[Paragraph]:
        return [p for p in paras if p.index in paragraphs.get(text, ())]

    def needs_parse(sentence: Sentence, quoted: Any, lex: Any, tests: Any = None) -> bool:
        return _key(sentence) in sentences  # the caller applies the length bound

    parse_module.select_paragraphs = select
    parse_module._needs_parse = needs_parse

    def restore() -> None:
        parse_module.select_paragraphs, parse_module._needs_parse = saved

    return restore


def _words(analyses: Sequence[Analysis]) -> tuple[int, int]:
    segmented = sum(len(s.tokens) for a in analyses for s in a.sentences)
    parsed = sum(len(s.tokens) for a in analyses for s in a.sentences if s.parsed)
    return segmented, parsed


def _waste(selective: Sequence[Analysis], needed: set[tuple[Any, ...]], lex: Any) -> None:
    """The words the default parses that hold no part of a record, by what the tagger made of their cue forms:
    a cue form tagged as a verb needs the parse to refuse; a sentence whose cue forms all turned out to be
    nouns ("the state", "new rules") could be skipped by a prefilter that knew the tags."""
    verb = noun = sentences = 0
    for analysis in selective:
        for s in analysis.sentences:
            if not s.parsed or _key(s) in needed:
                continue
            sentences += 1
            if any(lex.cue_lemma(t.text) and t.upos in ("VERB", "AUX") for t in s.tokens):
                verb += len(s.tokens)
            else:
                noun += len(s.tokens)
    print(f"  parsed but holding no part of a record: {sentences} sentences, {verb + noun} words; "
          f"{verb} in sentences with a cue form tagged as a verb, {noun} in sentences with none")


def main() -> int:
    texts = benchmark_texts()
    parser = Extractor(device="cpu").parser
    docs = [prepare(t, parser.lex) for t in texts]
    parser.analyse(docs[:2])  # warm up
    selective = parser.analyse(docs)
    paragraphs, sentences = _oracle(selective)

    def everything() -> list[Analysis]:
        return parser.analyse(docs, select=False)

    def default() -> list[Analysis]:
        return parser.analyse(docs)

    def oracle() -> list[Analysis]:
        restore = _install_oracle(paragraphs, sentences)
        try:
            return parser.analyse(docs)
        finally:
            restore()

    modes = {"everything": everything, "selective": default, "oracle": oracle}
    times: dict[str, list[float]] = {name: [] for name in modes}
    results: dict[str, list[Analysis]] = {}
    for _ in range(ROUNDS):  # interleaved, so drifts in machine load hit every mode alike
        for name, run in modes.items():
            start = time.perf_counter()
            results[name] = run()
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["everything"])
    print(f"{len(docs)} documents; stanza's part (Parser.analyse), median of {ROUNDS} rounds:")
    for name in modes:
        seg, parsed = _words(results[name])
        median = statistics.median(times[name])
        print(f"  {name:10s} {median:6.1f} s  {base / median:4.2f}x  words segmented {seg:6d}, parsed {parsed:6d}")
    same = [attribute(a) for a in results["oracle"]] == [attribute(a) for a in results["selective"]]
    print(f"  oracle records equal the selective ones: {same}")
    _waste(selective, sentences, parser.lex)
    return 0


if __name__ == "__main__":
    sys.exit(main())
