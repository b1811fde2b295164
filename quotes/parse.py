"""Stanza loading and selective, batched parsing.

Only the paragraphs that hold a quoted span or a cue word are segmented,
and only their sentences where a rule can start (a cue word outside quote
marks, "according", a final colon) are tagged and parsed: the rules never
look anywhere else, so the output is the same as parsing everything
(``select=False``), for a fraction of the cost.

Stanza reads a same-length copy of each paragraph in which curly quotes and
apostrophes are straightened and odd spaces become plain spaces; its offsets
are therefore offsets of the original text.
"""

from __future__ import annotations

import bisect
import logging
import os
import re
import socket
import warnings
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from quotes import fastparse
from quotes.cues import Lexicon, kinds, lexicon, named_away, read_lines
from quotes.errors import InputError, ModelsNotFoundError
from quotes.spans import PieceIndex, Stretches, credits_within
from quotes.surface import decided_stretches
from quotes.tokenize import sentences
from quotes.types import Analysis, Paragraph, Prepared, Sentence, Span, Token

PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
SEGMENTING = "tokenize,mwt"
TAGGING = "pos,lemma,depparse"
MAX_PARSE_WORDS = 250  # longer "sentences" (tables, junk) are tagged, not parsed
_HUB = ("raw.githubusercontent.com", 443)

_SAME_LENGTH = str.maketrans(
    {
        **dict.fromkeys("“”„‟«»″", '"'),
        **dict.fromkeys("‘’‚‛‹›′`", "'"),
        **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                        "\u202f\u205f\u3000\t\u200b\u200c\u200d\u2060\ufeff\x0b\x0c\x85\u2028\u2029", " "),
        **{chr(c): " " for c in range(32)},  # line breaks too: a paragraph may wrap
        "\x7f": " ",
    }
)


def normalize(text: str) -> str:
    """Return a same-length copy of text that stanza's English models read better.

    Args:
        text: the original text.

    Returns:
        A string of the same length: curly quotes and apostrophes become
        straight ones, doubled apostrophes a double quote and a space, odd
        spaces and control characters plain spaces.
    """
    out = text.translate(_SAME_LENGTH)
    if "''" in out:
        out = out.replace("''", '" ')
    return out


def model_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the stanza models are looked for.

    Args:
        explicit: a folder given by the caller; wins when set.

    Returns:
        ``explicit``, else ``$STANZA_RESOURCES_DIR``, else stanza's default folder.
    """
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return Path(env).expanduser()
    from stanza.resources import common

    cache = getattr(common, "USER_CACHE_DIR", None)  # stanza's default when the variable is unset
    return Path(os.path.join(cache, "resources") if cache else common.DEFAULT_MODEL_DIR).expanduser()


def models_present(directory: Path, lang: str = "en") -> bool:
    """True when resources.json and a model file for every processor are there."""
    if not (directory / "resources.json").is_file():
        return False
    return all(any((directory / lang / proc).glob("*.pt")) for proc in PROCESSORS if proc != "mwt")


def _online(timeout: float = 3.0) -> bool:
    """True when stanza's model hub answers within the timeout (never hangs on DNS)."""

    def connect() -> bool:
        with socket.create_connection(_HUB, timeout=timeout):
            return True

    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(connect).result(timeout=timeout + 1)
    except (OSError, FutureTimeout):
        return False
    finally:
        pool.shutdown(wait=False)


def _missing_message(directory: Path) -> str:
    return (
        f"stanza English models not found in {directory} and the model hub cannot be reached; "
        "on a machine with internet run `python -c \"import stanza; stanza.download('en')\"`, "
        "or point --model-dir / STANZA_RESOURCES_DIR at a folder that holds them"
    )


def resolve_device(device: str) -> str:
    """Turn ``auto``/``cpu``/``cuda`` into the device stanza should use.

    Args:
        device: ``auto`` (a GPU when torch sees one), ``cpu`` or ``cuda``.

    Returns:
        ``cpu`` or ``cuda``.

    Raises:
        InputError: for an unknown name, or ``cuda`` without a GPU.
    """
    if device not in ("auto", "cpu", "cuda"):
        raise InputError(f"unknown device {device!r}; use auto, cpu or cuda")
    if device == "cpu":
        return device
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise InputError("--device cuda was asked for but torch sees no GPU; use --device cpu")
    return device


def check_models(directory: Path) -> None:
    """Fail early, with the fix, when the models are neither on disk nor downloadable.

    Args:
        directory: the stanza resources folder.

    Raises:
        ModelsNotFoundError: when they are missing and the model hub cannot be reached.
    """
    if not models_present(directory) and not _online():
        raise ModelsNotFoundError(_missing_message(directory))


def load_pipeline(*, directory: Path, device: str, tokenizer: str, fast: bool = True) -> Any:
    """Build the stanza pipeline, downloading models only when the hub answers.

    Args:
        directory: the stanza resources folder.
        device: ``cpu`` or ``cuda``.
        tokenizer: ``rules`` (:mod:`quotes.tokenize`, default: stanza gets the
            words and loads no tokenizer model), ``stanza`` (its neural
            tokenizer and multi-word expander) or ``spacy`` (spaCy's tokenizer).
        fast: load without the training optimizers (:func:`quotes.fastparse.loading`).

    Returns:
        A ``stanza.Pipeline`` with pos, lemma and depparse (and, for
        ``stanza`` and ``spacy``, tokenize and mwt).

    Raises:
        ModelsNotFoundError: when the models are missing and cannot be fetched.
        InputError: for an unknown tokenizer, or spaCy asked for but not installed.
    """
    import stanza

    processors: dict[str, str] | str = ",".join(PROCESSORS)
    extra: dict[str, Any] = {}
    if tokenizer == "rules":
        processors = "tokenize,pos,lemma,depparse"
        extra = {"tokenize_pretokenized": True}  # the words come from quotes.tokenize: no tokenizer model
    elif tokenizer == "spacy":
        try:
            import spacy  # noqa: F401
        except ImportError as exc:
            raise InputError("--tokenizer spacy needs spaCy: pip install 'quotes[spacy]'") from exc
        processors = {"tokenize": "spacy", "pos": "default", "lemma": "default", "depparse": "default"}
    elif tokenizer != "stanza":
        raise InputError(f"unknown tokenizer {tokenizer!r}; use rules, stanza or spacy")
    download = None if models_present(directory) else "reuse"
    if download and not _online():
        raise ModelsNotFoundError(_missing_message(directory))
    kwargs = {"dir": str(directory), "processors": processors, "logging_level": "WARN", "device": device, **extra}
    with warnings.catch_warnings(), fastparse.loading(fast):
        warnings.simplefilter("ignore")
        try:
            return stanza.Pipeline("en", download_method=download, **kwargs)
        except FileNotFoundError as exc:
            if download is None and _online():
                return stanza.Pipeline("en", download_method="reuse", **kwargs)
            raise ModelsNotFoundError(_missing_message(directory)) from exc


@dataclass(frozen=True, slots=True)
class _Region:
    """A paragraph of one document sent to stanza."""

    doc: int
    paragraph: Paragraph


def select_paragraphs(text: str, paras: Sequence[Paragraph], spans: Sequence[Span], lex: Lexicon) -> list[Paragraph]:
    """The paragraphs the rules can use: those with a quoted span or a cue word, link lines left out.

    Args:
        text: the document text.
        paras: its paragraphs.
        spans: its quoted spans.
        lex: the cue lexicon.

    Returns:
        The selected paragraphs, in order.
    """
    starts = [p.start for p in paras]
    at = (bisect.bisect_right(starts, piece.start) - 1 for s in spans for piece in s.pieces)
    quoted = {paras[i].index for i in at if i >= 0}  # indices, not positions: paras may be a window's
    chosen = {p.index for p in paras if p.index in quoted or lex.mentions_cue(text[p.start:p.end])}
    for p in paras:  # "He then listed the reasons:" ¶ “…” — the colon introduces the quote below
        if p.index + 1 in quoted and text[p.end - 1] == ":":
            chosen.add(p.index)
    return [p for p in paras if p.index in chosen and not lex.link_line(text[p.start:p.end])]


SurfaceTest = Callable[[Sequence[Token], Sequence[bool], Lexicon], bool]

# What on the surface lets a rule that needs the parse start (the rule table,
# quotes.attribute.rules, names one per rule; quotes.pipeline derives the
# prefilter from it and hands it to the Parser):
CUE_FORM = "cue_form"  # a form of a cue verb outside quote marks, not used as a noun, in a name or as a passive
CUE_NOUN_THAT = "cue_noun_that"  # a cue noun outside quote marks with "that" one or two words after it
ACCORDING = "according"  # the word "according" (when "according to" is a chosen phrase)
FINAL_COLON = "final_colon"  # a final colon, with a word outside quote marks: it introduces the quote below


class Declares(Protocol):
    """What the prefilter reads of a rule table entry."""

    @property
    def name(self) -> str: ...
    @property
    def needs_parse(self) -> bool: ...
    @property
    def trigger(self) -> str | None: ...
"""A test on a sentence's words, which of them lie outside quote marks, and the lexicon."""


def _cue_form(tokens: Sequence[Token], free: Sequence[bool], lex: Lexicon) -> bool:
    """A cue form outside quote marks, not shown by its neighbours to be a noun, a name or a passive.

    "the report", "the United States", "was asked" (:func:`_noun_use`,
    :func:`_passive`) do not count; on the 171 benchmark documents this
    parses 7 % fewer words and gives the same records.
    """
    running = not _title_case(tokens)
    for n, tok in enumerate(tokens):
        if free[n] and (lemma := lex.cue_lemma(tok.text)) and not _noun_use(tokens, n, running) \
                and not _passive(tokens, n, lemma):
            return True
    return False


def _cue_noun_that(tokens: Sequence[Token], free: Sequence[bool], lex: Lexicon) -> bool:
    """A cue noun outside quote marks with "that" one or two words after it ("his claim that")."""
    return any(free[n] and lex.is_cue_noun(tok.text) and any(t.text.lower() == "that" for t in tokens[n + 1:n + 3])
               for n, tok in enumerate(tokens))


def _according(tokens: Sequence[Token], free: Sequence[bool], lex: Lexicon) -> bool:
    """The word "according", when "according to" is a chosen phrase."""
    return "according to" in lex.phrases and any(tok.text.lower() == "according" for tok in tokens)


def _final_colon(tokens: Sequence[Token], free: Sequence[bool], lex: Lexicon) -> bool:
    """A final colon in a sentence with a word outside quote marks: it may introduce the quote below."""
    return tokens[-1].text == ":" and any(free)


SURFACE_TESTS: dict[str, SurfaceTest] = {
    CUE_FORM: _cue_form,
    CUE_NOUN_THAT: _cue_noun_that,
    ACCORDING: _according,
    FINAL_COLON: _final_colon,
}


def surface_tests(rules: Sequence[Declares]) -> tuple[SurfaceTest, ...]:
    """The surface tests of the triggers the parse-needing rules declare, each once, in table order.

    Args:
        rules: rule table entries (:data:`quotes.attribute.rules.RULES`).

    Returns:
        One test per trigger.

    Raises:
        LookupError: a rule needs the parse and starts from a trigger that
            :data:`SURFACE_TESTS` has no test for.
    """
    for rule in rules:
        if rule.trigger is not None and rule.trigger not in SURFACE_TESTS:
            raise LookupError(f"rule {rule.name!r} needs the parse and starts from trigger {rule.trigger!r}, which "
                              f"quotes.parse.SURFACE_TESTS has no test for: add one, or the prefilter never parses "
                              f"the sentences it needs")
    triggers = dict.fromkeys(rule.trigger for rule in rules if rule.needs_parse and rule.trigger is not None)
    return tuple(SURFACE_TESTS[trigger] for trigger in triggers)


ALL_SURFACE_TESTS: tuple[SurfaceTest, ...] = tuple(SURFACE_TESTS.values())  # a Parser given no rule table tests all


def _needs_parse(sentence: Sentence, quoted: PieceIndex, lex: Lexicon,
                 tests: Sequence[SurfaceTest] | None = None) -> bool:
    """Is the sentence tagged and parsed? Only when a rule can start from it.

    The rules that need the parse declare, in the rule table
    (:mod:`quotes.attribute.rules`), what on the surface lets them start;
    this tests exactly those triggers (:data:`SURFACE_TESTS`). A sentence
    with none of them yields no record whatever its parse, so skipping it
    leaves the output unchanged; this includes a quote's inner sentences
    (the rules read a quotation's words, never its parse). The length bound
    (``MAX_PARSE_WORDS``) is its caller's, as it holds without selection too.
    """
    toks = sentence.tokens
    free = [quoted.at(tok.start) is None for tok in toks]
    return any(test(toks, free, lex) for test in (ALL_SURFACE_TESTS if tests is None else tests))


_ARTICLES = frozenset({"a", "an"})  # "the" and "so-called": cues.named_away, shared with the rules
_POSSESSIVES = kinds("function_words.txt")["possessive"]
_OPENERS = frozenset({":", '"', "“", "‘", "'", "(", "—", "–", "-", "--"})
_CONTENT_NEXT = frozenset({"that", ":", '"', "“"})
_NUMBER = re.compile(rf"(?:\d[\d,.]*%?|{'|'.join(sorted(kinds('function_words.txt')['number']))}"
                     rf"|[a-z]+-(?:{'|'.join(sorted(kinds('function_words.txt')['number_unit']))}))")
_BE = kinds("function_words.txt")["be"]
_BETWEEN = kinds("function_words.txt")["between"]
_SMALL_WORDS = kinds("function_words.txt")["small"]


def _title_case(tokens: Sequence[Token]) -> bool:
    """A headline in title case: no word in lower case but the small ones ("Trump Says He Will Win")."""
    return not any(t.text[:1].islower() and t.text.lower() not in _SMALL_WORDS for t in tokens)


def _passive(tokens: Sequence[Token], n: int, lemma: str) -> bool:
    """Is cue form n a past participle right after a form of "be" ("was asked", "were also told")?

    The rules never start from a passive cue (nobody speaks in "was told to
    leave"), so such a word starts no parse.
    """
    word = tokens[n].text.lower()
    if word == lemma or word.endswith(("ing", "s")):
        return False
    k = n - 1
    if k > 0 and tokens[k].text.lower() in _BETWEEN:
        k -= 1
    return k >= 0 and tokens[k].text.lower() in _BE


def _noun_use(tokens: Sequence[Token], n: int, running: bool) -> bool:
    """Is cue form n used as a noun or inside a name, on the surface alone?

    After an article ("the report", "a call"; the rules refuse a cue after
    "the" whatever its tag), after a possessive with no content opening
    next ("his remarks", but "his claims that ..." stays), or capitalised
    after a capitalised word, "the" or "of" in running text ("the United
    States", "Washington Post", "Secretary of State"). A verb does not stand
    there, so the sentence is parsed only if something else in it can start
    a rule.
    """
    if n == 0:
        return False
    word, prev = tokens[n].text, tokens[n - 1].text
    low = prev.lower()
    following = tokens[n + 1].text.lower() if n + 1 < len(tokens) else ""
    if low in _ARTICLES or named_away(prev, tokens[n - 2].text if n > 1 else ""):
        return True
    if following in _CONTENT_NEXT:
        return False
    if low in _POSSESSIVES:
        return True
    if word.lower().endswith("s") and not word.lower().endswith("ss") and _NUMBER.fullmatch(low):
        return True  # "four percentage points", "27 states": a plural noun, not "says"
    return running and word[:1].isupper() and prev not in _OPENERS and (prev[:1].isupper() or low in ("of", "the"))


class Parser:
    """A loaded stanza pipeline that turns documents into :class:`Analysis` records."""

    def __init__(self, *, model_dir_: Path, device: str = "cpu", tokenizer: str = "rules",
                 lex: Lexicon | None = None, fast: bool = True, prefilter: Sequence[SurfaceTest] | None = None) -> None:
        self.pipeline = load_pipeline(directory=model_dir_, device=device, tokenizer=tokenizer, fast=fast)
        self.tokenizer = tokenizer
        # quotes.fastparse's paths, bound to this pipeline's own model objects (None: stanza's code runs)
        self.fast = fastparse.attach(self.pipeline) if fast else None
        # the models run on our word lists directly, without stanza's documents (None: stanza.Pipeline.process)
        self.runtime = fastparse.runtime_for(self.pipeline, self.fast)
        self.lex = lex or lexicon()
        # which surface tests make a sentence worth parsing: quotes.pipeline derives them from the rule table
        self.prefilter = tuple(prefilter) if prefilter is not None else ALL_SURFACE_TESTS
        logging.getLogger("stanza").setLevel(logging.WARNING)

    def analyse(self, docs: Sequence[Prepared], *, select: bool = True) -> list[Analysis]:
        """Stages 4–6 of :mod:`quotes.pipeline` for a batch: selection, segmentation, tagging and parsing.

        Args:
            docs: documents (or windows of documents) prepared by
                :func:`quotes.pipeline.prepare`: spans, paragraphs, surface frames and turns.
            select: parse only what the rules can use (True) or everything.

        Returns:
            One :class:`Analysis` per document, in input order.
        """
        regions: list[_Region] = []
        for n, doc in enumerate(docs):
            chosen = select_paragraphs(doc.text, doc.paragraphs, doc.spans, self.lex) if select else doc.paragraphs
            regions.extend(_Region(n, p) for p in chosen)
        sentences = self._tag(regions, [doc.text for doc in docs])
        decided = [decided_stretches(doc.spans, doc.frames, doc.turns) for doc in docs]
        sentences = self._parse(sentences, [(doc.text, doc.spans) for doc in docs], decided if select else None)
        by_doc: list[list[Sentence]] = [[] for _ in docs]
        for doc_index, sentence in sentences:
            by_doc[doc_index].append(sentence)
        return [
            Analysis(doc.text, doc.paragraphs, doc.spans, tuple(by_doc[n]), doc.frames, doc.turns)
            for n, doc in enumerate(docs)
        ]

    def _tag(self, regions: list[_Region], texts: list[str]) -> list[tuple[int, Sentence]]:
        """Segment the chosen paragraphs into sentences of words (not yet tagged)."""
        import stanza

        if not regions:
            return []
        if self.tokenizer == "rules":
            return [(r.doc, s) for r in regions
                    for s in cut_after_credits(texts[r.doc], r.paragraph, segment(texts[r.doc], r.paragraph))]
        stanza_docs = [
            stanza.Document([], text=normalize(texts[r.doc][r.paragraph.start:r.paragraph.end])) for r in regions
        ]
        tagged = self.pipeline.process(stanza_docs, processors=SEGMENTING)
        out: list[tuple[int, Sentence]] = []
        for region, sdoc in zip(regions, tagged):
            sentences = [_sentence(sent, texts[region.doc], region.paragraph) for sent in sdoc.sentences]
            sentences = merge_abbreviation_splits(sentences)
            out.extend((region.doc, s) for s in cut_after_credits(texts[region.doc], region.paragraph, sentences))
        return out

    def _parse(self, sentences: list[tuple[int, Sentence]], docs: Sequence[tuple[str, tuple[Span, ...]]],
               decided: Sequence[Stretches] | None) -> list[tuple[int, Sentence]]:
        """Tag and parse the sentences a rule can use (all of them when decided is None)."""
        import stanza

        quoted = [PieceIndex(spans) for _, spans in docs]
        wanted = [
            i for i, (d, s) in enumerate(sentences)
            if len(s.tokens) <= MAX_PARSE_WORDS and (
                decided is None or not decided[d].cover(s.start, s.end)
                and _needs_parse(s, quoted[d], self.lex, self.prefilter))
        ]
        if not wanted:
            return sentences
        analysed: Sequence[Sequence[Any]]  # per wanted sentence, its words' analyses (fields as stanza's Words)
        if self.runtime is not None and fastparse.attached(self.pipeline):
            analysed = self.runtime([_parser_words(sentences[i][1]) for i in wanted])
        else:
            stanza_doc = stanza.Document([_word_dicts(sentences[i][1]) for i in wanted])
            analysed = [sent.words for sent in self.pipeline.process(stanza_doc, processors=TAGGING).sentences]
        out = list(sentences)
        for i, words in zip(wanted, analysed):
            d, old = sentences[i]
            tokens = tuple(_tagged(tok, word) for tok, word in zip(old.tokens, words))
            out[i] = (d, Sentence(old.start, old.end, tokens, old.paragraph, True))
        return out


ABBREVIATIONS = frozenset(word.lower() + "." for word in read_lines("stop_abbreviations.txt"))


def merge_abbreviation_splits(sentences: list[Sentence]) -> list[Sentence]:
    """Undo sentence splits after a title: "Sen." | "Ted Cruz said ..." is one sentence.

    Args:
        sentences: consecutive sentences of one paragraph, not yet parsed.

    Returns:
        The sentences, with a sentence that ends in an abbreviation joined to the next.
    """
    out: list[Sentence] = []
    for sent in sentences:
        if out and _ends_with_abbreviation(out[-1]) and sent.tokens[0].text[:1].isupper():
            prev = out.pop()
            tokens = tuple(
                Token(n, t.text, t.start, t.end, t.lemma, t.upos, t.xpos, t.feats, -1, "")
                for n, t in enumerate(prev.tokens + sent.tokens)
            )
            sent = Sentence(prev.start, sent.end, tokens, prev.paragraph, False)
        out.append(sent)
    return out


def cut_after_credits(text: str, para: Paragraph, sentences: list[Sentence]) -> list[Sentence]:
    """End a sentence where a photo credit inside running text ends.

    Scraped articles often come one line each, so a credit ("... war. Image:
    Jane Rowe/AP Harbour master Jonas Peller said ...") runs into the next
    sentence with no full stop between; the credit's names would then join
    the speaker's noun phrase and make it a credit. The cut is made at the end
    of a credit (:func:`quotes.spans.credit_ranges`) that starts after the
    paragraph's first character (datelines and bylines start paragraphs and
    are left alone) when the word after it opens a sentence (a capital or
    an opening bracket or mark), so the sentences are those of the same text
    with a line break after the credit.
    """
    cuts = [end for start, end in credits_within(text, para.start + 1, para.end) if end < para.end]
    if not cuts:
        return sentences
    out: list[Sentence] = []
    for sent in sentences:
        first = 0
        toks = sent.tokens
        for k in range(1, len(toks)):
            before, after = toks[k - 1], toks[k]
            i = bisect.bisect_left(cuts, before.end)
            if i < len(cuts) and cuts[i] <= after.start and (after.text[:1].isupper() or after.text[:1] in "([{“‘\"'«"):
                out.append(_renumbered(sent, toks[first:k]))
                first = k
        out.append(sent if first == 0 else _renumbered(sent, toks[first:]))
    return out


def _renumbered(sent: Sentence, tokens: tuple[Token, ...]) -> Sentence:
    """A piece of an unparsed sentence as a sentence of its own."""
    toks = tuple(Token(n, t.text, t.start, t.end, t.lemma, t.upos, t.xpos, t.feats, -1, "") for n, t in enumerate(tokens))
    return Sentence(toks[0].start, toks[-1].end, toks, sent.paragraph, False)


def _ends_with_abbreviation(sentence: Sentence) -> bool:
    toks = sentence.tokens
    last = toks[-1].text.lower()
    if last in ABBREVIATIONS:
        return True
    return last == "." and len(toks) > 1 and toks[-2].text.lower() + "." in ABBREVIATIONS and toks[-2].end == toks[-1].start


def _parser_words(sentence: Sentence) -> list[str]:
    """The words of one segmented sentence as the tagger and parser read them (handles as names)."""
    return [parser_word(tok.lemma or "_") for tok in sentence.tokens]


def _word_dicts(sentence: Sentence) -> list[dict[str, Any]]:
    """Stanza's input for one segmented sentence: its words as the tokenizer wrote them (handles as names)."""
    return [{"id": n + 1, "text": word} for n, word in enumerate(_parser_words(sentence))]


_HANDLE = re.compile(r"@(\w+)")


def parser_word(word: str) -> str:
    """A word as the tagger and parser should read it.

    A social-media handle is read as the name it stands for ("@CityHall" as
    "CityHall", "@nytimes" as "Nytimes"): news parsers have seldom seen an
    "@" word and attach it anywhere, while a capitalised name is a subject
    they know. The token keeps its own text and offsets.
    """
    handle = _HANDLE.fullmatch(word)
    if handle:
        name = handle.group(1)
        return name[:1].upper() + name[1:]
    return word


def segment(text: str, para: Paragraph) -> list[Sentence]:
    """A paragraph's sentences from the rule-based tokenizer (:func:`quotes.tokenize.sentences`).

    Until a sentence is tagged, each token's lemma field holds the word as
    the tagger will read it: its slice of the same-length normalised copy
    (straight quotes and apostrophes, see :func:`normalize`).
    """
    plain = normalize(text[para.start:para.end])
    out = []
    for words in sentences(text, para.start, para.end):
        tokens = tuple(
            Token(n, text[w.start:w.end], w.start, w.end, plain[w.start - para.start:w.end - para.start].strip() or "_",
                  "X", "_", "", -1, "")
            for n, w in enumerate(words)
        )
        out.append(Sentence(tokens[0].start, tokens[-1].end, tokens, para.index, False))
    return merge_abbreviation_splits(out)


def _tagged(tok: Token, word: Any) -> Token:
    upos, xpos = word.upos or "X", word.xpos or "_"
    if _HANDLE.fullmatch(tok.text):
        upos, xpos = "PROPN", "NNP"  # the tokenizer knows a handle names someone, whatever the tagger guessed
    return Token(tok.index, tok.text, tok.start, tok.end, word.lemma or tok.lemma, upos, xpos,
                 word.feats or "", word.head - 1, word.deprel or "dep")


def _sentence(sent: Any, text: str, para: Paragraph) -> Sentence:
    """Convert a stanza sentence of a paragraph into a Sentence with document offsets."""
    tokens: list[Token] = []
    base = para.start
    for stok in sent.tokens:
        t_start, t_end = base + stok.start_char, base + stok.end_char
        for word in stok.words:
            if word.start_char is not None and word.end_char is not None and len(stok.words) > 1:
                start, end = base + word.start_char, base + word.end_char
            else:
                start, end = t_start, t_end
            # Until the sentence is tagged, its lemma field holds the word as stanza
            # segmented it (normalised text): the tagger's input, and the best
            # stand-in for a lemma in sentences that are never tagged.
            tokens.append(Token(len(tokens), text[start:end], start, end, word.text, "X", "_", "", -1, ""))
    return Sentence(tokens[0].start, tokens[-1].end, tuple(tokens), para.index, False)


def sentences_from_conllu(conllu: str, text: str, *, paragraph_of: Iterable[int] | None = None) -> tuple[Sentence, ...]:
    """Build parsed Sentences from hand-written CoNLL-U (offsets in MISC).

    Args:
        conllu: CoNLL-U text whose MISC column holds ``start_char=..|end_char=..``.
        text: the document the offsets point into.
        paragraph_of: optional paragraph index of each sentence (default 0).

    Returns:
        The sentences, with 0-based heads.
    """
    from stanza.utils.conll import CoNLL

    sdoc = CoNLL.conll2doc(input_str=conllu)
    paras = list(paragraph_of) if paragraph_of is not None else [0] * len(sdoc.sentences)
    out = []
    for sent, para in zip(sdoc.sentences, paras):
        tokens = tuple(
            Token(
                w.id - 1, text[w.start_char:w.end_char], w.start_char, w.end_char, w.lemma or w.text,
                w.upos or "X", w.xpos or "_", w.feats or "", w.head - 1, w.deprel or "dep",
            )
            for w in sent.words
        )
        out.append(Sentence(tokens[0].start, tokens[-1].end, tokens, para, True))
    return tuple(out)
