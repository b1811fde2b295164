"""Pronoun resolution: "It", "he", "she", "they" take the speaker they refer to."""

from __future__ import annotations

import bisect

from quotes.cues import kinds
from quotes.speakers.chain import _ISSUED, REACH, Chain, _Resolved
from quotes.speakers.index import Index, _clash
from quotes.speakers.names import Name
from quotes.types import Mention


_OPEN_PRONOUNS = kinds("speaker_words.txt")["open_pronoun"]


def _agrees(pronoun: Mention, candidate: Mention) -> bool:
    """Person and number agreement between a pronoun and an earlier speaker."""
    if candidate.kind == "pronoun" and candidate.head in ("i", "me", "you"):
        return False
    if pronoun.head in _OPEN_PRONOUNS:
        return True
    if pronoun.plural != candidate.plural and not (pronoun.plural and candidate.person is False):
        return False
    if pronoun.person is None or candidate.person is None:
        return pronoun.person is not False or candidate.kind != "pronoun"
    return pronoun.person == candidate.person


class Pronouns:
    """Resolves pronoun mentions against the document index and the speakers resolved before them."""

    def __init__(self, index: Index, chain: Chain) -> None:
        self.index, self.chain = index, chain

    def resolve(self, mention: Mention) -> tuple[str, bool]:
        """The canonical of a pronoun, and whether it was resolved; "he" and "she" only ever reach a person."""
        person = mention.person is True and not mention.plural
        earlier = [d for d in reversed(self.chain.earlier(mention)) if _agrees(mention, d.mention) and (d.person or not person)
                   and (d.resolved or d.mention.head == mention.head)]  # an unresolved "he" is no antecedent of "she"
        since = earlier[0].mention.end if earlier else max(0, mention.start - REACH)
        if mention.head == "it":
            issued = self._issued(since, mention.start)
            if issued is not None:
                return issued, True
        if person:
            subject = self._subject_before(mention, since)
            if subject is not None:
                return subject, True
        if earlier:
            return self._by_gender(mention, earlier), True
        if mention.person is not False and not mention.plural:
            gender = self.index.lex.gender.get(mention.head)
            found = [self.index.by_gender[gender]] if gender in self.index.by_gender else []
            for ends, indices in (*found, self.index.titled_ends, self.index.full_ends):
                i = bisect.bisect_right(ends, mention.start) - 1
                if i >= 0:
                    name = self.index.names[indices[i]]
                    return self.index.fullest(name.text, name.words[-1]), True
        return mention.text, False

    def _issued(self, since: int, offset: int) -> str | None:
        """A statement issued between the latest earlier speaker and offset: "issued a statement. It said"."""
        found = None
        for match in _ISSUED.finditer(self.index.text, max(since, offset - REACH), offset):
            found = match.group(1)
        return found

    def _subject_before(self, mention: Mention, since: int) -> str | None:
        """The first person named in the sentence before, when that sentence names two or more
        or, in the pronoun's own paragraph, one.

        Pattern: "Park voted against it alongside Farouk. He said ..." — the
        subject of the sentence before ("Park") is preferred over an object
        or apposition, unless a speaker came later than that sentence began;
        "Told of the offer, Mr. Hallett shook his head. “Talking,” he said".
        """
        starts = self.index.sentence_starts(max(0, mention.start - REACH), mention.start + 1)
        gender = self.index.lex.gender.get(mention.head)
        if starts and starts[-1] >= since:  # "Petrenko supports it, but she said ...": the name opening her sentence
            i = bisect.bisect_left(self.index.name_starts, starts[-1])
            if i < len(self.index.names) and self.index.names[i].end <= mention.start \
                    and not self.index.text[starts[-1]:self.index.names[i].start].strip() and self.index.person_name(self.index.names[i]) \
                    and self._known_gender(self.index.names[i]) == gender:
                return self.index.fullest(self.index.names[i].text, self.index.names[i].words[-1])
        if len(starts) < 2 or starts[-2] < since:
            return None
        lo = bisect.bisect_left(self.index.name_starts, starts[-2])
        hi = bisect.bisect_left(self.index.name_starts, starts[-1])
        people = [self.index.names[n] for n in range(lo, hi) if self.index.person_name(self.index.names[n])]
        keys = {self.index.fullest(n.text, n.words[-1]) for n in people}
        if len(keys) == 1 and "\n" not in self.index.text[starts[-2]:mention.start]:
            # one person named just before, in the pronoun's paragraph: only when the text says they match
            return keys.pop() if self._known_gender(people[0]) == gender else None
        if len(keys) < 2:
            return None
        for name in people:
            if not _clash(gender, self.index.name_gender(name.words, name.titles)):
                return self.index.fullest(name.text, name.words[-1])
        return None

    def _known_gender(self, name: Name) -> str | None:
        """What the text says of a named person's gender: honorific, first name, or what it stated of them."""
        return self.index.name_gender(name.words, name.titles) or self.chain.gender.get(self.index.fullest(name.text, name.words[-1]))

    def _by_gender(self, mention: Mention, earlier: list[_Resolved]) -> str:
        """Pick among the agreeing earlier speakers (latest first) with what the text says of gender."""
        gender = self.index.lex.gender.get(mention.head)
        first = earlier[0]
        known = self.chain.gender_of(first)
        if gender is None or known == gender:
            return first.canonical
        ends, indices = self.index.by_gender[gender]
        i = bisect.bisect_right(ends, mention.start) - 1
        named = self.index.names[indices[i]] if i >= 0 else None
        if known is None:  # unknown: a matching honorific name wins only from a later paragraph
            if named is None or "\n" not in self.index.text[first.mention.end:max(named.start, first.mention.end)]:
                return first.canonical
            return self.index.fullest(named.text, named.words[-1])
        # a clash: the latest speaker or honorific name known to match
        rival = next((c for c in earlier[1:] if self.chain.gender_of(c) == gender), None)
        if named is not None and (rival is None or named.start >= rival.mention.end):
            return self.index.fullest(named.text, named.words[-1])
        return (rival or first).canonical
