"""The pipeline, stage by stage, for one batch of documents.

Each stage is a module you can find from the folder layout:

1. ``spans.find_spans`` — every quoted span, its pieces and marks (regex, no model);
2. ``spans.paragraphs`` — the line-delimited paragraphs;
3. ``surface.surface_of`` — attributions read off the surface (“…,” said NAME.) and transcript turns;
4. ``parse.select_paragraphs`` — the paragraphs a rule can use (selective parsing);
5. ``parse.Parser`` segmentation — sentences of words (``tokenize.py``, or stanza's tokenizer);
6. ``parse.Parser`` tagging and parsing — only the sentences a rule can start from (``parse._needs_parse``,
   derived from ``attribute/rules.py``), batched through stanza (``fastparse/`` inside);
7. ``attribute.attribute`` — the rule table turns cues, frames, turns and spans into records;
8. ``speakers.speakers`` — canonical speaker, role, type and gender; the decisions that need the speaker;
9. :func:`quotes_from_records` — the public :class:`~quotes.types.Quote` records.

:func:`run` is the whole pipeline for a batch of documents and reads top to
bottom: :func:`prepare` (stages 1–3), :func:`analyse` (4–6, the batch
together), then stage 7 and :func:`quotes_from_records` (8–9) per document. A
long document goes through the same functions window by window
(:func:`windowed_records`): it is prepared once, whole, and each window is
the part of it one parser call sees. The :class:`~quotes.extract.Extractor`
holds the loaded parser and the options, and runs this in one process, in
worker processes or on a Dask cluster alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from quotes.attribute import attribute
from quotes.cues import Lexicon, lexicon
from quotes.options import Options
from quotes.attribute.rules import RULES
from quotes.parse import Parser, SurfaceTest, surface_tests
from quotes.spans import find_spans
from quotes.spans import paragraphs as split_paragraphs
from quotes.speakers import speakers
from quotes.surface import surface_of
from quotes.types import KINDS, Analysis, Attribution, Prepared, Quote, Resolution
from quotes.windows import Window, plan_windows


PREFILTER: tuple[SurfaceTest, ...] = surface_tests(RULES)  # stage 6's prefilter, derived from the rule table


def run(parser: Parser, batch: Sequence[tuple[str, str]], options: Options, lex: Lexicon
        ) -> list[tuple[str, list[Quote]]]:
    """The whole pipeline for a batch of (doc_id, text): the records of each document, in input order."""
    size = options.window_chars
    prepared = {n: prepare(text, lex, surface=options.surface) for n, (_, text) in enumerate(batch)}
    short = [n for n, (_, text) in enumerate(batch) if len(text) <= size]
    analyses = dict(zip(short, analyse(parser, [prepared[n] for n in short], select=options.select)))
    out = []
    for n, (doc_id, text) in enumerate(batch):
        if n in analyses:
            records = attribute(analyses[n], lex)
        else:  # a long document: the same stages, window by window
            records = windowed_records(parser, prepared[n], lex, size=size, select=options.select)
        out.append((doc_id, quotes_from_records(text, records, doc_id, options.kinds, lex, options.gender)))
    return out


def prepare(text: str, lex: Lexicon, *, surface: bool = True) -> Prepared:
    """Stages 1–3: the quoted spans, the paragraphs, the surface frames and turns of one text."""
    spans = tuple(find_spans(text))
    paragraphs = tuple(split_paragraphs(text))
    frames, turns = surface_of(text, spans, paragraphs, lex, surface)
    return Prepared(text, spans, paragraphs, frames, turns)


def analyse(parser: Parser, docs: Sequence[Prepared], *, select: bool = True) -> list[Analysis]:
    """Stages 4–6 for a batch: selection, segmentation, tagging and parsing (see :meth:`Parser.analyse`)."""
    return parser.analyse(docs, select=select)


def window_of(prepared: Prepared, window: Window) -> Prepared:
    """The part of a prepared document one window covers: its paragraphs, spans, frames and turns."""
    lo = window.paragraphs[0].start if window.paragraphs else 0
    hi = window.paragraphs[-1].end if window.paragraphs else 0
    by_start = {prepared.spans[n].start: frame for n, frame in prepared.frames.items()}
    frames = {k: by_start[s.start] for k, s in enumerate(window.spans) if s.start in by_start}
    turns = tuple(t for t in prepared.turns if lo <= t.start < hi)
    return Prepared(prepared.text, tuple(window.spans), tuple(window.paragraphs), frames, turns)


def windows_of(prepared: Prepared, size: int) -> Iterator[tuple[Window, Prepared]]:
    """Each window of a long prepared document (:mod:`quotes.windows`) and the part of it the window covers."""
    for window in plan_windows(prepared.text, prepared.paragraphs, prepared.spans, size=size):
        yield window, window_of(prepared, window)


def windowed_records(parser: Parser, prepared: Prepared, lex: Lexicon, *, size: int, select: bool = True
                     ) -> list[Attribution]:
    """Stages 4–7 of a long document, window by window: the records each window keeps (those starting in its core)."""
    records: list[Attribution] = []
    for window, part in windows_of(prepared, size):
        analysis = analyse(parser, [part], select=select)[0]
        records.extend(r for r in attribute(analysis, lex) if window.start <= r.start < window.end)
    return records


def quotes_from_analysis(
    analysis: Analysis, doc_id: str = "", kinds: frozenset[str] = frozenset(KINDS), lex: Lexicon | None = None,
    gender: str = "names",
) -> list[Quote]:
    """Attribute and resolve one analysed document.

    Args:
        analysis: the output of the parse stage for one document.
        doc_id: the identifier written into every record.
        kinds: which kinds of record to keep.
        lex: the word lists with the chosen cue classes (default: ``speech,writing``).
        gender: where ``speaker_gender`` comes from: ``names`` (the text, then
            the first-name table), ``text`` (the text only) or ``off``.

    Returns:
        The document's Quote records in text order, numbered from 1.
    """
    lex = lex or lexicon()
    return quotes_from_records(analysis.text, attribute(analysis, lex), doc_id, kinds, lex, gender)


def quotes_from_records(
    text: str, records: Sequence[Attribution], doc_id: str = "", kinds: frozenset[str] = frozenset(KINDS),
    lex: Lexicon | None = None, gender: str = "names",
) -> list[Quote]:
    """Resolve the speakers of one document's records, in one pass, and make Quote records.

    Args:
        text: the document text.
        records: all of its attribution records, in text order.
        doc_id: the identifier written into every record.
        kinds: which kinds of record to keep.
        lex: the word lists (default: the default cue classes').
        gender: ``names``, ``text`` or ``off`` (see :func:`quotes_from_analysis`).

    Returns:
        The document's Quote records in text order, numbered from 1.
    """
    lex = lex or lexicon()
    kept = [(r, found) for r, found in speakers(text, records, lex, gender=gender) if r.kind in kinds]
    return [_quote(text, doc_id, n, record, found) for n, (record, found) in enumerate(kept, 1)]


def _quote(text: str, doc_id: str, number: int, record: Attribution, found: Resolution) -> Quote:
    """The public record for one attribution; every text field is a slice of the document."""
    spk = record.speaker
    return Quote(
        doc_id=doc_id,
        quote_id=number,
        text=text[record.start:record.end],
        start=record.start,
        end=record.end,
        pieces=record.pieces,
        speaker=text[spk.start:spk.end] if spk else None,
        speaker_start=spk.start if spk else None,
        speaker_end=spk.end if spk else None,
        speaker_canonical=found.canonical,
        speaker_role=found.role,
        speaker_type=found.type,
        speaker_gender=found.gender,
        cue=text[record.cue_start:record.cue_end] if record.cue_start is not None else None,
        cue_start=record.cue_start,
        cue_end=record.cue_end,
        cue_class=record.cue_class,
        kind=record.kind,
        rule=record.rule,
        confidence=record.confidence,
    )
