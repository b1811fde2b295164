"""Rule-based English tokenizer and sentence splitter, in UD English EWT's conventions.

A fast stand-in for stanza's neural tokenizer and multi-word token expander.
Each run of non-space characters is split by one ``regex`` pattern, then by
the rules that read word lists (``quotes/data/abbreviations.txt``,
``hyphen_prefixes.txt``, ``sentence_starters.txt``); runs recur in a text,
so short ones are split once and remembered. A pass over the words then
finds the sentence ends. Every word is a slice of the original text, and
the words follow the treebank the stanza models were trained on (UD
English EWT):

* clitics are words of their own: "don't" is "do" + "n't", "can't" "ca" +
  "n't", "won't" "wo" + "n't", "China's" "China" + "'s", "I'm" "I" + "'m",
  "farmers'" "farmers" + "'", "cannot" "can" + "not", "gonna" "gon" + "na";
  an apostrophe inside a name keeps it whole ("O'Neill", "N'Diaye",
  "rock'n'roll"), as do decades ("80's", "1990s", "'60s") and ordinals;
* hyphens are words of their own ("long" "-" "term", "15" "-" "year"),
  except after a bound prefix ("e-mail", "non-profit", "anti-war") and
  inside phone numbers and ISO dates;
* slashes too ("and" "/" "or", "1" "/" "2"), except in dates ("9/11",
  "11/28/2000") and URLs;
* numbers keep their decimal point, commas and colons ("1,200.50",
  "10:30"); a unit after a number is its own word ("5" "pm", "9" "m",
  "100" "%", "$" "4.5" "billion");
* URLs, e-mail addresses, handles (@CityHall), hashtags (#vote), file and
  host names (report.pdf, google.com) are single words;
* abbreviations keep their period ("Mr.", "U.S.", "e.g.", "a.m.", "J."),
  except at the end of a sentence, where the period is a word of its own
  ("in the U.S" + ".");
* quote marks and brackets are words of their own; doubled marks ('' ``)
  and runs of the same punctuation ("...", "?!", "--", "***") are one word.

Sentences end at ``.``, ``!``, ``?``, ``…`` (or a run of them) followed by
space and a capital letter, a digit, or an opening quote or bracket; the
closing quotes and brackets right after the mark belong to the sentence
that ends. After an abbreviation the sentence ends only before a usual
sentence opener (``data/sentence_starters.txt``), after a title never. A
line break ends a sentence after a short line with no final punctuation
followed by a capitalised line (a headline or a byline kept in the
paragraph).

Every step is linear in its input: each alternative of the word pattern
either consumes what it scans or is bounded (quantifiers are possessive),
and the passes over the words look at each word a bounded number of times.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import sys
import unicodedata
from dataclasses import dataclass
import regex

from quotes.cues import read_lines

# Exactly the characters str.isspace() calls space (regex's \s leaves out U+001C..U+001F).
_SPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
_SPACE_CLASS = "".join(f"\\U{ord(c):08x}" for c in _SPACE)

TERMINALS = frozenset(".!?…")
CLOSERS = frozenset({'"', "'", "”", "’", "»", "›", ")", "]", "}", "''", "’’", "‘’"})
OPENERS = frozenset('"\'“‘„«‹([{`')
_NO_START = frozenset(",;:.!?)]}%…”’»›")  # a sentence never starts with these


@dataclass(frozen=True, slots=True)
class Word:
    """A syntactic word: ``text[start:end]`` (a split clitic has its own offsets)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Lists:
    """The word lists the rules read (``quotes/data``)."""

    titles: frozenset[str]
    may_end: frozenset[str]
    before_number: frozenset[str]
    starters: frozenset[str]
    prefixes: frozenset[str]  # lower case
    abbreviations: frozenset[str]  # all three kinds, without the period


@functools.cache
def _lists() -> _Lists:
    kinds: dict[str, set[str]] = {"title": set(), "abbr": set(), "number": set()}
    for line in read_lines("abbreviations.txt"):
        word, kind = line.split()
        kinds[kind].update({word, word.upper()} if word[0].isupper() else {word})
    titles, may_end, before_number = (frozenset(kinds[k]) for k in ("title", "abbr", "number"))
    return _Lists(titles, may_end, before_number, frozenset(read_lines("sentence_starters.txt")),
                  frozenset(w.lower() for w in read_lines("hyphen_prefixes.txt")), titles | may_end | before_number)


def _cases(words: str | frozenset[str]) -> list[str]:
    """Lower, capitalised and upper-case forms of words ("|"-separated or a set)."""
    items = words.split("|") if isinstance(words, str) else words
    return sorted({f(w) for w in items for f in (str.lower, str.capitalize, str.upper)})


_B = r"(?![\p{L}\p{M}\p{N}])"  # the word ends here
_APOS = r"['’ʼ]"
_CLITIC = r"(?i:s|re|ve|ll|d|m)" + _B
_UNITS = "am|pm|k|m|b|mm|cm|km|kg|mg|lb|lbs|oz|ft|mph|bn|mn|mln|gb|mb|tb|kb|ghz|mhz|kw|mw|ml|hr|hrs|min|mins|yr|yrs"
_NUM_BEFORE = r"(?<![\p{N}.,/:-])"
_NUM_AFTER = r"(?![\p{N}/]|[-.,:]\p{N})"

# Words written together that EWT splits: (first parts, second part).
_FUSED = (
    ("do|does|did|is|was|were|are|has|have|had|could|would|should|must|need|ai|ca|wo", "nt"),
    ("gon|wan", "na"),
    ("got|out", "ta"),
    ("sort|kind", "a"),
    ("lem|gim", "me"),
    ("can", "not"),
    ("that|what|there|here", "s"),
    ("you|they", "re"),
    ("you|they|it", "ll"),
    ("i", "m"),
)


def _special_numbers() -> list[str]:
    """Numbers with inner hyphens or slashes that stay one word: ISO dates, phone numbers, dates."""
    return [
        rf"{_NUM_BEFORE}[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}{_NUM_AFTER}",
        rf"{_NUM_BEFORE}(?:[0-9]-)?(?:[0-9]{{3}}[-/])?[0-9]{{3}}-[0-9]{{4}}{_NUM_AFTER}",  # phone numbers
        rf"{_NUM_BEFORE}[0-9]{{5}}-[0-9]{{4}}{_NUM_AFTER}",  # ZIP+4
        rf"{_NUM_BEFORE}[0-9]-[0-9]{{4}}{_NUM_AFTER}",  # extensions: 3-5213
        rf"{_NUM_BEFORE}[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{2,4}}{_NUM_AFTER}",
        rf"{_NUM_BEFORE}(?:0?[1-9]|1[0-2])/(?:[0-2][0-9]|3[01]){_NUM_AFTER}",
        rf"{_NUM_BEFORE}1[0-2]/[1-9]{_NUM_AFTER}",
    ]


def _numbers() -> list[str]:
    """Decades, ordinals, decimals and grouped numbers; a number's unit is left for the next word."""
    return [
        rf"{_NUM_BEFORE}\p{{N}}++{_APOS}[sS]{_B}",  # 80's
        rf"{_NUM_BEFORE}\p{{N}}++(?:st|nd|rd|th|s|ST|ND|RD|TH|S){_B}",  # 1st, 1990s
        rf"\p{{N}}++(?:[.,:]\p{{N}}++)*+(?:(?!\L<units>{_B})[\p{{L}}\p{{M}}][\p{{L}}\p{{M}}\p{{N}}]*+)?",
    ]


def _abbreviations() -> list[str]:
    """Abbreviations that keep their period: dotted letters, listed words, initials; and b/c, w/o."""
    before = r"(?<![\p{L}\p{M}\p{N}.])"
    return [
        rf"{before}(?:\p{{L}}{{1,2}}\.){{2,}}+{_B}",  # U.S., e.g., a.m., Ph.D., W.Va.
        rf"{before}\p{{Lu}}\.{_B}",  # J. R. R. Tolkien
        rf"{before}\p{{L}}/\p{{L}}{_B}",  # b/c, w/o
    ]


def _word() -> str:
    """A plain word: letters and digits, joined by apostrophes that start no clitic ("O'Neill", and
    "don't", which :func:`_refine` splits) and by "&" ("AT&T")."""
    body = r"[\p{L}\p{M}\p{N}\p{Cf}_]*+"
    inner = rf"(?:{_APOS}(?!{_CLITIC})|&)[\p{{L}}\p{{M}}]"
    return rf"[\p{{L}}\p{{M}}]{body}(?:{inner}{body})*+"


def _apostrophes() -> list[str]:
    """Clitics and decades that start with an apostrophe; doubled quote marks."""
    return [
        rf"(?<=[\p{{L}}\p{{M}}\p{{N}}.])[`'’ʼ]{_CLITIC}",  # 's 're 've 'll 'd 'm
        rf"(?<![\p{{L}}\p{{N}}'’]){_APOS}[0-9]{{2}}s?{_B}",  # '72, '60s
        r"''|``|’’|‘‘|‘’",
    ]


def _stops() -> list[str]:
    """Decimals without a leading zero; runs of stops and of hyphens."""
    return [r"(?<![\p{L}\p{N}.])\.\p{N}++", r"[.!?]{2,}+|…++|-{2,}+"]


def _marks() -> list[str]:
    """Emoticons, runs of the same symbol, emoji."""
    return [
        rf"(?<![^{_SPACE_CLASS}])(?::-?[)(DPp]|;-?\)|=\)|\^_\^)(?![\p{{L}}\p{{N}}])",
        r"(?P<rep>[*=_~+#<>^|$])(?P=rep)++",
        r"\p{So}(?:[\p{Sk}\p{M}\uFE0F]|\u200D\p{So})*+",
    ]


def _web() -> list[str]:
    """URLs, e-mail addresses, handles and hashtags."""
    stop = _SPACE_CLASS + r"<>\"“”‘’'()\[\]{}"
    url = rf"(?<![\p{{L}}\p{{N}}])(?:(?i:https?|ftp)://|(?i:www)\.|(?i:mailto):)(?:[^{stop}]*[^{stop}.,;:!?])?"
    local = r"(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}_%+][\p{L}\p{N}._%+-]"
    host, part = r"@[\p{L}\p{N}_-]++", r"\.[\p{L}\p{N}_-]++"
    # a local part may end in a dot ("jeff...@enron.com") only before a dotted host: ".@CityHall" is a handle
    email = rf"{local}{{0,62}}(?<![.]){host}(?:{part})*+|{local}{{0,63}}{host}(?:{part})++"
    handle = r"(?<![\p{L}\p{N}_@])@[\p{L}\p{N}_]++|(?<![\p{L}\p{N}_&#])\#\p{L}[\p{L}\p{N}_]*+"
    return [url, email, handle]


@functools.cache
def _word_pattern(web: bool = True) -> regex.Pattern[str]:
    """The one pattern whose matches are the words.

    Its alternatives are grouped by the kind of their first character
    (letter, digit, apostrophe, stop or hyphen, other) behind a lookahead,
    so that a word is tried only against the alternatives that can start
    it; inside a group they keep their order of priority. The last
    alternative of each, any one character that is not space, makes sure
    nothing is ever dropped. With ``web=False`` the URL, e-mail, handle and
    hashtag alternatives are left out: the same words for text with no
    ``@``, ``#``, ``://``, ``www.`` or ``mailto:``.
    """
    url, email, handle = _web() if web else ("", "", "")
    dotted = _DOTTED.pattern
    groups = [
        (r"(?=[\p{L}\p{M}])", [url, email, *_abbreviations(), dotted, _word()]),
        (r"(?=\p{N})", [email, *_special_numbers(), *_numbers(), dotted]),
        (r"(?=[`'’ʼ‘])", _apostrophes()),
        (r"(?=[.!?…-])", _stops()),
        ("", [email, handle, dotted, *_marks()]),
    ]
    anything = f"[^{_SPACE_CLASS}]"
    source = "|".join(first + "(?:" + "|".join(f"(?:{p})" for p in [*alts, anything] if p) + ")"
                      for first, alts in groups)
    return regex.compile(source, units=_cases(_UNITS))


_DOTTED = regex.compile(r"[\p{L}\p{N}_]++(?:\.[\p{L}\p{N}_]++)++")  # report.pdf, google.com, U.S.A
_WEB_HINT = regex.compile(r"[@#]|://|(?i:www\.|mailto:)")


def _clamp(text: str, start: int, end: int | None) -> tuple[int, int]:
    n = len(text)
    end = n if end is None else max(0, min(end, n))
    start = max(0, min(start, end))
    return start, end


_PIECE = regex.compile(f"[^{_SPACE_CLASS}]++")
_CACHED_PIECE = 40  # pieces up to this length are remembered (most words of a text recur)


def _spans(chunk: str) -> list[tuple[int, int]]:
    """The word spans of a chunk: each run of non-space characters is split on its own."""
    out: list[tuple[int, int]] = []
    for m in _PIECE.finditer(chunk):
        start, end = m.span()
        piece = m.group()
        rel = _piece_spans(piece) if end - start <= _CACHED_PIECE else _split_piece(piece)
        if len(rel) == 1:
            out.append((start, end))
        else:
            out.extend((start + a, start + b) for a, b in rel)
    if _number_sign_pattern().search(chunk):
        out = _number_signs(chunk, out)
    return out


@functools.lru_cache(maxsize=1 << 14)
def _piece_spans(piece: str) -> tuple[tuple[int, int], ...]:
    return _split_piece(piece)


def _split_piece(piece: str) -> tuple[tuple[int, int], ...]:
    """Word spans inside one run of non-space characters (their context is space: the split is the same anywhere).

    Plain words, alone or with one punctuation mark after them, take a
    shortcut that gives what :func:`_pattern_split` would.
    """
    n = len(piece)
    if piece.isalpha() and _plain(piece):
        return ((0, n),)
    if n > 1 and piece[-1] in _SIMPLE_AFTER and piece[:-1].isalpha() and _plain(piece[:-1]) \
            and (piece[-1] != "." or not _abbreviation_like(piece)):
        return ((0, n - 1), (n - 1, n))
    return _pattern_split(piece)


_SIMPLE_AFTER = frozenset(",.;:!?)]}\"”’'…")
_NT = frozenset({"n't", "n’t", "nʼt"})


def _plain(word: str) -> bool:
    """A run of letters that stays one word (no fused form, no modifier apostrophe)."""
    return "ʼ" not in word and word.lower() not in _fused_words()


def _abbreviation_like(piece: str) -> bool:
    """Letters + period that stay one word: a listed abbreviation or an initial."""
    core = piece[:-1]
    return (len(core) == 1 and core.isupper()) or core in _lists().abbreviations


def _pattern_split(piece: str) -> tuple[tuple[int, int], ...]:
    """Split a piece with the word pattern, then apply the word-list rules to its matches."""
    pattern = _word_pattern(_WEB_HINT.search(piece) is not None)
    raw = [m.span() for m in pattern.finditer(piece)]
    return tuple(_refine(piece, raw) if _LETTER.search(piece) else raw)


_LETTER = regex.compile(r"\p{L}")


def _refine(piece: str, raw: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The rules that read word lists, on the pattern's matches.

    A bound prefix joins its hyphen and the next word ("e-mail"); a listed
    abbreviation joins its period ("Mr."); a fused form splits ("do" +
    "nt", "gon" + "na"); a word ending in n't splits before it ("do" + "n't").
    """
    fused = _fused_words()
    out: list[tuple[int, int]] = []
    skip = 0
    for k, (a, b) in enumerate(raw):
        if skip:
            skip -= 1
        elif not piece[a].isalpha():
            out.append((a, b))
        elif (joined := _joined(piece, raw, k)) is not None:
            out.append((a, joined[0]))
            skip = joined[1]
        elif "." in (word := piece[a:b]) and _DOTTED.fullmatch(word):
            out.extend(_dotted(piece, a, b))
        else:
            cut = fused.get(word.lower())
            if cut is None and len(word) > 3 and word[-3:].lower() in _NT and word[-4].isalpha():
                cut = len(word) - 3
            out.extend(((a, a + cut), (a + cut, b)) if cut else ((a, b),))
    return out


def _dotted(piece: str, a: int, b: int) -> list[tuple[int, int]]:
    """A dotted word ("google.com", "U.S.A") stays whole, except a listed abbreviation written close to
    what follows ("Sept.11" is "Sept." + "11") and a sentence end with no space after it ("said.The")."""
    dot = piece.index(".", a, b)
    if piece[a:dot] in _lists().abbreviations and not piece[a:dot].isupper():
        return [(a, dot + 1), (dot + 1, b)]
    for m in _MISSING_SPACE.finditer(piece, a, b):
        return [(a, m.start()), (m.start(), m.end()), (m.end(), b)]
    return [(a, b)]


_MISSING_SPACE = regex.compile(r"(?<=\p{Ll}{2})\.(?=\p{Lu}\p{Ll})")


def _joined(piece: str, raw: list[tuple[int, int]], k: int) -> tuple[int, int] | None:
    """(end, matches taken) where match k starts "e-mail" or "Mr.", else None."""
    a, b = raw[k]
    n = len(raw)
    after = piece[b] if b < len(piece) else ""
    if after == "-" and k + 2 < n and raw[k + 1][1] == b + 1 and piece[b + 1].isalnum() \
            and (a == 0 or piece[a - 1] != "-"):
        word = piece[a:b]
        if word.lower() in _lists().prefixes and word.isalpha() and not (word.istitle() and piece[b + 1].isupper()):
            return raw[k + 2][1], 2
    if after == "." and k + 1 < n and raw[k + 1] == (b, b + 1) and piece[a:b] in _lists().abbreviations \
            and (b + 1 == len(piece) or not _letter_or_digit(piece[b + 1])) \
            and (a == 0 or not (_letter_or_digit(piece[a - 1]) or piece[a - 1] == ".")):
        return b + 1, 1
    return None


def _letter_or_digit(c: str) -> bool:
    return c.isalnum() or unicodedata.category(c).startswith("M")


@functools.cache
def _fused_words() -> dict[str, int]:
    """Every fused form in lower case ("dont", "gonna", "cannot"), with the length of its first part."""
    return {host + rest: len(host) for hosts, rest in _FUSED for host in hosts.split("|")}


@functools.cache
def _number_sign_pattern() -> regex.Pattern[str]:
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}.])\L<signs>\.{_B}", signs=sorted(_lists().before_number))


def _number_signs(chunk: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "No." keeps its period only before a number ("No. 1"); elsewhere it is "No" + "."."""
    signs = {m.end() for m in _number_sign_pattern().finditer(chunk)}
    out: list[tuple[int, int]] = []
    for k, (s, e) in enumerate(spans):
        if e in signs and e - s > 1 and (k + 1 == len(spans) or not chunk[spans[k + 1][0]].isdigit()):
            out.extend(((s, e - 1), (e - 1, e)))
        else:
            out.append((s, e))
    return out


def sentences(text: str, start: int = 0, end: int | None = None) -> list[list[Word]]:
    """Split text[start:end] (a paragraph, possibly wrapped over lines) into sentences of syntactic words.

    Args:
        text: the original text; offsets of the words are offsets into it.
        start: where the range begins.
        end: where it ends (default: the end of the text).

    Returns:
        The sentences in order, each a non-empty list of words; together they
        hold every word of the range once.
    """
    start, end = _clamp(text, start, end)
    chunk = text[start:end]
    spans = _spans(chunk)
    return [[Word(start + s, start + e) for s, e in group] for group in _split(chunk, spans)]


def _split(chunk: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group the word spans of a chunk into sentences."""
    lists = _lists()
    n = len(spans)
    line_ends = _headline_ends(chunk, spans) if _LINE_BREAK.search(chunk) else frozenset()
    groups: list[list[tuple[int, int]]] = []
    first = i = 0
    while i < n:
        if chunk[spans[i][1] - 1] in TERMINALS:
            j = _past_closers(chunk, spans, i)
            if j >= n or _ends_here(chunk, spans, i, j, lists):
                groups.append(_close(chunk, spans[first:j]))
                first = i = j
                continue
        elif i in line_ends:
            groups.append(spans[first:i + 1])
            first = i + 1
        i += 1
    if first < n:
        groups.append(_close(chunk, spans[first:]))
    return groups


def _past_closers(chunk: str, spans: list[tuple[int, int]], i: int) -> int:
    """The index of the first word after word i and the closing marks attached to it."""
    j = i + 1
    while j < len(spans) and spans[j][0] == spans[j - 1][1] and chunk[spans[j][0]:spans[j][1]] in CLOSERS:
        j += 1
    return j


def _ends_here(chunk: str, spans: list[tuple[int, int]], i: int, j: int, lists: _Lists) -> bool:
    """Does the sentence end after word i (a word ending in . ! ? …), before word j?"""
    if spans[j][0] == spans[j - 1][1]:
        return False  # no space before the next word
    word = chunk[spans[i][0]:spans[i][1]]
    following = chunk[spans[j][0]:spans[j][1]]
    c = following[0]
    if all(ch in TERMINALS for ch in word):
        if c.isupper() or c.istitle() or c.isdigit() or c in OPENERS:
            return True
        if j > i + 1 or word == "…" or set(word) == {"."} and len(word) > 1 or word == "!" and c.islower():
            return False  # “Why?” he asked; wait ... and see; Yahoo! said
        return c not in _NO_START
    if not _is_abbreviation(word) or word[:-1] in lists.titles or word[:-1] in lists.before_number:
        return False
    if c in OPENERS and c not in "([{":
        return True  # "... in the U.S. “We
    return following in lists.starters


def _is_abbreviation(word: str) -> bool:
    """A word that keeps a final period: "Mr.", "U.S.", "J."."""
    return len(word) > 1 and word[-1] == "." and word[-2].isalpha()


def _close(chunk: str, group: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """End a sentence: the period of a final abbreviation becomes a word of its own ("U.S" + ".")."""
    k = len(group) - 1
    while k > 0 and chunk[group[k][0]:group[k][1]] in CLOSERS:
        k -= 1
    s, e = group[k]
    if _is_abbreviation(chunk[s:e]):
        return [*group[:k], (s, e - 1), (e - 1, e), *group[k + 1:]]
    return group


_LINE_BREAK = regex.compile(r"\r\n?|[\n\x0b\x0c\x85\u2028\u2029]")
HEADLINE_SHARE = 0.6  # a line shorter than this share of the paragraph's longest line may be a headline


def _headline_ends(chunk: str, spans: list[tuple[int, int]]) -> frozenset[int]:
    """Indices of words that end a headline-like line: a sentence ends there.

    The line has no final punctuation, is shorter than ``HEADLINE_SHARE`` of
    the longest line of the chunk (so hard-wrapped lines, nearly full, never
    qualify), and the next line starts with a capital, a digit or an opening mark.
    """
    bounds = [0]
    for m in _LINE_BREAK.finditer(chunk):
        bounds.extend(m.span())
    bounds.append(len(chunk))
    lines = [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]
    longest = max(len(chunk[a:b].strip()) for a, b in lines)
    ends = [e for _, e in spans]
    out = set()
    for (a, b), (c, d) in itertools.pairwise(lines):
        line, following = chunk[a:b].strip(), chunk[c:d].strip()
        if not line or not following or len(line) >= HEADLINE_SHARE * longest:
            continue
        if line[-1].isalnum() and (following[0].isupper() or following[0].isdigit() or following[0] in OPENERS):
            out.add(bisect.bisect_right(ends, b) - 1)
    return frozenset(out)
