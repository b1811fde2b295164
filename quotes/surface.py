"""Attribution frames read off the surface, with no parse: “…,” said NAME. / “…,” NAME said.

News writes most direct quotes the same way: a quotation that opens its
sentence, a comma inside the marks, then a verb and a short noun phrase in
either order, then the sentence end (“We will win,” said Maria Keller. /
“We will win,” she said.). The position alone makes the verb a cue ("quipped",
"deadpanned", "recalls"), and the noun phrase is the speaker however a parser
would read it (O'Neill, N'Diaye, van der Berg, Jean-Luc). :func:`frame_after`
finds such frames; the parse stage skips the sentences they fully decide,
and the rules turn each into a record.

A frame is only taken when nothing else can start a record in the same
sentence: no other cue word in the words after the speaker, no second quote.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import regex

from quotes.cues import Lexicon, kinds, read_lines, words
from quotes.spans import Stretches
from quotes.types import Mention, Paragraph, Span, SurfaceFrame, Turn

_ABBREVIATED = "|".join(sorted(read_lines("stop_abbreviations.txt"), key=lambda w: (-len(w), w)))
_TOKEN = re.compile(
    rf"\b(?:{_ABBREVIATED})\.|\b(?:[A-Z]\.){{2,}}|\b[A-Z]\.(?=\s)|[^\W_][\w’'.-]*[^\W_]|[^\W_]|[^\w\s]"
)
_SENTENCE_END = regex.compile(rf"(?<!\b(?:{_ABBREVIATED}))(?<!\b[A-Z])[.!?…](?=[\"”’'»)]?(?:\s|$))")
PRONOUNS = kinds("function_words.txt")["subject"]
_DETERMINERS = kinds("function_words.txt")["determiner"]
_PARTICLES = kinds("name_particles.txt")["particle"]
_PP = frozenset({"for", "of", "at", "with"})
_NOT_VERBS = words("not_verbs.txt")
_ENDS_QUOTE = frozenset(",?!…—–-")
MAX_NP_WORDS = 7
_DESCRIPTION_END = kinds("function_words.txt")["description_end"]


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower()


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


_PARTICLE_NAME = re.compile(
    "(?:" + "|".join(sorted(kinds("name_particles.txt")["prefix"], key=lambda w: (-len(w), w))) + ")[-’'][A-Z]"
)


def _capital(tok: _Tok) -> bool:
    """A capitalised word, or a name with a particle before a hyphen ("al-Harthi", "d'Amours")."""
    return tok.text[:1].isupper() or _PARTICLE_NAME.match(tok.text) is not None


def _word(tok: _Tok) -> bool:
    return tok.text[:1].isalnum()


def _name_np(toks: Sequence[_Tok], i: int, lex: Lexicon) -> int:
    """End (exclusive) of a name with its titles: "coach Stefan Marek", "Harrowgate manager Rui Esteves",
    "Deputy mayor Ana Ruiz", "Ibrahima N'Doye", "Ilse ter Borg".

    Lower-case words inside are particles or person nouns followed by more
    of the name; the phrase ends in a capitalised word.
    """
    k = i
    end = i
    while k < len(toks) and k - i < MAX_NP_WORDS and _word(toks[k]):
        if _capital(toks[k]):
            end = k + 1
        elif not _title_ahead(toks, k, lex):
            break
        k += 1
    return end


def _title_ahead(toks: Sequence[_Tok], k: int, lex: Lexicon) -> bool:
    """Is the lower-case word at k part of a title or name that goes on in capitals?

    "fire" in "Regional fire chief Daniel van der Berg": within three words
    a person noun or particle comes, then a capitalised word.
    """
    for j in range(k, min(k + 3, len(toks))):
        tok = toks[j]
        if not _word(tok) or _capital(tok) or lex.cue_lemma(tok.low) or tok.low in _DETERMINERS | _PP:
            return False
        if tok.low in _PARTICLES or tok.low.strip(".") in lex.person:
            return j + 1 < len(toks) and (_capital(toks[j + 1]) or toks[j + 1].low in _PARTICLES
                                          or toks[j + 1].low.strip(".") in lex.person)
    return False


def _description_np(toks: Sequence[_Tok], i: int, lex: Lexicon) -> int:
    """End (exclusive) of "the retired nurse", "a spokesman for the ministry", "Harrowgate's captain"."""
    j = i + 1
    while j < len(toks) and j - i < MAX_NP_WORDS and _word(toks[j]):
        low = toks[j].low
        if low in _PP and j + 1 < len(toks) and toks[j + 1].low in _DETERMINERS | {"the"} or low in _PP and (
                j + 1 < len(toks) and _capital(toks[j + 1])):
            j += 2
            continue
        if low in _DETERMINERS or lex.cue_lemma(low) or low in _DESCRIPTION_END:
            break
        j += 1
    return j if j > i + 1 else i


def _noun_phrase(toks: Sequence[_Tok], i: int, lex: Lexicon) -> tuple[int, str] | None:
    """(end, kind) of the speaker noun phrase starting at token i, or None."""
    if i >= len(toks) or not _word(toks[i]):
        return None
    low = toks[i].low
    if low in PRONOUNS and (low == "i" or toks[i].text.islower()):
        return i + 1, "pronoun"
    if low in _DETERMINERS or low.endswith(("’s", "'s")) and _capital(toks[i]):
        end = _description_np(toks, i, lex)
        return (end, "description") if end > i else None
    end = _name_np(toks, i, lex)
    return (end, "name") if end > i else None


_OPENING = frozenset("“\"«‘„")


def _mention(text: str, toks: Sequence[_Tok], i: int, end: int, kind: str, lex: Lexicon) -> Mention:
    words = [t.low for t in toks[i:end] if _word(t)]
    head = words[-1]
    if kind == "description":
        cut = next((n for n, w in enumerate(words) if w in _PP and n > 0), len(words))
        head = words[cut - 1]
    head = re.sub(r"[’']s$", "", head)
    start, stop = toks[i].start, toks[end - 1].end
    if kind == "pronoun":
        person, plural = lex.pronouns.get(head, (None, False))
        return Mention(start, stop, text[start:stop], head, kind, person, bool(plural))
    singular = head[:-1] if head.endswith("s") and head[:-1] in lex.person else head
    person = True if singular in lex.person else False if singular in lex.nonperson else None
    return Mention(start, stop, text[start:stop], singular, kind, person, singular != head)


def _verb(tok: _Tok, lex: Lexicon) -> tuple[str, bool] | None:
    """(lemma, listed) when a word can be the cue verb of a frame."""
    low = tok.low
    if not tok.text.islower() or not _word(tok):
        return None
    lemma = lex.cue_lemma(low)
    if lemma is not None:
        return lemma, True
    if low in _NOT_VERBS or lex.verb_classes.get(low) or len(low) < 4 or not low.endswith(("ed", "s")):
        return None  # a known verb of an unchosen class is no cue; neither is a word that is not a verb form
    if any(low in forms for forms in (lex.pronouns, lex.person)) or low.endswith(("ss", "us", "ness")):
        return None
    return low, False


_VISIBLE = re.compile(r"\S")
SENTENCE_REACH = 600  # characters after a quote in which its sentence must end for a frame to close it


def _opens_sentence(text: str, para_start: int, span: Span) -> bool:
    if _VISIBLE.search(text, para_start, span.start) is None:
        return True
    return bool(re.search(r"[.!?…][\"”’'»)]?\s+$", text[max(para_start, span.start - 12):span.start]))


def _tail_is_free(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Words after the speaker: no quote mark, no cue word that could start another record."""
    tail = text[start:end]
    return not re.search(r"[\"“”«»‘]", tail) and not lex.mentions_cue(tail) and len(tail) <= 160


def frame_after(text: str, span: Span, first: Paragraph, last: Paragraph, lex: Lexicon) -> SurfaceFrame | None:
    """The frame that closes the sentence a quote opens: “…,” said NAME. or “…,” NAME said.

    Args:
        text: the document text.
        span: a quoted span.
        first: the paragraph holding the span's start.
        last: the paragraph holding the span's end.
        lex: the word lists (cue verbs, person nouns, pronouns).

    Returns:
        The frame, or None when the quote does not open its sentence, does
        not end in a comma, question or exclamation mark (inside the marks or
        just after them), or what follows is not VERB NP or NP VERB up to the
        sentence end.
    """
    piece = span.pieces[-1]
    if not _opens_sentence(text, first.start, span) or piece.close_len == 0:
        return None
    if len(span.pieces) > 1:
        return _between(text, span, lex)
    reach = min(last.end, span.end + SENTENCE_REACH)
    stop = _SENTENCE_END.search(text, span.end, reach)
    if stop is None and reach < last.end:
        return None  # no sentence end in reach: too long to be a frame
    end = stop.end() if stop else last.end
    toks = _tokens(text, span.end, end)
    inner = text[piece.start:piece.inner_end].rstrip()
    if toks and toks[0].text in (",", "—", "–"):
        toks = toks[1:]
    elif not inner or inner[-1] not in _ENDS_QUOTE:
        return None
    opening = next((n for n, t in enumerate(toks) if t.text in _OPENING), None)
    joins = opening is not None and opening >= 2 and toks[opening - 1].text == ","
    if joins and opening is not None:  # “…,” the minister told reporters, “…”: the frame interrupts the quote
        end, toks = toks[opening].start, toks[:opening - 1]
    found = _inverted(text, toks, end, lex) or _straight(text, toks, end, lex)
    return replace(found, joins=True) if found is not None and joins else found


def _between(text: str, span: Span, lex: Lexicon) -> SurfaceFrame | None:
    """The frame between the first two pieces of an interrupted quote: “…,” she said, “…”."""
    first, second = span.pieces[0], span.pieces[1]
    inner = text[first.start:first.inner_end].rstrip()
    toks = _tokens(text, first.end, second.start)
    if toks and toks[0].text == ",":
        toks = toks[1:]
    elif not inner or inner[-1] not in _ENDS_QUOTE:
        return None
    if not toks or toks[-1].text not in (",", "—", "–", ":"):
        return None
    toks = toks[:-1]
    found = _inverted(text, toks, toks[-1].end if toks else first.end, lex) or \
        _straight(text, toks, toks[-1].end if toks else first.end, lex)
    return replace(found, end=span.end, joins=True) if found is not None else None


def _apposed(toks: Sequence[_Tok], i: int, stop: int, kind: str, lex: Lexicon) -> tuple[int, int, str, int]:
    """A description followed by its name, "its chairwoman, Greta Holm,": the name speaks.

    Returns:
        (start, stop, kind) of the speaker and the index after the whole phrase.
    """
    if kind != "description" or stop + 1 >= len(toks) or toks[stop].text != ",":
        return i, stop, kind, stop
    name = _name_np(toks, stop + 1, lex)
    if name == stop + 1 or name < len(toks) and toks[name].text not in (",", ".", "!", "?", "…"):
        return i, stop, kind, stop
    return stop + 1, name, "name", min(name + 1, len(toks)) if name < len(toks) and toks[name].text == "," else name


def _inverted(text: str, toks: Sequence[_Tok], end: int, lex: Lexicon) -> SurfaceFrame | None:
    """“…,” VERB NP — any verb in that position is a cue."""
    verb = _verb(toks[0], lex) if toks else None
    found = _noun_phrase(toks, 1, lex) if verb else None
    if verb is None or found is None:
        return None
    stop, kind = found
    if kind == "pronoun" and not verb[1]:
        return None  # “…,” laughs she: no
    i, stop, kind, after = _apposed(toks, 1, stop, kind, lex)
    return _frame(text, toks, (i, stop, kind), 0, after, verb, end, lex)


def _straight(text: str, toks: Sequence[_Tok], end: int, lex: Lexicon) -> SurfaceFrame | None:
    """“…,” NP VERB — the verb must be a listed cue verb."""
    found = _noun_phrase(toks, 0, lex)
    if found is None or found[0] >= len(toks):
        return None
    stop, kind = found
    if kind == "description" and stop > 4:
        return None
    i, stop, kind, cue = _apposed(toks, 0, stop, kind, lex)
    if cue >= len(toks):
        return None
    lemma = lex.cue_lemma(toks[cue].low)
    if lemma is None or not toks[cue].text.islower():
        return None
    return _frame(text, toks, (i, stop, kind), cue, cue + 1, (lemma, True), end, lex)


def _frame(text: str, toks: Sequence[_Tok], who: tuple[int, int, str], cue: int, rest: int, verb: tuple[str, bool],
           end: int, lex: Lexicon) -> SurfaceFrame | None:
    """The frame, once the words after the speaker and the cue (from rest) are known to start nothing else."""
    after = toks[rest].start if rest < len(toks) else end
    if not _tail_is_free(text, after, end, lex):
        return None
    speaker = _mention(text, toks, *who, lex)
    if speaker.head in lex.nonspeakers:
        return None
    return SurfaceFrame(speaker, toks[cue].start, toks[cue].end, verb[0], verb[1], end)


def surface_frames(text: str, spans: Sequence[Span], paragraphs: Sequence[Paragraph], lex: Lexicon
                   ) -> dict[int, SurfaceFrame]:
    """Every quote whose sentence a surface frame decides, by index in spans.

    Args:
        text: the document text.
        spans: its quoted spans.
        paragraphs: its paragraphs.
        lex: the word lists.

    Returns:
        span index -> frame. The sentence from the span's start to
        ``frame.end`` needs no parse: the frame gives its only record.
    """
    starts = [p.start for p in paragraphs]
    found = {}
    for n, span in enumerate(spans):
        first = paragraphs[max(0, bisect.bisect_right(starts, span.start) - 1)]
        last = paragraphs[max(0, bisect.bisect_right(starts, span.end - 1) - 1)]
        frame = frame_after(text, span, first, last, lex)
        if frame is not None:
            found[n] = frame
    return found


def decided_stretches(spans: Sequence[Span], frames: Mapping[int, SurfaceFrame], turns: Sequence[Turn] = ()
                      ) -> Stretches:
    """What the surface decides with no parse: each framed quote's sentence, each transcript turn."""
    return Stretches([(spans[n].start, frame.end) for n, frame in frames.items()]
                     + [(turn.label_start, turn.end) for turn in turns])


def speaker_at(text: str, start: int, end: int, lex: Lexicon) -> Mention | None:
    """The noun phrase that starts at start (before end), as a speaker mention, if it can speak.

    Used after a dash: “…” — Deputy mayor Tom Akiwenzie, at Tuesday's meeting.
    """
    toks = _tokens(text, start, end)
    found = _noun_phrase(toks, 0, lex)
    if found is None:
        return None
    mention = _mention(text, toks, 0, found[0], found[1], lex)
    return None if mention.head in lex.nonspeakers else mention


_TURN = re.compile(r"[ \t]*[\"“]?([A-Z][\w’'.-]*(?:[ \u00a0-][A-Z][\w’'.-]*){0,3})[ \t]*:[ \t]+(?=\S)")
_NOT_SPEAKER_LABELS = words("not_speaker_labels.txt")
MIN_TURNS = 3  # labelled paragraphs that make a transcript, one label at least twice


def transcript_turns(text: str, paragraphs: Sequence[Paragraph], lex: Lexicon) -> tuple[Turn, ...]:
    """The speaker turns of a transcript or Q&A: paragraphs that open with a speaker label and a colon.

    Pattern: ST-PIERRE: On what basis? / O'Halloran: Every August. The
    lamp still works. Only a document with at least three such paragraphs,
    one label used twice, counts as a transcript; "Q:" lines (the
    interviewer) and link lines are no turns. Outside a transcript, a
    headline written NAME: WORDS (the first paragraph, with no quote marks)
    is one turn, marked ``headline``.

    Args:
        text: the document text.
        paragraphs: its paragraphs.
        lex: the word lists (link labels, times that are no speakers).

    Returns:
        The turns, in order (empty for a document that is no transcript).
    """
    found = []
    for para in paragraphs:
        match = _TURN.match(text, para.start, para.end)
        if match is None or lex.link_line(text[para.start:para.end]):
            continue
        label = match.group(1).lower()
        if label in _NOT_SPEAKER_LABELS or label in lex.nonspeakers or label.split()[-1] in lex.nonspeakers:
            continue
        end = para.end
        while end > match.end() and text[end - 1].isspace():
            end -= 1
        found.append(Turn(para.index, match.start(1), match.end(1), match.end(), end))
    labels = [text[t.label_start:t.label_end].lower() for t in found]
    if len(found) < MIN_TURNS or len(set(labels)) == len(labels):
        first = next((p for p in paragraphs if text[p.start:p.end].strip()), None)
        opening = [t for t in found if first is not None and t.paragraph == first.index and not _quoted(text, t)]
        return tuple(replace(t, headline=True) for t in opening)  # "Pence: Flowers won't be at the debate"
    return tuple(found)


def _quoted(text: str, turn: Turn) -> bool:
    return bool(re.search(r"[\"“”«»]", text[turn.label_start - 1:turn.end] if turn.label_start else text[:turn.end]))


def surface_of(text: str, spans: Sequence[Span], paragraphs: Sequence[Paragraph], lex: Lexicon, enabled: bool = True
               ) -> tuple[dict[int, SurfaceFrame], tuple[Turn, ...]]:
    """A document's surface frames and transcript turns (none of either when not enabled)."""
    if not enabled:
        return {}, ()
    return surface_frames(text, spans, paragraphs, lex), transcript_turns(text, paragraphs, lex)
