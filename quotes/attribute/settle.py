"""Putting it together: run the rules of the table over a document and keep one record where several overlap.

The only place that dispatches rules: each step takes the rules of
:data:`quotes.attribute.rules.RULES` that start from its kind, in table order.
"""

from __future__ import annotations

import bisect

from quotes.attribute.cue_rules import cues_only_quotes, frame_at
from quotes.attribute.doc import Doc, Tree
from quotes.attribute.rules import Rule, starting_from
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


def _first(rules: tuple[Rule, ...], *where: object) -> tuple[Rule, Attribution] | None:
    """The first of the rules (in table order) that fires where it starts, with its record."""
    for rule in rules:
        record = rule.function(*where, rule.confidence)
        if record is not None:
            return rule, record
    return None


def cue_records(doc: Doc, tree: Tree) -> list[Attribution]:
    """Every record the word and frame rules make from one parsed sentence (overlaps are settled later).

    At each word the word rules are tried in table order, then, if none
    fired, the frame rules on the frame of a cue verb there.
    """
    word_rules, frame_rules = starting_from("word"), starting_from("frame")
    found = []
    for i in range(len(tree.tokens)):
        fired = _first(word_rules, doc, tree, i)
        if fired is None and (frame := frame_at(doc, tree, i)) is not None:
            fired = _first(frame_rules, doc, frame)
            if fired is not None and cues_only_quotes(doc, frame, fired[1]):
                fired = None
        if fired is not None:
            found.append(fired[1])
    return found


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
    turn_rules = starting_from("turn")
    for turn in analysis.turns:
        if any(c.isalpha() for c in analysis.text[turn.start:turn.end]):  # "Clinton: 1,769." is a tally
            if (fired := _first(turn_rules, doc, turn)) is not None:
                found.append(fired[1])
    records = _settle([r for r in found if (r.cue_class is None or r.cue_class in doc.lex.cues)
                       and not (r.cue_start is not None and doc.in_credit(r.cue_start, r.cue_end or r.cue_start))])
    starts = [r.start for r in records]
    span_rules = starting_from("span")
    for span in analysis.spans:
        if _covered(span, records, starts) or doc.paragraph_of(span.start).index in doc.link_lines:
            continue
        last = _last_before(records, starts, span.start)
        fired = _first(span_rules, doc, span, last)
        if fired is None:
            continue
        rule, record = fired
        if record.cue_class is not None and record.cue_class not in doc.lex.cues:
            continue
        if rule.replaces_previous and last is not None:
            i = bisect.bisect_left(starts, last.start)
            while records[i] is not last:
                i += 1
            del records[i], starts[i]
        i = bisect.bisect_left(starts, record.start)
        records.insert(i, record)
        starts.insert(i, record.start)
    return records
