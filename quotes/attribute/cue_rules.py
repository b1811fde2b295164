"""Cue rules: records that start from a cue word (a verb of saying or believing, *according to*, a cue noun).

The dependency tree gives the speaker; the content is found on the surface,
left or right of the frame, and snapped to whole quoted pieces.
"""

from __future__ import annotations

from dataclasses import replace

from quotes.attribute.content import (
    RELATIVE_WORDS,
    Side,
    candidate,
    clause_like,
    left_side,
    lowered,
    not_speech,
    np_content,
    object_only,
    right_opens_content,
    right_side,
)
from quotes.attribute.doc import SEPARATORS, SUBORDINATORS, Doc, Frame, Tree, cue_lemma
from quotes.attribute.speaker import make_frame, make_mention, noun_phrase
from quotes.cues import kinds
from quotes.types import Attribution


def _own_that_clause(frame: Frame, j: int) -> bool:
    """True when token j is a "that" whose clause hangs on the cue itself."""
    toks = frame.tree.tokens
    if toks[j].text.lower() != "that" or toks[j].deprel != "mark":
        return False
    clause = toks[j].head
    return clause >= 0 and toks[clause].head == frame.cue


def _quote_before(doc: Doc, frame: Frame) -> bool:
    """True when a quoted piece ends right before the frame, a comma or dash at most between."""
    toks = frame.tree.tokens
    j = frame.lo - 1
    while j >= 0 and toks[j].text in (",", "—", "–", "-") and not doc.quoted(toks[j]):
        j -= 1
    return j >= 0 and doc.quoted(toks[j])


def _parenthetical(frame: Frame) -> bool:
    """ "It will take, say, five years": a discourse marker, not a cue."""
    toks = frame.tree.tokens
    i = frame.cue
    return frame.speaker is None and 0 < i < len(toks) - 1 and toks[i - 1].text == "," and toks[i + 1].text == ","


BELIEF_BEFORE = 0.25  # a belief verb before its content ("thinks that ..."): held, not said
BELIEF_AFTER = 0.3  # a belief verb after its content ("..., she believes"): more often a misread
NO_SPEAKER = 0.3  # a frame of its own with no speaker in it


def cue_inside_content(doc: Doc, frame: Frame, confidence: float) -> Attribution | None:
    """An attribution interrupting a quote.

    Pattern: “QUOTE,” SPEAKER CUE, “QUOTE.” —
    “We will not leave,” the minister told reporters, “until it is done.”
    """
    left, right = left_side(doc, frame), right_side(doc, frame)
    if left is None or right is None or frame.belief:
        return None
    toks = frame.tree.tokens
    if not (doc.quoted(toks[left.hi]) and doc.quoted(toks[right.lo]) and right.sep in (",", "—", "–", "-")):
        return None
    return candidate(doc, frame, (left, right), "cue_inside_content", confidence)


def cue_before_content(doc: Doc, frame: Frame, confidence: float) -> Attribution | None:
    """The cue comes first and the content follows.

    Pattern: SPEAKER CUE [that] CONTENT / SPEAKER CUE: “QUOTE” —
    The spokesperson also stated that China would keep pushing for a settlement.
    """
    right = right_side(doc, frame)
    if right is None or not right_opens_content(doc, frame, right):
        return None
    if not_speech(doc, frame, right) or _no_clause_start(doc, frame, right):
        return None
    if np_content(doc, frame, right):
        pass
    elif not clause_like(doc, frame.tree, right) or object_only(doc, frame, right):
        return None
    if _quote_before(doc, frame) and not _own_that_clause(frame, right.lo):
        return None  # “…?” said X, referring to Y: the quote on the left is the content
    if frame.belief:
        confidence = lowered(confidence, BELIEF_BEFORE)
    toks = frame.tree.tokens
    left = left_side(doc, frame) if right.sep == "," and not doc.quoted(toks[right.lo]) else None
    if left is not None and left.sep == "," and not doc.quoted(toks[left.hi]):
        return candidate(doc, frame, (left, right), "cue_before_content", confidence)  # "In the long run, she said, X"
    return candidate(doc, frame, (right,), "cue_before_content", confidence)


WHEN_WORDS = kinds("function_words.txt")["when"]
QUESTION_VERBS = kinds("cue_roles.txt")["question"]
DEMONSTRATIVE_HEADS = kinds("function_words.txt")["demonstrative"]


def _no_clause_start(doc: Doc, frame: Frame, right: Side) -> bool:
    """Words after the cue that cannot open what was said.

    A finite verb with no subject before it ("everything Trump says is true":
    the cue sits in a relative clause of the subject; but "a fine, which he
    said was fair", where the relative word is the subject of what was said)
    or a relative clause of a noun the frame holds ("spoke at a service for
    those who died").
    """
    toks = frame.tree.tokens
    first = toks[right.lo]
    if doc.quoted(first) or right.sep not in ("",):
        return False
    if first.text.lower() in WHEN_WORDS and frame.lemma not in QUESTION_VERBS \
            and not _main_clause_after_comma(frame.tree, right):
        return True  # "said when she resigned", "said after he failed to appear": the time of saying
    if first.upos in ("VERB", "AUX") and first.xpos in ("VBZ", "VBD", "VBP", "MD"):
        return frame.lo == 0 or toks[frame.lo - 1].text.lower() not in RELATIVE_WORDS  # "which he said was" speaks
    word = first.text.lower()
    after = toks[right.lo + 1] if right.lo + 1 < len(toks) else None
    then = toks[right.lo + 2] if right.lo + 2 < len(toks) else None  # "that taxes would": a noun before a verb
    relative_that = word == "that" and after is not None and after.xpos in ("VBZ", "VBD", "VBP", "MD") and not (
        then is not None and then.upos in ("AUX", "VERB") and after.upos == "VERB")
    if not (word in RELATIVE_WORDS and word != "that" or relative_that) or right.lo == 0:
        return False
    before = toks[right.lo - 1]
    return right.lo - 1 != frame.cue and (before.upos in ("NOUN", "PROPN") or before.text.lower() in DEMONSTRATIVE_HEADS)


def content_before_cue(doc: Doc, frame: Frame, confidence: float) -> Attribution | None:
    """The content comes first, then a comma (or closing mark) and the frame.

    Pattern: CONTENT, SPEAKER CUE / “QUOTE,” CUE SPEAKER / CONTENT, SPEAKER CUE, CONTENT —
    “We will win,” said Maria Keller, a geologist at the state survey.
    """
    left = left_side(doc, frame)
    if left is None or frame.belief and not left.sep:
        return None
    toks = frame.tree.tokens
    right = right_side(doc, frame)
    both = right is not None and _continues_clause(doc, frame, left, right)
    sides = (left, right) if both and right is not None else (left,)
    if not any(clause_like(doc, frame.tree, side) for side in sides):
        return None
    quoted = doc.quoted(toks[left.hi])
    if right is not None and right.sep == "" and not quoted:
        return None  # "..., Li praised the relations": the cue has its own object
    opener = left.lo + 1 if toks[left.lo].upos == "CCONJ" and left.lo < left.hi else left.lo  # "But when ..."
    if toks[opener].text.lower() in SUBORDINATORS and not quoted and not _main_clause_after_comma(frame.tree, left):
        return None  # "After being welcomed ..., Li praised": an adverbial, not content
    ccomps = frame.tree.kids(frame.cue, {"ccomp"})
    if ccomps and ccomps[0] > frame.hi and not quoted and not both and right is not None \
            and clause_like(doc, frame.tree, right):
        return None  # the parse puts the content on the right
    if frame.belief:
        confidence = lowered(confidence, BELIEF_AFTER)
    return candidate(doc, frame, sides, "content_before_cue", confidence)


def _main_clause_after_comma(tree: Tree, left: Side) -> bool:
    """Does a main clause follow the opening adverbial of a side? "In all, the justices are doing ...".

    A comma inside the side, then a subject and a finite verb that are not
    in a relative or subordinate clause ("After meeting Putin, who arrived
    Monday, Li said" has none).
    """
    toks = tree.tokens
    for c in range(left.lo + 1, left.hi):
        if toks[c].text != ",":
            continue
        first = next((t for t in toks[c + 1:left.hi + 1] if t.upos not in ("PUNCT", "ADV")), None)
        if first is None or first.text.lower() in SUBORDINATORS or first.text.lower() in RELATIVE_WORDS:
            continue
        rest = toks[c + 1:left.hi + 1]
        if any(t.deprel.startswith("nsubj") for t in rest) and any(
                t.upos in ("VERB", "AUX") and t.xpos in ("VBD", "VBZ", "VBP", "MD") for t in rest):
            return True
    return False


def _continues_clause(doc: Doc, frame: Frame, left: Side, right: Side) -> bool:
    """Content on both sides of a parenthetical frame: "X rose, she said, by a third"."""
    if right.sep != "," or left.sep != ",":
        return False
    toks = frame.tree.tokens
    first = toks[right.lo]
    if doc.quoted(toks[left.hi]) or doc.quoted(first) or first.upos in ("CCONJ", "SCONJ"):
        return False
    if first.xpos in ("VBG", "VBN") or first.text.lower() in ("according", "who", "which", "adding"):
        return False
    if frame.speaker is not None and frame.speaker[0] > frame.cue and not any(
            t.upos in ("VERB", "AUX") for t in toks[right.lo:right.hi + 1]):
        return False  # "..., said Ann Lee, an editor at the paper": the speaker's apposition
    return not any(cue_lemma(doc, frame.tree, k) for k in range(right.lo, right.hi + 1))


def quote_beside_frame(doc: Doc, frame: Frame, confidence: float) -> Attribution | None:
    """A frame that is a sentence of its own, right after or before its quote.

    The tokenizer often ends a sentence inside the marks, leaving the frame
    alone: “Are you equating the two?” Priebus said. / He said: ¶ “…”
    """
    if frame.belief:
        return None
    toks = frame.tree.tokens
    before = all(t.upos == "PUNCT" for t in toks[:frame.lo])
    after = all(t.upos == "PUNCT" for t in toks[frame.hi + 1:])
    span = None
    if before and (after or toks[frame.hi + 1].text in (",", ";")):
        span = doc.span_ending_before(toks[frame.lo].start)
        if span is not None and doc.paragraph_of(span.end - 1).index != frame.tree.sentence.paragraph:
            span = None
    if span is None and after and toks[-1].text in (":", ",", "—"):
        span = doc.span_starting_after(toks[frame.hi].end)
    if span is None:
        return None
    pieces = tuple((p.start, p.end) for p in span.pieces)
    speaker = make_mention(doc, frame.tree, frame.speaker) if frame.speaker else None
    cue = toks[frame.cue]
    if speaker is None:
        confidence = lowered(confidence, NO_SPEAKER)
    cue_class = doc.lex.cue_class(frame.lemma, speaker.head if speaker else None, True)
    return Attribution(span.start, span.end, pieces, speaker, cue.start, cue.end, cue_class, "direct", "quote_beside_frame",
                       confidence, frame.tree.sentence.paragraph)


def according_to(doc: Doc, tree: Tree, i: int, confidence: float) -> Attribution | None:
    """*according to X* attributes the clause it is attached to.

    Pattern: According to SPEAKER, CONTENT / CONTENT, according to SPEAKER —
    According to a report from the state news agency, the premier will meet Putin.
    """
    toks = tree.tokens
    if toks[i].text.lower() != "according" or i + 1 >= len(toks) or toks[i + 1].text.lower() != "to":
        return None
    if "according to" not in doc.lex.phrases:
        return None
    j = i + 2
    while j < len(toks) and toks[j].upos not in ("NOUN", "PROPN", "PRON", "NUM"):
        if toks[j].text in SEPARATORS or toks[j].upos in ("VERB", "PUNCT"):
            return None
        j += 1
    if j >= len(toks) or doc.quoted(toks[j]):
        return None
    head = j
    while toks[head].head > head and toks[toks[head].head].upos in ("NOUN", "PROPN") and toks[head].head - head < 4:
        head = toks[head].head
    lo, hi = noun_phrase(doc, tree, head)
    speaker = (max(lo, i + 2), hi)
    frame = Frame(tree, i, "accord", speaker, i, max(hi, head), False)
    right, left = right_side(doc, frame), left_side(doc, frame)
    found = None
    if left is not None and right is not None and left.sep == "," and right.sep == "," \
            and clause_like(doc, tree, Side(left.lo, right.hi, ",")):
        found = candidate(doc, frame, (left, right), "according_to", confidence)  # "X, according to Y, rose"
    elif left is not None and clause_like(doc, tree, left):
        found = candidate(doc, frame, (left,), "according_to", confidence)
    elif right is not None and clause_like(doc, tree, right):
        found = candidate(doc, frame, (right,), "according_to", confidence)
    return replace(found, cue_end=toks[i + 1].end) if found else None  # the cue is "according to"


def _addresses_the_reader(doc: Doc, frame: Frame) -> bool:
    """An imperative or second-person cue outside quotes: "Tell your councillor ...", "You might suggest ...".

    The writer speaks to the reader; nobody is quoted.
    """
    toks = frame.tree.tokens
    cue = toks[frame.cue]
    first = next((t for t in toks if t.upos not in ("PUNCT", "ADV", "CCONJ", "INTJ") and not doc.quoted(t)), None)
    if first is cue and (cue.feat("Mood") == "Imp" or cue.xpos == "VB") and frame.cue == first.index:
        return True  # "Tell your councillor ...", "Now tell us ..."
    if frame.speaker is None:
        return False
    words = {t.text.lower() for t in toks[frame.speaker[0]:frame.speaker[1] + 1]}
    return bool(words & {"you", "your", "we"})  # the writer and the newsroom ("We asked the city") quote nobody


def frame_at(doc: Doc, tree: Tree, i: int) -> Frame | None:
    """The frame the frame rules start from at token i: a cue verb, its speaker and their modifiers.

    None where token i is no cue verb, is *seem* or *appear* (how things
    look: :func:`appearance` alone reads them), is a discourse marker ("it
    will take, say, five years") or addresses the reader ("Tell your
    councillor ...").
    """
    lemma = cue_lemma(doc, tree, i)
    if lemma is None or lemma in APPEARANCE:
        return None
    frame = make_frame(doc, tree, i, lemma)
    if _parenthetical(frame) or _addresses_the_reader(doc, frame):
        return None
    return frame


def cues_only_quotes(doc: Doc, frame: Frame, record: Attribution) -> bool:
    """ "spoke to a party that ...", "continued to ...": such verbs cue quoted words only, never a clause."""
    return record.kind == "indirect" and frame.lemma in doc.lex.quotes_only


def cue_noun_clause(doc: Doc, tree: Tree, i: int, confidence: float) -> Attribution | None:
    """A cue noun with a *that* clause: the clause is what was said or believed.

    Pattern: [SPEAKER's] NOUN that CONTENT — Trump's claim that the vote was rigged.
    """
    toks = tree.tokens
    tok = toks[i]
    if tok.upos != "NOUN" or not doc.lex.is_cue_noun(tok.text) or doc.quoted(tok) or i + 2 >= len(toks):
        return None
    that = toks[i + 1]
    if that.text.lower() != "that" or that.deprel != "mark" or doc.quoted(that):
        return None
    head = that.head
    if head < 0 or not (i < head < len(toks)) or toks[head].upos not in ("VERB", "AUX", "ADJ", "NOUN"):
        return None
    end = max(tree.subtree(head))
    while end > i + 1 and toks[end].upos == "PUNCT" and not doc.quoted(toks[end]):
        end -= 1
    owners = tree.kids(i, {"nmod:poss"})
    speaker = noun_phrase(doc, tree, owners[0]) if owners else None
    frame = Frame(tree, i, tok.lemma.lower(), speaker, min(speaker[0], i) if speaker else i, i, True)
    return candidate(doc, frame, (Side(i + 1, end, ""),), "cue_noun_clause", confidence,
                     doc.lex.noun_class(tok.text))


APPEARANCE = frozenset({"seem", "appear"})


def appearance(doc: Doc, tree: Tree, i: int, confidence: float) -> Attribution | None:
    """How things look, with nobody named as the source: the whole clause is the content.

    Pattern: SUBJECT seems/appears to VERB / ADJ — "Republicans seem confident
    they have the votes" (a stance record with no speaker, as PolNeAR counts it).
    The confidence is the table's as given: no speaker is the pattern here, not a doubt.
    """
    toks = tree.tokens
    if doc.lex.cue_lemma(toks[i].text) not in APPEARANCE or cue_lemma(doc, tree, i) not in APPEARANCE:
        return None
    complement = tree.kids(i, {"xcomp"})
    subjects = tree.kids(i, {"nsubj", "expl"})
    if not complement or not subjects or doc.quoted(toks[i]):
        return None
    lo = min(min(tree.subtree(s)) for s in subjects)
    hi = max(tree.subtree(complement[0]))
    while hi > i and toks[hi].upos == "PUNCT":
        hi -= 1
    frame = Frame(tree, i, toks[i].lemma.lower(), None, i, i, False)
    return candidate(doc, frame, (Side(lo, hi, ""),), "appearance", confidence, "stance", as_given=True)
