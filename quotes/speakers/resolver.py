"""The resolver: a canonical speaker for each record of one document, in text order.

It ties the parts of speaker resolution together: the document
:class:`~quotes.speakers.index.Index` (built once), the
:class:`~quotes.speakers.chain.Chain` of speakers resolved so far, and one
resolver per kind of mention — names (the index's fullest form),
:class:`~quotes.speakers.pronouns.Pronouns` and
:class:`~quotes.speakers.definites.Descriptions` — then clean names
(:mod:`quotes.speakers.canonical`) and each chain's type and gender
(:mod:`quotes.speakers.entities`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from quotes.cues import Lexicon, lexicon
from quotes.speakers.canonical import clean
from quotes.speakers.chain import Chain, _Resolved
from quotes.speakers.definites import _FUNCTION_WORDS, Descriptions
from quotes.speakers.entities import Entities
from quotes.speakers.index import Index
from quotes.speakers.names import DEFINITE, HONORIFICS, PARTICLES, Name
from quotes.speakers.pronouns import Pronouns
from quotes.types import Attribution, Mention, Resolution


class Resolver:
    """Resolves the speakers of one document's records, in text order."""

    def __init__(self, text: str, lex: Lexicon, quoted: Sequence[tuple[int, int]] = ()) -> None:
        self.index = Index(text, lex, quoted)
        self.chain = Chain(self.index)
        self.pronouns = Pronouns(self.index, self.chain)
        self.descriptions = Descriptions(self.index, self.chain)

    @property
    def lex(self) -> Lexicon:
        return self.index.lex

    @property
    def names(self) -> tuple[Name, ...]:
        """The document's names (see :class:`~quotes.speakers.index.Index`)."""
        return self.index.names

    def canonical(self, mention: Mention) -> Resolution:
        """The canonical speaker and role of one mention (records must come in text order)."""
        index = self.index
        resolved = True
        titled = _titled_name(mention, self.lex) if mention.kind == "description" else None
        if mention.kind == "description" and titled is None:
            titled = index.apposed_name(mention)
        if mention.kind == "pronoun":
            result, resolved = self.pronouns.resolve(mention)
        elif mention.kind == "name" or titled is not None:
            result = index.with_article(index.fullest(titled or mention.text, mention.head))
        else:
            result = self.descriptions.resolve(mention)
        result = clean(" ".join(result.split()), self.lex, index.fullest_of, index.common)
        resolved = resolved and result.lower() not in self.lex.pronouns  # "he" resolved to an unresolved "he"
        role = index.role(result)
        named = mention.kind == "name" or titled is not None
        person = mention.person is True or named and mention.person is not False and not index.organisation(result) \
            or role is not None or mention.kind == "description" and result != mention.text and index.named(result)
        self.chain.add(_Resolved(mention, result, person, resolved))
        return Resolution(result, role, resolved)


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
    index = resolver.index
    entities = Entities(index.lex, gender=gender, organisation=index.organisation,
                        surname_gender=index.honorific_gender, pronoun_votes=index.pronoun_votes,
                        names=[name.text for name in index.names], articles=index.articles)
    return entities.describe([r.speaker for r in records], found)


UNRESOLVED = 0.8  # confidence factor for a pronoun nothing before it can be


def speakers(text: str, records: Sequence[Attribution], lex: Lexicon | None = None, *,
             gender: str = "names") -> list[tuple[Attribution, Resolution]]:
    """The speakers stage: resolve every record's speaker, then make the decisions that depend on it.

    Two things about a record are known only once its speaker is: a say-like
    cue whose speaker resolved to a document is writing ("It said" after
    "issued a statement"), and a pronoun nothing before it can be lowers the
    record's confidence (x 0.8).

    Args:
        text: the document text.
        records: the document's records in text order.
        lex: the word lists (the packaged ones by default).
        gender: ``names``, ``text`` or ``off`` (see :func:`resolve`).

    Returns:
        Each record, so decided, with its :class:`~quotes.types.Resolution`.
    """
    lex = lex or lexicon()
    return [(_after_resolution(record, found, lex), found)
            for record, found in zip(records, resolve(text, records, lex, gender=gender))]


def _after_resolution(record: Attribution, found: Resolution, lex: Lexicon) -> Attribution:
    words = (found.canonical or "").lower().split()
    if record.cue_class == "speech" and words and words[-1] in lex.documents:
        record = replace(record, cue_class="writing")
    if not found.resolved:
        record = replace(record, confidence=round(record.confidence * UNRESOLVED, 3))
    return record
