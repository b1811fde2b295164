"""The speakers resolved so far in a document, in text order: what pronouns and descriptions may refer back to."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from quotes.cues import kinds
from quotes.speakers.index import Index, _clash
from quotes.types import Mention

WINDOW = 40  # earlier speakers a pronoun or description may reach back to
REACH = 600  # characters a pronoun looks back for an issued statement or the previous sentence

_WORDS = kinds("speaker_words.txt")
_ISSUED_SOURCE = (
    r"\b(?:" + "|".join(w.replace(" ", "[ \u00a0]+") for w in sorted(_WORDS["issue_verb"])) + "{IN})[ \u00a0]+"
    r"((?:a|an|its|their|the)[ \u00a0]+(?:[\w’'-]+[ \u00a0]+){0,3}?"
    r"(?:" + "|".join(sorted(_WORDS["issued_document"])) + r"))\b")
_ISSUED = regex.compile(_ISSUED_SOURCE.replace("{IN}", ""), regex.IGNORECASE)
_ISSUED_OR_IN = regex.compile(_ISSUED_SOURCE.replace("{IN}", "|in"), regex.IGNORECASE)


@dataclass(slots=True)
class _Resolved:
    mention: Mention
    canonical: str
    person: bool  # could be a person: a name, a person noun, or linked to a named person
    resolved: bool = True  # False for a pronoun left as it is


@dataclass(slots=True)
class Chain:
    """The resolved speakers of one document so far, and the gender the text gave each canonical speaker."""

    index: Index
    done: list[_Resolved] = field(default_factory=list)
    gender: dict[str, str | None] = field(default_factory=dict)  # canonical speaker -> known gender

    def add(self, resolved: _Resolved) -> None:
        """Record one resolved speaker, and what its mention says of the canonical speaker's gender."""
        said = self.said_gender(resolved)
        if said is not None and self.gender.setdefault(resolved.canonical, said) != said:
            self.gender[resolved.canonical] = None  # the text disagrees with itself: know nothing
        self.done.append(resolved)

    def earlier(self, mention: Mention) -> list[_Resolved]:
        """The speakers resolved before a mention, latest last (at most WINDOW)."""
        return [d for d in self.done[-WINDOW:] if d.mention.end <= mention.start]

    def gender_of(self, resolved: _Resolved) -> str | None:
        """The known gender of a resolved speaker (an earlier "she" counts only when it was resolved to a name)."""
        known = self.gender.get(resolved.canonical)
        if known is not None:
            return known
        return self.said_gender(resolved) or self.index.given_gender(resolved.canonical.split())

    def said_gender(self, resolved: _Resolved) -> str | None:
        """What one mention says of its speaker's gender."""
        if resolved.mention.kind == "pronoun" and not self.index.named(resolved.canonical):
            return None
        return self.index.mention_gender(resolved.mention)

    def same_gender(self, gender: str | None, candidates: list[_Resolved]) -> _Resolved:
        """The first candidate, unless its gender is known to clash and a later one is known to match.

        Only a known match may replace the first candidate: a speaker of
        unknown gender behind it is as likely to be a headline or an
        institution as the person meant.
        """
        first = candidates[0]
        if gender is None or not _clash(gender, self.gender_of(first)):
            return first
        return next((c for c in candidates[1:] if self.gender_of(c) == gender), first)
