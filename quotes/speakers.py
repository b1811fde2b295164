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
* Gender counts only where the text states it. A speaker is known to be a
  woman or a man from an honorific ("Ms. Keller", anywhere in the document
  for that surname), a gendered noun ("the spokeswoman") or, for a named
  person, a pronoun already resolved to it. When "she" would join a speaker
  known to be a man, it joins the latest speaker or honorific name known to
  be a woman instead ("Mrs. Clinton", outside quote marks); when the latest
  speaker's gender is unknown, only a matching honorific name in a later
  paragraph takes its place ("Mrs. Clinton held rallies. ¶ She spoke"). A
  description ("the spokeswoman") skips only to an earlier speaker known to
  match. Nothing is guessed from first names.

Canonical speakers are written with single spaces, so a mention broken over
a wrapped line ("China's\nForeign Ministry") groups with its one-line twin.

Everything here reads the text and the records only, so it gives the same
answer whatever parts of the document were parsed.
"""

from __future__ import annotations

import bisect
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
    "why", "what", "how", "is", "are", "was", "were", "does", "did", "unlike", "like", "say",
})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_OF_TAIL = re.compile(r"[ \u00a0]+of[ \u00a0]+")


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
        elif keys[0].endswith(("’s", "'s")):
            titles = []  # "Mr. Trump's RT": the titles were the owner's
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


def _person_part(name: _Name, key: tuple[str, ...]) -> tuple[int, str] | None:
    """The part of a name that is a fuller form of these name words, ranked, or None.

    Best (2): a name that ends in the words ("Lindsey Graham" for "Graham"),
    before a suffix ("Joseph R. Biden Jr") or an "of" tail, which is cut
    ("Lamar Alexander" from "Lamar Alexander of Tennessee"), or the first
    two or three words of a longer run that end in them ("Lindsey Graham"
    from the headline "Lindsey Graham Says"); among equals the earliest in
    the document wins, as a full name comes first in news. Next (1): a
    titled name of up to three words that starts with them ("Premier Li
    Qiang" for "Li"). Last (0): a two-word name that starts with them, for
    companies ("Talvik Motors"), used only when nothing better exists (so
    "Trump" is "Donald Trump", not "Trump Tower"). A title-case headline
    is never a fuller form as a whole ("Obama Says African-American Museum
    Will Tell").
    """
    words, text = name.words, name.text
    if "of" in words:
        words = words[:words.index("of")]
        text = _OF_TAIL.split(text, maxsplit=1)[0]
    core = words[:-1] if words and words[-1] in _SUFFIXES else words
    n = len(key)
    if not n <= len(core) <= 5:
        return None
    if core[-n:] == key:
        return 2, text
    inner = next((k for k in range(1, len(core) - n) if core[k:k + n] == key), 0)
    if inner and inner + n <= 3:  # "Lindsey Graham Says": the name ends at the words
        return 2, " ".join(text.split()[:inner + n])
    if core[:n] == key and name.titles and len(core) <= 3:
        return 1, text
    if core[:n] == key and len(core) == 2:
        return 0, text
    return None


def _name_key(text: str, head: str) -> tuple[tuple[str, ...], str]:
    """The lower-cased name words of a mention (titles stripped) and its name as written."""
    words, _ = _strip(text.split())
    key = tuple(w.lower().strip(".,") for w in words) or (head,)
    return key, " ".join(words) or text


def _synonyms(lex: Lexicon, word: str) -> set[str]:
    group = lex.person.get(word, lex.nonperson.get(word))
    if group is None:
        return {word}
    table = lex.person if word in lex.person else lex.nonperson
    return {w for w, g in table.items() if g == group}


def _clash(a: str | None, b: str | None) -> bool:
    """Two genders that are both known and differ."""
    return a is not None and b is not None and a != b


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


WINDOW = 40  # earlier speakers a pronoun or description may reach back to


class _Ranges:
    """Sorted, non-overlapping character ranges, asked whether they cover a stretch."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self.starts = [a for a, _ in self.ranges]

    def cover(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self.ranges[i][1] >= end


class Resolver:
    """Resolves the speakers of one document's records, in text order.

    Names are indexed by word once, and every lookup is cached or bounded, so
    a document with thousands of quotes resolves in linear time.
    """

    def __init__(self, text: str, lex: Lexicon, quoted: Sequence[tuple[int, int]] = ()) -> None:
        self.text = text
        self.lex = lex
        self.names = names_in(text)
        self.by_word: dict[str, list[int]] = {}
        for n, name in enumerate(self.names):
            for word in {*name.words, *name.titles}:
                self.by_word.setdefault(word, []).append(n)
        self.word_ends = {word: [self.names[k].end for k in indices] for word, indices in self.by_word.items()}
        full = [n for n, name in enumerate(self.names) if len(name.words) >= 2]
        self.full_ends = [self.names[n].end for n in full], full
        titled = [n for n in full if self.names[n].titles]
        self.titled_ends = [self.names[n].end for n in titled], titled
        self.fullest_cache: dict[tuple[str, ...], str] = {}
        self.done: list[_Resolved] = []
        self.gender: dict[str, str | None] = {}  # canonical speaker -> known gender
        self.surname_gender: dict[str, str | None] = {}  # from honorifics; None where they disagree
        self.by_gender: dict[str, tuple[list[int], list[int]]] = {"f": ([], []), "m": ([], [])}
        self._index_genders(_Ranges(quoted))

    def _index_genders(self, quoted: _Ranges) -> None:
        """Surnames whose honorifics agree on a gender, and the names (ends, indices) carrying one outside quotes."""
        for name in self.names:
            g = self._title_gender(name.titles)
            if g is not None and self.surname_gender.setdefault(name.words[-1], g) != g:
                self.surname_gender[name.words[-1]] = None
        for n, name in enumerate(self.names):
            g = self._name_gender(name.words, name.titles)
            if g is not None and not quoted.cover(name.start, name.end):
                self.by_gender[g][0].append(name.end)
                self.by_gender[g][1].append(n)

    def _title_gender(self, titles: Sequence[str]) -> str | None:
        found = {self.lex.gender[t] for t in titles if t in self.lex.gender}
        return found.pop() if len(found) == 1 else None

    def _name_gender(self, words: Sequence[str], titles: Sequence[str]) -> str | None:
        return self._title_gender(titles) or (self.surname_gender.get(words[-1]) if words else None)

    def _mention_gender(self, mention: Mention) -> str | None:
        """What the mention itself says: a pronoun, a gendered head noun, an honorific or a known surname."""
        if mention.kind == "name":
            words, titles = _strip(mention.text.split())
            return self._name_gender([w.lower().strip(".,") for w in words], titles)
        if mention.kind == "description" and mention.head not in _words(mention.text):
            return None  # "Women", "mothers": a plural says nothing of one speaker
        return self.lex.gender.get(mention.head)

    def _named(self, text: str) -> bool:
        """Does text end in a word of a name of the document?"""
        words = _words(text)
        return bool(words) and words[-1] in self.by_word

    def _gender_of(self, resolved: _Resolved) -> str | None:
        """The known gender of a resolved speaker (an earlier "she" counts only when it was resolved to a name)."""
        known = self.gender.get(resolved.canonical)
        return known if known is not None else self._said_gender(resolved)

    def _said_gender(self, resolved: _Resolved) -> str | None:
        """What one mention says of its speaker's gender."""
        if resolved.mention.kind == "pronoun" and not self._named(resolved.canonical):
            return None
        return self._mention_gender(resolved.mention)

    def canonical(self, mention: Mention) -> str:
        """The canonical speaker of one mention (records must come in text order)."""
        if mention.kind == "pronoun":
            result = self._pronoun(mention)
        elif mention.kind == "name":
            result = self._fullest(mention.text, mention.head)
        else:
            result = self._description(mention)
        result = " ".join(result.split())
        said = self._said_gender(_Resolved(mention, result))
        if said is not None and self.gender.setdefault(result, said) != said:
            self.gender[result] = None  # the text disagrees with itself: know nothing
        self.done.append(_Resolved(mention, result))
        return result

    def _fullest(self, text: str, head: str) -> str:
        """The longest name of the document that ends in these name words (see :func:`_person_part`)."""
        key, best = _name_key(text, head)
        if key in self.fullest_cache:
            return self.fullest_cache[key] if len(self.fullest_cache[key].split()) > len(best.split()) else best
        found, rank = best, (-1, 0)
        for index in self.by_word.get(key[0], ()):
            hit = _person_part(self.names[index], key)
            if hit is not None and len(hit[1].split()) > len(best.split()) and (hit[0], len(hit[1].split())) > rank:
                rank, found = (hit[0], len(hit[1].split())), hit[1]
        self.fullest_cache[key] = found
        return found

    def _earlier(self, mention: Mention) -> list[_Resolved]:
        return [d for d in self.done[-WINDOW:] if d.mention.end <= mention.start]

    def _pronoun(self, mention: Mention) -> str:
        earlier = [d for d in reversed(self._earlier(mention)) if _agrees(mention, d.mention)]
        if earlier:
            return self._by_gender(mention, earlier)
        if mention.person is not False and not mention.plural:
            for ends, indices in (self.titled_ends, self.full_ends):
                i = bisect.bisect_right(ends, mention.start) - 1
                if i >= 0:
                    name = self.names[indices[i]]
                    return self._fullest(name.text, name.words[-1])
        return mention.text

    def _by_gender(self, mention: Mention, earlier: list[_Resolved]) -> str:
        """Pick among the agreeing earlier speakers (latest first) with what the text says of gender."""
        gender = self.lex.gender.get(mention.head)
        first = earlier[0]
        known = self._gender_of(first)
        if gender is None or known == gender:
            return first.canonical
        ends, indices = self.by_gender[gender]
        i = bisect.bisect_right(ends, mention.start) - 1
        named = self.names[indices[i]] if i >= 0 else None
        if known is None:  # unknown: a matching honorific name wins only from a later paragraph
            if named is None or "\n" not in self.text[first.mention.end:max(named.start, first.mention.end)]:
                return first.canonical
            return self._fullest(named.text, named.words[-1])
        # a clash: the latest speaker or honorific name known to match
        rival = next((c for c in earlier[1:] if self._gender_of(c) == gender), None)
        if named is not None and (rival is None or named.start >= rival.mention.end):
            return self._fullest(named.text, named.words[-1])
        return (rival or first).canonical

    def _same_gender(self, gender: str | None, candidates: list[_Resolved]) -> _Resolved:
        """The first candidate, unless its gender is known to clash and a later one is known to match.

        Only a known match may replace the first candidate: a speaker of
        unknown gender behind it is as likely to be a headline or an
        institution as the person meant.
        """
        first = candidates[0]
        if gender is None or not _clash(gender, self._gender_of(first)):
            return first
        return next((c for c in candidates[1:] if self._gender_of(c) == gender), first)

    def _description(self, mention: Mention) -> str:
        first = _words(mention.text)[:1]
        if not first or first[0] not in _DEFINITE:
            return mention.text
        heads = _synonyms(self.lex, mention.head)
        earlier = [d for d in reversed(self._earlier(mention)) if heads & set(_words(d.mention.text))]
        if earlier:
            return self._same_gender(self.lex.gender.get(mention.head), earlier).canonical
        last = -1
        for head in heads:  # the latest name holding the head word or carrying it as a title
            indices = self.by_word.get(head, [])
            i = bisect.bisect_right(self.word_ends.get(head, []), mention.start) - 1
            if i >= 0:
                last = max(last, indices[i])
        if last < 0:
            return mention.text
        name = self.names[last]
        if heads & set(name.words):
            return self.text[name.start:name.end]
        return self._fullest(name.text, name.words[-1])


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
    resolver = Resolver(text, lex or lexicon(), [piece for r in records for piece in r.pieces])
    return [resolver.canonical(r.speaker) if r.speaker is not None else None for r in records]
