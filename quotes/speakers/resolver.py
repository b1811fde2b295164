"""The resolver: a canonical speaker for each record of one document, in text order."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from quotes.cues import CUE_CLASSES, Lexicon, lexicon
from quotes.spans import Stretches, credit_ranges
from quotes.speakers.canonical import clean
from quotes.speakers.descriptions import Described, describe
from quotes.speakers.entities import Entities
from quotes.speakers.names import (
    DEFINITE,
    HONORIFICS,
    PARTICLES,
    Name,
    fuller_form,
    name_key,
    names_in,
    strip_titles,
    title_words,
    words_of,
)
from quotes.tokenize import sentences
from quotes.types import Attribution, Mention, Resolution


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
    person: bool  # could be a person: a name, a person noun, or linked to a named person
    resolved: bool = True  # False for a pronoun left as it is


WINDOW = 40  # earlier speakers a pronoun or description may reach back to
REACH = 600  # characters a pronoun looks back for an issued statement or the previous sentence

# "The agency issued a statement. It said ...": "It" is the statement.
_ISSUED_SOURCE = (
    r"\b(?:issued|released|published|put[ \u00a0]+out|posted|sent|shared|circulated{IN})[ \u00a0]+"
    r"((?:a|an|its|their|the)[ \u00a0]+(?:[\w’'-]+[ \u00a0]+){0,3}?"
    r"(?:statement|letter|report|release|notice|memo|note|message|post|bulletin|communique|communiqué))\b")
# what "It" may be: a document the text just issued ("issued a statement. It said")
_ISSUED = regex.compile(_ISSUED_SOURCE.replace("{IN}", ""), regex.IGNORECASE)
# what "the statement" may be: also one the text opened with ("In a statement, ... The statement says")
_ISSUED_OR_IN = regex.compile(_ISSUED_SOURCE.replace("{IN}", "|in"), regex.IGNORECASE)
_LINE = regex.compile(r"[^\n]+")
_THIRD_PERSON = regex.compile(r"\b([Hh]e|[Hh]im|[Hh]is|[Hh]imself|[Ss]he|[Hh]er|[Hh]ers|[Hh]erself)\b")
_LOWER_WORD = regex.compile(r"(?<![\w’'-])[a-z][a-z’'-]*")
_PRONOUN_REACH = 250  # characters after a name that a pronoun of that person is looked for in


class Resolver:
    """Resolves the speakers of one document's records, in text order.

    Names are indexed by word once, and every lookup is cached or bounded, so
    a document with thousands of quotes resolves in linear time.
    """

    def __init__(self, text: str, lex: Lexicon, quoted: Sequence[tuple[int, int]] = ()) -> None:
        self.text = text
        self.lex = lex
        self.names = _outside(names_in(text), Stretches(credit_ranges(text) + headline_lines(text)))
        self.by_word: dict[str, list[int]] = {}
        for n, name in enumerate(self.names):
            for word in {*name.words, *name.titles}:
                self.by_word.setdefault(word, []).append(n)
        self.word_ends = {word: [self.names[k].end for k in indices] for word, indices in self.by_word.items()}
        self.name_starts = [name.start for name in self.names]
        self.name_texts = frozenset(" ".join(name.text.split()) for name in self.names if not name.titles)
        self.org_names = [n for n, name in enumerate(self.names) if name.words[-1] in lex.org_suffixes]
        self.org_ends = [self.names[n].end for n in self.org_names]
        self.media_names = [n for n, name in enumerate(self.names)
                            if len(name.words) >= 2 and name.words[-1] in lex.media_suffixes]
        self.media_ends = [self.names[n].end for n in self.media_names]
        full = [n for n, name in enumerate(self.names) if len(name.words) >= 2 and not name.text.isupper()
                and name.words[-1] not in lex.org_suffixes and not any(w in lex.nonperson for w in name.words)]
        self.full_ends = [self.names[n].end for n in full], full
        titled = [n for n in full if self.names[n].titles]
        self.titled_ends = [self.names[n].end for n in titled], titled
        self.fullest_cache: dict[tuple[tuple[str, ...], str | None], str] = {}
        self.done: list[_Resolved] = []
        self.gender: dict[str, str | None] = {}  # canonical speaker -> known gender
        self.surname_gender: dict[str, str | None] = {}  # from honorifics or first names; None where they disagree
        self.honorific_gender: dict[str, str | None] = {}  # from honorifics alone: what the text says
        self.by_gender: dict[str, tuple[list[int], list[int]]] = {"f": ([], []), "m": ([], [])}
        self.quoted = Stretches(quoted)
        self._lower_words: frozenset[str] | None = None  # the words the text writes in lower case, read when needed
        self._index_genders(self.quoted)
        self.described: dict[str, tuple[list[int], list[int]]] = {}  # head word -> (positions, name indices)
        self.described_words: dict[str, list[frozenset[str]]] = {}  # head word -> each description's words
        self.roles: dict[int, Described] = {}  # name index -> the first role the text gives it
        self.desc_list = sorted(describe(text, self.names, lex), key=lambda d: d.start)
        self.desc_starts = [d.start for d in self.desc_list]
        self._index_descriptions(self.desc_list)
        self.role_cache: dict[str, str | None] = {}
        self.articles: dict[str, str] = {}  # name -> the "the" or "The" the text writes before it
        for name in self.names:
            before = text[max(0, name.start - 4):name.start]
            if before[:3].lower() == "the" and before[3:].isspace():
                self.articles.setdefault(name.text, before[:3])

    def _index_descriptions(self, found: Sequence[Described]) -> None:
        """Index descriptions by head word (position: where both name and description have been read)."""
        pairs: dict[str, list[tuple[int, int, frozenset[str]]]] = {}
        for d in found:
            position = max(d.end, self.names[d.name].end)
            for head in d.heads:
                pairs.setdefault(head, []).append((position, d.name, d.heads))
            if d.role and (d.name not in self.roles or d.start < self.roles[d.name].start):
                self.roles[d.name] = d
        for head, found_pairs in pairs.items():
            found_pairs.sort(key=lambda pair: pair[:2])
            self.described[head] = ([p for p, _, _ in found_pairs], [n for _, n, _ in found_pairs])
            self.described_words[head] = [w for _, _, w in found_pairs]

    def _index_genders(self, quoted: Stretches) -> None:
        """Surnames whose honorifics agree on a gender, and the names (ends, indices) carrying one outside quotes."""
        for name in self.names:
            titled = self._title_gender(name.titles)
            g = titled or self._given_gender(name.words)
            if g is not None and self.surname_gender.setdefault(name.words[-1], g) != g:
                self.surname_gender[name.words[-1]] = None
            if titled is not None and self.honorific_gender.setdefault(name.words[-1], titled) != titled:
                self.honorific_gender[name.words[-1]] = None  # "Mr. Lee" and "Ms. Lee": two people
        for n, name in enumerate(self.names):
            g = self._name_gender(name.words, name.titles)
            if g is not None and not quoted.cover(name.start, name.end):
                self.by_gender[g][0].append(name.end)
                self.by_gender[g][1].append(n)

    def _title_gender(self, titles: Sequence[str]) -> str | None:
        found = {self.lex.gender[t] for t in titles if t in self.lex.gender}
        return found.pop() if len(found) == 1 else None

    def _given_gender(self, words: Sequence[str]) -> str | None:
        """The gender the first-name table gives a name's first word (``quotes/data/name_genders.txt``), or None."""
        return self.lex.given_gender(words[0]) if len(words) >= 2 else None

    def _name_gender(self, words: Sequence[str], titles: Sequence[str]) -> str | None:
        return self._title_gender(titles) or self._given_gender(words) or (
            self.surname_gender.get(words[-1]) if words else None)

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
        if known is not None:
            return known
        return self._said_gender(resolved) or self._given_gender(resolved.canonical.split())

    def _said_gender(self, resolved: _Resolved) -> str | None:
        """What one mention says of its speaker's gender."""
        if resolved.mention.kind == "pronoun" and not self._named(resolved.canonical):
            return None
        return self._mention_gender(resolved.mention)

    def canonical(self, mention: Mention) -> Resolution:
        """The canonical speaker and role of one mention (records must come in text order)."""
        resolved = True
        titled = _titled_name(mention, self.lex) if mention.kind == "description" else None
        if mention.kind == "description" and titled is None:
            titled = self._apposed_name(mention)
        if mention.kind == "pronoun":
            result, resolved = self._pronoun(mention)
        elif mention.kind == "name" or titled is not None:
            result = self._with_article(self._fullest(titled or mention.text, mention.head))
        else:
            result = self._description(mention)
        result = clean(" ".join(result.split()), self.lex, self._fullest_of, self._common)
        resolved = resolved and result.lower() not in self.lex.pronouns  # "he" resolved to an unresolved "he"
        role = self.role(result)
        named = mention.kind == "name" or titled is not None
        person = mention.person is True or named and mention.person is not False and not self._organisation(result) \
            or role is not None or mention.kind == "description" and result != mention.text and self._named(result)
        said = self._said_gender(_Resolved(mention, result, person))
        if said is not None and self.gender.setdefault(result, said) != said:
            self.gender[result] = None  # the text disagrees with itself: know nothing
        self.done.append(_Resolved(mention, result, person, resolved))
        return Resolution(result, role, resolved)

    def pronoun_votes(self, canonical: str, most: int = 8) -> list[str]:
        """The genders ("f", "m") of the he/she/his/her that follow a mention of a named person in running text.

        Pattern: "Ada Moss runs the shop. She opened it in 2009" — the first
        third-person pronoun after the name, in its paragraph and within a
        sentence or two, with no other person's name between them and outside
        quote marks (what a quoted speaker says of "her" is about someone else).
        The first ``most`` mentions of the surname are read.
        """
        words = words_of(canonical)
        if not words:
            return []
        votes = []
        for index in self.by_word.get(words[-1], ())[:most]:
            name = self.names[index]
            if name.words[-1] != words[-1] or self.quoted.cover(name.start, name.end):
                continue
            stop = self.text.find("\n", name.end, name.end + _PRONOUN_REACH)
            match = _THIRD_PERSON.search(self.text, name.end, stop if stop >= 0 else name.end + _PRONOUN_REACH)
            if match is None or self.quoted.cover(match.start(), match.end()):
                continue
            i = bisect.bisect_right(self.name_starts, name.start)
            if i < len(self.names) and self.names[i].start < match.start() and self._person_name(self.names[i]) \
                    and self.names[i].words[-1] != words[-1]:
                continue  # another person named in between: the pronoun may be theirs
            votes.append(self.lex.gender[match.group(1).lower()])
        return votes

    def _common(self, word: str) -> bool:
        """Is a word a title or one the text also writes in lower case ("crooked", "state"): no part of a name?

        Given several words, is it a name the text writes on its own ("Hillary Clinton")?
        """
        if " " in word:
            return word in self.name_texts
        if self._lower_words is None:
            self._lower_words = frozenset(_LOWER_WORD.findall(self.text))
        return word in self._lower_words or word in title_words()

    def _fullest_of(self, text: str) -> str:
        """The fullest form of a name the text gives, with its article ("Mook" -> "Robby Mook")."""
        words = words_of(text)
        return self._with_article(self._fullest(text, words[-1])) if words else text

    def _apposed_name(self, mention: Mention) -> str | None:
        """The name a description is apposed to: "Greta Holm, its chairwoman," / "A spokeswoman for X, NAME,"."""
        i = bisect.bisect_right(self.desc_starts, mention.start + 2) - 1
        while i >= 0 and self.desc_list[i].start >= mention.start - 2:
            found = self.desc_list[i]
            if found.role and abs(found.start - mention.start) <= 2 and mention.end <= found.end + 2:
                name = self.names[found.name]
                return self.text[name.start:name.end]
            i -= 1
        return None

    def _organisation(self, name: str) -> bool:
        """A name that reads as an organisation's: "Talvik Motors", "Belle Prairie Union Hospital"."""
        words = words_of(name)
        return bool(words) and (words[-1] in self.lex.org_suffixes or len(words) >= 2 and words[-1] in self.lex.media_suffixes
                                or any(w in self.lex.nonperson for w in words))

    def _with_article(self, name: str) -> str:
        """An organisation's name with the "the" the text writes before it ("the Rennick Zoo").

        Any name of two or more words that the text writes after "the" is taken
        for an organisation's, unless its first word is a given name.
        """
        words = name.split()
        if name[:4].lower() == "the " or not (self._organisation(name) or len(words) >= 2 and (
                words[0].lower() not in self.lex.given_names)):
            return name
        article = self.articles.get(name)
        return f"{article} {name}" if article else name

    def role(self, canonical: str) -> str | None:
        """The first role the text gives the named person with this canonical name, or None.

        Roles come from titles ("Finance Minister Karl Berg"), appositions
        ("Maria Keller, a geologist at the state survey,") and copulas ("Berg
        is the finance minister"), wherever the person is named.
        """
        if canonical in self.role_cache:
            return self.role_cache[canonical]
        words = words_of(canonical)
        best: Described | None = None
        for index in self.by_word.get(words[-1], ()) if words else ():
            found = self.roles.get(index)
            if found is None or best is not None and found.start >= best.start:
                continue
            name = self.names[index]
            if self._fullest(name.text, name.words[-1]) == canonical:
                best = found
        role = best.text if best is not None else None
        self.role_cache[canonical] = role
        return role

    def _fullest(self, text: str, head: str) -> str:
        """The longest name of the document that ends in these name words (see :func:`fuller_form`).

        An honorific picks among namesakes: "Mr. Hallett" is never "Wynne
        Hallett" when the text knows her as a woman.
        """
        key, best = name_key(text, head)
        gender = self._title_gender(strip_titles(text.split())[1])
        cached = self.fullest_cache.get((key, gender))
        if cached is not None:
            return cached if len(cached.split()) > len(best.split()) else best
        found, rank = best, (-1, 0, 0)
        for index in self.by_word.get(key[0], ()):
            name = self.names[index]
            hit = fuller_form(name, key)
            if hit is None:
                continue
            known = self._title_gender(name.titles) or self._given_gender(hit[1].split())
            if _clash(gender, known):
                continue
            # a namesake the text knows to match the honorific beats one it knows nothing of
            candidate = (hit[0], int(gender is not None and gender == known), len(hit[1].split()))
            if candidate[2] > len(best.split()) and candidate > rank:
                rank, found = candidate, hit[1]
        self.fullest_cache[(key, gender)] = found
        return found

    def _earlier(self, mention: Mention) -> list[_Resolved]:
        return [d for d in self.done[-WINDOW:] if d.mention.end <= mention.start]

    def _pronoun(self, mention: Mention) -> tuple[str, bool]:
        """The canonical of a pronoun, and whether it was resolved; "he" and "she" only ever reach a person."""
        person = mention.person is True and not mention.plural
        earlier = [d for d in reversed(self._earlier(mention)) if _agrees(mention, d.mention) and (d.person or not person)
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
            gender = self.lex.gender.get(mention.head)
            found = [self.by_gender[gender]] if gender in self.by_gender else []
            for ends, indices in (*found, self.titled_ends, self.full_ends):
                i = bisect.bisect_right(ends, mention.start) - 1
                if i >= 0:
                    name = self.names[indices[i]]
                    return self._fullest(name.text, name.words[-1]), True
        return mention.text, False

    def _issued(self, since: int, offset: int) -> str | None:
        """A statement issued between the latest earlier speaker and offset: "issued a statement. It said"."""
        found = None
        for match in _ISSUED.finditer(self.text, max(since, offset - REACH), offset):
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
        starts = self._sentence_starts(max(0, mention.start - REACH), mention.start + 1)
        gender = self.lex.gender.get(mention.head)
        if starts and starts[-1] >= since:  # "Petrenko supports it, but she said ...": the name opening her sentence
            i = bisect.bisect_left(self.name_starts, starts[-1])
            if i < len(self.names) and self.names[i].end <= mention.start \
                    and not self.text[starts[-1]:self.names[i].start].strip() and self._person_name(self.names[i]) \
                    and self._known_gender(self.names[i]) == gender:
                return self._fullest(self.names[i].text, self.names[i].words[-1])
        if len(starts) < 2 or starts[-2] < since:
            return None
        lo = bisect.bisect_left(self.name_starts, starts[-2])
        hi = bisect.bisect_left(self.name_starts, starts[-1])
        people = [self.names[n] for n in range(lo, hi) if self._person_name(self.names[n])]
        keys = {self._fullest(n.text, n.words[-1]) for n in people}
        if len(keys) == 1 and "\n" not in self.text[starts[-2]:mention.start]:
            # one person named just before, in the pronoun's paragraph: only when the text says they match
            return keys.pop() if self._known_gender(people[0]) == gender else None
        if len(keys) < 2:
            return None
        for name in people:
            if not _clash(gender, self._name_gender(name.words, name.titles)):
                return self._fullest(name.text, name.words[-1])
        return None

    def _known_gender(self, name: Name) -> str | None:
        """What the text says of a named person's gender: honorific, first name, or what it stated of them."""
        return self._name_gender(name.words, name.titles) or self.gender.get(self._fullest(name.text, name.words[-1]))

    def _sentence_starts(self, lo: int, hi: int) -> list[int]:
        """Where sentences begin in text[lo:hi], line by line (the tokenizer's splitter: "Coun. Nadia" goes on)."""
        return [words[0].start for line in _LINE.finditer(self.text, lo, hi)
                for words in sentences(self.text, line.start(), line.end())]

    def _person_name(self, name: Name) -> bool:
        """A name that may be a person's: two or more words (or a surname of such a name), or titled,
        and no non-person word in it, not all in capitals (a headline or a dateline)."""
        if any(w in self.lex.nonperson for w in name.words) or name.words[-1] in self.lex.org_suffixes \
                or name.text.isupper() and len(name.text) > 3:
            return False
        return len(name.words) >= 2 or bool(name.titles) or len(self._fullest(name.text, name.words[-1]).split()) >= 2

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
        """A definite description takes the nearest earlier speaker, name or described name sharing its head.

        Pattern: "league commissioner Dana Whitlock" ... "the commissioner
        said" gives Dana Whitlock; "Jane Doe, 34," ... "the 34-year-old" gives
        Jane Doe; "A spokesman for the ministry said" ... "The spokesperson"
        gives "A spokesman for the ministry" (synonyms in person_nouns.txt).
        """
        words = words_of(mention.text)
        if not words:
            return mention.text
        if words[0] not in DEFINITE:
            return (None if _plural_words(words) else self._named_later(_surface_head(words), mention)) or mention.text
        head = _surface_head(words)
        heads = _singular(_synonyms(self.lex, head) | {head})
        options: list[tuple[int, int, str]] = []  # (position, rank on a tie, canonical)
        issued = [m for m in _ISSUED_OR_IN.finditer(self.text, max(0, mention.start - REACH), mention.start)
                  if heads & _singular(words_of(m.group(1)))]
        if issued:
            options.append((issued[-1].end(), 0, issued[-1].group(1)))
        plural = _plural_words(words)
        earlier = [d for d in reversed(self._earlier(mention)) if heads & _singular(words_of(d.mention.text))
                   and _plural_words(words_of(d.mention.text)) == plural]
        if earlier:
            chosen = self._same_gender(self.lex.gender.get(mention.head), earlier)
            inner = None if heads & _singular({_surface_head(words_of(chosen.mention.text))}) \
                else _inner_phrase(chosen.mention.text, heads)
            options.append((chosen.mention.end, 0, inner or chosen.canonical))
        modifiers = frozenset(words) - heads - _FUNCTION_WORDS - DEFINITE
        for word in heads:
            options.extend(self._latest_name(word, mention.start, modifiers))
        if options:
            return max(options)[2]
        return self._named_later(head, mention) or self._document_named_before(head, words, mention) or mention.text

    def _by_epithet(self, head: str, last: int, modifiers: frozenset[str]) -> str | None:
        """The one person described before with the head and most of the description's other words.

        Pattern: "GOP nominee Donald Trump" and "Libertarian nominee Gary
        Johnson" named, then "the GOP nominee" is Donald Trump however recently
        Johnson was named; "Indiana Gov. Mike Pence" then "the Indiana governor".
        None when no earlier description shares a word beyond the head, or
        two different people share as many.
        """
        if not modifiers:
            return None
        indices, words = self.described[head][1], self.described_words[head]
        best, people = 0, set()
        for k in range(last, max(-1, last - WINDOW), -1):
            shared = len(modifiers & words[k])
            name = self.names[indices[k]]
            if shared > best:
                best, people = shared, {self._fullest(name.text, name.words[-1])}
            elif shared == best and shared:
                people.add(self._fullest(name.text, name.words[-1]))
        return people.pop() if best and len(people) == 1 else None

    def _document_named_before(self, head: str, words: Sequence[str], mention: Mention) -> str | None:
        """The fuller phrase an earlier sentence gave "the report" (or study, memo ...) as a cue's subject.

        Pattern: "Quillfen's report to Mendel's board found that ..." then "The
        report says ..." gives "Quillfen's report to Mendel's board", though a
        finding is not a quote under the default cue classes and so made no
        record to link to. Any cue class's verb counts here.
        """
        if head not in self.lex.documents or len(words) > 2:
            return None
        found = None
        for match in _document_pattern(head).finditer(self.text, max(0, mention.start - 5 * REACH), mention.start):
            if len(match.group(1).split()) > len(words):
                found = match.group(1)
        return found

    def _named_later(self, head: str, mention: Mention) -> str | None:
        """The one person the text titles with the description's head soon after it.

        Pattern: "The governor of the Bank of Ardenne hinted ..." then "Governor
        Lise Moreau was quoted ..."; "A federal judge blocked ..." then "Judge
        Helen Sato wrote ...". Only when every name so titled is the same person.
        """
        titled = [self.names[n] for n in self.by_word.get(head, ()) if head in self.names[n].titles]
        later = [name for name in titled if mention.end <= name.start <= mention.end + REACH]
        people = {self._fullest(name.text, name.words[-1]) for name in titled}
        return self._with_article(people.pop()) if later and len(people) == 1 else None

    def _latest_name(self, head: str, offset: int, modifiers: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
        """(position, rank, canonical) of the latest name before offset holding the head word, titled or described with it.

        On a tie the person a description was apposed to wins over the words
        of the description itself: "Ada Quill, a Vermont Democrat" makes "the
        Vermont Democrat" Ada Quill.
        """
        found: list[tuple[int, int, str]] = []
        i = bisect.bisect_right(self.word_ends.get(head, []), offset) - 1
        while i >= 0 and self.names[self.by_word[head][i]].words == (head,):
            i -= 1  # "Newspaper" opening a headline is the common noun, not a name for "the newspaper"
        if i >= 0:
            name = self.names[self.by_word[head][i]]
            canonical = self.text[name.start:name.end] if head in name.words else self._fullest(name.text, name.words[-1])
            found.append((name.end, 0, canonical))
        positions, indices = self.described.get(head, ([], []))
        i = bisect.bisect_right(positions, offset) - 1
        if i >= 0:
            name = self.names[indices[i]]
            found.append((positions[i], 1, self._fullest(name.text, name.words[-1])))
            epithet = self._by_epithet(head, i, modifiers)
            if epithet is not None:
                found.append((offset, 2, epithet))
        for heads, ends, names in ((_COMPANY_HEADS, self.org_ends, self.org_names),  # "the company" after "Talvik Motors"
                                   (_MEDIA_HEADS, self.media_ends, self.media_names)):  # "the newspaper": "the Norland Times"
            i = bisect.bisect_right(ends, offset) - 1 if head in heads else -1
            if i >= 0:
                name = self.names[names[i]]
                found.append((name.end, 0, self._fullest(name.text, name.words[-1])))
        return [(position, rank, self._with_article(canonical)) for position, rank, canonical in found]


_COMPANY_HEADS = frozenset({"company", "firm", "corporation", "business", "group", "carrier", "airline", "lender",
                            "bank", "insurer", "operator", "developer", "maker", "manufacturer", "retailer", "startup"})
@functools.cache
def _document_pattern(head: str) -> regex.Pattern[str]:
    """A noun phrase with this head and its owner or prepositional tail, then the next word (checked to be a cue)."""
    word = r"[\w’'-]+"
    return regex.compile(
        rf"(?<![\w’'-])((?:[Tt]he|[Aa]n?|[A-Z]{word}(?:’s|'s))(?:[ \u00a0]{word}){{0,3}}?[ \u00a0]{head}s?"
        rf"(?:[ \u00a0](?:by|on|to|into|from|of|for)(?:[ \u00a0]{word}){{1,5}}?)?)"
        rf"(?:,?[ \u00a0](?:published|released|issued|presented|commissioned)\b[^,.;\n]{{0,50}}?)?,?[ \u00a0]"
        rf"({'|'.join(sorted(_all_cue_forms(), key=len, reverse=True))})\b"  # lower case: "State Supreme Court" is no cue
    )


@functools.cache
def _all_cue_forms() -> frozenset[str]:
    """Every cue verb form of every class ("found" is evidence, not a default cue)."""
    return frozenset(regex.escape(form) for form in lexicon(frozenset(CUE_CLASSES)).forms)


_MEDIA_HEADS = frozenset({"newspaper", "paper", "daily", "tabloid", "broadcaster", "network", "channel", "station",
                          "magazine", "outlet", "publication", "website"})
_FUNCTION_WORDS = frozenset({"a", "an", "the", "of", "for", "at", "in", "on", "to", "with", "by", "from", "and", "or"})


def _surface_head(words: Sequence[str]) -> str:
    """The head noun of a description read off its words: the last before "of", "for", "at" ("the head of ...")."""
    cut = next((n for n, w in enumerate(words) if w in ("of", "for", "at", "with", "in", "on") and n > 1), len(words))
    head = words[cut - 1]
    return head[:-1] if head.endswith("s") and len(head) > 3 and not head.endswith("ss") else head


_PREPOSITIONS = ("of", "for", "at", "with", "in", "on", "by", "from", "to")


def _inner_phrase(text: str, heads: set[str]) -> str | None:
    """The phrase inside a description that names another thing with one of these heads.

    "The ministry" after "A spokesman for Estmark's foreign ministry" is
    "Estmark's foreign ministry", not the spokesman; "the institute" after "a
    survey by the Nordic Polar Institute" is "the Nordic Polar Institute":
    the words after the last preposition before the head word, up to it.
    """
    raw = text.split()
    words = [w.lower().strip(".,’'") for w in raw]
    at = next((n for n in range(len(words) - 1, 0, -1) if _singular({words[n]}) & heads), None)
    if at is None:
        return None
    start = next((n + 1 for n in range(at - 1, -1, -1) if words[n] in _PREPOSITIONS), None)
    if start is None or start > at:
        return None
    return " ".join(raw[start:at + 1]).rstrip(",.")


def _plural_words(words: Sequence[str]) -> bool:
    """Is a description plural, read off its head word ("the officials", not "the spokesperson")?"""
    if not words:
        return False
    cut = next((n for n, w in enumerate(words) if w in ("of", "for", "at", "with", "in", "on") and n > 1), len(words))
    head = words[cut - 1]
    return head.endswith("s") and not head.endswith(("ss", "us", "is")) and len(head) > 3


def _singular(words: Sequence[str] | set[str]) -> set[str]:
    """Words with a plural -s dropped too, so "the officials" meets "two officials"."""
    return {w for word in words for w in (word, word[:-1] if word.endswith("s") and len(word) > 3 else word)}


def _titled_name(mention: Mention, lex: Lexicon) -> str | None:
    """The name in a description that is only titles and a name ("Chief executive Priya Raman"), else None."""
    words = mention.text.split()
    k = len(words)
    while k > 0 and (words[k - 1][:1].isupper() or words[k - 1].lower() in PARTICLES and k < len(words)):
        k -= 1
    if k == len(words) or k == 0 and len(words) < 2:
        return None
    if k == 0 and words[0].lower() in DEFINITE and words[-1].lower().strip(",.") in lex.person:
        return None  # "The Vermont Democrat": a description in capitals, not a name
    prefix = [w.lower().strip(",.") for w in words[:k]]
    if any(w in _FUNCTION_WORDS or w.endswith(("’s", "'s")) for w in prefix):
        return None  # "A spokesman for China's Foreign Ministry" is a description
    if not any(w in lex.person or w in HONORIFICS for w in prefix) and k:
        return None
    return " ".join(words[k:])


_TITLE_WORD = regex.compile(r"[\p{L}][\p{L}’'-]*")
_SMALL_WORDS = frozenset({"a", "an", "the", "of", "for", "at", "in", "on", "to", "and", "or", "by", "with", "as", "vs"})


def headline_lines(text: str) -> list[tuple[int, int]]:
    """Lines written in title case ("Chris Christie Calls Hillary Clinton 'Unfit'"): headlines, not running text.

    Their capitalised runs join names to verbs and epithets ("Railing Against
    Trump", "Crooked Hillary Clinton"), so they give no fuller form of a name.
    """
    found = []
    for line in _LINE.finditer(text):
        words = [w for w in _TITLE_WORD.findall(line.group()) if w.lower() not in _SMALL_WORDS]
        if len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words) and not line.group().isupper():
            found.append((line.start(), line.end()))
    return found


def _outside(names: Sequence[Name], credits: Stretches) -> tuple[Name, ...]:
    """The names that are not inside a photo credit, byline or agency line."""
    return tuple(n for n in names if not credits.overlap(n.start, n.end))


NO_SPEAKER = Resolution(None, None, True)


def resolve(text: str, records: Sequence[Attribution], lex: Lexicon | None = None, *,
            gender: str = "names") -> list[Resolution]:
    """Canonical speaker, role, type and gender of each record.

    Args:
        text: the document text.
        records: the document's records in text order.
        lex: the word lists (the packaged ones by default).
        gender: ``names`` (what the text says, then the first-name table),
            ``text`` (what the text says only) or ``off`` (no gender).

    Returns:
        One :class:`~quotes.types.Resolution` per record (all None where
        the record has no speaker).
    """
    resolver = Resolver(text, lex or lexicon(), [piece for r in records for piece in r.pieces])
    found = [resolver.canonical(r.speaker) if r.speaker is not None else NO_SPEAKER for r in records]
    entities = Entities(resolver.lex, gender=gender, organisation=resolver._organisation,
                        surname_gender=resolver.honorific_gender, pronoun_votes=resolver.pronoun_votes,
                        names=[name.text for name in resolver.names], articles=resolver.articles)
    return entities.describe([r.speaker for r in records], found)
