"""Speakers across documents: one key for the same person, whatever the title or the document.

Pure functions over canonical speaker strings (no pandas). The word lists
are package data: ``quotes/data/titles.txt`` and ``person_nouns.txt`` (titles
and roles), ``nonperson_nouns.txt``, ``pronouns.txt``, ``name_particles.txt``
and ``function_words.txt`` (determiners).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from quotes.cues import kinds, read_lines

_INDEFINITE = kinds("function_words.txt")["indefinite"]
_DETERMINERS = kinds("function_words.txt")["definite"]
_PARTICLES = kinds("name_particles.txt")["particle"]
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_APPOSITION = re.compile(r",|\(|\s[-–—]\s")


def _data_words(name: str, *, all_words: bool) -> frozenset[str]:
    lines = (line.split() for line in read_lines(name))
    return frozenset(w.lower() for words in lines for w in (words if all_words else words[:1]))


@functools.cache
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(titles and roles, non-person nouns, pronouns) from ``quotes/data``."""
    roles = _data_words("titles.txt", all_words=True) | _data_words("person_nouns.txt", all_words=True)
    nonperson = _data_words("nonperson_nouns.txt", all_words=True)
    return roles, nonperson, _data_words("pronouns.txt", all_words=False)


@dataclass(frozen=True, slots=True)
class SpeakerName:
    """How a canonical speaker reads: a person's name, a named non-person, or a local description.

    ``kind`` is ``person`` (``first`` may be None for a bare surname),
    ``label`` (a non-person with a proper name: "the White House") or
    ``local`` (a pronoun or a description that names nobody: "a statement",
    "the spokesman"). ``name`` is the person's name without titles, or the
    whole text.
    """

    kind: str
    name: str
    first: str | None = None
    last: str | None = None
    suffix: str | None = None


def _fold(word: str) -> str:
    """A word as a key: lower case, no accents, no dots, one kind of apostrophe."""
    word = unicodedata.normalize("NFKD", word.replace("’", "'")).casefold()
    return "".join(c for c in word if not unicodedata.combining(c)).replace(".", "")


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and _fold(word) not in _DETERMINERS or word in _PARTICLES


def _common_noun(word: str, nouns: frozenset[str]) -> bool:
    key = _fold(word)
    return key in nouns or (key.endswith("s") and key[:-1] in nouns)


def _person(words: list[str]) -> SpeakerName | None:
    """A person's name at the end of ``words`` after any titles, or None."""
    roles, nonperson, _ = _lists()
    start = len(words)
    while start > 0 and _is_name_word(words[start - 1]) and not words[start - 1].endswith(("'s", "’s")):
        start -= 1
    titled = [n for n in range(start, len(words)) if _fold(words[n]) in roles]
    if titled:
        start = titled[-1] + 1
    name = words[start:]
    suffix = _fold(name[-1]) if len(name) > 1 and _fold(name[-1]) in _SUFFIXES else None
    core = name[:-1] if suffix else name
    if not 1 <= len(core) <= 4 or core[0] in _PARTICLES or _common_noun(core[-1], nonperson | roles):
        return None
    if start > 0 and _fold(words[start - 1]) not in roles:
        return None
    first = _fold(core[0]) if len(core) > 1 else None
    return SpeakerName("person", " ".join(name), first, _fold(core[-1]), suffix)


@functools.lru_cache(maxsize=65536)
def parse_speaker(text: str) -> SpeakerName:
    """Read a canonical speaker as a person's name, a named non-person or a local description.

    Old-style values with titles ("Finance Minister Karl Berg", "Vermont Sen.
    Bernie Sanders", "Republican candidate Donald Trump, a businessman") and
    bare names ("Karl Berg", "Trump") both give a person; an appositive after
    a comma or in brackets is ignored.

    Args:
        text: a ``speaker_canonical`` value.

    Returns:
        The :class:`SpeakerName`.
    """
    words = " ".join(text.split()).split(" ")
    _, nonperson, pronouns = _lists()
    head = _fold(words[0])
    if head in _INDEFINITE or (len(words) == 1 and head in pronouns):
        return SpeakerName("local", " ".join(words))
    core = _APPOSITION.split(" ".join(words), maxsplit=1)[0].split()
    person = _person(core) if core else None
    if person is not None and not (len(words) == 1 and _common_noun(words[0], nonperson | _lists()[0])):
        return person
    skip_first = head in _DETERMINERS or _common_noun(words[0], nonperson | _lists()[0])
    named = any(w[:1].isupper() for w in words[1 if skip_first else 0:])
    return SpeakerName("label" if named else "local", " ".join(words))


def speaker_keys(speakers: Iterable[tuple[str, str]], mentions: Iterable[str] = ()) -> dict[tuple[str, str], str]:
    """Give each (document, canonical speaker) a key shared by the same speaker in other documents.

    The rule: a person is keyed by first name and surname, titles and roles
    stripped ("President Donald Trump", "Donald J. Trump" and "Donald
    Trump" share ``person:donald trump``; a suffix such as "Jr." is part of
    the key). A bare surname ("Trump", "Mr. Trump") joins the one full name
    with that surname when exactly one first name goes with it in the
    corpus; when two people share it ("Bill Clinton", "Hillary Clinton") it
    stays its own key (``person:clinton``). A named non-person ("the White
    House") is keyed by its wording; pronouns and descriptions that name
    nobody ("a statement", "the ministry", "he") stay within their document.

    Args:
        speakers: (doc_id, speaker_canonical) pairs; repeats are fine.
        mentions: other speaker texts of the corpus (the ``speaker`` mentions),
            used only as evidence that a surname is shared.

    Returns:
        A key for every distinct pair given.
    """
    pairs = set(speakers)
    parsed = {text: parse_speaker(text) for text in {c for _, c in pairs}}
    firsts: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for name in [*parsed.values(), *(parse_speaker(m) for m in set(mentions) if m and m.strip())]:
        if name.kind == "person" and name.first and name.last:
            firsts[name.last].add((name.first, name.suffix))
    return {(doc, text): _key(doc, parsed[text], firsts) for doc, text in pairs}


def _key(doc_id: str, name: SpeakerName, firsts: Mapping[str, set[tuple[str, str | None]]]) -> str:
    if name.kind == "local":
        return f"local:{doc_id}:{name.name.casefold()}"
    if name.kind == "label":
        words = name.name.split(" ")
        return "label:" + " ".join(words[1:] if words[0].casefold() == "the" and len(words) > 1 else words).casefold()
    first, suffix = name.first, name.suffix
    if first is None and suffix is None and len(firsts.get(name.last or "", ())) == 1:
        first, suffix = next(iter(firsts[name.last or ""]))
    return "person:" + " ".join(w for w in (first, name.last, suffix) if w)


def display_name(forms: Mapping[str, int]) -> str:
    """The name to show for one merged speaker: its most frequent full form.

    Args:
        forms: each canonical form merged under the key, with its number of records.

    Returns:
        The form with a first name (a person's full name) that has most
        records, else the form with most records; ties go to the longer form,
        then to alphabetical order.
    """
    def rank(form: str) -> tuple[int, int, int, str]:
        name = parse_speaker(form)
        return (-int(name.kind == "person" and name.first is not None), -forms[form], -len(form), form)

    return min(forms, key=rank)
