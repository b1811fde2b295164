"""The document index the speaker resolvers share, built once per document.

Every capitalised name of the text (outside photo credits, bylines and
title-case headlines) indexed by word; the descriptions the text attaches to
names (titles, appositions, copulas, ages); what honorifics and first names
say of each surname's gender; the articles the text writes before names.
Lookups on it (the fullest form of a name, a named person's role, whether a
name is an organisation's) are cached or bounded, so a document with
thousands of quotes resolves in linear time. Nothing here depends on the
records: it is the same whatever parts of the document were parsed.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import regex

from quotes.cues import Lexicon, kinds
from quotes.spans import Stretches, credit_ranges
from quotes.speakers.descriptions import Described, describe
from quotes.speakers.names import Name, fuller_form, name_key, names_in, strip_titles, title_words, words_of
from quotes.tokenize import sentences
from quotes.types import Mention

_LINE = regex.compile(r"[^\n]+")
_THIRD_PERSON = regex.compile(r"\b([Hh]e|[Hh]im|[Hh]is|[Hh]imself|[Ss]he|[Hh]er|[Hh]ers|[Hh]erself)\b")
_LOWER_WORD = regex.compile(r"(?<![\w’'-])[a-z][a-z’'-]*")
_PRONOUN_REACH = 250  # characters after a name that a pronoun of that person is looked for in


def _clash(a: str | None, b: str | None) -> bool:
    """Two genders that are both known and differ."""
    return a is not None and b is not None and a != b


class Index:
    """What one document says of its names, read once: see the module docstring."""

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
            titled = self.title_gender(name.titles)
            g = titled or self.given_gender(name.words)
            if g is not None and self.surname_gender.setdefault(name.words[-1], g) != g:
                self.surname_gender[name.words[-1]] = None
            if titled is not None and self.honorific_gender.setdefault(name.words[-1], titled) != titled:
                self.honorific_gender[name.words[-1]] = None  # "Mr. Lee" and "Ms. Lee": two people
        for n, name in enumerate(self.names):
            g = self.name_gender(name.words, name.titles)
            if g is not None and not quoted.cover(name.start, name.end):
                self.by_gender[g][0].append(name.end)
                self.by_gender[g][1].append(n)

    def title_gender(self, titles: Sequence[str]) -> str | None:
        found = {self.lex.gender[t] for t in titles if t in self.lex.gender}
        return found.pop() if len(found) == 1 else None

    def given_gender(self, words: Sequence[str]) -> str | None:
        """The gender the first-name table gives a name's first word (``quotes/data/name_genders.txt``), or None."""
        return self.lex.given_gender(words[0]) if len(words) >= 2 else None

    def name_gender(self, words: Sequence[str], titles: Sequence[str]) -> str | None:
        return self.title_gender(titles) or self.given_gender(words) or (
            self.surname_gender.get(words[-1]) if words else None)

    def mention_gender(self, mention: Mention) -> str | None:
        """What the mention itself says: a pronoun, a gendered head noun, an honorific or a known surname."""
        if mention.kind == "name":
            words, titles = strip_titles(mention.text.split())
            return self.name_gender([w.lower().strip(".,") for w in words], titles)
        if mention.kind == "description" and mention.head not in words_of(mention.text):
            return None  # "Women", "mothers": a plural says nothing of one speaker
        return self.lex.gender.get(mention.head)

    def named(self, text: str) -> bool:
        """Does text end in a word of a name of the document?"""
        words = words_of(text)
        return bool(words) and words[-1] in self.by_word

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
            if i < len(self.names) and self.names[i].start < match.start() and self.person_name(self.names[i]) \
                    and self.names[i].words[-1] != words[-1]:
                continue  # another person named in between: the pronoun may be theirs
            votes.append(self.lex.gender[match.group(1).lower()])
        return votes

    def common(self, word: str) -> bool:
        """Is a word a title or one the text also writes in lower case ("crooked", "state"): no part of a name?

        Given several words, is it a name the text writes on its own ("Hillary Clinton")?
        """
        if " " in word:
            return word in self.name_texts
        if self._lower_words is None:
            self._lower_words = frozenset(_LOWER_WORD.findall(self.text))
        return word in self._lower_words or word in title_words()

    def fullest_of(self, text: str) -> str:
        """The fullest form of a name the text gives, with its article ("Mook" -> "Robby Mook")."""
        words = words_of(text)
        return self.with_article(self.fullest(text, words[-1])) if words else text

    def apposed_name(self, mention: Mention) -> str | None:
        """The name a description is apposed to: "Greta Holm, its chairwoman," / "A spokeswoman for X, NAME,"."""
        i = bisect.bisect_right(self.desc_starts, mention.start + 2) - 1
        while i >= 0 and self.desc_list[i].start >= mention.start - 2:
            found = self.desc_list[i]
            if found.role and abs(found.start - mention.start) <= 2 and mention.end <= found.end + 2:
                name = self.names[found.name]
                return self.text[name.start:name.end]
            i -= 1
        return None

    def organisation(self, name: str) -> bool:
        """A name that reads as an organisation's: "Talvik Motors", "Belle Prairie Union Hospital"."""
        words = words_of(name)
        return bool(words) and (words[-1] in self.lex.org_suffixes or len(words) >= 2 and words[-1] in self.lex.media_suffixes
                                or any(w in self.lex.nonperson for w in words))

    def with_article(self, name: str) -> str:
        """An organisation's name with the "the" the text writes before it ("the Rennick Zoo").

        Any name of two or more words that the text writes after "the" is taken
        for an organisation's, unless its first word is a given name.
        """
        words = name.split()
        if name[:4].lower() == "the " or not (self.organisation(name) or len(words) >= 2 and (
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
            if self.fullest(name.text, name.words[-1]) == canonical:
                best = found
        role = best.text if best is not None else None
        self.role_cache[canonical] = role
        return role

    def fullest(self, text: str, head: str) -> str:
        """The longest name of the document that ends in these name words (see :func:`fuller_form`).

        An honorific picks among namesakes: "Mr. Hallett" is never "Wynne
        Hallett" when the text knows her as a woman.
        """
        key, best = name_key(text, head)
        gender = self.title_gender(strip_titles(text.split())[1])
        cached = self.fullest_cache.get((key, gender))
        if cached is not None:
            return cached if len(cached.split()) > len(best.split()) else best
        found, rank = best, (-1, 0, 0)
        for index in self.by_word.get(key[0], ()):
            name = self.names[index]
            hit = fuller_form(name, key)
            if hit is None:
                continue
            known = self.title_gender(name.titles) or self.given_gender(hit[1].split())
            if _clash(gender, known):
                continue
            # a namesake the text knows to match the honorific beats one it knows nothing of
            candidate = (hit[0], int(gender is not None and gender == known), len(hit[1].split()))
            if candidate[2] > len(best.split()) and candidate > rank:
                rank, found = candidate, hit[1]
        self.fullest_cache[(key, gender)] = found
        return found

    def sentence_starts(self, lo: int, hi: int) -> list[int]:
        """Where sentences begin in text[lo:hi], line by line (the tokenizer's splitter: "Coun. Nadia" goes on)."""
        return [words[0].start for line in _LINE.finditer(self.text, lo, hi)
                for words in sentences(self.text, line.start(), line.end())]

    def person_name(self, name: Name) -> bool:
        """A name that may be a person's: two or more words (or a surname of such a name), or titled,
        and no non-person word in it, not all in capitals (a headline or a dateline)."""
        if any(w in self.lex.nonperson for w in name.words) or name.words[-1] in self.lex.org_suffixes \
                or name.text.isupper() and len(name.text) > 3:
            return False
        return len(name.words) >= 2 or bool(name.titles) or len(self.fullest(name.text, name.words[-1]).split()) >= 2


_TITLE_WORD = regex.compile(r"[\p{L}][\p{L}’'-]*")


SPEAKER_WORDS = kinds("speaker_words.txt")  # the word lists of quotes/data/speaker_words.txt, by kind
_SMALL_WORDS = SPEAKER_WORDS["small_word"]


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
