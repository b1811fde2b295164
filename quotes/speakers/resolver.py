"""The resolver: a canonical speaker for each record of one document, in text order."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from quotes.cues import Lexicon, lexicon
from quotes.speakers.names import DEFINITE, fuller_form, name_key, names_in, strip_titles, words_of
from quotes.types import Attribution, Mention

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
            words, titles = strip_titles(mention.text.split())
            return self._name_gender([w.lower().strip(".,") for w in words], titles)
        if mention.kind == "description" and mention.head not in words_of(mention.text):
            return None  # "Women", "mothers": a plural says nothing of one speaker
        return self.lex.gender.get(mention.head)

    def _named(self, text: str) -> bool:
        """Does text end in a word of a name of the document?"""
        words = words_of(text)
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
        key, best = name_key(text, head)
        if key in self.fullest_cache:
            return self.fullest_cache[key] if len(self.fullest_cache[key].split()) > len(best.split()) else best
        found, rank = best, (-1, 0)
        for index in self.by_word.get(key[0], ()):
            hit = fuller_form(self.names[index], key)
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
        first = words_of(mention.text)[:1]
        if not first or first[0] not in DEFINITE:
            return mention.text
        heads = _synonyms(self.lex, mention.head)
        earlier = [d for d in reversed(self._earlier(mention)) if heads & set(words_of(d.mention.text))]
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
