"""The regex pass: every quoted span of a text, its pieces and marks.

Pure Python, no model. One compiled pattern finds the candidate marks (and
line breaks); a small stack machine decides, from the characters around
each mark, whether it opens a quote, closes one or is an apostrophe.

A paragraph is a line, except where a line is wrapped: a line that goes on in
lower case joins the one before, and in hard-wrapped text (no line over 100
characters, blank lines between paragraphs) only a blank or indented line
starts a new one (see :func:`soft_break`).

Guarantees, for any input string:

* no exception is raised;
* spans lie inside the text, are sorted and never overlap;
* every piece starts on an opening mark and ends on a closing mark, except a
  paragraph of a multi-paragraph quote, which ends at its paragraph's end;
* an unclosed mark never reaches past its paragraph and never hides the
  quotes after it (the quotes found inside it are kept).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import regex

from quotes.cues import read_lines
from quotes.types import Paragraph, Piece, Span

# One character class keeps the scan in C; apostrophes inside words and
# lone backticks are skipped in Python, which is cheaper than lookarounds.
_MARKS = re.compile(r"[\"“”„‟«»‹›「」『』‚‘'’`]")
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\u0085]")
_LINE_BREAKS = frozenset("\r\n\u2028\u2029\u0085")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_QUOTE_CHARS = frozenset("\"“”„‟«»‹›「」『』‚‘’'`")
_BEFORE_OPEN = frozenset("([{<—–-/") | _QUOTE_CHARS | _ZERO_WIDTH
_CLOSE_CONTEXT = frozenset(".,;:!?)]}>—–-/…*") | _QUOTE_CHARS

# Marks whose role does not depend on the characters around them.
_POSITION_FREE: dict[str, tuple[bool, bool]] = {
    "«": (True, True), "»": (True, True), "‹": (True, True), "›": (True, True),
    "「": (True, False), "『": (True, False), "„": (True, False), "‟": (True, False),
    "‚": (True, False), "``": (True, False), "」": (False, True), "』": (False, True),
}
# Which family each mark belongs to, and which marks close a quote opened by it.
_FAMILY = {
    "“": "double", "”": "double", '"': "double", "„": "double", "‟": "double",
    "''": "double", "``": "double",
    "‘": "single", "’": "single", "'": "single", "‚": "single",
    "«": "guillemet", "»": "guillemet", "‹": "guillemet1", "›": "guillemet1",
    "「": "corner", "」": "corner", "『": "corner2", "』": "corner2",
}
_CLOSERS: dict[str, frozenset[str]] = {
    "“": frozenset(("”", '"', "“", "''")),
    "”": frozenset(("”", '"')),
    '"': frozenset(('"', "”", "“", "''")),
    "„": frozenset(("“", "”", '"')),
    "‟": frozenset(("”", '"')),
    "''": frozenset(("''", '"', "”")),
    "``": frozenset(("''", '"', "”")),
    "‘": frozenset(("’", "'", "‘")),
    "'": frozenset(("'", "’")),
    "‚": frozenset(("‘", "’", "'")),
    "«": frozenset(("»",)),
    "»": frozenset(("«",)),
    "‹": frozenset(("›",)),
    "›": frozenset(("‹",)),
    "「": frozenset(("」",)),
    "『": frozenset(("』",)),
}
# Words that follow an apostrophe in opening position without a quote: ’80s, 'em.
_ELISION = re.compile("(?:" + "|".join(read_lines("elisions.txt")) + r"|[0-9]{2}s?)\b", re.IGNORECASE)
_VISIBLE = re.compile(r"\S")  # searched, not sliced: an outer quote of a deep nest spans the whole text
_LONG_FIRST_LINE = re.compile(r"[^\r\n]{101}")
_LONG_LINE = re.compile(r"[\r\n][^\r\n]{101}")  # anchored on the break: a bare search is quadratic
_ANY_BREAK = re.compile(r"\r\n|[\r\n]")
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n|\r[ \t]*\r")
_LATER_CLOSER = re.compile(r"[^\r\n\u2028\u2029\u0085]*?\S['’](?!\w)")
_GAP_MARK = re.compile(r"[\"“”„‟«»‹›「」『』‚‘`]|(?<!\w)['’]|['’](?!\w)")
_SENTENCE_END = regex.compile(r"[!?]|(?<![A-Z])(?<!\b(?:" + "|".join(read_lines("stop_abbreviations.txt")) + r"))\.\s")

_CAP_WORDS = r"[A-Z][\w’'.-]*(?:[ \u00a0]+[A-Z][\w’'.-]*){0,3}"


def _alternatives(entries: list[str]) -> str:
    """Data-file entries as regex alternatives, in file order; a space matches any run of spaces."""
    return "|".join(re.escape(entry).replace(r"\ ", r"[ \u00a0]+") for entry in entries)


_AGENCY = rf"(?:The[ \u00a0]+)?(?:{_alternatives(read_lines('news_agencies.txt'))})"
_LABELS = [line.split() for line in read_lines("credit_labels.txt")]
# Where a credit after "Image:", "Photo by" or "Reporting by" ends. Such a credit
# may sit inside running text (scraped articles often come one line each), so it
# never simply runs to the line's end: it ends at a NAME/AGENCY pair whose slash
# is the first one within 300 characters ("Image: Protesters at the court. Jane
# Rowe/AP"); failing that, at the line's end when the line ends within 250
# characters (a caption line: "Photo: a barn fire"); failing that, after the
# names that follow the label. Every branch is bounded, so a long line costs
# linear time.
_NAME = r"(?:[A-Z]\.|[A-Z][\w’'-]*)(?:[ \u00a0]+(?:[A-Z]\.|[A-Z][\w’'-]*)){0,3}"  # no sentence's full stop
_CREDIT_NAMES = (rf"{_NAME}(?:(?:[ \u00a0]+and|[,;&])[ \u00a0]+"
                 rf"(?:(?:[Aa]dditional[ \u00a0]+)?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Rr]esearch)[ \u00a0]+by[ \u00a0]+)?"
                 rf"(?:{_AGENCY}\b|{_NAME})){{0,8}}")
_CREDIT_PART = rf"(?:{_AGENCY}\b|{_NAME})"
# (?=(?P<x>...))(?P=x) scans possessively: no backtracking inside a line, whatever it holds
_CREDIT_TAIL = (r"(?:(?=(?P<scan>[^\n/]{0,300}))(?P=scan)(?<=[A-Za-z.])/"  # ... Jane Rowe/AP
                rf"{_CREDIT_PART}(?:/{_CREDIT_PART})*"
                r"|(?=(?P<line>[^\n]{0,250}))(?P=line)$"
                rf"|[ \u00a0]*(?:{_CREDIT_NAMES})?)")
_CREDIT = re.compile(
    rf"(?:\b(?:{'|'.join(words[0] for words in _LABELS)})s?"
    r"(?:[ \u00a0]+(?:by|courtesy(?:[ \u00a0]+of)?))?[ \u00a0]*:"  # "Image: Jane Rowe/AP"
    rf"|\b(?:{'|'.join(words[0] for words in _LABELS if words[1:] == ['by'])})[ \u00a0]+by[ \u00a0]"
    r"|\b(?:Additional[ \u00a0]+(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Rr]esearch)|Reporting|Writing|Editing|Research)"
    rf"[ \u00a0]+by[ \u00a0]){_CREDIT_TAIL}"  # wire credits
    rf"|^[ \t]*By[ \u00a0]+{_CAP_WORDS}(?:,(?:[ \u00a0]+[A-Z][\w’'.-]*){{1,5}})?[ \t]*$"  # a byline paragraph
    r"|\([^()\n]{0,80}/[^()\n]{0,80}\)"  # (Jane Rowe/AP), (The Canadian Press/Tom Hale)
    rf"|{_CAP_WORDS}/{_AGENCY}\b|{_AGENCY}/{_CAP_WORDS}"  # Jane Rowe/AP, Canadian Press/Tom Hale
    rf"|(?<=[.!?”\"] ){_CAP_WORDS}/{_CAP_WORDS}[ \t]*$"  # a caption's last words: "... cancelled. Northern Press/Leah Morrow"
    r"|^[ \t]*[A-Z][A-Z’'.-]+(?:[ \u00a0][A-Z][A-Z’'.-]+)*(?:,[ \u00a0][A-Z][\w.]*(?:[ \u00a0][A-Z][\w.]*)?)?"
    r"[ \u00a0]*(?:\([^()\n]{1,40}\))?[ \u00a0]*(?:—|–|-{1,2})(?=[ \u00a0])",  # a dateline: OTTAWA (Reuters) -
    re.MULTILINE,
)


# Quotes open at once, at most: a mark that would open one more first drops the
# open ones (the quotes found inside them are kept), as a paragraph's end does.
# Each open quote costs about 400 bytes, so a megabyte of bare " (every one in
# opening position) would otherwise hold 400 MB; real text nests a few deep.
MAX_DEPTH = 20_000


@dataclass(slots=True)
class _Open:
    """A quote opened and not yet closed (mutable, private to the scanner)."""

    char: str
    family: str
    piece_start: int
    open_len: int
    pieces: list[Piece] = field(default_factory=list)
    inner: list[Span] = field(default_factory=list)


def _is_gap(ch: str) -> bool:
    return ch.isspace() or ch in _ZERO_WIDTH


def hard_wrapped(text: str) -> bool:
    """True for text wrapped at a fixed width, with blank lines between paragraphs.

    Such text (newswire archives, e-mailed copy, some database exports) breaks
    lines inside sentences; only a blank line or an indented line then starts
    a paragraph. The test: no line longer than 100 characters, at least one
    blank line, and at least three lines followed by another line, two
    thirds of them 50 characters or longer (a wrapped line is nearly full).
    """
    if _LONG_FIRST_LINE.match(text) or _LONG_LINE.search(text) or not _BLANK_LINE.search(text):
        return False
    lines = _ANY_BREAK.split(text)
    inner = [len(a.strip()) for a, b in zip(lines, lines[1:]) if a.strip() and b.strip()]
    return len(inner) >= 3 and 3 * sum(n >= 50 for n in inner) >= 2 * len(inner)


def soft_break(text: str, at: int, wrapped: bool) -> bool:
    """True when the line break at offset at continues its paragraph.

    In hard-wrapped text every break is soft unless a blank line or an
    indented line follows. Elsewhere a break is soft only where the next line
    starts with a lower-case letter and the line before does not end a
    sentence or introduce a list (.!?:).
    """
    n = len(text)
    if at and text[at] == "\n" and text[at - 1] == "\r":
        at -= 1  # the second half of a CRLF
    nxt = at + 2 if text.startswith("\r\n", at) else at + 1
    k = nxt
    while k < n and text[k] in " \t":
        k += 1
    if k >= n or text[k] in _LINE_BREAKS:
        return False  # a blank line, or the end of the text
    prev = at
    while prev > 0 and text[prev - 1] in " \t":
        prev -= 1
    if prev == 0 or text[prev - 1] in _LINE_BREAKS:
        return False  # the line before is empty
    if wrapped and k == nxt:
        return True
    return text[k].islower() and text[prev - 1] not in ".!?:"


def _hard_breaks(text: str) -> list[int]:
    """Offsets of the line breaks that end paragraphs (CRLF counts once)."""
    wrapped = hard_wrapped(text)
    out = []
    for match in _LINE_BREAK.finditer(text):
        at = match.start()
        if at and text[at - 1] == "\r" and text[at] == "\n":
            continue
        if not soft_break(text, at, wrapped):
            out.append(at)
    return out


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Split a text into paragraphs.

    A paragraph ends at a line break, except a soft one (see
    :func:`soft_break`): a wrapped line that goes on in lower case, or any
    single line break of hard-wrapped text. A paragraph may therefore hold
    line breaks.

    Args:
        text: the document text.

    Returns:
        One :class:`Paragraph` per paragraph holding something other than
        whitespace, with offsets trimmed to its first and last visible
        character.
    """
    found: list[Paragraph] = []
    start = 0
    for stop in [*_hard_breaks(text), len(text)]:
        end = stop
        while start < end and _is_gap(text[start]):
            start += 1
        while end > start and _is_gap(text[end - 1]):
            end -= 1
        if start < end:
            found.append(Paragraph(len(found), start, end))
        start = stop + 1
    return tuple(found)


class _Scanner:
    """One left-to-right pass over the marks of a text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[_Open] = []
        # for each closing mark, the depths of the open quotes it can close (deepest last):
        # finding the quote a mark closes never scans the stack, however deep it is
        self.closable: dict[str, list[int]] = {mark: [] for closers in _CLOSERS.values() for mark in closers}
        self.spans: list[Span] = []
        self.continue_at = -1  # offset of a mark that reopens the bottom quote
        self.para_end = len(text)  # line break ending the bottom quote's paragraph
        self.plain_newlines = not any(c in text for c in "\r\u2028\u2029\u0085")
        self.wrapped = hard_wrapped(text)
        self.known = (0, -1)  # no hard line break lies in [known[0], known[1]); known[1] is one

    # -- the position of a mark -------------------------------------------
    def _roles(self, mark: str, start: int, end: int) -> tuple[bool, bool]:
        """Return (can open, can close) for a mark at a position.

        A mark is in opening position when it follows a space (or an opening
        bracket, dash or other mark) and precedes a visible character, and in
        closing position in the mirror case.
        """
        if mark in _POSITION_FREE:
            return _POSITION_FREE[mark]
        text = self.text
        prev = text[start - 1] if start else " "
        nxt = text[end] if end < len(text) else " "
        prev_gap = prev in _BEFORE_OPEN or prev.isspace()
        next_space = nxt in _ZERO_WIDTH or nxt.isspace()
        opening = prev_gap and not next_space
        closing = not prev_gap and (next_space or nxt in _CLOSE_CONTEXT)
        if mark == '"' or mark == "''":
            if opening == closing:  # spaced on both sides, or glued: toggle
                return True, True
            return opening, closing
        if mark == "“":
            return not closing, closing
        if mark == "”":
            return opening, not opening
        if mark == "’":
            return False, closing
        # ‘ and ': an opening single quote unless it elides (’80s, 'em)
        return opening and _ELISION.match(text, end) is None, closing

    # -- stack operations ---------------------------------------------------
    def _push(self, entry: _Open) -> None:
        for mark in _CLOSERS[entry.char]:
            self.closable[mark].append(len(self.stack))
        self.stack.append(entry)

    def _pop(self) -> _Open:
        entry = self.stack.pop()
        for mark in _CLOSERS[entry.char]:
            self.closable[mark].pop()
        return entry

    def _emit(self, span: Span) -> None:
        if self.stack:
            self.stack[-1].inner.append(span)
        else:
            self.spans.append(span)

    def _drop(self, entry: _Open) -> None:
        """Forget an unclosed quote; the quotes found inside it survive.

        They move to the quote below (or the result). The shorter list is
        appended to the longer, so deep nests of unclosed quotes stay
        O(n log n); the order is restored by the final sort.
        """
        if not self.stack:
            self.spans.extend(entry.inner)
            return
        below = self.stack[-1]
        if len(entry.inner) > len(below.inner):
            below.inner, entry.inner = entry.inner, below.inner
        below.inner.extend(entry.inner)

    def _close(self, depth: int, start: int, end: int) -> None:
        while len(self.stack) > depth + 1:
            self._drop(self._pop())
        entry = self._pop()
        if not entry.pieces and not _VISIBLE.search(self.text, entry.piece_start + entry.open_len, start):
            self._drop(entry)  # "" holds nothing to quote
            return
        pieces = (*entry.pieces, Piece(entry.piece_start, end, entry.open_len, end - start))
        self._emit(Span(pieces[0].start, end, pieces, entry.family))

    def _find_open(self, mark: str) -> int:
        """Depth of the innermost open quote this mark can close, or -1."""
        depths = self.closable.get(mark)
        return depths[-1] if depths else -1

    def _possessive(self, start: int, end: int) -> bool:
        """True for students' union inside an open single quote with a later closer."""
        text = self.text
        if start == 0 or text[start - 1] not in "sS" or end + 1 >= len(text):
            return False
        if not (text[end] == " " and text[end + 1].islower()):
            return False
        return _LATER_CLOSER.match(text, end) is not None

    def mark(self, mark: str, start: int, end: int) -> None:
        """Feed one quote mark to the machine."""
        if start == self.continue_at and self.stack:
            bottom = self.stack[0]
            bottom.piece_start, bottom.open_len = start, end - start
            self.continue_at = -1
            self._set_paragraph(end)
            return
        family = _FAMILY[mark]
        can_open, can_close = self._roles(mark, start, end)
        if can_close:
            depth = self._find_open(mark)
            if depth >= 0 and not (family == "single" and self._possessive(start, end)):
                self._close(depth, start, end)
                return
        if can_open:
            if len(self.stack) >= MAX_DEPTH:  # no text nests so deep: give up what is open, as at a paragraph's end
                while self.stack:
                    self._drop(self._pop())
            if not self.stack:
                self._set_paragraph(end)
            self._push(_Open(mark, family, start, end - start))

    def _set_paragraph(self, pos: int) -> None:
        """Remember where the paragraph holding pos ends."""
        text = self.text
        first, hard = self.known
        if first <= pos <= hard:  # marks come left to right: reuse the last search
            self.para_end = hard
            return
        start = pos
        while True:
            if self.plain_newlines:
                found = text.find("\n", pos)
            else:
                match = _LINE_BREAK.search(text, pos)
                found = match.start() if match else -1
            if found < 0:
                self.para_end = len(text)
                return
            if text.startswith("\n\n", found) or not soft_break(text, found, self.wrapped):  # "\n\n": common, sure
                self.para_end = found
                self.known = (start, found)
                return
            pos = found + 1

    def paragraph_break(self) -> None:
        """End the paragraph: continue the bottom quote or drop what is open."""
        while len(self.stack) > 1:
            self._drop(self._pop())
        bottom = self.stack[0]
        para_end = _last_visible(self.text, self.para_end)
        nxt = _next_mark(self.text, self.para_end)
        if nxt is not None and _FAMILY.get(nxt[0]) == bottom.family and para_end > bottom.piece_start:
            mark, start = nxt
            if self._roles(mark, start, start + len(mark))[0]:
                bottom.pieces.append(Piece(bottom.piece_start, para_end, bottom.open_len, 0))
                self.continue_at = start
                self.para_end = start
                return
        self._drop(self._pop())


def _next_mark(text: str, pos: int) -> tuple[str, int] | None:
    """The quote mark that starts the next paragraph at or after pos, if any."""
    n = len(text)
    while pos < n and _is_gap(text[pos]):
        pos += 1
    if pos >= n:
        return None
    two = text[pos:pos + 2]
    if two in ("''", "``"):
        return two, pos
    if text[pos] in _FAMILY:
        return text[pos], pos
    return None


def _last_visible(text: str, pos: int) -> int:
    """Offset just after the last visible character before pos."""
    while pos > 0 and _is_gap(text[pos - 1]):
        pos -= 1
    return pos


def _interrupts(text: str, first: Span, second: Span, wrapped: bool) -> bool:
    """True when a short attribution between two quotes makes them one span.

    Pattern: “…,” the minister told reporters, “…” — the first quote ends in
    a comma or dash inside its marks, the text between is a short clause
    ending in a comma or dash, in one paragraph, with no sentence end.
    """
    if first.family != second.family or second.start - first.end > 120:
        return False
    last = first.pieces[-1]
    if last.close_len == 0 or text[last.inner_end - 1:last.inner_end] not in (",", "—", "–", "-"):
        return False
    gap = text[first.end:second.start]
    stripped = gap.strip()
    if not stripped or stripped[-1] not in ",—–":
        return False
    for n, c in enumerate(gap):
        if c in _LINE_BREAKS and not soft_break(text, first.end + n, wrapped):
            return False
    if len(stripped.split()) > 12 or _SENTENCE_END.search(gap + " "):
        return False
    return _GAP_MARK.search(stripped) is None


def _merge_interruptions(text: str, spans: list[Span], wrapped: bool) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and _interrupts(text, merged[-1], span, wrapped):
            prev = merged.pop()
            span = Span(prev.start, span.end, prev.pieces + span.pieces, prev.family)
        merged.append(span)
    return merged


def find_spans(text: str) -> tuple[Span, ...]:
    """Find every top-level quoted span of a text.

    Args:
        text: any string; messy text gives fewer spans, never an exception.

    Returns:
        The spans sorted by offset. Quotes nested inside another quote are
        part of the outer span and are not listed on their own.

    Raises:
        TypeError: if text is not a str.
    """
    if not isinstance(text, str):
        raise TypeError(f"find_spans() needs a str, got {type(text).__name__}")
    scanner = _Scanner(text)
    skip = 0
    for match in _MARKS.finditer(text):
        start = match.start()
        if start < skip:
            continue
        mark = text[start]
        if mark in "'’`":  # two-character marks, and apostrophes inside words
            nxt = text[start + 1:start + 2]
            if nxt == mark and mark != "’":
                mark += nxt
            elif mark == "`" or (start and nxt.isalnum() and text[start - 1].isalnum()):
                continue
        end = skip = start + len(mark)
        if scanner.stack and start > scanner.para_end:
            scanner.paragraph_break()
        scanner.mark(mark, start, end)
    if scanner.stack:
        scanner.paragraph_break()
    spans = sorted(scanner.spans, key=lambda s: s.start)
    return tuple(_merge_interruptions(text, spans, scanner.wrapped))


class PieceIndex:
    """The quoted pieces of one document, sorted, to ask which piece holds an offset."""

    __slots__ = ("pieces", "starts")

    def __init__(self, spans: Iterable[Span]) -> None:
        self.pieces: list[Piece] = sorted((p for s in spans for p in s.pieces), key=lambda p: p.start)
        self.starts = [p.start for p in self.pieces]

    def at(self, offset: int) -> Piece | None:
        """The piece (quote marks included) that holds a character offset, if any."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.pieces[i].end:
            return self.pieces[i]
        return None

    def within(self, start: int, end: int) -> list[Piece]:
        """The pieces that lie wholly inside start:end, in text order."""
        found = []
        for i in range(bisect.bisect_left(self.starts, start), len(self.pieces)):
            piece = self.pieces[i]
            if piece.start >= end:
                break
            if piece.end <= end:
                found.append(piece)
        return found


class Stretches:
    """Sorted, non-overlapping character stretches, asked whether one covers start:end."""

    def __init__(self, stretches: Sequence[tuple[int, int]]) -> None:
        self.stretches = sorted(stretches)
        self.starts = [a for a, _ in self.stretches]

    def cover(self, start: int, end: int) -> bool:
        """Does one stretch hold all of start:end?"""
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self.stretches[i][1] >= end

    def overlap(self, start: int, end: int) -> bool:
        """Does a stretch share a character with start:end?"""
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.stretches[i][1] > start


def credit_ranges(text: str) -> list[tuple[int, int]]:
    """Stretches of text that credit a photographer or an author rather than quote anyone.

    Args:
        text: the document text.

    Returns:
        Sorted (start, end) offsets: the credit after "Photo:" or "Image:"
        (to its NAME/AGENCY pair, or to the end of a short line, never over
        the running text of a one-line article),
        bylines ("By Ana Ruiz, Staff Reporter" as a paragraph), bracketed
        credits ("(Jane Rowe/AP)") and NAME/AGENCY pairs ("Canadian
        Press/Tom Hale").
    """
    return list(_credit_ranges(text))


@functools.lru_cache(maxsize=4)
def _credit_ranges(text: str) -> tuple[tuple[int, int], ...]:
    # Cached: each window of a long document asks again for the whole text's credits.
    return tuple((m.start(), m.end()) for m in _CREDIT.finditer(text))


def credits_within(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The credits (:func:`credit_ranges`) that start inside start:end, found by bisection."""
    ranges = _credit_ranges(text)
    starts = _credit_starts(text)
    return list(ranges[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)])


@functools.lru_cache(maxsize=4)
def _credit_starts(text: str) -> tuple[int, ...]:
    return tuple(a for a, _ in _credit_ranges(text))
