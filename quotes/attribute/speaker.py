"""Speakers of cues: the subject of the cue in the tree, or a noun phrase read off the surface."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quotes.attribute.doc import (
    CLAUSE_STARTERS,
    DAYS,
    MAX_SPEAKER_WORDS,
    MONTHS,
    RELATIVE,
    SEPARATORS,
    TEMPORAL,
    Doc,
    Frame,
    Tree,
    is_passive,
)
from quotes.attribute.ud import FRAME_RELS, FUNCTION_UPOS, NAME_RELS, NOMINAL, NP_RELS, NP_TAIL_UPOS, NP_UPOS
from quotes.cues import kinds
from quotes.types import Mention, Token


def noun_phrase(doc: Doc, tree: Tree, head: int) -> tuple[int, int]:
    """Token range of the noun phrase headed by head, without appositions or clauses.

    A participle right after the noun stays with it ("a study published on
    Wednesday in a medical journal", "a notice filed with the regulator").
    """
    keep = tree.subtree(head, NP_RELS)
    toks = tree.tokens
    for k in tree.kids(head, {"acl"}):
        participle = tree.subtree(k)
        if k > head and toks[k].xpos == "VBN" and not doc.lex.cue_lemma(toks[k].text) \
                and min(participle) == max(keep) + 1:
            keep |= participle
    lo, hi = min(keep), max(keep)
    while lo < head and (toks[lo].upos == "PUNCT" or toks[lo].deprel in ("case", "cc")):
        lo += 1
    while hi > head and (toks[hi].upos == "PUNCT" or toks[hi].deprel in ("cc", "case")):
        hi -= 1
    for j in range(lo, hi + 1):  # stop at a comma that opens an apposition or clause
        if toks[j].text in (",", ";", "(", "—") and j > head:
            hi = j - 1
            break
    if hi - lo + 1 > MAX_SPEAKER_WORDS:
        flat = tree.subtree(head, NAME_RELS)
        lo, hi = min(flat), max(flat)
    while lo < head and doc.quoted(toks[lo]):
        lo += 1
    while hi > head and doc.quoted(toks[hi]):
        hi -= 1
    if toks[head].upos == "PROPN":  # a name is a run of proper nouns, however the parser split it
        while hi + 1 < len(toks) and _name_part(doc, toks[hi + 1]):
            hi += 1
        while hi + 2 < len(toks) and toks[hi + 1].text == "-" and toks[hi + 1].start == toks[hi].end \
                and toks[hi + 2].text[:1].isupper() and toks[hi + 2].start == toks[hi + 1].end:
            hi += 2  # "Solberg-Haugen" split at its hyphen
        while lo > 0 and _name_part(doc, toks[lo - 1]):
            lo -= 1
    elif toks[head].upos == "NOUN" and lo == head:
        lo = _modifiers_before(doc, toks, head)
    return lo, _before_time(toks, head, hi)


def _modifiers_before(doc: Doc, toks: Sequence[Token], head: int) -> int:
    """Extend a bare noun over what the parse left out before it: "The farmers' association", "Shipping firms"."""
    lo = head
    while lo > 0:
        tok = toks[lo - 1]
        low = tok.lemma.lower()
        if doc.quoted(tok) or low in TEMPORAL or low in MONTHS:
            break
        if tok.upos in ("ADJ", "NOUN", "PROPN", "NUM") or tok.text in ("'", "’", "'s", "’s") or tok.xpos == "VBG":
            lo -= 1
        elif tok.upos == "DET" or tok.xpos == "PRP$":
            lo -= 1
            break
        else:
            break
    return lo


def _before_time(toks: Sequence[Token], head: int, hi: int) -> int:
    """Cut a time attached to the speaker's head off its end: "A federal judge on Friday", "A report ... last year"."""
    for j in range(head + 1, hi + 1):
        low = toks[j].lemma.lower()
        if toks[j].upos == "ADP" and j + 1 <= hi and toks[j + 1].lemma.lower() in TEMPORAL | MONTHS \
                and toks[j + 1].head == head:
            return j - 1
        if low in TEMPORAL and toks[j].head == head and toks[j - 1].text.lower() in ("last", "this", "next", "that") \
                and j - 2 >= head:
            return j - 2
    return hi


def _name_part(doc: Doc, tok: Token) -> bool:
    return tok.upos == "PROPN" and tok.lemma.lower() not in TEMPORAL and tok.lemma.lower() not in MONTHS \
        and not doc.quoted(tok)


def _speaker_head(tree: Tree, head: int) -> int:
    """Prefer the name in an apposition: "a geologist, Maria Keller" gives Maria Keller."""
    toks = tree.tokens
    if toks[head].upos != "PROPN":
        for k in tree.kids(head, {"appos"}):
            if toks[k].upos == "PROPN":
                return k
            # "The winner, Kenyan runner David Kiprono,": the name inside a titled apposition
            names = [j for j in tree.kids(k, {"flat", "appos", "compound", "flat:name"})
                     if j > k and toks[j].upos == "PROPN"]
            if names:
                return names[-1]
        for k in tree.kids(head, {"nmod", "dep"}):  # an apposed name the parse attached as a modifier
            first = min(j for j in tree.subtree(k) if toks[j].upos != "PUNCT")
            if toks[k].upos == "PROPN" and k > head and first > 0 and toks[first - 1].text == "," \
                    and all(toks[j].upos in ("PROPN", "PUNCT") for j in tree.subtree(k)):
                return k
    return head


def _subject(tree: Tree, i: int) -> tuple[int, bool] | None:
    """The subject of a cue, and whether it is the cue's own (not inherited).

    Looks through coordination and control ("stood up and said", "went on
    to say"), passives ("was quoted as saying"), relative clauses ("officials
    who said") and inverted subjects parsed as objects (“…,” said the minister).
    """
    toks = tree.tokens
    for depth in range(4):
        subjects = [k for k in tree.kids(i, {"nsubj", "nsubj:outer", "csubj"}) if toks[k].deprel != "nsubj:pass"]
        if not subjects and not is_passive(tree, i):
            subjects = tree.kids(i, {"nsubj:pass"})  # "..., BFMTV reported": no "be", so no passive
        if subjects:
            if not (depth == 0 and _after_quote(tree, i)):
                subjects = [k for k in subjects if k < i] or subjects  # the content's subject is not ours
            names = [k for k in subjects if toks[k].upos in ("PROPN", "PRON")]
            best = min(names or subjects, key=lambda k: abs(k - i))
            if toks[best].lemma.lower() in RELATIVE and toks[i].deprel.startswith("acl") and toks[i].head >= 0:
                return toks[i].head, False
            return best, depth == 0
        if depth == 0 and _after_quote(tree, i):
            inverted = [k for k in tree.kids(i, {"obj", "iobj", "obl"}) if k > i and toks[k].upos in ("NOUN", "PROPN")]
            if inverted:  # “…,” said the minister — parsed as an object
                return inverted[0], True
        if depth == 0 and _after_clause(tree, i):
            inverted = [k for k in tree.kids(i, {"obj"}) if k > i and toks[k].upos in ("NOUN", "PROPN")
                        and not tree.kids(k, {"case"})]
            if inverted and _ends_frame(tree, inverted[0]):
                return inverted[0], True  # ..., said Ann Lee, an editor — parsed as an object
        passive = tree.kids(i, {"nsubj:pass"})
        if passive and toks[i].lemma.lower() in ("quote", "report", "cite"):
            return passive[0], False
        rel, head = toks[i].deprel, toks[i].head
        if head < 0:
            return None
        if rel.startswith("acl") and toks[head].upos in ("NOUN", "PROPN", "PRON"):
            return head, False  # "a statement saying that ..."
        if rel.split(":")[0] not in ("conj", "xcomp", "advcl", "ccomp") or depth == 3:
            return None
        i = head
    return None


def _after_quote(tree: Tree, i: int) -> bool:
    """True when the cue follows a closing quote mark, maybe with a comma: “…,” said X."""
    j = i - 1
    while j >= 0 and tree.tokens[j].text in (",", "—", "–", "-"):
        j -= 1
    return j >= 0 and tree.tokens[j].text in ('"', "”", "’", "'", "''", "»")


def _after_clause(tree: Tree, i: int) -> bool:
    """True for a finite cue right after a comma that closes a clause: "Rents rose, said Ann Lee".

    Verbs that name the person spoken to ("..., told the Gazette") are left out.
    """
    toks = tree.tokens
    return i >= 4 and toks[i - 1].text == "," and toks[i].text.lower() in INVERTING


def _inverted_name(doc: Doc, tree: Tree, i: int) -> tuple[int, int] | None:
    """A name right after an inverted cue, read off the surface: "Rents rose, said Ann Lee, an editor at the paper."

    The capitalised words after the cue up to a comma or the sentence end;
    the small parser makes them an object, a subject of the content or a
    compound of the description after them.
    """
    if not _after_clause(tree, i):
        return None
    toks = tree.tokens
    j = i + 1
    while j < len(toks) and (toks[j].text[:1].isupper() and not doc.quoted(toks[j]) or
                             j > i + 1 and toks[j].text.lower() in NAME_PARTICLES):
        j += 1
    if j == i + 1 or not (j == len(toks) or toks[j].text == "," or all(t.upos == "PUNCT" for t in toks[j:])):
        return None
    return i + 1, j - 1


NAME_PARTICLES = kinds("name_particles.txt")["particle"]
INVERTING = kinds("cue_roles.txt")["inverting"]


def _ends_frame(tree: Tree, k: int) -> bool:
    """Does the phrase of word k end the sentence, or end at a comma ("said Ann Lee, an editor.")?"""
    toks = tree.tokens
    sub = tree.subtree(k)
    nxt = max(w for w in sub if toks[w].text != ",") + 1 if sub else k + 1
    return nxt >= len(toks) or toks[nxt].text == "," or all(t.upos == "PUNCT" for t in toks[nxt:])


def _surface_speaker(doc: Doc, tree: Tree, i: int) -> tuple[int, int] | None:
    """A speaker read off the surface when the parse gave the cue no subject.

    Pattern: a run of nominal words right before the cue ("…,” the minister
    said) or right after it ("…,” said the minister).
    """
    toks = tree.tokens
    nominal = NP_UPOS
    j = i - 1
    while j >= 0 and toks[j].upos in ("AUX", "ADV", "PART") and not doc.quoted(toks[j]):
        j -= 1
    if j >= 0 and toks[j].text == ",":
        return _before_insertion(doc, tree, j) or _apposed_speaker(doc, tree, j)
    end = j
    while j >= 0 and (toks[j].upos in nominal or toks[j].text in ("'s", "’s")) and not doc.quoted(toks[j]):
        j -= 1
    if end > j and toks[end].upos in ("PROPN", "NOUN", "PRON"):
        return j + 1, end
    capitalised = _capitalised_run(doc, tree, i)
    if capitalised is not None:
        return capitalised
    if doc.lex.cue_lemma(toks[i].text) in doc.lex.addressee and not _after_quote(tree, i):
        return None  # "..., a port official told Meridian Press": the words after "told" are who was told
    j = i + 1
    while j < len(toks) and (toks[j].upos in nominal or toks[j].text in ("'s", "’s")) and not doc.quoted(toks[j]):
        j += 1
    if j < len(toks) and toks[j].upos in ("AUX", "VERB"):
        return None  # "said the roads would reopen": the words after the cue begin its content
    if j > i + 1 and toks[j - 1].upos in ("PROPN", "NOUN", "PRON"):
        return i + 1, j - 1
    return None


def _capitalised_run(doc: Doc, tree: Tree, i: int) -> tuple[int, int] | None:
    """Capitalised words right before the cue, opening the sentence or after a comma: "Benning said ...".

    A name the tagger took for a verb or an adverb still names the speaker
    there: nothing else in English puts a capitalised word straight before a
    finite cue at the start of a clause.
    """
    toks = tree.tokens
    j = i - 1
    while j >= 0 and toks[j].text[:1].isupper() and toks[j].text.replace(".", "").replace("-", "").isalpha() \
            and not doc.quoted(toks[j]):
        j -= 1
    if j == i - 1 or j >= 0 and toks[j].text not in (",", "—", "–") or toks[i].upos != "VERB":
        return None
    return j + 1, i - 1


INSERTION_STARTS = frozenset({"who", "whose", "which", "whom"})


def _before_insertion(doc: Doc, tree: Tree, comma: int) -> tuple[int, int] | None:
    """The noun phrase before a clause or age set off by commas, when the parse lost the cue's subject.

    Pattern: NP, who/whose ... , CUE / NP, AGE, CUE — "Whitlock, whose house was
    flooded, said ..."; "A nurse at Calloway General, who did not want to be
    named, said ..."; "Mr Oduya, 58, read ...".
    """
    toks = tree.tokens
    for k in range(comma - 1, max(-1, comma - 30), -1):
        if toks[k].text == "," and not doc.quoted(toks[k]):
            inner = toks[k + 1:comma]
            if inner and (inner[0].text.lower() in INSERTION_STARTS or len(inner) == 1 and inner[0].upos == "NUM"):
                return _phrase_before(doc, tree, k)
            return None
    return None


def _phrase_before(doc: Doc, tree: Tree, comma: int) -> tuple[int, int] | None:
    """The nominal phrase ending right before a comma, with its prepositional tail ("A nurse at Calloway General")."""
    toks = tree.tokens
    j = comma - 1
    while j >= 0 and not doc.quoted(toks[j]) and (toks[j].upos in NP_TAIL_UPOS
                                                 or toks[j].text in ("'s", "’s")) and toks[j].text not in (",", ";"):
        j -= 1
    lo = j + 1
    while lo < comma and toks[lo].upos == "ADP":
        lo += 1
    if lo >= comma or not any(t.upos in ("PROPN", "NOUN", "PRON") for t in toks[lo:comma]):
        return None
    return lo, comma - 1


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker as token range; own is False when it was inherited from another verb."""

    lo: int
    hi: int
    subject: int | None  # the subject token the range was built from, if any
    own: bool


def _nominal_run(doc: Doc, tree: Tree, end: int) -> tuple[int, int] | None:
    """The run of nominal words ending at token end (walking left), if it has a noun."""
    toks = tree.tokens
    j = end
    while j >= 0 and (toks[j].upos in NP_UPOS or toks[j].text in ("'s", "’s", "-")) \
            and not doc.quoted(toks[j]):
        j -= 1
    if end > j and any(t.upos in ("PROPN", "NOUN", "PRON") for t in toks[j + 1:end + 1]):
        return j + 1, end
    return None


def _apposed_speaker(doc: Doc, tree: Tree, comma: int) -> tuple[int, int] | None:
    """“…,” the agency's director, Marta Ricci, said: the name of NP1, NP2, CUE."""
    second = _nominal_run(doc, tree, comma - 1)
    if second is None or second[0] < 2 or tree.tokens[second[0] - 1].text != ",":
        return None
    first = _nominal_run(doc, tree, second[0] - 2)
    if first is None:
        return second
    names = [r for r in (second, first) if any(t.upos == "PROPN" for t in tree.tokens[r[0]:r[1] + 1])]
    return names[0] if names else first


def find_speaker(doc: Doc, tree: Tree, i: int) -> Speaker | None:
    """The speaker of cue i, or None: its subject, else a noun phrase beside it, if either can speak."""
    name = _inverted_name(doc, tree, i)
    if name is not None:
        return Speaker(name[0], name[1], None, True)
    found = _subject(tree, i)
    if found is not None:
        head, own = found
        if not doc.quoted(tree.tokens[head]) and tree.tokens[head].upos in NOMINAL:
            lo, hi = noun_phrase(doc, tree, _speaker_head(tree, head))
            if can_speak(doc, tree, (lo, hi)):
                return Speaker(lo, hi, head, own)
    surface = _surface_speaker(doc, tree, i)
    if surface is not None and can_speak(doc, tree, surface):
        return Speaker(surface[0], surface[1], None, True)
    return None


def can_speak(doc: Doc, tree: Tree, rng: tuple[int, int]) -> bool:
    """Can this noun phrase be a speaker? Not a time, an amount, a thing or a photo credit.

    Pattern: "This week, he said" — "This week" cannot speak, "he" can;
    "The move, she said, ..." likewise. Heads that never speak are listed in
    ``quotes/data/not_speakers.txt``.
    """
    toks = tree.tokens
    head = toks[_nearest_in(tree, rng, rng[0])]
    if head.lemma.lower() in doc.lex.nonspeakers or head.text.lower() in doc.lex.nonspeakers:
        return False
    if rng[0] == rng[1] and head.upos in FUNCTION_UPOS:
        return False  # "In", "But": a word that opens a sentence is no noun phrase
    words = toks[rng[0]:rng[1] + 1]
    if any(t.text in ("%", "$", "€", "£") for t in words):
        return False
    if head.upos == "NUM" and not any("old" in t.text.lower() for t in words):  # "the 34-year-old" speaks
        return False
    return not doc.in_credit(toks[rng[0]].start, toks[rng[1]].end)


def _name_before_apposition(doc: Doc, tree: Tree, lo: int, speaker: Speaker) -> tuple[int, int] | None:
    """A name right before a descriptive subject and its comma: NAME, DESCRIPTION, CUE.

    The parser often hangs the name elsewhere ("Maria Keller" as a vocative of
    the quote); the speaker is the name, the description its apposition.
    """
    toks = tree.tokens
    comma = lo if toks[lo].text == "," else lo - 1
    if comma < 1 or toks[comma].text != "," or toks[speaker.lo].upos in ("PROPN", "PRON"):
        return None
    run = _nominal_run(doc, tree, comma - 1)
    if run is None or not all(t.upos == "PROPN" for t in toks[run[0]:run[1] + 1]):
        return None
    before = run[0] - 1
    if before >= 0 and not (doc.quoted(toks[before]) or toks[before].text in (",", ";", ":")):
        return None
    return run


def make_frame(doc: Doc, tree: Tree, i: int, lemma: str) -> Frame:
    """Group a cue with its own speaker and the modifiers that sit between them and the content."""
    toks = tree.tokens
    speaker = find_speaker(doc, tree, i)
    lo = hi = i
    if speaker is not None and speaker.own:
        lo, hi = min(lo, speaker.lo), max(hi, speaker.hi)
        if speaker.subject is not None:  # the whole subject phrase: "Smith, who leads the group,"
            whole = {k for k in tree.subtree(speaker.subject) if not doc.quoted(toks[k])}
            while lo - 1 in whole:
                lo -= 1
            while hi + 1 in whole and hi + 1 != i:
                hi += 1
            lo = min(lo, speaker.lo)
        name = _name_before_apposition(doc, tree, lo, speaker)
        if name is not None:  # "Maria Keller, a geologist at the state survey, said"
            speaker = Speaker(name[0], name[1], speaker.subject, True)
            lo = name[0]
    inverted = _after_quote(tree, i)
    if lemma in doc.lex.addressee:
        hi = _skip_addressee(doc, tree, i, hi)
    for k in tree.kids(i, FRAME_RELS):
        if abs(k - i) > 8 or doc.quoted(toks[k]) or toks[k].deprel == "punct":
            continue
        if toks[k].deprel.startswith("nsubj") and k > i and not inverted:
            continue  # a subject after the cue belongs to the content: "said the factory would open"
        sub = tree.subtree(k)
        first = min(sub)
        if first > hi and _adjacent(toks, hi, first) and not _blocks_content(toks, k) \
                and _modifier_like(toks, k, first) and not _content_of_phrasal_cue(toks, lemma, first):
            hi = max(hi, _frame_end(doc, toks, hi + 1, max(sub)))
        elif max(sub) < lo and toks[k].deprel.split(":")[0] in ("aux", "advmod", "nsubj", "neg") and not (
                speaker is not None and speaker.lo > i and _after_clause(tree, i) and toks[k].deprel.startswith("nsubj")):
            lo = min(lo, first)  # (a subject before an inverted cue that has its speaker after it is misparsed)
    while hi + 1 < len(toks) and (toks[hi + 1].deprel == "compound:prt" or _day_after_cue(doc, toks, hi + 1)):
        hi += 1
    rng = (speaker.lo, speaker.hi) if speaker else None
    return Frame(tree, i, lemma, rng, lo, hi, lemma in doc.lex.belief)



def _day_after_cue(doc: Doc, toks: Sequence[Token], k: int) -> bool:
    """ "said Tuesday that ...": a day between cue and content, whatever the parse made of it ("said Sunday was" no)."""
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    return toks[k].text.lower() in DAYS and not doc.quoted(toks[k]) and not (nxt is not None and nxt.upos in ("AUX", "VERB"))


def _adjacent(toks: Sequence[Token], hi: int, first: int) -> bool:
    """Only punctuation between the frame so far and a modifier: "said, on Tuesday," but not "endorsed Trump on Friday"."""
    return all(t.upos == "PUNCT" for t in toks[hi + 1:first])


PHRASAL = kinds("cue_roles.txt")["for"]


def _content_of_phrasal_cue(toks: Sequence[Token], lemma: str, first: int) -> bool:
    """ "called for an inquiry": the "for" phrase is what was called for, not a modifier."""
    return lemma in PHRASAL and toks[first].text.lower() == "for"


def _modifier_like(toks: Sequence[Token], k: int, first: int) -> bool:
    """A modifier that may sit between cue and content: "on Tuesday", "in a statement", "also".

    A bare noun phrase after the cue is more often the subject of the content
    that the parser attached to the cue ("say the United States should ...").
    """
    if toks[first].upos in ("ADP", "ADV", "PART", "SCONJ") or toks[k].deprel in ("compound:prt", "advmod", "aux"):
        return True
    return toks[k].lemma.lower() in TEMPORAL


def _frame_end(doc: Doc, toks: Sequence[Token], start: int, end: int) -> int:
    """Last token of a modifier before the content starts ("in a statement" | "that ...")."""
    for j in range(start, end + 1):
        if toks[j].text.lower() in CLAUSE_STARTERS or doc.quoted(toks[j]) or toks[j].text == ":":
            return j - 1
    return end


def _nearest_in(tree: Tree, rng: tuple[int, int], i: int) -> int:
    """The token of a range whose head lies outside it (the phrase head)."""
    for k in range(rng[0], rng[1] + 1):
        if not rng[0] <= tree.tokens[k].head <= rng[1]:
            return k
    return rng[0] if abs(rng[0] - i) < abs(rng[1] - i) else rng[1]


def _blocks_content(toks: Sequence[Token], k: int) -> bool:
    """True for a modifier that is really the start of the content ("that", a quote)."""
    return toks[k].deprel == "mark" or toks[k].text.lower() in CLAUSE_STARTERS


def _skip_addressee(doc: Doc, tree: Tree, i: int, hi: int) -> int:
    """Extend the frame over the person spoken to: "told reporters", "assured him"."""
    toks = tree.tokens
    for k in tree.kids(i, {"obj", "iobj"}):
        sub = tree.subtree(k, NP_RELS)
        if min(sub) == hi + 1 and max(sub) - min(sub) < 10 and not doc.quoted(toks[k]):
            nxt = max(sub) + 1
            if nxt < len(toks) and (toks[nxt].text.lower() in CLAUSE_STARTERS or toks[nxt].text in SEPARATORS or doc.quoted(toks[nxt])):
                return max(sub)
            if toks[k].upos in ("PRON", "PROPN") or toks[k].lemma.lower() in ("reporter", "journalist", "audience", "crowd"):
                return max(sub)
    return hi



def make_mention(doc: Doc, tree: Tree, rng: tuple[int, int]) -> Mention:
    toks = tree.tokens
    head = _nearest_in(tree, rng, rng[0])
    tok = toks[head]
    start, end = toks[rng[0]].start, toks[rng[1]].end
    lower = tok.text.lower()
    lex = doc.lex
    plural = tok.feat("Number") == "Plur" or bool(tree.kids(head, {"conj"}))
    if tok.upos == "PROPN" and plural and tok.lemma.lower() == lower and not tree.kids(head, {"conj"}):
        plural = False  # "Pim Roelofs": a surname in -s the lemmatizer leaves whole is no plural ("Democrats" is)
    if tok.upos == "PRON" or lower in lex.pronouns:
        person, plur = lex.pronouns.get(lower, (None, None))
        return Mention(start, end, doc.text[start:end], lower, "pronoun", person, bool(plur) if plur is not None else plural)
    lemma = tok.lemma.lower()
    if tok.upos == "PROPN" or tok.upos not in ("NOUN", "NUM", "DET") and tok.text[:1].isupper():
        # (a capitalised speaker the tagger took for a verb or an adverb is a name: see _capitalised_run)
        lemma = lemma if tok.upos == "PROPN" else lower
        person = False if lemma in lex.nonperson else None
        return Mention(start, end, doc.text[start:end], lemma, "name", person, plural)
    person = True if lemma in lex.person else False if lemma in lex.nonperson else None
    return Mention(start, end, doc.text[start:end], lemma, "description", person, plural)

