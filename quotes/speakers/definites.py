"""Description resolution: "the spokesperson", "the GOP nominee", "the report" take what they refer to."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence

import regex

from quotes.cues import CUE_CLASSES, Lexicon, kinds, lexicon
from quotes.speakers.chain import _ISSUED_OR_IN, REACH, WINDOW, Chain
from quotes.speakers.index import Index
from quotes.speakers.names import DEFINITE, words_of
from quotes.types import Mention


def _synonyms(lex: Lexicon, word: str) -> set[str]:
    group = lex.person.get(word, lex.nonperson.get(word))
    if group is None:
        return {word}
    table = lex.person if word in lex.person else lex.nonperson
    return {w for w, g in table.items() if g == group}


class Descriptions:
    """Resolves description mentions against the document index and the speakers resolved before them."""

    def __init__(self, index: Index, chain: Chain) -> None:
        self.index, self.chain = index, chain

    def resolve(self, mention: Mention) -> str:
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
            return (None if _plural_words(words) else self.named_later(_surface_head(words), mention)) or mention.text
        head = _surface_head(words)
        heads = _singular(_synonyms(self.index.lex, head) | {head})
        options: list[tuple[int, int, str]] = []  # (position, rank on a tie, canonical)
        issued = [m for m in _ISSUED_OR_IN.finditer(self.index.text, max(0, mention.start - REACH), mention.start)
                  if heads & _singular(words_of(m.group(1)))]
        if issued:
            options.append((issued[-1].end(), 0, issued[-1].group(1)))
        plural = _plural_words(words)
        earlier = [d for d in reversed(self.chain.earlier(mention)) if heads & _singular(words_of(d.mention.text))
                   and _plural_words(words_of(d.mention.text)) == plural]
        if earlier:
            chosen = self.chain.same_gender(self.index.lex.gender.get(mention.head), earlier)
            inner = None if heads & _singular({_surface_head(words_of(chosen.mention.text))}) \
                else _inner_phrase(chosen.mention.text, heads)
            options.append((chosen.mention.end, 0, inner or chosen.canonical))
        modifiers = frozenset(words) - heads - _FUNCTION_WORDS - DEFINITE
        for word in heads:
            options.extend(self.latest_name(word, mention.start, modifiers))
        if options:
            return max(options)[2]
        return self.named_later(head, mention) or self.document_named_before(head, words, mention) or mention.text

    def by_epithet(self, head: str, last: int, modifiers: frozenset[str]) -> str | None:
        """The one person described before with the head and most of the description's other words.

        Pattern: "GOP nominee Donald Trump" and "Libertarian nominee Gary
        Johnson" named, then "the GOP nominee" is Donald Trump however recently
        Johnson was named; "Indiana Gov. Mike Pence" then "the Indiana governor".
        None when no earlier description shares a word beyond the head, or
        two different people share as many.
        """
        if not modifiers:
            return None
        indices, words = self.index.described[head][1], self.index.described_words[head]
        best, people = 0, set()
        for k in range(last, max(-1, last - WINDOW), -1):
            shared = len(modifiers & words[k])
            name = self.index.names[indices[k]]
            if shared > best:
                best, people = shared, {self.index.fullest(name.text, name.words[-1])}
            elif shared == best and shared:
                people.add(self.index.fullest(name.text, name.words[-1]))
        return people.pop() if best and len(people) == 1 else None

    def document_named_before(self, head: str, words: Sequence[str], mention: Mention) -> str | None:
        """The fuller phrase an earlier sentence gave "the report" (or study, memo ...) as a cue's subject.

        Pattern: "Quillfen's report to Mendel's board found that ..." then "The
        report says ..." gives "Quillfen's report to Mendel's board", though a
        finding is not a quote under the default cue classes and so made no
        record to link to. Any cue class's verb counts here.
        """
        if head not in self.index.lex.documents or len(words) > 2:
            return None
        found = None
        for match in _document_pattern(head).finditer(self.index.text, max(0, mention.start - 5 * REACH), mention.start):
            if len(match.group(1).split()) > len(words):
                found = match.group(1)
        return found

    def named_later(self, head: str, mention: Mention) -> str | None:
        """The one person the text titles with the description's head soon after it.

        Pattern: "The governor of the Bank of Ardenne hinted ..." then "Governor
        Lise Moreau was quoted ..."; "A federal judge blocked ..." then "Judge
        Helen Sato wrote ...". Only when every name so titled is the same person.
        """
        titled = [self.index.names[n] for n in self.index.by_word.get(head, ()) if head in self.index.names[n].titles]
        later = [name for name in titled if mention.end <= name.start <= mention.end + REACH]
        people = {self.index.fullest(name.text, name.words[-1]) for name in titled}
        return self.index.with_article(people.pop()) if later and len(people) == 1 else None

    def latest_name(self, head: str, offset: int, modifiers: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
        """(position, rank, canonical) of the latest name before offset holding the head word, titled or described with it.

        On a tie the person a description was apposed to wins over the words
        of the description itself: "Ada Quill, a Vermont Democrat" makes "the
        Vermont Democrat" Ada Quill.
        """
        found: list[tuple[int, int, str]] = []
        i = bisect.bisect_right(self.index.word_ends.get(head, []), offset) - 1
        while i >= 0 and self.index.names[self.index.by_word[head][i]].words == (head,):
            i -= 1  # "Newspaper" opening a headline is the common noun, not a name for "the newspaper"
        if i >= 0:
            name = self.index.names[self.index.by_word[head][i]]
            canonical = self.index.text[name.start:name.end] if head in name.words else self.index.fullest(name.text, name.words[-1])
            found.append((name.end, 0, canonical))
        positions, indices = self.index.described.get(head, ([], []))
        i = bisect.bisect_right(positions, offset) - 1
        if i >= 0:
            name = self.index.names[indices[i]]
            found.append((positions[i], 1, self.index.fullest(name.text, name.words[-1])))
            epithet = self.by_epithet(head, i, modifiers)
            if epithet is not None:
                found.append((offset, 2, epithet))
        for heads, ends, names in ((_COMPANY_HEADS, self.index.org_ends, self.index.org_names),  # "the company" after "Talvik Motors"
                                   (_MEDIA_HEADS, self.index.media_ends, self.index.media_names)):  # "the newspaper": "the Norland Times"
            i = bisect.bisect_right(ends, offset) - 1 if head in heads else -1
            if i >= 0:
                name = self.index.names[names[i]]
                found.append((name.end, 0, self.index.fullest(name.text, name.words[-1])))
        return [(position, rank, self.index.with_article(canonical)) for position, rank, canonical in found]


SPEAKER_WORDS = kinds("speaker_words.txt")  # the word lists of quotes/data/speaker_words.txt, by kind
_COMPANY_HEADS = SPEAKER_WORDS["company_head"]


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


_MEDIA_HEADS = SPEAKER_WORDS["media_head"]


_FUNCTION_WORDS = SPEAKER_WORDS["function_word"]


def _surface_head(words: Sequence[str]) -> str:
    """The head noun of a description read off its words: the last before "of", "for", "at" ("the head of ...")."""
    cut = next((n for n, w in enumerate(words) if w in _HEAD_PREPOSITIONS and n > 1), len(words))
    head = words[cut - 1]
    return head[:-1] if head.endswith("s") and len(head) > 3 and not head.endswith("ss") else head


_PREPOSITIONS = SPEAKER_WORDS["preposition"]
_HEAD_PREPOSITIONS = SPEAKER_WORDS["head_preposition"]


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
    cut = next((n for n, w in enumerate(words) if w in _HEAD_PREPOSITIONS and n > 1), len(words))
    head = words[cut - 1]
    return head.endswith("s") and not head.endswith(("ss", "us", "is")) and len(head) > 3


def _singular(words: Sequence[str] | set[str]) -> set[str]:
    """Words with a plural -s dropped too, so "the officials" meets "two officials"."""
    return {w for word in words for w in (word, word[:-1] if word.endswith("s") and len(word) > 3 else word)}
