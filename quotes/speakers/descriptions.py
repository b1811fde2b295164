"""What the text says a named person is: titles, appositions and copulas, read off the surface.

"league commissioner Dana Whitlock", "Maria Keller, a geologist at the state
survey,", "The court's president, Ilse Maurer,", "Whitlock is the
commissioner", "Jane Doe, 34," each attach a description to a name. The
resolver uses them twice: a later description ("the commissioner", "the
34-year-old") takes the nearest earlier name described with its head noun,
and a named speaker's role is the first description the document gives
that person (an age is no role).

Names inside photo credits, bylines and agency lines
(:func:`quotes.spans.credit_ranges`) are never described, spoken of or
resolved to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quotes.cues import Lexicon, kinds
from quotes.speakers.names import HONORIFICS, Name

# Words a title before a name never reaches past, walking left from the name.
SPEAKER_WORDS = kinds("speaker_words.txt")  # the word lists of quotes/data/speaker_words.txt, by kind
_STOP = SPEAKER_WORDS["title_stop"]
_ROLE_SUFFIXES = tuple(sorted(SPEAKER_WORDS["role_suffix"]))
_COURTESY = frozenset({"mr", "mrs", "ms", "miss", "mx"})
_NOT_ROLE_ENDINGS = SPEAKER_WORDS["not_role_ending"]
_WORD = re.compile(r"[^\W_][\w’'.-]*")
_AFTER = re.compile(r",[ \u00a0]+([^,.;:()\[\]—–\"“”\n]{1,120}?)[ \u00a0]*(?=[,.;:)\]—–]|$)")
_COPULA = re.compile(r"(?:,[ \u00a0]+who)?[ \u00a0]+(?:is|was|has been|had been|became|remains)[ \u00a0]+"
                     r"((?:a|an|the|[\w’'-]+’s|[\w'-]+'s)[ \u00a0][^,.;:()\[\]—–\"“”\n]{1,80}?)[ \u00a0]*(?=[,.;:)\]—–]|$)")
_AGE = re.compile(r"(\d{1,3})")
_COPULA_AFTER_AGE = re.compile(r",[ \u00a0]+\d{1,3}," + _COPULA.pattern)
_CLAUSE_WORDS = SPEAKER_WORDS["clause_word"]
_DETERMINERS = SPEAKER_WORDS["determiner"]
_INNER_PREPOSITIONS = SPEAKER_WORDS["inner_preposition"]
_VERBS = SPEAKER_WORDS["not_description_verb"]


@dataclass(frozen=True, slots=True)
class Described:
    """A description the text attaches to one occurrence of a name.

    ``heads`` are the lower-cased words a later description may share with it
    ("commissioner", "34-year-old"); ``role`` is False for an age.
    """

    name: int  # index of the name occurrence in the resolver's name list
    start: int
    end: int
    text: str
    heads: frozenset[str]
    role: bool


def _is_role_word(word: str, lex: Lexicon) -> bool:
    """A noun that says what a person is: "commissioner", "coach", "Minister", "lawyer"."""
    key = word.lower().strip(".,’'")
    if key in lex.person or key in HONORIFICS and key not in _COURTESY:
        return True
    return word.islower() and len(key) > 4 and key not in _NOT_ROLE_ENDINGS and key.endswith(
        _ROLE_SUFFIXES) and not key.endswith(("ment", "ter"))


def title_before(text: str, name: Name, lex: Lexicon) -> tuple[int, int] | None:
    """The title or occupation right before a name: "league commissioner" in "league commissioner Dana Whitlock".

    Walks left over words on the same line until a stop word, a possessive or
    punctuation; the word next to the name must be a role word. Courtesy
    titles (Mr., Ms.) are never part of it.
    """
    line_start = text.rfind("\n", max(0, name.start - 200), name.start) + 1
    words = list(_WORD.finditer(text, max(line_start, name.start - 200), name.start))
    keep: list[re.Match[str]] = []
    for match in reversed(words):
        word = match.group()
        key = word.lower().rstrip(".")
        gap = text[match.end():keep[-1].start() if keep else name.start]
        if gap.strip() or key in _STOP or key.endswith(("’s", "'s")) or any(ch.isdigit() for ch in word):
            break
        if lex.cue_lemma(key) or word.islower() and key.endswith(("ed", "ing")) and key not in lex.person:
            break  # a verb: "quipped Harrowgate manager Rui Esteves"
        if word.endswith(".") and key not in HONORIFICS and len(key) > 1:
            break  # the end of the sentence before
        keep.append(match)
        if len(keep) == 5:
            break
    while keep and not _is_role_word(keep[0].group(), lex):
        keep.pop(0)  # the word next to the name must say what the person is
    if len(keep) > 1 and keep[0].group().lower().rstrip(".") in _COURTESY | {"dr", "prof"}:
        keep.pop(0)  # "lead surgeon Dr. Henrik Olsen": the role is "lead surgeon"
    if not keep:
        return None
    return keep[-1].start(), keep[0].end()


def _clean_phrase(phrase: str) -> str | None:
    """An apposed phrase that describes, or None for a clause, a verb phrase, a place or a number."""
    words = phrase.split()
    if not words or words[0].lower() in _CLAUSE_WORDS | _VERBS or len(words) > 14 or words[0][0].isdigit():
        return None
    if words[0][0].isupper() and words[0].lower() not in _DETERMINERS:
        return None  # "Ottawa", "Ont.": a place or another name, not a description
    return phrase


def after_name(text: str, name: Name) -> list[tuple[int, int, bool]]:
    """Appositions after a name: ", a geologist at the state survey," and ", 34,".

    Returns:
        (start, end, is_role) for each apposed phrase, in order (an age, then a role).
    """
    found = []
    pos = name.end
    for _ in range(2):
        match = _AFTER.match(text, pos)
        if match is None:
            break
        phrase = match.group(1)
        if _AGE.fullmatch(phrase.strip()):
            found.append((match.start(1), match.end(1), False))
        elif _clean_phrase(phrase) is not None:
            found.append((match.start(1), match.end(1), True))
            break
        else:
            break
        pos = match.end(1)
    return found


def before_name(text: str, name: Name, lex: Lexicon, titles_start: int | None = None) -> tuple[int, int] | None:
    """An apposition before a name: "The court's president, Ilse Maurer, said", "said its chairwoman, Greta Holm".

    The phrase runs back from the comma to its determiner ("the", "its",
    "a", or a possessive); only titles may stand between the comma and the
    name ("Its medical director, Dr. Youssef Amrani"; "The winner, Kenyan
    runner David Kiprono"). The name must be followed by a comma or end its
    sentence.
    """
    if not re.match(r"[ \u00a0]*(?:,|[.;:]|$)", text[name.end:name.end + 3]):
        return None
    anchor = titles_start if titles_start is not None else name.start
    comma = text.rfind(",", max(0, anchor - 160), anchor)
    if comma < 0:  # (checked before slicing: text[0:anchor] would copy the whole text up to each name)
        return None
    if any(w.lower().rstrip(".") not in HONORIFICS for w in text[comma + 1:anchor].split()):
        return None  # only titles may stand between the comma and the name
    words = list(_WORD.finditer(text, max(0, comma - 120), comma))
    start: int | None = None
    owner: int | None = None  # a possessive may open the phrase: "Harrowgate's captain, Ibrahima N'Doye"
    found: int | None = None
    for match in reversed(words[-12:]):
        gap = text[match.end():comma if start is None else start]
        if re.search(r"[,.;:!?\"“”()]", gap):
            break
        low = match.group().lower()
        inside = low in _INNER_PREPOSITIONS and start is not None  # "A spokeswoman for the federation"
        if low in _CLAUSE_WORDS or low in _VERBS or low in _STOP and low not in _DETERMINERS and not inside:
            break
        before = text[max(0, match.start() - 6):match.start()].split()[-1:]
        start = match.start()
        if low in _DETERMINERS and not (before and before[0].lower() in _INNER_PREPOSITIONS):
            found = start
            break
        if low.endswith(("’s", "'s")):
            owner = start
    found = found if found is not None else owner
    if found is None or not _opens_apposition(text, found, lex):
        return None
    return found, comma


def _opens_apposition(text: str, start: int, lex: Lexicon) -> bool:
    """Does a phrase at start open a sentence, a clause or follow a cue verb ("said its chairwoman, ...")?"""
    before = text[max(0, start - 40):start]
    if not before.strip() or re.search(r"[.!?:;,\"“”‘’'(—–]\s*$|\n\s*$", before):  # or a paragraph's start
        return True
    words = before.split()
    return bool(words) and lex.cue_lemma(words[-1]) is not None


def copula(text: str, name: Name) -> tuple[int, int] | None:
    """A description given by a copula: "Whitlock is the league commissioner"."""
    match = _COPULA.match(text, name.end) or _COPULA_AFTER_AGE.match(text, name.end)
    if match is None or _clean_phrase(match.group(1)) is None:
        return None
    phrase = match.group(1)
    cut = re.search(r"[ \u00a0](?:who|which|that|whose)[ \u00a0]", phrase)  # "a retired nurse who started ..."
    return match.start(1), match.start(1) + (cut.start() if cut else len(phrase))


def _heads(phrase: str, role: bool) -> frozenset[str]:
    if not role:
        return frozenset({f"{phrase.strip()}-year-old"})
    words = [w.lower().strip(".,’'") for w in phrase.split()]
    if "of" in words or "for" in words or "at" in words:  # "a spokesman for the ministry": the head comes first
        cut = min(words.index(w) for w in ("of", "for", "at") if w in words)
        words = words[:cut]
    return frozenset(words)


def describe(text: str, names: Sequence[Name], lex: Lexicon) -> list[Described]:
    """Every description the text attaches to each name occurrence.

    Args:
        text: the document text.
        names: the document's name occurrences (see :func:`~quotes.speakers.names.names_in`).
        lex: the word lists (person nouns say what a role word is).

    Returns:
        The descriptions, in text order of their names.
    """
    found: list[Described] = []
    for n, name in enumerate(names):
        spans: list[tuple[int, int, bool]] = []
        title = title_before(text, name, lex)
        for before in (title, before_name(text, name, lex, title[0] if title else None)):
            if before is not None:
                spans.append((*before, True))
        # "Mei-Lin Santos, confirmed that ...": a cue verb after the comma starts no apposition
        spans.extend(span for span in after_name(text, name)
                     if not span[2] or lex.cue_lemma(text[span[0]:span[1]].split()[0].lower()) is None)
        linked = copula(text, name)
        if linked is not None:
            spans.append((*linked, True))
        for start, end, role in spans:
            phrase = text[start:end]
            found.append(Described(n, start, end, " ".join(phrase.split()), _heads(phrase, role), role))
    return found
