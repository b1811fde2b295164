"""Long documents in windows of whole paragraphs, so memory is bounded by a window.

The regex pass and the paragraph split run over the whole document (they are
linear and small); stanza's documents, the tokens and the parse are made one
window at a time. A window is a *core* of consecutive paragraphs plus a few
paragraphs of *context* on each side; the records kept from a window are
those that start in its core, so every record comes from exactly one window.

Where a core ends matters more than the context. The rules reach across a
paragraph boundary only into a quote that opens the next paragraph (a
multi-paragraph quote, "He said:" ¶ “…”, a quote-only paragraph continuing
the previous speaker), so a cut is *safe* before a paragraph that holds words
before its first quote mark, and where no quoted span crosses. Cores end at
the last safe cut before the window size; when none lies within twice the
size after that either, at a cut outside quotes, and failing that anywhere
(text built to defeat this, not news). Only then can a record differ from
the whole-document run, and the context paragraphs make that rare.

A paragraph longer than the window itself is cut into parts at a sentence
end or a space (or, in text without either, at the size) that are analysed
like paragraphs.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from quotes.types import Paragraph, Span

CONTEXT = 2  # paragraphs read on each side of a core; the rules look one back
CONTEXT_SHARE = 4  # ... as long as they add at most 1/CONTEXT_SHARE of the size on each side
GROW = 2  # a core may grow to (1 + GROW) × the size to reach a safe cut
SAFE, OUTSIDE_QUOTES, FORCED = 2, 1, 0  # how good a cut is
_WORD = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Window:
    """Paragraphs analysed together, and the offsets whose records are kept.

    ``paragraphs`` (context and core, with their document indices) and
    ``spans`` (the quoted spans touching them) go to the parser; a record
    belongs to this window when ``start <= record.start < end``.
    """

    paragraphs: tuple[Paragraph, ...]
    spans: tuple[Span, ...]
    start: int
    end: int


def plan_windows(
    text: str, paragraphs: Sequence[Paragraph], spans: Sequence[Span], *, size: int, context: int = CONTEXT
) -> Iterator[Window]:
    """Cut a document into windows of whole paragraphs of about size characters.

    Args:
        text: the document text.
        paragraphs: its paragraphs (``quotes.spans.paragraphs``).
        spans: its quoted spans (``quotes.spans.find_spans``), sorted.
        size: the characters a core aims at (at least 1).
        context: paragraphs analysed on each side of a core, for the rules' look back.

    Yields:
        Windows in text order; their ``start:end`` ranges tile ``0:len(text)``.
    """
    regions = split_long(text, paragraphs, size)
    if not regions:
        yield Window((), (), 0, len(text))
        return
    cores = core_starts(regions, cut_quality(text, regions, spans), max(1, size))
    span_starts = [s.start for s in spans]
    span_ends = [s.end for s in spans]
    for n, first in enumerate(cores):
        stop = cores[n + 1] if n + 1 < len(cores) else len(regions)
        lo, hi = _with_context(regions, first, stop, context, size // CONTEXT_SHARE)
        a, b = regions[lo].start, regions[hi - 1].end
        touching = tuple(spans[bisect.bisect_right(span_ends, a):bisect.bisect_left(span_starts, b)])
        yield Window(tuple(regions[lo:hi]), touching, regions[first].start if n else 0,
                     regions[stop].start if stop < len(regions) else len(text))


def _with_context(regions: Sequence[Paragraph], first: int, stop: int, context: int, budget: int) -> tuple[int, int]:
    """The regions to analyse for the core first:stop: up to context more on each side, within budget characters."""
    lo = first
    while lo > 0 and first - lo < context and regions[first].start - regions[lo - 1].start <= budget:
        lo -= 1
    hi = stop
    while hi < len(regions) and hi - stop < context and regions[hi].end - regions[stop].start <= budget:
        hi += 1
    return lo, hi


def split_long(text: str, paragraphs: Sequence[Paragraph], size: int) -> list[Paragraph]:
    """The paragraphs, with each one longer than size cut into parts (same index).

    A part ends at the last ". " in the second half of its size, else the
    last space there, else at the size itself (text without spaces).
    """
    out: list[Paragraph] = []
    for para in paragraphs:
        if para.end - para.start <= size:
            out.append(para)
            continue
        pos = para.start
        while pos < para.end:
            cut = para.end if para.end - pos <= size else _part_end(text, pos, size)
            end = cut
            while end > pos and text[end - 1].isspace():
                end -= 1
            out.append(Paragraph(para.index, pos, end if end > pos else cut))
            pos = cut
            while pos < para.end and text[pos].isspace():
                pos += 1
    return out


def _part_end(text: str, pos: int, size: int) -> int:
    lo, hi = pos + max(1, size // 2), pos + size
    found = text.rfind(". ", lo, hi)
    if found >= 0:
        return found + 1
    found = max(text.rfind(" ", lo, hi), text.rfind("\n", lo, hi))
    return found if found > lo else hi


def cut_quality(text: str, regions: Sequence[Paragraph], spans: Sequence[Span]) -> list[int]:
    """How good a cut right before each region is: SAFE, OUTSIDE_QUOTES or FORCED.

    SAFE: no quoted span crosses it, it is between two paragraphs (not parts
    of one), and the next paragraph holds a word before its first quote. A
    cut that only keeps quotes whole is OUTSIDE_QUOTES. The first entry is
    unused.
    """
    starts = [s.start for s in spans]
    quality = [SAFE] * len(regions)
    for i in range(1, len(regions)):
        cut, region = regions[i].start, regions[i]
        k = bisect.bisect_left(starts, cut) - 1  # the last span starting before the cut
        if k >= 0 and spans[k].end > regions[i - 1].end:
            quality[i] = FORCED
            continue
        nxt = k + 1
        opens = nxt < len(spans) and spans[nxt].start < region.end and not _WORD.search(text, cut, spans[nxt].start)
        if opens or region.index == regions[i - 1].index:
            quality[i] = OUTSIDE_QUOTES
    return quality


def core_starts(regions: Sequence[Paragraph], quality: Sequence[int], size: int) -> list[int]:
    """Where each core starts (region positions): the best cut near every size characters.

    The last SAFE cut that keeps the core within size, else the first within
    GROW × size beyond, else the last OUTSIDE_QUOTES cut within size, else
    the last cut within size (at least one region per core).
    """
    starts = [r.start for r in regions]
    cores = [0]
    first = 0
    while regions[-1].end - starts[first] > size:
        base = starts[first]
        limit = max(first + 1, bisect.bisect_right(starts, base + size) - 1)
        if limit >= len(regions):
            break
        back = range(limit, first, -1)
        best = next((j for j in back if quality[j] == SAFE), None)
        if best is None:
            ahead = range(limit + 1, bisect.bisect_right(starts, base + (1 + GROW) * size))
            best = next((j for j in ahead if quality[j] == SAFE), None)
        if best is None:
            best = next((j for j in back if quality[j] == OUTSIDE_QUOTES), limit)
        cores.append(best)
        first = best
    return cores
