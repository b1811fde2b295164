"""Cue words and speaker nouns, read lazily from the files in ``quotes/data``.

Every list is data, one entry per line with ``#`` comments, so a researcher
can read or extend it without touching code. :func:`lexicon` loads them once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib.resources import files

DATA_FILES: tuple[str, ...] = (
    "cue_verbs.txt",
    "belief_verbs.txt",
    "addressee_verbs.txt",
    "cue_nouns.txt",
    "person_nouns.txt",
    "nonperson_nouns.txt",
    "pronouns.txt",
    "not_speech.txt",
    "gendered_words.txt",
    "titles.txt",  # read by quotes/report/names.py
)

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All word lists the rules and the resolver use."""

    speech: frozenset[str]
    belief: frozenset[str]
    addressee: frozenset[str]
    nouns: frozenset[str]
    forms: dict[str, str]  # lower-cased inflected form -> lemma, for every cue verb
    person: dict[str, int]  # word -> synonym group
    nonperson: dict[str, int]
    pronouns: dict[str, tuple[bool | None, bool | None]]  # word -> (person, plural)
    not_speech: frozenset[tuple[str, str]]
    gender: dict[str, str]  # word -> "f" or "m", for words that mark a person's gender

    def cue_lemma(self, form: str) -> str | None:
        """The cue lemma of a word form ("said" -> "say"), or None.

        Decided on the surface form alone, never on the tagger's lemma, so that
        the prefilter (:meth:`mentions_cue`) and the rules agree exactly.
        """
        return self.forms.get(form.lower())

    def is_cue_noun(self, form: str) -> bool:
        """Is a word form a cue noun or its plural ("claim", "claims")?"""
        word = form.lower()
        return word in self.nouns or (word.endswith("s") and word[:-1] in self.nouns)

    def mentions_cue(self, text: str) -> bool:
        """Cheap prefilter: does the text hold a cue verb, or a cue noun followed by "that"?

        Hyphenated words are also looked at part by part ("second-guessed").
        """
        words: list[str] = []
        for word in _WORD.findall(text.lower()):
            words.extend(word.split("-") if "-" in word else (word,))
        forms = self.forms
        for n, word in enumerate(words):
            if word in forms or (self.is_cue_noun(word) and "that" in words[n + 1:n + 3]):
                return True
        return "according to" in text.lower()


def read_lines(name: str) -> list[str]:
    """Return the non-comment, non-blank lines of one data file.

    Args:
        name: the file name inside ``quotes/data``.

    Returns:
        The stripped lines, in file order.
    """
    text = (files("quotes") / "data" / name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def inflections(lemma: str) -> set[str]:
    """Regular English verb forms of a lemma (a superset is fine: it feeds a prefilter).

    Args:
        lemma: a verb lemma such as ``deny``.

    Returns:
        The lemma with its -s, -ed and -ing forms (``denies``, ``denied``, ``denying``).
    """
    forms = {lemma}
    if lemma.endswith("ee"):
        forms |= {lemma + "s", lemma + "d", lemma + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif re.search(r"[^aeiou]y$", lemma):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif re.search(r"(?:s|sh|ch|x|z)$", lemma):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
            double = lemma + lemma[-1]
            forms |= {double + "ed", double + "ing"}
    return forms


def _verbs(name: str) -> dict[str, str]:
    """Map every form of the verbs in a file to its lemma."""
    forms: dict[str, str] = {}
    for line in read_lines(name):
        lemma, *irregular = line.lower().split()
        for form in inflections(lemma) | set(irregular):
            forms.setdefault(form, lemma)
    return forms


def _groups(name: str) -> dict[str, int]:
    return {word: n for n, line in enumerate(read_lines(name)) for word in line.lower().split()}


def _pronouns() -> dict[str, tuple[bool | None, bool | None]]:
    flag = {"yes": True, "no": False, "any": None, "sing": False, "plur": True}
    table = {}
    for line in read_lines("pronouns.txt"):
        word, person, number = line.lower().split()
        table[word] = (flag[person], flag[number])
    return table


def _genders() -> dict[str, str]:
    table = {}
    for line in read_lines("gendered_words.txt"):
        word, gender = line.lower().split()
        table[word] = gender
    return table


@functools.cache
def lexicon() -> Lexicon:
    """Load every word list once.

    Returns:
        The shared :class:`Lexicon`.
    """
    speech = _verbs("cue_verbs.txt")
    belief = _verbs("belief_verbs.txt")
    pairs = (line.lower().split() for line in read_lines("not_speech.txt"))
    return Lexicon(
        speech=frozenset(speech.values()),
        belief=frozenset(belief.values()) - frozenset(speech.values()),
        addressee=frozenset(line.lower() for line in read_lines("addressee_verbs.txt")),
        nouns=frozenset(line.lower() for line in read_lines("cue_nouns.txt")),
        forms={**belief, **speech},
        person=_groups("person_nouns.txt"),
        nonperson=_groups("nonperson_nouns.txt"),
        pronouns=_pronouns(),
        not_speech=frozenset((p[0], p[1]) for p in pairs if len(p) == 2),
        gender=_genders(),
    )
