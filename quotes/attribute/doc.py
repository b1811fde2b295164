"""The document as the rules see it: dependency trees, frames and the lookups every rule needs."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from quotes.attribute.ud import MODIFIER_RELS
from quotes.cues import Lexicon, kinds, named_away
from quotes.spans import PieceIndex, Stretches, credit_ranges
from quotes.surface import decided_stretches
from quotes.types import Analysis, Paragraph, Piece, Sentence, Span, Token

SURE_FORMS = kinds("cue_roles.txt")["sure"]
CLAUSE_STARTERS = kinds("function_words.txt")["clause"]
SEPARATORS = frozenset({",", ":", "—", "–", "-", "--", ";"})
FINAL_PUNCT = frozenset({".", "!", "?", "…", ")", "]", "...", "'", '"'})
RELATIVE = frozenset({"who", "that", "which", "whom"})
DECLINING = frozenset({"decline", "refuse", "fail", "won't", "wouldn't"})
SUBORDINATORS = kinds("function_words.txt")["opener"]
MAX_SPEAKER_WORDS = 14
DAYS = kinds("time_words.txt")["day"]
TEMPORAL = DAYS | kinds("time_words.txt")["period"]
MONTHS = kinds("time_words.txt")["month"]


class Tree:
    """A parsed sentence with child lists, for walking the dependency tree."""

    def __init__(self, sentence: Sentence) -> None:
        self.sentence = sentence
        self.tokens = sentence.tokens
        self.children: list[list[int]] = [[] for _ in sentence.tokens]
        for tok in sentence.tokens:
            if 0 <= tok.head < len(sentence.tokens) and tok.head != tok.index:
                self.children[tok.head].append(tok.index)

    def kids(self, i: int, rels: frozenset[str] | set[str]) -> list[int]:
        """Children of token i whose relation (or its base before ':') is in rels."""
        return [k for k in self.children[i] if self.tokens[k].deprel in rels or self.tokens[k].deprel.split(":")[0] in rels]

    def subtree(self, i: int, rels: frozenset[str] | None = None) -> set[int]:
        """Token i and its descendants, following only rels when given."""
        seen = {i}
        todo = [i]
        while todo:
            for k in self.children[todo.pop()]:
                if k not in seen and (rels is None or self.tokens[k].deprel in rels):
                    seen.add(k)
                    todo.append(k)
        return seen


@dataclass(frozen=True, slots=True)
class Frame:
    """A cue with its speaker and the token ranges left and right of the frame."""

    tree: Tree
    cue: int
    lemma: str
    speaker: tuple[int, int] | None  # token range, inclusive
    lo: int  # first token of the frame
    hi: int  # last token of the frame
    belief: bool


class Doc:
    """One analysed document plus the lookups every rule needs."""

    def __init__(self, analysis: Analysis, lex: Lexicon) -> None:
        self.analysis = analysis
        self.text = analysis.text
        self.lex = lex
        self.quoted_pieces = PieceIndex(analysis.spans)
        self.spans = analysis.spans
        self.span_ends = [s.end for s in analysis.spans]
        self.span_starts = [s.start for s in analysis.spans]
        self.sentence_ends = [s.end for s in analysis.sentences]
        self.paragraph_starts = [p.start for p in analysis.paragraphs]
        self.credits = Stretches(credit_ranges(analysis.text))
        self.link_lines = {p.index for p in analysis.paragraphs if lex.link_line(self.text[p.start:p.end])}
        self.frames = {analysis.spans[n].start: frame for n, frame in analysis.frames.items()}
        self.framed = decided_stretches(analysis.spans, analysis.frames, analysis.turns)

    def in_credit(self, start: int, end: int) -> bool:
        """Does start:end overlap a photo credit, byline or agency line (see :func:`~quotes.spans.credit_ranges`)?"""
        return self.credits.overlap(start, end)

    def paragraph_of(self, offset: int) -> Paragraph:
        """The paragraph holding (or last starting before) a character offset."""
        i = bisect.bisect_right(self.paragraph_starts, offset) - 1
        return self.analysis.paragraphs[max(i, 0)]

    def sentence_ending_before(self, offset: int) -> Sentence | None:
        """The sentence that ends right before offset (only whitespace between), if any."""
        i = bisect.bisect_right(self.sentence_ends, offset) - 1
        if i >= 0 and not self.text[self.sentence_ends[i]:offset].strip():
            return self.analysis.sentences[i]
        return None

    def spans_overlapping(self, start: int, end: int) -> list[Span]:
        """The quoted spans that share a character with start:end."""
        i = bisect.bisect_right(self.span_ends, start)
        found = []
        while i < len(self.spans) and self.spans[i].start < end:
            found.append(self.spans[i])
            i += 1
        return found

    def span_ending_before(self, offset: int) -> Span | None:
        """The quoted span that ends just before offset, with only spaces or a comma between."""
        i = bisect.bisect_right(self.span_ends, offset) - 1
        if i >= 0 and re.fullmatch(r"[\s,—–-]*", self.text[self.spans[i].end:offset]):
            return self.spans[i]
        return None

    def span_starting_after(self, offset: int) -> Span | None:
        """The quoted span that starts just after offset, with only spaces or a colon between."""
        i = bisect.bisect_left(self.span_starts, offset)
        if i < len(self.spans) and re.fullmatch(r"[\s:,—–-]*", self.text[offset:self.spans[i].start]):
            return self.spans[i]
        return None

    def piece_at(self, offset: int) -> Piece | None:
        """The quoted piece holding a character offset, if any."""
        return self.quoted_pieces.at(offset)

    def quoted(self, tok: Token) -> bool:
        """True when a token lies inside quote marks (the marks themselves included)."""
        return self.piece_at(tok.start) is not None



def cue_lemma(doc: Doc, tree: Tree, i: int) -> str | None:
    """The cue lemma of token i when it is used as a verb of saying or believing."""
    tok = tree.tokens[i]
    if doc.quoted(tok):
        return None
    lemma = doc.lex.cue_lemma(tok.text)
    if lemma is None:
        return None
    if tok.upos != "VERB" and not (tok.upos in ("NOUN", "PROPN", "ADJ", "AUX") and tok.text.lower() in SURE_FORMS):
        if not _verb_mistagged(tree, i):
            return None
    elif tok.deprel in MODIFIER_RELS:
        return None
    if i >= 1 and named_away(tree.tokens[i - 1].text, tree.tokens[i - 2].text if i >= 2 else ""):
        return None  # "the report", "the so-called plan"
    if is_passive(tree, i):
        return None  # "were ordered to leave", "is expected to last": nobody speaks
    if tok.deprel.startswith("acl") and tok.xpos == "VBN":
        return None  # "a study published on Wednesday": a participle describing a noun
    head = tok.head
    if head >= 0 and tok.deprel == "xcomp" and tree.tokens[head].lemma.lower() in DECLINING:
        return None  # "declined to say", "refused to comment"
    return lemma


BE_FORMS = kinds("function_words.txt")["be"] | kinds("function_words.txt")["be_clitic"]


def is_passive(tree: Tree, i: int) -> bool:
    """Is cue i a passive? An aux:pass child, or a passive subject with a form of "be" just before the cue.

    The small parser also marks the subject of an active cue after its
    content as passive ("..., BFMTV reported."); without a "be" that is no
    passive.
    """
    if tree.kids(i, {"aux:pass"}):
        return True
    if not tree.kids(i, {"nsubj:pass"}):
        return False
    toks = tree.tokens
    return any(toks[k].text.lower() in BE_FORMS for k in range(max(0, i - 3), i))


def _verb_mistagged(tree: Tree, i: int) -> bool:
    """A cue verb form tagged as a noun between a name and its content: "Ware insists that"."""
    toks = tree.tokens
    form = toks[i].text.lower()
    if toks[i].upos not in ("NOUN", "PROPN") or not form.endswith(("s", "ed")) or i == 0 or i + 1 >= len(toks):
        return False
    if toks[i - 1].upos in ("PROPN", "PRON", "NOUN") and toks[i + 1].text.lower() in ("that", ":", '"', "“"):
        return True  # "Ware insists that ...", "A new poll shows that ..."
    return toks[i - 1].upos in ("NOUN", "PROPN") and toks[i + 1].text in (".", ",", "!", "?") and (
        any(t.text == "," for t in toks[max(0, i - 6):i])  # "..., the editorial board writes."
    )

