"""Score the rule-based tokenizer (quotes.tokenize) on UD English EWT, and time it.

    python benchmarks/studies/tokenizer_score.py [--stanza] [--split dev test] [--errors N]

Each document of ``../shared/ud/ewt-{dev,test}.conllu.gz`` is rebuilt from
its ``# text`` lines: sentences of a paragraph (``# newpar``) joined by one
space, paragraphs by a line break. The gold words are placed in that text
by their forms (multi-word tokens give each word its own slice of the
surface token: "don't" is "do" + "n't"). The splitter runs once per
paragraph.

Printed per split:

* token F1: syntactic words matched by exact character offsets;
* sentence F1: a sentence is the span from its first to its last word,
  matched by offsets.

Then the speed on the PolNeAR dev texts (``../shared/eval/polnear-dev.jsonl``,
split into paragraphs by ``quotes.spans.paragraphs`` as the pipeline does):
words/s, median of three rounds, each round starting with an empty word
cache.

``--stanza`` also scores stanza's neural tokenizer and multi-word token
expander (the shared models, ``tokenize,mwt``, on the CPU with ``--threads``
torch threads, default 1: on a busy machine two threads can be many times
slower than one) the same way, times it on
PolNeAR dev in one batched call per round (as ``quotes.parse`` calls it),
rounds interleaved with the rule-based ones, and scores the rule-based
words and sentences against stanza's on PolNeAR dev (no gold there: this
is agreement, not accuracy). ``--errors N`` prints N sample token and
sentence errors of each kind.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from quotes.spans import paragraphs as split_paragraphs
from quotes.tokenize import _piece_spans
from quotes.tokenize import sentences as rule_sentences

Spans = list[tuple[int, int]]
Segmenter = Callable[[str, Sequence[tuple[int, int]]], list[Spans]]


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One EWT document rebuilt as text, with its gold words and sentences."""

    doc_id: str
    text: str
    paragraphs: tuple[tuple[int, int], ...]
    words: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]


def _blocks(path: Path) -> Iterator[list[str]]:
    """The sentence blocks (comment and word lines) of a CoNLL-U file."""
    block: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line:
                block.append(line)
            elif block:
                yield block
                block = []
    if block:
        yield block


def _sentence_words(block: list[str]) -> list[list[str]]:
    """Each surface token of a sentence as the list of its words' forms."""
    tokens: list[list[str]] = []
    skip_to = 0
    rows = [line.split("\t") for line in block if not line.startswith("#")]
    for n, row in enumerate(rows):
        if "." in row[0]:
            continue  # empty nodes
        if "-" in row[0]:
            first, last = (int(x) for x in row[0].split("-"))
            tokens.append([r[1] for r in rows[n + 1:n + 2 + last - first]])
            skip_to = last
            continue
        if int(row[0]) <= skip_to:
            continue
        tokens.append([row[1]])
    return tokens


def _place(text: str, at: int, tokens: list[list[str]]) -> Spans:
    """Character offsets of every word, found in order in text from at."""
    spans: Spans = []
    for words in tokens:
        surface = "".join(words)
        while text[at].isspace():
            at += 1
        if text[at:at + len(surface)] != surface:
            raise ValueError(f"token {surface!r} not found at {at}: {text[at:at + 40]!r}")
        for word in words:
            spans.append((at, at + len(word)))
            at += len(word)
    return spans


class _DocBuilder:
    """Accumulates the sentences of one document."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.parts: list[str] = []
        self.length = 0
        self.paragraphs: list[list[int]] = []
        self.words: Spans = []
        self.sentences: Spans = []

    def add(self, sent_text: str, tokens: list[list[str]], new_par: bool) -> None:
        if self.parts:
            sep = "\n" if new_par else " "
            self.parts.append(sep)
            self.length += 1
        if new_par or not self.paragraphs:
            self.paragraphs.append([self.length, self.length])
        start = self.length
        self.parts.append(sent_text)
        self.length += len(sent_text)
        self.paragraphs[-1][1] = self.length
        words = _place("".join(self.parts), start, tokens)
        self.words.extend(words)
        self.sentences.append((words[0][0], words[-1][1]))

    def build(self) -> GoldDoc:
        return GoldDoc(self.doc_id, "".join(self.parts), tuple((s, e) for s, e in self.paragraphs),
                       tuple(self.words), tuple(self.sentences))


def read_ewt(path: Path) -> list[GoldDoc]:
    """Rebuild the documents of an EWT CoNLL-U file.

    Args:
        path: a gzipped CoNLL-U file with ``# newdoc``, ``# newpar`` and ``# text`` comments.

    Returns:
        The documents, in file order.
    """
    docs: list[GoldDoc] = []
    builder: _DocBuilder | None = None
    for block in _blocks(path):
        comments = {line[2:].split(" = ", 1)[0]: line.split(" = ", 1)[-1] for line in block if line.startswith("# ")}
        if "newdoc id" in comments or builder is None:
            if builder is not None:
                docs.append(builder.build())
            builder = _DocBuilder(comments.get("newdoc id", "doc"))
        builder.add(comments["text"], _sentence_words(block), "newpar id" in comments or "newpar" in comments)
    if builder is not None:
        docs.append(builder.build())
    return docs


def rule_segmenter(text: str, paras: Sequence[tuple[int, int]]) -> list[Spans]:
    """quotes.tokenize run per paragraph: sentences as lists of word spans."""
    out: list[Spans] = []
    for start, end in paras:
        out.extend([(w.start, w.end) for w in sent] for sent in rule_sentences(text, start, end))
    return out


def stanza_pipeline(threads: int) -> Any:
    """Stanza's tokenize and mwt processors on the shared models, on the CPU with this many torch threads."""
    import stanza
    import torch

    torch.set_num_threads(threads)

    directory = os.environ.get("STANZA_RESOURCES_DIR", str(SHARED / "stanza_resources"))
    return stanza.Pipeline("en", dir=directory, processors="tokenize,mwt", download_method=None,
                           logging_level="WARN")


def stanza_segmenter(nlp: Any) -> Segmenter:
    """Stanza's tokenize+mwt, run per paragraph of one document."""
    import stanza

    def segment(text: str, paras: Sequence[tuple[int, int]]) -> list[Spans]:
        docs = nlp.process([stanza.Document([], text=text[s:e]) for s, e in paras])
        out: list[Spans] = []
        for (base, _), sdoc in zip(paras, docs):
            for sent in sdoc.sentences:
                spans: Spans = []
                for tok in sent.tokens:
                    spans.extend(_stanza_word_spans(tok, base))
                out.append(spans)
        return out

    return segment


def _stanza_word_spans(tok: Any, base: int) -> Spans:
    """Offsets of the words of one stanza token (a multi-word token's words by their lengths)."""
    start, end = base + tok.start_char, base + tok.end_char
    words = tok.words
    if len(words) == 1:
        return [(start, end)]
    if all(w.start_char is not None for w in words):
        return [(base + w.start_char, base + w.end_char) for w in words]
    if sum(len(w.text) for w in words) == end - start:
        spans: Spans = []
        for w in words:
            spans.append((start, start + len(w.text)))
            start += len(w.text)
        return spans
    return [(start, end)] + [(end, end)] * (len(words) - 1)  # expansions that are no split of the surface


def f1(gold: set[tuple[int, int]], pred: set[tuple[int, int]]) -> float:
    """F1 of two sets of spans (100 when both are empty)."""
    hit = len(gold & pred)
    if not gold and not pred:
        return 100.0
    return 200.0 * hit / (len(gold) + len(pred))


@dataclass
class Score:
    """Token and sentence counts over a split."""

    gold_words: int = 0
    pred_words: int = 0
    hit_words: int = 0
    gold_sents: int = 0
    pred_sents: int = 0
    hit_sents: int = 0
    seconds: float = 0.0

    def add(self, doc: GoldDoc, sents: list[Spans]) -> None:
        pred_words = {w for s in sents for w in s}
        pred_sents = {(s[0][0], s[-1][1]) for s in sents if s}
        self.gold_words += len(doc.words)
        self.pred_words += len(pred_words)
        self.hit_words += len(set(doc.words) & pred_words)
        self.gold_sents += len(doc.sentences)
        self.pred_sents += len(pred_sents)
        self.hit_sents += len(set(doc.sentences) & pred_sents)

    @staticmethod
    def _f(hit: int, a: int, b: int) -> float:
        return 200.0 * hit / (a + b) if a + b else 100.0

    def line(self, name: str) -> str:
        tok = self._f(self.hit_words, self.gold_words, self.pred_words)
        sent = self._f(self.hit_sents, self.gold_sents, self.pred_sents)
        speed = f"  {self.pred_words / self.seconds:,.0f} words/s" if self.seconds else ""
        return (f"{name}: token F1 {tok:.2f}  sentence F1 {sent:.2f}  "
                f"({self.gold_words} gold words, {self.gold_sents} gold sentences){speed}")


def score(docs: list[GoldDoc], segment: Segmenter, errors: int = 0) -> Score:
    """Run a segmenter over the documents and count matches.

    Args:
        docs: the gold documents.
        segment: (text, paragraphs) -> sentences of word spans.
        errors: how many sample errors to print.

    Returns:
        The counts, with the time spent in the segmenter.
    """
    total = Score()
    shown = {"token": 0, "sentence": 0}
    for doc in docs:
        start = time.perf_counter()
        sents = segment(doc.text, doc.paragraphs)
        total.seconds += time.perf_counter() - start
        total.add(doc, sents)
        if errors:
            _show_errors(doc, sents, errors, shown)
    return total


def _show_errors(doc: GoldDoc, sents: list[Spans], limit: int, shown: dict[str, int]) -> None:
    """Print token and sentence differences of one document, up to limit of each."""
    pred = {w for s in sents for w in s}
    gold = set(doc.words)
    for s, e in sorted(gold ^ pred):
        if shown["token"] >= limit:
            break
        if (s, e) in gold:
            shown["token"] += 1
            ctx = doc.text[max(0, s - 25):e + 25].replace("\n", "¶")
            near = sorted(w for w in pred if w[0] < e and s < w[1])
            print(f"TOKEN gold {doc.text[s:e]!r} pred {[doc.text[a:b] for a, b in near]}  …{ctx}…")
    pred_s = {(s[0][0], s[-1][1]) for s in sents if s}
    for s, e in sorted(set(doc.sentences) ^ pred_s):
        if shown["sentence"] >= limit:
            break
        shown["sentence"] += 1
        side = "missed" if (s, e) in doc.sentences else "extra "
        print(f"SENT {side} {doc.text[s:e][:160]!r}")


def polnear_paragraphs() -> list[tuple[str, list[tuple[int, int]]]]:
    """The PolNeAR dev texts with their paragraphs, as the pipeline splits them."""
    rows = [json.loads(line) for line in (SHARED / "eval" / "polnear-dev.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [(r["text"], [(p.start, p.end) for p in split_paragraphs(r["text"])]) for r in rows]


def rule_batch(docs: list[tuple[str, list[tuple[int, int]]]]) -> int:
    """Segment every paragraph with quotes.tokenize, starting with an empty word cache; return the word count."""
    _piece_spans.cache_clear()
    return sum(len(sent) for text, paras in docs for sent in rule_segmenter(text, paras))


def stanza_batch(nlp: Any) -> Callable[[list[tuple[str, list[tuple[int, int]]]]], int]:
    """Segment every paragraph with stanza's tokenize,mwt in one batched call, as quotes.parse does."""
    import stanza

    def run(docs: list[tuple[str, list[tuple[int, int]]]]) -> int:
        batch = [stanza.Document([], text=text[s:e]) for text, paras in docs for s, e in paras]
        return sum(len(sent.words) for d in nlp.process(batch) for sent in d.sentences)

    return run


def speed(docs: list[tuple[str, list[tuple[int, int]]]], arms: dict[str, Callable[..., int]],
          rounds: int = 3) -> dict[str, tuple[int, float]]:
    """Words and median seconds of each arm over the documents, arms interleaved round by round."""
    times: dict[str, list[float]] = {name: [] for name in arms}
    words: dict[str, int] = {}
    for _ in range(rounds):
        for name, run in arms.items():
            start = time.perf_counter()
            words[name] = run(docs)
            times[name].append(time.perf_counter() - start)
    return {name: (words[name], statistics.median(times[name])) for name in arms}


def agreement(docs: list[tuple[str, list[tuple[int, int]]]], nlp: Any) -> Score:
    """Words and sentences of quotes.tokenize scored against stanza's as the reference, on the same paragraphs."""
    segment = stanza_segmenter(nlp)
    total = Score()
    for text, paras in docs:
        theirs = segment(text, paras)
        words = tuple(w for sent in theirs for w in sent)
        reference = GoldDoc("", text, tuple(paras), words, tuple((s[0][0], s[-1][1]) for s in theirs if s))
        total.add(reference, rule_segmenter(text, paras))
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", nargs="+", default=["dev", "test"], choices=["train", "dev", "test"])
    parser.add_argument("--stanza", action="store_true", help="also score and time stanza's tokenize,mwt")
    parser.add_argument("--errors", type=int, default=0, help="print this many sample errors of each kind")
    parser.add_argument("--threads", type=int, default=1, help="torch threads for stanza (default 1)")
    args = parser.parse_args(argv)
    nlp = stanza_pipeline(args.threads) if args.stanza else None
    for split in args.split:
        docs = read_ewt(SHARED / "ud" / f"ewt-{split}.conllu.gz")
        print(score(docs, rule_segmenter, args.errors).line(f"EWT {split} quotes.tokenize"))
        if nlp is not None:
            print(score(docs, stanza_segmenter(nlp)).line(f"EWT {split} stanza tokenize,mwt"))
    arms: dict[str, Callable[..., int]] = {"quotes.tokenize": rule_batch}
    if nlp is not None:
        arms["stanza tokenize,mwt"] = stanza_batch(nlp)
    results = speed(polnear_paragraphs(), arms)
    for name, (words, seconds) in results.items():
        print(f"PolNeAR dev {name}: {words:,} words, median of 3 rounds {seconds:.3f} s, {words / seconds:,.0f} words/s")
    if nlp is not None:
        ratio = results["stanza tokenize,mwt"][1] / results["quotes.tokenize"][1]
        print(f"PolNeAR dev: quotes.tokenize is {ratio:,.0f}x as fast as stanza tokenize,mwt (rounds interleaved)")
        print(agreement(polnear_paragraphs(), nlp).line("PolNeAR dev quotes.tokenize against stanza's words and sentences"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
