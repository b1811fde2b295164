"""The parse stage: model lookup, same-length normalisation, the fast cycle search."""

from __future__ import annotations

import re

import numpy as np
import pytest

from quotes.cues import lexicon
from quotes.fastparse import functional_cycles as _functional_cycles
from quotes.parse import (
    _needs_parse,
    merge_abbreviation_splits,
    model_dir,
    normalize,
    parser_word,
)
from quotes.spans import PieceIndex, find_spans
from quotes.types import Sentence, Token


@pytest.mark.parametrize("text", ["“Don’t,” he said. ''Yes,'' she said\u00a0\u200bnow\t«ok» ‘x’", "", "\x00\x07 junk"])
def test_parse_normalize_keeps_length(text):
    out = normalize(text)
    assert len(out) == len(text)
    assert not set(out) & set("“”‘’«»\u00a0\u200b\t\x00\x07")


def test_parse_model_dir_order(monkeypatch, tmp_path):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "env"))
    assert model_dir(tmp_path / "arg") == tmp_path / "arg"
    assert model_dir(None) == tmp_path / "env"
    monkeypatch.delenv("STANZA_RESOURCES_DIR")
    assert model_dir(None).name == "resources"


def test_parse_fast_cycle_search_matches_stanza():
    from stanza.models.common.chuliu_edmonds import tarjan as stanza_tarjan

    rng = np.random.default_rng(7)
    for n in list(range(2, 12)) * 30 + [60, 120]:
        tree = rng.integers(0, n, size=n)
        tree[0] = 0
        ours = sorted(tuple(np.where(c)[0]) for c in _functional_cycles(tree))
        theirs = sorted(tuple(np.where(c)[0]) for c in stanza_tarjan(tree))
        assert ours == theirs, tree


def test_parse_fast_cycle_search_gives_the_same_trees():
    from stanza.models.common import chuliu_edmonds as ce

    from quotes.fastparse.decode import one_root_search

    rng = np.random.default_rng(11)
    for n in (3, 8, 20, 45):
        for _ in range(20):
            scores = rng.normal(size=(n, n))
            assert list(ce.chuliu_edmonds_one_root(scores)) == list(one_root_search(scores))


def _sent(words: list[str], start: int) -> Sentence:
    toks, pos = [], start
    for n, w in enumerate(words):
        toks.append(Token(n, w, pos, pos + len(w), w, "X", "_", "", -1, ""))
        pos += len(w) + 1
    return Sentence(start, pos - 1, tuple(toks), 0, False)


def test_parse_abbreviation_splits_are_joined():
    first = _sent(["They", "met", "Sen."], 0)
    second = _sent(["Cruz", "said", "no", "."], 13)
    third = _sent(["Then", "rain", "."], 30)
    merged = merge_abbreviation_splits([first, second, third])
    assert [len(s.tokens) for s in merged] == [7, 3]
    assert [t.index for t in merged[0].tokens] == list(range(7))


def _sentences_of(text: str, parts: list[str]) -> list[Sentence]:
    """Sentences for the given consecutive substrings of text, words split on the surface."""
    out, pos = [], 0
    for part in parts:
        start = text.index(part, pos)
        pos = start + len(part)
        words = [m for m in re.finditer(r"\w+(?:'\w+)?|[^\w\s]", part)]
        toks = tuple(Token(n, m.group(), start + m.start(), start + m.end(), m.group(), "X", "_", "", -1, "")
                     for n, m in enumerate(words))
        out.append(Sentence(toks[0].start, toks[-1].end, toks, 0, False))
    return out


@pytest.mark.parametrize(
    ("part", "parsed"),
    [
        ("“We will win.", False),  # inside the quote: no rule reads its parse
        ("Nobody said it would be easy.", False),  # a cue word, but inside quote marks
        ("We will be back,” he said.", True),  # the cue is outside the marks
        ("Then the crowd turned to her:", True),  # a final colon may introduce the next quote
        ("“Go home.”", False),
        ("Her claim that it rained was denied.", True),  # cue noun + that
        ("The rain stopped.", False),
        ("“According to them, it rained.”", True),  # "according" is looked at even in quotes
    ],
)
def test_parse_only_sentences_where_a_rule_can_start_are_parsed(part, parsed):
    text = ("“We will win. Nobody said it would be easy. We will be back,” he said. Then the crowd turned to her: "
            "“Go home.” Her claim that it rained was denied. The rain stopped. “According to them, it rained.”")
    parts = ["“We will win.", "Nobody said it would be easy.", "We will be back,” he said.",
             "Then the crowd turned to her:", "“Go home.”", "Her claim that it rained was denied.",
             "The rain stopped.", "“According to them, it rained.”"]
    sentence = _sentences_of(text, parts)[parts.index(part)]
    assert _needs_parse(sentence, PieceIndex(find_spans(text)), lexicon()) is parsed


@pytest.mark.parametrize("word, read", [("@CityHall", "CityHall"), ("@nytimes", "Nytimes"), ("@", "@"),
                                        ("press@city.gov", "press@city.gov"), ("#roads", "#roads"), ("Mayor", "Mayor")])
def test_parse_a_handle_reaches_the_parser_as_a_name(word, read):
    assert parser_word(word) == read


@pytest.mark.parametrize(
    ("sentence", "parsed"),
    [
        ("The report was late.", False),  # after an article: a noun
        ("A call came at noon.", False),
        ("His remarks were brief.", False),  # after a possessive
        ("His claims that it rained were false.", True),  # ... unless content opens next
        ("The talks between the United States and China ended.", False),  # capitalised inside a name
        ("He read the Washington Post on Sunday.", False),
        ("He met the Secretary of State on Monday.", False),
        ("Trump Says He Will Win The Vote", True),  # a title-case headline: still a verb
        ("Clinton Says Trump Doesn't Fit With What She Knew", True),  # "n't" is no lower-case word of running text
        ("The minister said it rained.", True),
        ("Officials state that the road is closed.", True),
        ("The so-called plan failed.", False),
        ("He was asked about the plan.", False),  # a passive cue: the rules never start from one
        ("She was also told to leave.", False),
        ("He asked whether the plan failed.", True),
        ("Her lead grew by 4 points in a week.", False),  # a number before a plural noun
        ("Two officials say it rained.", True),
    ],
)
def test_parse_cue_forms_used_as_nouns_names_or_passives_start_no_parse(sentence, parsed):
    from quotes.tokenize import sentences

    words = next(iter(sentences(sentence, 0, len(sentence))))  # the words as the pipeline splits them
    tokens = tuple(Token(n, sentence[w.start:w.end], w.start, w.end, sentence[w.start:w.end], "X", "_", "", -1, "")
                   for n, w in enumerate(words))
    assert _needs_parse(Sentence(0, len(sentence), tokens, 0, False), PieceIndex(()), lexicon()) is parsed
