"""Span rules: quoted spans that no cue rule covered."""

from __future__ import annotations

import re

from quotes.attribute.content import kind_of, lowered
from quotes.attribute.doc import Doc, Tree, cue_lemma
from quotes.attribute.speaker import find_speaker, make_mention
from quotes.surface import speaker_at
from quotes.types import Attribution, Mention, Span, Turn

_NAME_BEFORE_COLON = re.compile(r"(?:^|[.!?]\s+)((?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w.’'-]*)\s*:\s*$", re.MULTILINE)
_VISIBLE = re.compile(r"\S")
_WORD_CHAR = re.compile(r"\w")
_QUOTE_MARK = re.compile(r"[\"“”«»„]")
_DASH = re.compile(r"[^\S\n]*(?:—|–|―|--|-)[^\S\n]*")

# confidence lowered from the table's base, with the reason
UNLISTED_VERB = 0.15  # surface_frame: any verb in the inverted position may cue, a listed one surely does
NOT_A_CUE = 0.2  # colon_intro: the speaker comes from the sentence's root or first verb, not a cue verb


def _name_mention(doc: Doc, start: int, end: int) -> Mention:
    text = doc.text[start:end]
    return Mention(start, end, text, text.split()[-1].lower(), "name", None, False)


def surface_frame(doc: Doc, span: Span, last: Attribution | None, confidence: float) -> Attribution | None:
    """A quote that opens its sentence, closed by a verb and a short noun phrase (see :mod:`quotes.surface`).

    Pattern: “QUOTE,” VERB NP. / “QUOTE,” NP VERB. — “Not bad for a Tuesday,”
    quipped Rui Esteves. Any verb in the inverted position is a cue; the
    speaker is read off the surface, so a name the parser mis-reads keeps its record.
    """
    frame = doc.frames.get(span.start)
    if frame is None:
        return None
    pieces = tuple((p.start, p.end) for p in span.pieces)
    cue_class = doc.lex.cue_class(frame.lemma, frame.speaker.head, True)
    if not frame.listed:
        confidence = lowered(confidence, UNLISTED_VERB)
    return Attribution(span.start, span.end, pieces, frame.speaker, frame.cue_start, frame.cue_end, cue_class,
                       "direct", "surface_frame", confidence, doc.paragraph_of(span.start).index)


def colon_speaker(doc: Doc, span: Span, last: Attribution | None, confidence: float) -> Attribution | None:
    """A name and a colon introduce the quote.

    Pattern: NAME: “QUOTE” — Keller: “The ground is still moving.”
    """
    para = doc.paragraph_of(span.start)
    if doc.text.rfind(":", max(para.start, span.start - 8), span.start) < 0:
        return None  # no colon right before the quote: the search below cannot match (and costs a scan)
    match = _NAME_BEFORE_COLON.search(doc.text, max(para.start, span.start - 200), span.start)
    if match is None:
        return None
    speaker = _name_mention(doc, match.start(1), match.end(1))
    if doc.in_credit(speaker.start, speaker.end) or speaker.head in doc.lex.nonspeakers:
        return None  # "Photo: ...", "Image: ..."
    return _span_record(doc, span, speaker, "colon_speaker", confidence)


def dash_speaker(doc: Doc, span: Span, last: Attribution | None, confidence: float) -> Attribution | None:
    """A dash and a name follow the quote.

    Pattern: “QUOTE” — NAME — “Stay calm and carry on.” — Maria Keller
    """
    para = doc.paragraph_of(span.end - 1)
    match = _DASH.match(doc.text, span.end, para.end)
    if match is None:
        return None
    speaker = speaker_at(doc.text, match.end(), para.end, doc.lex)
    if speaker is None or doc.in_credit(speaker.start, speaker.end):
        return None
    return _span_record(doc, span, speaker, "dash_speaker", confidence)


def continues_previous(doc: Doc, span: Span, last: Attribution | None, confidence: float) -> Attribution | None:
    """A quote that opens the sentence right after an attributed quote extends it.

    Pattern: “QUOTE,” SPEAKER CUE. “QUOTE.” — “We lost,” he said. “We will be back.”
    The record replaces the previous one, whose confidence, times the base, it keeps.
    """
    if last is None or last.kind == "indirect" or not last.pieces or last.end > span.start:
        return None
    if doc.paragraph_of(span.start).index != last.paragraph:
        return None
    frame_end = max(last.end, last.cue_end or 0, last.speaker.end if last.speaker else 0)
    gap = doc.text[frame_end:span.start]
    if not re.fullmatch(r"[^\w“”\"«»]{0,3}?[.!?]?\s*", gap) and not _sentence_gap(doc, last, span):
        return None
    pieces = last.pieces + tuple((p.start, p.end) for p in span.pieces)
    return Attribution(
        last.start, span.end, pieces, last.speaker, last.cue_start, last.cue_end, last.cue_class,
        "direct" if last.kind == "direct" else "mixed", "continues_previous", last.confidence * confidence,
        last.paragraph,
    )


def _sentence_gap(doc: Doc, last: Attribution, span: Span) -> bool:
    """True when only the previous record's own sentence lies between it and the span."""
    between = doc.text[last.end:span.start]
    return bool(re.fullmatch(r"[^“”\"«»\n]{0,200}[.!?]\s+", between)) and last.cue_start is not None \
        and last.cue_start >= last.end


def colon_intro(doc: Doc, span: Span, last: Attribution | None, confidence: float) -> Attribution | None:
    """A sentence ending in a colon introduces the quote that follows it.

    Pattern: SPEAKER VERB ...: “QUOTE” — She then addressed the crowd again: “Here is what I regret.”
    """
    sentence = doc.sentence_ending_before(span.start)
    if sentence is None or not sentence.parsed or sentence.tokens[-1].text != ":":
        return None
    tree = Tree(sentence)
    toks = tree.tokens
    verbs = [t.index for t in toks if t.upos == "VERB" and not doc.quoted(t)]
    cues = [k for k in verbs if cue_lemma(doc, tree, k)]
    roots = [k for k in verbs if toks[k].head < 0]
    other = [t.index for t in toks if t.head < 0 and t.upos in ("ADJ", "AUX", "NOUN") and not doc.quoted(t)]
    for k in cues[-1:] + roots[:1] + other[:1] + verbs[:1]:  # other: "… was blunt in her foreword:"
        speaker = find_speaker(doc, tree, k)
        if speaker is not None:
            pieces = tuple((p.start, p.end) for p in span.pieces)
            mention = make_mention(doc, tree, (speaker.lo, speaker.hi))
            cue = toks[k] if k in verbs else None
            sure = confidence if k in cues else lowered(confidence, NOT_A_CUE)
            cue_class = doc.lex.cue_class(cue_lemma(doc, tree, k) or "say", mention.head, True)
            return Attribution(span.start, span.end, pieces, mention, cue.start if cue else None,
                               cue.end if cue else None, cue_class if cue else None, "direct", "colon_intro",
                               sure, doc.paragraph_of(span.start).index)
    return None


def previous_speaker(doc: Doc, span: Span, last: Attribution | None, confidence: float) -> Attribution | None:
    """A quote paragraph with no attribution continues the previous paragraph's speaker.

    Pattern: NAME CUE ... ¶ “QUOTE.” — Keller said the road was closed. ¶ “It will take weeks.”
    The previous record may be direct, mixed or indirect.
    """
    if last is None or last.speaker is None:
        return None
    para = doc.paragraph_of(span.start)
    if para.index - last.paragraph != 1 or not _sentence_like(doc, span):
        return None
    if _VISIBLE.search(doc.text, para.start, span.start) or _WORD_CHAR.search(doc.text, span.end, para.end):
        return None  # only a paragraph that is all quote continues the last speaker
    return _span_record(doc, span, last.speaker, "previous_speaker", confidence)


CONTINUE_GAP = 250  # characters of narration a continuing quote may follow its speaker's record by


def continues_speaker(doc: Doc, span: Span, last: Attribution | None, confidence: float) -> Attribution | None:
    """A quote with no cue or speaker of its own goes on with the speaker of the record just before it.

    Pattern: NAME CUE ... . “QUOTE.” in the same paragraph, or NAME CUE ... ¶
    “QUOTE.” opening the next — “We lost,” Moss said, pointing at the board.
    “We will be back.” News style writes a run of quotes by one speaker this
    way. Not when another quote, or more than a sentence or two of narration,
    comes between them, nor when the quote's paragraph opens with narration
    of its own (a new topic). Lower confidence than a cued record.
    """
    if last is None or last.speaker is None or not _opens_sentence(doc, span) or not _ends_sentence(doc, span):
        return None
    para = doc.paragraph_of(span.start)
    frame_end = max(last.end, last.cue_end or 0, last.speaker.end)
    if frame_end > span.start or para.index - last.paragraph not in (0, 1):
        return None
    if para.index != last.paragraph and _VISIBLE.search(doc.text, para.start, span.start):
        return None  # the paragraph opens with narration: a new topic
    between = doc.text[frame_end:span.start]
    if len(between.strip()) > CONTINUE_GAP or _QUOTE_MARK.search(between):
        return None  # another quote, or a stretch of narration, comes between
    return _span_record(doc, span, last.speaker, "continues_speaker", confidence)


def _ends_sentence(doc: Doc, span: Span) -> bool:
    """Is the quote a whole sentence of four or more words, ended inside its marks ("…," she said is not)?"""
    inner = doc.text[span.pieces[0].inner_start:span.pieces[-1].inner_end].strip()
    return len(inner.split()) >= 4 and bool(re.search(r"[.!?…]\W*$", inner))


def _opens_sentence(doc: Doc, span: Span) -> bool:
    """Does the quote open its sentence (at a paragraph start or after a sentence's end)?"""
    para = doc.paragraph_of(span.start)
    before = doc.text[max(para.start, span.start - 12):span.start]
    return not _VISIBLE.search(doc.text, para.start, span.start) or bool(re.search(r"[.!?…:][\"”’'»)]?\s+$", before))


def lone_quote(doc: Doc, span: Span, last: Attribution | None, confidence: float) -> Attribution | None:
    """A quotation that reads as a sentence of speech, with no speaker in reach: still a quote, speaker unknown.

    Pattern: “We're not asking for a palace, just a roof.” standing alone.
    Titles, names and scare quotes sit inside a sentence or are written in
    title case, and make no record.
    """
    para = doc.paragraph_of(span.start)
    before = doc.text[max(para.start, span.start - 12):span.start]
    if _VISIBLE.search(doc.text, para.start, span.start) and not re.search(r"[.!?…:][\"”’'»)]?\s+$", before):
        return None  # inside a sentence: a title, a name or a scare quote
    inner = doc.text[span.pieces[0].inner_start:span.pieces[-1].inner_end].strip()
    words = inner.split()
    if len(words) < 4 or not re.search(r"[.!?…]\W*$", inner):
        return None
    capitalised = sum(w[:1].isupper() for w in words)
    if capitalised * 2 > len(words):
        return None  # “The Last Keeper of the Light”: a title
    return _span_record(doc, span, None, "lone_quote", confidence)


def _sentence_like(doc: Doc, span: Span) -> bool:
    inner = doc.text[span.pieces[0].inner_start:span.pieces[-1].inner_end]
    return len(inner.split()) >= 4 and bool(re.search(r"[.!?…]\W*$", inner.strip()) or inner[:1].isupper())


def _span_record(doc: Doc, span: Span, speaker: Mention | None, rule: str, confidence: float) -> Attribution:
    pieces = tuple((p.start, p.end) for p in span.pieces)
    return Attribution(span.start, span.end, pieces, speaker, None, None, None, "direct", rule, confidence,
                       doc.paragraph_of(span.start).index)


def transcript_turn(doc: Doc, turn: Turn, confidence: float) -> Attribution | None:
    """A turn of a transcript: its label speaks the rest of the paragraph.

    Pattern: NAME: WORDS (three or more such paragraphs, a label used twice;
    see :func:`quotes.surface.transcript_turns`) — ST-PIERRE: On what basis?
    """
    if turn.headline:
        return None
    speaker = _name_mention(doc, turn.label_start, turn.label_end)
    pieces = tuple((p.start, p.end) for p in doc.quoted_pieces.within(turn.start, turn.end))
    kind = kind_of(doc.text, [(turn.start, turn.end)], pieces)
    return Attribution(turn.start, turn.end, pieces, speaker, None, None, None, kind, "transcript_turn", confidence,
                       turn.paragraph)


def headline_colon(doc: Doc, turn: Turn, confidence: float) -> Attribution | None:
    """An opening line NAME: WORDS: the colon is the cue (see :func:`quotes.surface.transcript_turns`).

    Pattern: NAME: WORDS as a headline — Pence: Flowers Won't Be at Debate
    """
    if not turn.headline:
        return None
    speaker = _name_mention(doc, turn.label_start, turn.label_end)
    pieces = tuple((p.start, p.end) for p in doc.quoted_pieces.within(turn.start, turn.end))
    kind = kind_of(doc.text, [(turn.start, turn.end)], pieces)
    colon = doc.text.index(":", turn.label_end)
    label = doc.text[turn.label_start:turn.label_end].split()[-1].lower()
    cue_class = "evidence" if label in doc.lex.evidence_sources else "speech"  # "Poll: Race tightens"
    return Attribution(turn.start, turn.end, pieces, speaker, colon, colon + 1, cue_class, kind, "headline_colon",
                       confidence, turn.paragraph)
