"""Entities: what kind of speaker each chain of mentions is, and the gender the text gives a person.

After every record of a document is resolved, the records that share a
canonical speaker are one entity (one chain of mentions). Its type and
gender are read once, from every mention of the chain, so each record of
that speaker carries the same values.

* **type** (``person``, ``organization``, ``group``, ``document``): from the
  chain's pronouns ("he" and "she" make a person, "it" a thing), then the
  canonical: a document noun ("a statement", "the poll"), an organisation's
  name ("Talvik Motors", "the county's road department"), a plural or a
  quantity ("residents", "two officials", "Twelve percent", "Democrats"), a
  person noun or a person's name.
* **gender** (persons only): first what the text says of that person
  anywhere in the document — a he/she the resolver took to be them, an
  honorific ("Ms. Keller", for that surname anywhere), a gendered noun
  ("the spokeswoman", "a mother of three") in a mention or in the role the
  text gives them; where the text says nothing, the first-name table
  (``quotes/data/name_genders.txt``, generated from nomquamgender).
  When the text says both, the stronger kind of evidence wins (an honorific
  or gendered noun over a pronoun); a tie is unknown. Nothing else is
  guessed. It is an inference from words, not a person's identity.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from quotes.cues import Lexicon, kinds
from quotes.speakers.names import DEFINITE, PARTICLES, strip_titles, words_of
from quotes.types import Mention, Resolution

GENDER_MODES: tuple[str, ...] = ("names", "text", "off")
_GENDER_WORD = {"f": "female", "m": "male"}
_NAME_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
# capitalised plurals that name a group of people: Democrats, Republicans, Americans, Canadians, Socialists
SPEAKER_WORDS = kinds("speaker_words.txt")  # the word lists of quotes/data/speaker_words.txt, by kind
_GROUP_NAME = re.compile(r"(?:ans|ats|ists|ites|ives)$")
_QUANTITY = re.compile(r"^(?:\d[\d,.]*|[a-z]+teen|[a-z]+ty|" + "|".join(sorted(SPEAKER_WORDS["quantity"])) + ")$")
_INDEFINITE = frozenset({"a", "an"})
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")
_NOT_INITIAL = SPEAKER_WORDS["not_initial"]
_HEAD_CUT = SPEAKER_WORDS["head_cut"]
_STRONG = 3  # an honorific or a gendered noun outweighs this many pronouns


@dataclass(slots=True)
class _Chain:
    canonical: str
    role: str | None
    mentions: list[Mention] = field(default_factory=list)


def _named(canonical: str) -> bool:
    """Does a canonical read as a proper name: every word capitalised, bar particles and "of", "the", "for"?"""
    words = _NAME_WORD.findall(canonical)
    if not words:
        return False
    lowered = [w for w in words[1:] if not w[:1].isupper() and w.lower() not in PARTICLES | {"for", "and", "the", "on"}]
    return words[0][:1].isupper() and not lowered and words[0].lower() not in _INDEFINITE | DEFINITE - {"the"}


def _head(words: Sequence[str]) -> str:
    """The head noun read off a description's words: the last before "of", "for", "at", ... or a verb-like tail."""
    cut = next((n for n, w in enumerate(words) if w in _HEAD_CUT and n > 0), len(words))
    return words[cut - 1] if cut else ""


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is", "’s", "'s")) and len(word) > 3


def _singular(word: str) -> str:
    return word[:-1] if _plural(word) else word


class Entities:
    """Type and gender of each canonical speaker of one document."""

    def __init__(self, lex: Lexicon, *, gender: str = "names", organisation: Callable[[str], bool] | None = None,
                 surname_gender: dict[str, str | None] | None = None,
                 pronoun_votes: Callable[[str], list[str]] | None = None,
                 names: Sequence[str] = (), articles: dict[str, str] | None = None) -> None:
        if gender not in GENDER_MODES:
            raise ValueError(f"gender must be one of {', '.join(GENDER_MODES)}, got {gender!r}")
        self.lex = lex
        self.mode = gender
        self.organisation = organisation or (lambda _name: False)
        self.surname_gender = surname_gender or {}
        self.documents = lex.document_nouns
        self.articles = articles or {}
        self.pronoun_votes = pronoun_votes or (lambda _canonical: [])
        self.spelled: dict[str, str] = {}  # acronym -> the first name of the text it spells
        for name in names:
            initials = "".join(w[0] for w in name.split() if w.lower() not in _NOT_INITIAL and w[:1].isupper())
            if len(initials) >= 2 and len(name.split()) >= 2 and initials.isupper():
                article = self.articles.get(name)
                self.spelled.setdefault(initials, f"{article} {name}" if article else name)

    def speaker_type(self, chain: _Chain) -> str:
        """person, organization, group or document (see the module docstring)."""
        pronouns = {m.head for m in chain.mentions if m.kind == "pronoun"}
        canonical = chain.canonical
        lowered = canonical.lower()
        if lowered in self.lex.pronouns:  # a pronoun nothing before it resolves
            person, plural = self.lex.pronouns[lowered]
            return "group" if plural else "person" if person else "organization"
        words = words_of(canonical)
        if not words:
            return "person"
        if _named(canonical):
            return self._named_type(chain, words, pronouns)
        head = _singular(_head(words))
        if head in self.documents or words[-1] in self.documents:
            return "document"
        if _plural(_head(words)) or _QUANTITY.match(words[0]) and len(words) > 1 and words[0] not in ("one",):
            return "group"
        if head in self.lex.person or pronouns & {"he", "she", "him", "her", "i"}:
            return "person"
        if head in self.lex.nonperson or self.organisation(canonical) or "it" in pronouns:
            return "organization"
        if any(m.person is False for m in chain.mentions):
            return "organization"
        return "person"  # "a narrator", "another source": a singular description speaks as someone

    def _named_type(self, chain: _Chain, words: Sequence[str], pronouns: set[str]) -> str:
        canonical = chain.canonical
        if words[-1] in self.documents:
            return "document"  # "the Clinton Foundation statement" written with capitals
        if self.organisation(canonical):
            return "organization"
        if pronouns & {"he", "she", "him", "her", "i"} or chain.role is not None:
            return "person"
        name_words, titles = strip_titles(canonical.split())
        if titles or any(m.kind == "name" and strip_titles(m.text.split())[1] for m in chain.mentions):
            return "person"
        if self._text_gender(chain) is not None:
            return "person"
        if len(name_words) >= 2 and not canonical.isupper():
            if self.lex.given_gender(name_words[0]) is not None or len(name_words) <= 3 and "the" not in words:
                return "person"
            return "organization"
        if len(words) == 1 and (_GROUP_NAME.search(words[0]) or _plural(words[0]) and _singular(words[0]) in
                                self.lex.person) and canonical[:1].isupper() and not canonical.isupper():
            return "group"  # "Democrats", "Republicans", "Residents" opening a sentence
        if "it" in pronouns or canonical.isupper() or "the" in words[:1]:
            return "organization"
        if "they" in pronouns or "we" in pronouns:
            return "group" if _plural(words[-1]) else "organization"
        return "organization"  # one capitalised word the text never gives a first name to: "Reuters", "Politico"

    def _text_gender(self, chain: _Chain) -> str | None:
        """What the text says of the chain's gender ("f", "m" or None): honorifics and gendered nouns, then pronouns."""
        strong: list[str] = []
        weak: list[str] = []
        for m in chain.mentions:
            if m.kind == "pronoun":
                g = self.lex.gender.get(m.head)
                if g:
                    weak.append(g)
            elif m.kind == "description":
                g = self.lex.gender.get(m.head)
                if g and m.head in words_of(m.text):
                    strong.append(g)
            else:
                _words, titles = strip_titles(m.text.split())
                strong.extend(self.lex.gender[t] for t in titles if t in self.lex.gender)
        for word in words_of(chain.role or ""):
            if word in self.lex.gender:
                strong.append(self.lex.gender[word])
        words = words_of(chain.canonical)
        if words and _named(chain.canonical):
            known = self.surname_gender.get(words[-1])
            if known:
                strong.append(known)
        if words and _named(chain.canonical):
            weak.extend(self.pronoun_votes(chain.canonical))
        score = {g: _STRONG * strong.count(g) + weak.count(g) for g in ("f", "m")}
        if score["f"] == score["m"]:
            return None
        return "f" if score["f"] > score["m"] else "m"

    def gender(self, chain: _Chain, speaker_type: str) -> tuple[str | None, str | None]:
        """(gender, evidence) of a person: ("female", "text"), ("male", "name"), or (None, None)."""
        if self.mode == "off" or speaker_type != "person":
            return None, None
        said = self._text_gender(chain)
        if said is not None:
            return _GENDER_WORD[said], "text"
        if self.mode == "text" or not _named(chain.canonical):
            return None, None
        name_words, _titles = strip_titles(chain.canonical.split())
        if len(name_words) < 2:
            return None, None
        by_name = self.lex.given_gender(name_words[0])
        return (_GENDER_WORD[by_name], "name") if by_name else (None, None)

    def describe(self, mentions: Sequence[Mention | None], found: Sequence[Resolution]) -> list[Resolution]:
        """The resolutions with type, gender and evidence filled in, the same for every record of a chain."""
        found = [self._spelled_out(r) for r in found]
        chains: dict[str, _Chain] = {}
        for mention, resolution in zip(mentions, found):
            if mention is None or resolution.canonical is None:
                continue
            chain = chains.setdefault(resolution.canonical, _Chain(resolution.canonical, resolution.role))
            chain.mentions.append(mention)
        props: dict[str, tuple[str, str | None, str | None]] = {}
        for canonical, chain in chains.items():
            kind = self.speaker_type(chain)
            props[canonical] = (kind, *self.gender(chain, kind))
        out = []
        for resolution in found:
            if resolution.canonical is None or resolution.canonical not in props:
                out.append(resolution)
                continue
            kind, gender, evidence = props[resolution.canonical]
            canonical = resolution.canonical
            if kind == "organization" and _named(canonical) and canonical[:4].lower() != "the ":
                article = self.articles.get(canonical)  # "the FBI", as the text writes it
                canonical = f"{article} {canonical}" if article else canonical
            out.append(replace(resolution, canonical=canonical, type=kind, gender=gender, gender_evidence=evidence))
        return out

    def _spelled_out(self, resolution: Resolution) -> Resolution:
        """An acronym the text spells out takes the full name: "IMF" after "the International Monetary Fund"."""
        canonical = resolution.canonical
        if canonical is None or not _ACRONYM.fullmatch(canonical):
            return resolution
        letters = canonical.replace(".", "")
        full = self.spelled.get(letters)
        return replace(resolution, canonical=full) if full else resolution
