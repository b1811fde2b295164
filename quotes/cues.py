"""Cue words and speaker nouns, read lazily from the files in ``quotes/data``.

Every list is data, one entry per line with ``#`` comments, so a researcher
can read or extend it without touching code. :func:`lexicon` loads them once.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files

from quotes.errors import InputError
from quotes.types import CUE_CLASSES

DEFAULT_CUES: frozenset[str] = frozenset({"speech", "writing"})


# Every word-list file in quotes/data, read through :func:`read_lines`; quotes/data/README.md says
# what each is for, who reads it and how it was curated. tests/test_cues.py checks this against the folder.
DATA_FILES: tuple[str, ...] = (
    "abbreviations.txt",
    "addressee_verbs.txt",
    "canonical_trim.txt",
    "credit_labels.txt",
    "cue_roles.txt",
    "cues_evidence.txt",
    "cues_speech.txt",
    "cues_stance.txt",
    "cues_thought.txt",
    "cues_writing.txt",
    "document_nouns.txt",
    "elisions.txt",
    "function_words.txt",
    "gendered_words.txt",
    "hyphen_prefixes.txt",
    "link_labels.txt",
    "media_suffixes.txt",
    "name_genders.txt",
    "name_particles.txt",
    "news_agencies.txt",
    "nonperson_nouns.txt",
    "not_speaker_labels.txt",
    "not_speakers.txt",
    "not_speech.txt",
    "not_verbs.txt",
    "org_suffixes.txt",
    "person_nouns.txt",
    "pronouns.txt",
    "sentence_starters.txt",
    "speaker_words.txt",
    "stop_abbreviations.txt",
    "time_words.txt",
    "titles.txt",
)

def _ascii(word: str) -> str:
    """A word with its accents removed ("hélène" -> "helene"), as the first-name table stores names."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def named_away(previous: str, before_previous: str) -> bool:
    """Is a cue form no cue because of the words just before it: "the report", "the so-called plan"?

    One test for the rules (:func:`quotes.attribute.doc.cue_lemma`) and the
    parse prefilter, which must agree.

    Args:
        previous: the word right before the cue form ("" at a sentence start).
        before_previous: the word before that ("" when there is none).
    """
    return previous.lower() in ("the", "so-") or (previous == "-" and before_previous.lower() == "so")


def check_cues(cues: Iterable[str] | str | None) -> frozenset[str]:
    """Validate a choice of cue classes.

    Args:
        cues: class names, one comma-separated string, ``"all"``, or None
            for the default (``speech,writing``).

    Returns:
        The classes as a frozenset.

    Raises:
        InputError: for a name that is not a class.
    """
    if cues is None:
        return DEFAULT_CUES
    if isinstance(cues, str):
        cues = [c for c in cues.split(",") if c.strip()]
    chosen = frozenset(c.strip().lower() for c in cues)
    if chosen == {"all"}:
        return frozenset(CUE_CLASSES)
    unknown = chosen - set(CUE_CLASSES)
    if unknown or not chosen:
        raise InputError(
            f"unknown cue class(es) {sorted(unknown) or '(none)'}; choose from {', '.join(CUE_CLASSES)} or all"
        )
    return chosen


@dataclass(frozen=True, slots=True)
class CueWords:
    """What one class file lists."""

    verbs: dict[str, str]  # lower-cased form -> lemma
    only: frozenset[str]  # lemmas marked `only` (evidence whatever the source)
    quotes: frozenset[str]  # lemmas marked `quotes` (cues of quoted words only, never of a reported clause)
    nouns: frozenset[str]
    phrases: frozenset[str]
    sources: frozenset[str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All word lists the rules and the resolver use, for one choice of cue classes.

    Only the cue words of the chosen classes are cues (``forms``, ``nouns``,
    ``phrases``), so text holding no such word is never parsed; the classes
    of every word are known, so a record is classed (:meth:`cue_class`) the
    same way whatever was chosen, then kept or dropped.
    """

    cues: frozenset[str]  # the chosen classes
    forms: dict[str, str]  # lower-cased inflected form -> lemma, for the chosen classes' verbs
    nouns: frozenset[str]  # cue nouns of the chosen classes ("claim" in "his claim that")
    phrases: frozenset[str]  # fixed cues of the chosen classes ("according to")
    verb_classes: dict[str, frozenset[str]]  # lemma -> every class listing it
    noun_classes: dict[str, str]  # cue noun -> its class
    evidence_only: frozenset[str]  # lemmas that make evidence whatever the source
    quotes_only: frozenset[str]  # lemmas that cue quoted words only ("shouted", "spoke"): no indirect record
    documents: frozenset[str]  # speaker heads that make a say-like cue writing
    evidence_sources: frozenset[str]  # speaker heads that make an evidence verb evidence
    addressee: frozenset[str]
    person: dict[str, int]  # word -> synonym group
    nonperson: dict[str, int]
    pronouns: dict[str, tuple[bool | None, bool | None]]  # word -> (person, plural)
    not_speech: frozenset[tuple[str, str]]
    nonspeakers: frozenset[str]  # head nouns that never speak ("week", "move", "photo")
    link_labels: re.Pattern[str]  # "READ MORE:", "Related:", "Watch:" at a paragraph's start
    org_suffixes: frozenset[str]  # last words of organisation names ("Motors", "Inc")
    media_suffixes: frozenset[str]  # last words of news outlets' names ("Times", "Herald")
    gender: dict[str, str]  # word -> "f" or "m", for words that mark a person's gender
    given_names: dict[str, str]  # first name -> "f" or "m" (name_genders.txt, from nomquamgender)
    document_nouns: frozenset[str]  # speaker heads that make a speaker a document ("the ad", "the speech")

    @property
    def belief(self) -> frozenset[str]:
        """Lemmas that are only thought verbs: indirect records only, lower confidence."""
        return frozenset(v for v, c in self.verb_classes.items() if c == {"thought"})

    def given_gender(self, word: str) -> str | None:
        """The gender ("f" or "m") the first-name table gives a word, accents folded ("Hélène"), or None."""
        key = word.lower().strip(".,’'")
        found = self.given_names.get(key)
        if found is None and not key.isascii():
            found = self.given_names.get(_ascii(key))
        return found

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

    def cue_class(self, lemma: str, source: str | None, clause: bool) -> str:
        """The class of a cue, from its lemma, its speaker's head noun and its content.

        Args:
            lemma: the cue verb's lemma (``accord`` for *according to*).
            source: the lower-cased head lemma of the speaker, if any.
            clause: whether the content is a finite clause or holds a quote
                (not a bare noun phrase or a "to" clause).

        Returns:
            ``stance`` for any cue without a clause; ``evidence`` for
            a finding verb, or an evidence verb with a study, poll, data ...
            as source; ``writing`` for a writing verb or a document as
            source; ``thought`` for a thought verb; else ``speech``.
        """
        classes = self.verb_classes.get(lemma, frozenset({"speech"}))
        if lemma == "accord":
            return "speech"
        if not clause:
            return "stance"  # "denied the charges", "asked not to be named", "continued to rise"
        if "evidence" in classes and (lemma in self.evidence_only or source in self.evidence_sources):
            return "evidence"
        if "writing" in classes:
            return "writing"
        if not classes & {"speech", "writing"}:
            return "thought" if "thought" in classes else next(iter(sorted(classes)))
        return "writing" if source in self.documents else "speech"

    def noun_class(self, noun: str) -> str:
        """The class of a cue noun ("claim" speech, "belief" thought, "finding" evidence)."""
        word = noun.lower()
        return self.noun_classes.get(word) or self.noun_classes.get(word[:-1], "speech")

    def link_line(self, text: str) -> bool:
        """Is this paragraph a link line ("READ MORE: ...", "Related: ...")? It makes no record."""
        return self.link_labels.match(text) is not None

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
        lower = text.lower()
        return any(phrase in lower for phrase in self.phrases)


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


@functools.cache
def words(name: str) -> frozenset[str]:
    """The entries of a one-entry-a-line data file, lower-cased, as a set (read once).

    Args:
        name: the file name inside ``quotes/data``.
    """
    return frozenset(line.lower() for line in read_lines(name))


@functools.cache
def kinds(name: str) -> dict[str, frozenset[str]]:
    """The entries of a ``KIND ENTRY`` data file, by kind (read once).

    Args:
        name: the file name inside ``quotes/data``; an entry is the rest of its line.

    Returns:
        Each kind with its entries, as written.
    """
    table: dict[str, set[str]] = {}
    for line in read_lines(name):
        kind, entry = line.split(None, 1)
        table.setdefault(kind, set()).add(entry)
    return {kind: frozenset(entries) for kind, entries in table.items()}


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


def _cue_words(name: str) -> CueWords:
    """Read one class file (``verb``, ``noun``, ``phrase`` and ``source`` lines)."""
    verbs: dict[str, str] = {}
    only: set[str] = set()
    quotes: set[str] = set()
    nouns: set[str] = set()
    phrases: set[str] = set()
    sources: set[str] = set()
    for line in read_lines(f"cues_{name}.txt"):
        kind, *words = line.lower().split()
        if kind == "verb":
            lemma, *rest = words
            if rest and rest[-1] == "only":
                only.add(lemma)
                rest = rest[:-1]
            if rest and rest[-1] == "quotes":
                quotes.add(lemma)
                rest = rest[:-1]
            for form in inflections(lemma) | set(rest):
                verbs.setdefault(form, lemma)
        elif kind in ("noun", "source"):
            (nouns if kind == "noun" else sources).update(words)
        elif kind == "phrase":
            phrases.add(" ".join(words))
        else:
            raise ValueError(f"cues_{name}.txt: unknown line kind {kind!r} in {line!r}")
    return CueWords(verbs, frozenset(only), frozenset(quotes), frozenset(nouns), frozenset(phrases), frozenset(sources))


def _groups(name: str) -> dict[str, int]:
    return {word: n for n, line in enumerate(read_lines(name)) for word in line.lower().split()}


def _pronouns() -> dict[str, tuple[bool | None, bool | None]]:
    flag = {"yes": True, "no": False, "any": None, "sing": False, "plur": True}
    table = {}
    for line in read_lines("pronouns.txt"):
        word, person, number = line.lower().split()
        table[word] = (flag[person], flag[number])
    return table


def _labels(labels: list[str]) -> re.Pattern[str]:
    words = sorted((re.escape(label).replace(r"\ ", r"\s+") for label in labels), key=len, reverse=True)
    return re.compile(r"\s*(?:" + "|".join(words) + r")\s*(?::|\||>|»|—|–|-(?=\s))", re.IGNORECASE)


@functools.cache
def _genders(name: str) -> dict[str, str]:
    table = {}
    for line in read_lines(name):
        word, gender = line.lower().split()
        table[word] = gender
    return table


@functools.cache
def _class_files() -> dict[str, CueWords]:
    return {name: _cue_words(name) for name in CUE_CLASSES}


@functools.cache
def lexicon(cues: frozenset[str] = DEFAULT_CUES) -> Lexicon:
    """Load every word list once per choice of cue classes.

    Args:
        cues: the cue classes whose words are cues (see :func:`check_cues`).

    Returns:
        The shared :class:`Lexicon` for that choice.
    """
    files = _class_files()
    chosen = [files[name] for name in CUE_CLASSES if name in cues]
    verb_classes: dict[str, set[str]] = {}
    for name, words in files.items():
        for lemma in words.verbs.values():
            verb_classes.setdefault(lemma, set()).add(name)
    forms: dict[str, str] = {}
    for words in chosen:
        for form, lemma in words.verbs.items():
            forms.setdefault(form, lemma)
    noun_classes: dict[str, str] = {}
    for name in reversed(CUE_CLASSES):  # a noun in two files takes the earlier class
        noun_classes.update(dict.fromkeys(files[name].nouns, name))
    pairs = (line.lower().split() for line in read_lines("not_speech.txt"))
    return Lexicon(
        cues=frozenset(cues),
        forms=forms,
        nouns=frozenset().union(*(w.nouns for w in chosen)),
        phrases=frozenset().union(*(w.phrases for w in chosen)),
        verb_classes={lemma: frozenset(c) for lemma, c in verb_classes.items()},
        noun_classes=noun_classes,
        evidence_only=files["evidence"].only,
        quotes_only=frozenset().union(*(f.quotes for f in files.values())),
        documents=files["writing"].sources,
        evidence_sources=files["evidence"].sources,
        addressee=frozenset(line.lower() for line in read_lines("addressee_verbs.txt")),
        person=_groups("person_nouns.txt"),
        nonperson=_groups("nonperson_nouns.txt"),
        pronouns=_pronouns(),
        not_speech=frozenset((p[0], p[1]) for p in pairs if len(p) == 2),
        nonspeakers=frozenset(line.lower() for line in read_lines("not_speakers.txt")),
        link_labels=_labels(read_lines("link_labels.txt")),
        org_suffixes=frozenset(line.lower() for line in read_lines("org_suffixes.txt")),
        media_suffixes=frozenset(line.lower() for line in read_lines("media_suffixes.txt")),
        gender=_genders("gendered_words.txt"),
        given_names=_genders("name_genders.txt"),
        document_nouns=frozenset(line.lower() for line in read_lines("document_nouns.txt")) | files["writing"].sources
        | files["evidence"].sources,
    )
