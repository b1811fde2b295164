"""The regex pass: every quoted span of a text, its pieces and marks.

Pure Python, no model. One compiled pattern finds the candidate marks (and
line breaks); a small stack machine decides, from the characters around
each mark, whether it opens a quote, closes one or is an apostrophe.

Guarantees, for any input string:

* no exception is raised;
* spans lie inside the text, are sorted and never overlap;
* every piece starts on an opening mark and ends on a closing mark, except a
  paragraph of a multi-paragraph quote, which ends at its paragraph's end;
* an unclosed mark never reaches past its paragraph and never hides the
  quotes after it (the quotes found inside it are kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import regex

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
_ELISION = re.compile(r"(?:em|n|tis|twas|til|cause|bout|round|nother|[0-9]{2}s?)\b", re.I)
_LATER_CLOSER = re.compile(r"[^\r\n\u2028\u2029\u0085]*?\S['’](?!\w)")
_GAP_MARK = re.compile(r"[\"“”„‟«»‹›「」『』‚‘`]|(?<!\w)['’]|['’](?!\w)")
_SENTENCE_END = regex.compile(r"[!?]|(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|Lt|Gen|Gov|Sen|Rep|Col|Mrs|Rev|Sgt|Maj|Adm|Capt|Prof|Pres))\.\s")


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


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Split a text into its non-blank lines.

    Args:
        text: the document text.

    Returns:
        One :class:`Paragraph` per line holding something other than
        whitespace, with offsets trimmed to its first and last visible
        character.
    """
    found: list[Paragraph] = []
    for match in re.finditer(r"[^\r\n\u2028\u2029\u0085]+", text):
        start, end = match.span()
        while start < end and _is_gap(text[start]):
            start += 1
        while end > start and _is_gap(text[end - 1]):
            end -= 1
        if start < end:
            found.append(Paragraph(len(found), start, end))
    return tuple(found)


class _Scanner:
    """One left-to-right pass over the marks of a text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[_Open] = []
        self.spans: list[Span] = []
        self.continue_at = -1  # offset of a mark that reopens the bottom quote
        self.para_end = len(text)  # line break ending the bottom quote's paragraph
        self.plain_newlines = not any(c in text for c in "\r\u2028\u2029\u0085")

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
    def _emit(self, span: Span) -> None:
        if self.stack:
            self.stack[-1].inner.append(span)
        else:
            self.spans.append(span)

    def _drop(self, entry: _Open) -> None:
        """Forget an unclosed quote; the quotes found inside it survive."""
        for span in entry.inner:
            self._emit(span)

    def _close(self, depth: int, start: int, end: int) -> None:
        while len(self.stack) > depth + 1:
            self._drop(self.stack.pop())
        entry = self.stack.pop()
        if not entry.pieces and not self.text[entry.piece_start + entry.open_len:start].strip():
            self._drop(entry)  # "" holds nothing to quote
            return
        pieces = (*entry.pieces, Piece(entry.piece_start, end, entry.open_len, end - start))
        self._emit(Span(pieces[0].start, end, pieces, entry.family))

    def _find_open(self, mark: str, family: str) -> int:
        for depth in range(len(self.stack) - 1, -1, -1):
            entry = self.stack[depth]
            if entry.family == family and mark in _CLOSERS[entry.char]:
                return depth
        return -1

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
            depth = self._find_open(mark, family)
            if depth >= 0 and not (family == "single" and self._possessive(start, end)):
                self._close(depth, start, end)
                return
        if can_open:
            if not self.stack:
                self._set_paragraph(end)
            self.stack.append(_Open(mark, family, start, end - start))

    def _set_paragraph(self, pos: int) -> None:
        """Remember where the paragraph holding pos ends."""
        if self.plain_newlines:
            found = self.text.find("\n", pos)
            self.para_end = found if found >= 0 else len(self.text)
            return
        match = _LINE_BREAK.search(self.text, pos)
        self.para_end = match.start() if match else len(self.text)

    def paragraph_break(self) -> None:
        """End the paragraph: continue the bottom quote or drop what is open."""
        while len(self.stack) > 1:
            self._drop(self.stack.pop())
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
        self._drop(self.stack.pop())


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


def _interrupts(text: str, first: Span, second: Span) -> bool:
    """True when a short attribution between two quotes makes them one span.

    Pattern: “…,” the minister told reporters, “…” — the first quote ends in
    a comma or dash inside its marks, the text between is a short clause
    ending in a comma or dash, on one line, with no sentence end.
    """
    if first.family != second.family or second.start - first.end > 120:
        return False
    last = first.pieces[-1]
    if last.close_len == 0 or text[last.inner_end - 1:last.inner_end] not in (",", "—", "–", "-"):
        return False
    gap = text[first.end:second.start]
    stripped = gap.strip()
    if not stripped or stripped[-1] not in ",—–" or any(c in _LINE_BREAKS for c in gap):
        return False
    if len(stripped.split()) > 12 or _SENTENCE_END.search(gap + " "):
        return False
    return _GAP_MARK.search(stripped) is None


def _merge_interruptions(text: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and _interrupts(text, merged[-1], span):
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
    return tuple(_merge_interruptions(text, spans))
