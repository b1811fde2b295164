"""Putting it together: run the rules over a document and keep one record where several overlap."""

from __future__ import annotations

import bisect

from quotes.attribute.cue_rules import cue_records
from quotes.attribute.doc import Doc, Tree
from quotes.attribute.span_rules import SPAN_RULES, transcript_turn
from quotes.cues import Lexicon, lexicon
from quotes.types import Analysis, Attribution, Span


def _compatible(a: Attribution, b: Attribution) -> bool:
    """Records may share text when one is an *according to* report of the other's event.

    Pattern: [The president told her [that it was not simple]], according to her account.
    """
    if a.end <= b.start or b.end <= a.start:
        return True
    outer, inner = (a, b) if a.rule == "according_to" else (b, a)
    return outer.rule == "according_to" and inner.rule != "according_to" and \
        outer.start <= inner.start and inner.end <= outer.end


NEIGHBOURS = 8  # kept records looked at around a new one (nesting is shallow)


def _settle(records: list[Attribution]) -> list[Attribution]:
    """Keep one record where several overlap: quoted content, then confidence, then position."""
    ranked = sorted(records, key=lambda r: (-bool(r.pieces), -r.confidence, r.start))
    kept: list[Attribution] = []
    starts: list[int] = []
    for rec in ranked:
        i = bisect.bisect_left(starts, rec.end)
        near = kept[max(0, i - NEIGHBOURS):i + 1]
        if all(_compatible(rec, k) for k in near):
            j = bisect.bisect_left(starts, rec.start)
            kept.insert(j, rec)
            starts.insert(j, rec.start)
    return kept


def _last_before(records: list[Attribution], starts: list[int], offset: int) -> Attribution | None:
    """The latest-starting record that ends at or before offset (records sorted by start)."""
    i = bisect.bisect_right(starts, offset) - 1
    for k in range(i, max(-1, i - NEIGHBOURS), -1):
        if records[k].end <= offset:
            return records[k]
    return None


def _covered(span: Span, records: list[Attribution], starts: list[int]) -> bool:
    i = bisect.bisect_right(starts, span.start) - 1
    return any(r.end >= span.end for r in records[max(0, i - NEIGHBOURS):i + 1] if r.start <= span.start)


def attribute(analysis: Analysis, lex: Lexicon | None = None) -> list[Attribution]:
    """Run every rule over one analysed document.

    Args:
        analysis: the document's spans and parsed sentences.
        lex: the word lists (the packaged ones, default cue classes, by default);
            records whose cue class it does not choose are dropped.

    Returns:
        Non-overlapping records sorted by offset, speakers not yet resolved.
    """
    doc = Doc(analysis, lex or lexicon())
    found: list[Attribution] = []
    for sentence in analysis.sentences:  # a sentence a surface frame decides gets its record from the frame
        if sentence.parsed and not doc.framed.cover(sentence.start, sentence.end) \
                and sentence.paragraph not in doc.link_lines:
            found.extend(cue_records(doc, Tree(sentence)))
    found.extend(transcript_turn(doc, turn) for turn in analysis.turns
                 if any(c.isalpha() for c in analysis.text[turn.start:turn.end]))  # "Clinton: 1,769." is a tally
    records = _settle([r for r in found if (r.cue_class is None or r.cue_class in doc.lex.cues)
                       and not (r.cue_start is not None and doc.in_credit(r.cue_start, r.cue_end or r.cue_start))])
    starts = [r.start for r in records]
    for span in analysis.spans:
        if _covered(span, records, starts) or doc.paragraph_of(span.start).index in doc.link_lines:
            continue
        last = _last_before(records, starts, span.start)
        record = next((r for rule in SPAN_RULES if (r := rule(doc, span, last)) is not None), None)
        if record is None or (record.cue_class is not None and record.cue_class not in doc.lex.cues):
            continue
        if record.rule == "continues_previous" and last is not None:
            i = bisect.bisect_left(starts, last.start)
            while records[i] is not last:
                i += 1
            del records[i], starts[i]
        i = bisect.bisect_left(starts, record.start)
        records.insert(i, record)
        starts.insert(i, record.start)
    return records
