"""In-document speaker resolution: a canonical speaker for every record.

* A name resolves to the fullest name in the document that contains it
  ("Keller" and "Ms. Keller" become "Maria Keller").
* A pronoun resolves to the most recent earlier speaker it agrees with in
  person and number ("It" after "a statement" becomes "a statement"); with
  no earlier speaker, "he" and "she" take the nearest full name before them.
* A definite description resolves to the most recent earlier speaker or
  name that shares its head noun or a synonym of it ("The spokesperson"
  becomes "A spokesman for China's Foreign Ministry", "the premier" becomes
  "Li Qiang" when "Premier Li Qiang" was named).
* Anything else (a name seen once, an indefinite description) is its own
  canonical speaker.

Everything here reads the text and the records only, so it gives the same
answer whatever parts of the document were parsed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quotes.cues import Lexicon, lexicon
from quotes.types import Attribution, Mention

_CAPITALISED = re.compile(r"[A-Z][\w’'.-]*(?:[ \u00a0]+(?:(?:de|van|von|bin|al|da|del|der|la|le|of)[ \u00a0]+)?[A-Z][\w’'.-]*)*")
_HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "prof", "rev",
    "president", "premier", "senator", "governor", "mayor", "minister", "secretary", "judge", "justice",
    "chairman", "chairwoman", "director", "chief", "general", "ambassador", "king", "queen", "prince",
    "pope", "sir", "dame", "lord", "lady", "professor", "doctor", "representative", "congressman",
    "congresswoman", "officer", "detective", "sheriff", "commissioner", "speaker", "leader", "candidate",
    "nominee", "former", "vice", "deputy", "acting", "prime", "foreign", "defense", "defence", "attorney",
    "spokesman", "spokeswoman", "spokesperson", "analyst", "coach", "chancellor", "nationwide",
})
_SENTENCE_WORDS = frozenset({
    "the", "a", "an", "but", "and", "or", "in", "on", "at", "for", "to", "of", "by", "with", "from", "as",
    "after", "before", "when", "while", "if", "this", "that", "these", "those", "it", "he", "she", "they",
    "we", "i", "his", "her", "their", "our", "its", "there", "then", "yet", "so", "still", "also", "now",
    "despite", "upon", "during", "since", "under", "over", "according", "meanwhile", "however", "although",
})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


@dataclass(frozen=True, slots=True)
class _Name:
    start: int
    end: int
    words: tuple[str, ...]  # the name without leading titles, lower-cased
    text: str  # the name without leading titles, as written
    titles: tuple[str, ...]  # the title words in front of it, lower-cased


def _strip(words: list[str]) -> tuple[list[str], list[str]]:
    """Split leading sentence words and titles off a capitalised run.

    "Chinese Premier Li Qiang" gives (["Li", "Qiang"], ["premier"]).
    """
    keys = [w.lower().rstrip(".") for w in words]
    last_title = max((n for n, k in enumerate(keys[:-1]) if k in _HONORIFICS), default=-1)
    titles = [k for k in keys[:last_title + 1] if k in _HONORIFICS]
    words, keys = words[last_title + 1:], keys[last_title + 1:]
    while words and (keys[0] in _SENTENCE_WORDS or keys[0] in _HONORIFICS or keys[0].endswith(("’s", "'s"))):
        if keys[0] in _HONORIFICS:
            titles.append(keys[0])
        words, keys = words[1:], keys[1:]
    if words and len(words[-1]) > 2 and words[-1].endswith("."):
        words = [*words[:-1], words[-1][:-1]]
    return words, titles


def _runs(match: re.Match[str]) -> list[list[tuple[int, str]]]:
    """Cut a capitalised run after a word that ends a sentence ("Smith. Then ...")."""
    runs: list[list[tuple[int, str]]] = [[]]
    for word in re.finditer(r"\S+", match.group()):
        runs[-1].append((match.start() + word.start(), word.group()))
        token = word.group()
        if token.endswith(".") and len(token) > 2 and token.lower().rstrip(".") not in _HONORIFICS:
            runs.append([])
    return [run for run in runs if run]


def names_in(text: str) -> tuple[_Name, ...]:
    """Every run of capitalised words, with leading titles split off.

    Args:
        text: the document text.

    Returns:
        The runs that still hold a word after stripping, in text order.
    """
    found = []
    for match in _CAPITALISED.finditer(text):
        for run in _runs(match):
            raw = [w for _, w in run]
            words, titles = _strip(raw)
            if not words:
                continue
            start = run[len(raw) - len(words)][0]
            end = run[-1][0] + len(words[-1]) if len(words) > 0 else start
            found.append(_Name(start, end, tuple(w.lower().strip(".,") for w in words), text[start:end], tuple(titles)))
    return tuple(found)


def _words(text: str) -> list[str]:
    return [w.lower().strip(".,’'") for w in re.findall(r"[\w’'.-]+", text)]


def _fullest_name(mention: Mention, names: Sequence[_Name]) -> str:
    """The longest name of the document that contains the mention's name words."""
    words, _ = _strip(mention.text.split())
    key = tuple(w.lower().strip(".,") for w in words) or (mention.head,)
    best = " ".join(words) or mention.text
    for name in names:
        n = len(key)
        if len(name.words) > len(best.split()) and any(name.words[k:k + n] == key for k in range(len(name.words) - n + 1)):
            best = name.text
    return best


def _synonyms(lex: Lexicon, word: str) -> set[str]:
    group = lex.person.get(word, lex.nonperson.get(word))
    if group is None:
        return {word}
    table = lex.person if word in lex.person else lex.nonperson
    return {w for w, g in table.items() if g == group}


def _agrees(pronoun: Mention, candidate: Mention) -> bool:
    """Person and number agreement between a pronoun and an earlier speaker."""
    if candidate.kind == "pronoun" and candidate.head in ("i", "me", "you"):
        return False
    if pronoun.head in ("we", "us", "you", "who", "that", "which"):
        return True
    if pronoun.plural != candidate.plural and not (pronoun.plural and candidate.person is False):
        return False
    if pronoun.person is None or candidate.person is None:
        return pronoun.person is not False or candidate.kind != "pronoun"
    return pronoun.person == candidate.person


@dataclass(slots=True)
class _Resolved:
    mention: Mention
    canonical: str


class Resolver:
    """Resolves the speakers of one document's records, in text order."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.names = names_in(text)
        self.done: list[_Resolved] = []

    def canonical(self, mention: Mention) -> str:
        """The canonical speaker of one mention (records must come in text order)."""
        if mention.kind == "pronoun":
            result = self._pronoun(mention)
        elif mention.kind == "name":
            result = _fullest_name(mention, self.names)
        else:
            result = self._description(mention)
        self.done.append(_Resolved(mention, result))
        return result

    def _pronoun(self, mention: Mention) -> str:
        for earlier in reversed(self.done):
            if earlier.mention.end <= mention.start and _agrees(mention, earlier.mention):
                return earlier.canonical
        if mention.person is not False and not mention.plural:
            before = [n for n in self.names if n.end <= mention.start and len(n.words) >= 2 and n.titles != ()]
            before = before or [n for n in self.names if n.end <= mention.start and len(n.words) >= 2]
            if before:
                return _fullest_name(Mention(0, 0, before[-1].text, before[-1].words[-1], "name", None, False), self.names)
        return mention.text

    def _description(self, mention: Mention) -> str:
        first = _words(mention.text)[:1]
        if not first or first[0] not in _DEFINITE:
            return mention.text
        heads = _synonyms(self.lex, mention.head)
        for earlier in reversed(self.done):
            if earlier.mention.end <= mention.start and heads & set(_words(earlier.mention.text)):
                return earlier.canonical
        for name in reversed(self.names):
            if name.end <= mention.start and heads & (set(name.titles) | set(name.words)):
                if heads & set(name.words):
                    return self.text[name.start:name.end]
                return _fullest_name(Mention(0, 0, name.text, name.words[-1], "name", None, False), self.names)
        return mention.text


def resolve(text: str, records: Sequence[Attribution], lex: Lexicon | None = None) -> list[str | None]:
    """Canonical speaker of each record.

    Args:
        text: the document text.
        records: the document's records in text order.
        lex: the word lists (the packaged ones by default).

    Returns:
        One canonical speaker string (or None where the record has no
        speaker) per record.
    """
    resolver = Resolver(text, lex or lexicon())
    return [resolver.canonical(r.speaker) if r.speaker is not None else None for r in records]
