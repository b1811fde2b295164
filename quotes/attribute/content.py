"""Content left and right of a frame, and the candidate record built from it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quotes.attribute.doc import (
    CLAUSE_STARTERS,
    FINAL_PUNCT,
    SEPARATORS,
    SURE_FORMS,
    Doc,
    Frame,
    Tree,
    cue_lemma,
)
from quotes.attribute.speaker import PHRASAL, make_mention
from quotes.attribute.ud import FRAME_LEAD_UPOS, NP_UPOS
from quotes.cues import kinds
from quotes.types import Attribution, Token


@dataclass(frozen=True, slots=True)
class Side:
    """The content candidate on one side of a frame: token range and separator."""

    lo: int
    hi: int
    sep: str


def right_side(doc: Doc, frame: Frame) -> Side | None:
    """Tokens after the frame up to the sentence end, or before a second frame."""
    toks = frame.tree.tokens
    j = frame.hi + 1
    sep = ""
    while j < len(toks) and toks[j].text in SEPARATORS and not doc.quoted(toks[j]):
        sep = sep or toks[j].text
        j += 1
    end = len(toks) - 1
    while end >= j and toks[end].text in FINAL_PUNCT and not doc.quoted(toks[end]):
        end -= 1
    end = _cut_before_next_frame(doc, frame.tree, j, end)
    head = toks[frame.cue].head
    if head > frame.cue and toks[frame.cue].deprel.split(":")[0] in ("advcl", "acl", "xcomp", "ccomp"):
        end = min(end, max(frame.tree.subtree(frame.cue)))  # "Citing X, the aide told ..." ends at X
    for k in frame.tree.kids(frame.cue, {"conj"}):  # "said goodbye and told the story", "said so and left"
        first = min(frame.tree.subtree(k))
        if k > j and toks[k].upos in ("VERB", "AUX") and toks[first].upos == "CCONJ" and (
            cue_lemma(doc, frame.tree, k) or not frame.tree.kids(k, {"nsubj", "nsubj:pass", "expl"})
            and toks[k].xpos == toks[frame.cue].xpos
        ) and toks[first + 1].text.lower() != "that":
            end = min(end, first - 1)  # (a verb with a subject of its own goes on with what was said)
    while end >= j and toks[end].text in SEPARATORS and not doc.quoted(toks[end]):
        end -= 1
    if end < j:
        return None
    return Side(j, end, sep)


def _cut_before_next_frame(doc: Doc, tree: Tree, lo: int, hi: int) -> int:
    """End a right-hand content before a second frame: ", according to X", ", X said", ", arguing that",
    "and said", "but he insisted"."""
    toks = tree.tokens
    for j in range(lo + 1, hi + 1):
        if doc.quoted(toks[j]):
            continue
        if _second_frame(doc, tree, j, hi):
            return j - 1
        if toks[j].text != ",":
            continue
        window = toks[j + 1:j + 9]
        if len(window) > 1 and window[0].upos == "CCONJ" and doc.lex.cue_lemma(window[1].text):
            return j - 1  # "..., but insists that ..." starts a second statement
        for k, tok in enumerate(window):
            if tok.text.lower() == "according" or (tok.text.lower() in SURE_FORMS and tok.upos == "VERB"):
                if all(t.upos in FRAME_LEAD_UPOS for t in window[:k]):
                    return j - 1
    return hi


def _second_frame(doc: Doc, tree: Tree, j: int, hi: int) -> bool:
    """Does a second cue start at token j? ", arguing that ...", "and said she would", "but he insisted that".

    A comma or a conjunction, then a cue verb in its -ing form right away, or
    a finite cue verb after at most a short subject (a pronoun or a name).
    What follows belongs to that cue, not to the first one.
    """
    toks = tree.tokens
    if toks[j].text != "," and toks[j].upos != "CCONJ":
        return False
    k = j + 1
    if toks[j].text == "," and k <= hi and toks[k].upos == "CCONJ":
        k += 1
    while k <= hi and toks[k].upos == "ADV":
        k += 1
    if k > hi:
        return False
    if toks[k].xpos == "VBG" and toks[j].text == ",":
        return doc.lex.cue_lemma(toks[k].text) is not None and cue_lemma(doc, tree, k) is not None
    if toks[j].upos != "CCONJ" and toks[j + 1].upos != "CCONJ":
        return False
    start = k
    while k <= hi and k - start < 3 and toks[k].upos in ("PRON", "PROPN") and not doc.quoted(toks[k]):
        k += 1
    while k <= hi and toks[k].upos in ("ADV", "AUX"):
        k += 1
    return k <= hi and toks[k].xpos in ("VBD", "VBZ", "VBP") and cue_lemma(doc, tree, k) is not None


def left_side(doc: Doc, frame: Frame) -> Side | None:
    """Tokens from the sentence start up to the separator before the frame."""
    toks = frame.tree.tokens
    j = frame.lo - 1
    sep = ""
    while j >= 0 and toks[j].text in SEPARATORS and not doc.quoted(toks[j]):
        sep = toks[j].text
        j -= 1
    if j < 0:
        return None
    if not sep and not doc.quoted(toks[j]):
        return None
    start = 0
    for k in range(j, -1, -1):
        if toks[k].text in (";",) and not doc.quoted(toks[k]):
            start = k + 1
            break
    return Side(start, j, sep or "”")


def clause_like(doc: Doc, tree: Tree, side: Side) -> bool:
    """A content must hold a verb or a quoted piece: "said goodbye" does not."""
    toks = tree.tokens[side.lo:side.hi + 1]
    if any(doc.quoted(t) for t in toks):
        return True
    return any(t.upos in ("VERB", "AUX") for t in toks)


def np_content(doc: Doc, frame: Frame, side: Side) -> bool:
    """An object noun phrase as content, for verbs that report a stance: "denied the charges"."""
    if "stance" not in doc.lex.verb_classes.get(frame.lemma, ()) or frame.belief:
        return False
    objs = frame.tree.kids(frame.cue, {"obj"})
    if objs and min(frame.tree.subtree(objs[0])) == side.lo:
        return True
    toks = frame.tree.tokens  # "called for an inquiry"
    return frame.lemma in PHRASAL and toks[side.lo].text.lower() == "for" and any(
        min(frame.tree.subtree(k)) == side.lo for k in frame.tree.kids(frame.cue, {"obl"}))


def object_only(doc: Doc, frame: Frame, side: Side) -> bool:
    """True when the words after the cue are only its object noun phrase: "answered the questions that ...".

    The verb such a side holds sits in a relative clause of the object, so it
    is a thing talked about, not what was said ("disclose his returns", "told
    the story of ..."). A quoted object is still speech.
    """
    tree = frame.tree
    toks = tree.tokens
    for k in tree.kids(frame.cue, {"obj"}):
        if toks[k].upos not in NP_UPOS:
            continue
        sub = tree.subtree(k)
        if min(sub) != side.lo or max(sub) < side.hi or any(doc.quoted(toks[j]) for j in sub):
            continue
        relative = set()  # the object's relative clauses, each opened by a relative word
        for c in (j for j in sub if j != k and toks[j].deprel in ("acl:relcl", "acl")):
            clause = tree.subtree(c)
            if toks[min(clause)].text.lower() in RELATIVE_WORDS:
                relative |= clause
        if not any(toks[j].upos in ("VERB", "AUX") for j in sub - relative):
            return True  # a misparse ("said the panel might be damaged") keeps its verb outside such clauses
    return False


RELATIVE_WORDS = kinds("function_words.txt")["relative"]


def not_speech(doc: Doc, frame: Frame, side: Side) -> bool:
    """True for an idiom rather than speech: "said goodbye", "told the story of ..."."""
    toks = frame.tree.tokens[side.lo:side.hi + 1]
    words = [t for t in toks if t.upos not in ("DET", "PUNCT", "ADJ")]
    return bool(words) and (frame.lemma, words[0].lemma.lower()) in doc.lex.not_speech


def right_opens_content(doc: Doc, frame: Frame, side: Side) -> bool:
    """Does the text after the frame read as what was said?"""
    tok = frame.tree.tokens[side.lo]
    if doc.quoted(tok):
        return side.sep in ("", ",", ":", "—", "–", "-")
    if tok.upos == "CCONJ" or tok.upos == "SCONJ" and tok.text.lower() not in CLAUSE_STARTERS:
        return False  # "spoke on condition of anonymity because ...": a reason, not what was said
    if tok.text.lower() in CLAUSE_STARTERS:
        return side.sep in ("", ":")
    if frame.belief:
        return side.sep == "" and _has_clause_child(frame)
    if side.sep == ",":  # "This week, he said, the team would rest": a frame after at most an adverbial
        before = [t for t in frame.tree.tokens[:frame.lo] if not doc.quoted(t)]
        return len(before) == frame.lo and not any(t.upos in ("VERB", "AUX") for t in before) \
            and _has_clause_child(frame)
    return side.sep in ("", ":")


def _has_clause_child(frame: Frame) -> bool:
    return bool(frame.tree.kids(frame.cue, {"ccomp", "xcomp", "parataxis"}))



def _content_range(doc: Doc, tree: Tree, sides: Sequence[Side]) -> tuple[int, int]:
    """Character range of the content, widened to whole quoted pieces."""
    toks = tree.tokens
    start = toks[min(s.lo for s in sides)].start
    end = toks[max(s.hi for s in sides)].end
    first, last = doc.piece_at(start), doc.piece_at(end - 1)
    if first is not None:
        start = min(start, first.start)
    if last is not None:
        end = max(end, last.end)
    return start, end


def _pieces_in(doc: Doc, start: int, end: int) -> tuple[tuple[int, int], ...]:
    return tuple((p.start, p.end) for p in doc.quoted_pieces.within(start, end))


def kind_of(text: str, parts: Sequence[tuple[int, int]], pieces: Sequence[tuple[int, int]]) -> str:
    """``direct`` when every word of the content parts is inside marks, ``mixed`` with some, else ``indirect``."""
    if not pieces:
        return "indirect"
    for start, end in parts:
        pos = start
        for p_start, p_end in pieces:
            if p_end <= start or p_start >= end:
                continue
            if re.search(r"\w", text[pos:max(pos, p_start)]):
                return "mixed"
            pos = max(pos, p_end)
        if re.search(r"\w", text[pos:end]):
            return "mixed"
    return "direct"


NEGATION = frozenset({"not", "never", "n't", "no"})
MODALS = kinds("function_words.txt")["modal"]


def _hedge(tree: Tree, cue: int) -> float:
    """Lower confidence for negated or modal cues ("did not say that", "would argue that").

    On polnear-dev such records are right less often (precision at overlap
    > 0.8: negated 0.68, modal 0.42, the rest 0.82), yet keeping them still
    raises F1, so they stay, marked by a lower confidence.
    """
    kids = [tree.tokens[k] for k in tree.children[cue]]
    if any(k.lemma.lower() in NEGATION or k.text.lower() in NEGATION for k in kids):
        return 0.7
    if any(k.deprel == "aux" and k.lemma.lower() in MODALS for k in kids):
        return 0.6
    return 1.0


def finite_content(doc: Doc, frame: Frame, sides: Sequence[Side]) -> bool:
    """Is the content a finite clause or a quote, not a noun phrase or a "to" clause?

    "denied the charges", "praised the neighbours who helped" and "wants to
    cut taxes" report a stance; "denied that he knew" and “We will win”
    report words.
    """
    tree = frame.tree
    toks = [t for side in sides for t in tree.tokens[side.lo:side.hi + 1]]
    if any(doc.quoted(t) for t in toks):
        return True
    if phrase_only(doc, frame, sides):
        return False
    words = [t for t in toks if t.upos != "PUNCT"]
    first = words[0]
    if first.text.lower() in CLAUSE_STARTERS and first.upos in ("SCONJ", "ADV", "PRON") and first.deprel != "det":
        return True
    inside = {t.index for t in toks}
    if any(k in inside for k in tree.kids(frame.cue, {"ccomp", "parataxis"})):
        return True
    if any(k in inside for k in tree.kids(frame.cue, {"obj"})):
        return False  # the cue's object: a noun phrase, whatever clause hangs on it
    return any(t.upos in ("VERB", "AUX") and t.xpos not in ("VB", "VBG", "VBN") for t in words)


def phrase_only(doc: Doc, frame: Frame, sides: Sequence[Side]) -> bool:
    """Is the content plainly no clause, on the surface? A "to" clause, a phrase opened by a preposition, no verb.

    "continued to rise", "pledged to cut taxes", "spoke to a party that ...",
    "recalled an incident": a stance whatever the verb. A clause the parser
    misread ("said video of the hit showed ...") holds a verb and is not one.
    """
    tree = frame.tree
    toks = [t for side in sides for t in tree.tokens[side.lo:side.hi + 1]]
    if any(doc.quoted(t) for t in toks):
        return False
    words = [t for t in toks if t.upos != "PUNCT"]
    if not words:
        return True
    if words[0].text.lower() in NEGATION and len(words) > 1:
        words = words[1:]  # "asked not to be named"
    first = words[0]
    if first.text.lower() == "to" and len(words) > 1 and words[1].upos in ("VERB", "AUX"):
        return True
    if first.upos == "ADP" and first.text.lower() not in CLAUSE_STARTERS and not _main_subject(tree, toks):
        return True
    return not any(t.upos in ("VERB", "AUX") for t in words)


def _main_subject(tree: Tree, toks: Sequence[Token]) -> bool:
    """Do the words hold a subject of a verb that heads no relative clause? "In any case the industry was ..." """
    inside = {t.index for t in toks}
    for t in toks:
        if t.deprel.startswith("nsubj") and t.head in inside:
            verb = tree.tokens[t.head]
            if not verb.deprel.startswith("acl") and t.text.lower() not in RELATIVE_WORDS:
                return True
    return False


NO_SPEAKER_FACTOR = 0.6  # a record whose cue has no speaker in the tree is less sure


def lowered(confidence: float, by: float) -> float:
    """A rule's base confidence lowered for a reason the rule names (a belief verb, no speaker)."""
    return round(confidence - by, 3)


def candidate(doc: Doc, frame: Frame, sides: Sequence[Side], rule: str, confidence: float,
              cue_class: str | None = None, *, as_given: bool = False) -> Attribution:
    """The record a frame and its content sides make.

    The cue class is the cue lemma's (see :meth:`~quotes.cues.Lexicon.cue_class`)
    unless given. The confidence is lowered for a missing speaker and for
    hedges (negation, modals) unless ``as_given``.
    """
    tree = frame.tree
    parts = [_content_range(doc, tree, (side,)) for side in sides]
    start, end = min(p[0] for p in parts), max(p[1] for p in parts)
    for span in doc.spans_overlapping(start, end):  # whole quotes, all their paragraphs
        start, end = min(start, span.start), max(end, span.end)
    pieces = _pieces_in(doc, start, end)
    speaker = make_mention(doc, tree, frame.speaker) if frame.speaker else None
    cue = tree.tokens[frame.cue]
    kind = kind_of(doc.text, parts, pieces)
    if not as_given:
        if speaker is None:
            confidence *= NO_SPEAKER_FACTOR
        confidence *= _hedge(tree, frame.cue)
    if cue_class is None:
        source = speaker.head if speaker is not None else None
        if "stance" in doc.lex.verb_classes.get(frame.lemma, ()):
            clause = finite_content(doc, frame, sides)
        else:  # a speech verb's clause the parse misread (its subject made an object) stays speech
            clause = not phrase_only(doc, frame, sides)
        cue_class = doc.lex.cue_class(frame.lemma, source, clause)
    return Attribution(start, end, pieces, speaker, cue.start, cue.end, cue_class, kind, rule, round(confidence, 3),
                       tree.sentence.paragraph)

