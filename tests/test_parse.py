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

    rng = np.random.default_rng(11)
    original = ce.tarjan
    try:
        for n in (3, 8, 20, 45):
            for _ in range(20):
                scores = rng.normal(size=(n, n))
                ce.tarjan = original
                slow = ce.chuliu_edmonds_one_root(scores)
                ce.tarjan = _functional_cycles
                fast = ce.chuliu_edmonds_one_root(scores)
                assert list(slow) == list(fast)
    finally:
        ce.tarjan = original


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


# ---------------------------------------------------------------------------
# quotes.fastparse: the faster paths inside stanza give stanza's own answers
# ---------------------------------------------------------------------------

def test_parse_fast_paths_give_stanza_tags_trees_and_labels(extractor, polnear_dev, monkeypatch):
    """Every field of every word (tags, lemmas, features, heads, labels) equals stanza's own code's,
    on whole PolNeAR articles, including sentences that need the one-root search and, with stanza's
    head-constraint repair switched on (off in the shared models' settings), sentences it repairs."""
    from stanza.models.common import chuliu_edmonds

    from quotes import fastparse

    parser = extractor.parser
    docs = [(d.text, find_spans(d.text)) for d in polnear_dev[:12]]
    used = {"one_root_search": 0, "repaired": 0}
    search, repair = chuliu_edmonds.chuliu_edmonds_one_root, fastparse._repaired

    def counted_search(scores):
        used["one_root_search"] += 1
        return search(scores)

    def counted_repair(*args):
        tree, raw = repair(*args)
        used["repaired"] += list(tree) != list(args[3]) or raw != args[4]
        return tree, raw

    config = parser.pipeline.processors["depparse"].config
    monkeypatch.setitem(config, "resolve_head_constraints", True)
    try:
        fastparse.uninstall()
        theirs = parser.analyse(docs, select=False)
    finally:
        fastparse.install()
    monkeypatch.setattr(chuliu_edmonds, "chuliu_edmonds_one_root", counted_search)
    monkeypatch.setattr(fastparse, "_repaired", counted_repair)
    ours = parser.analyse(docs, select=False)
    words = [(t1, t2) for a, b in zip(theirs, ours) for s1, s2 in zip(a.sentences, b.sentences) if s1.parsed
             for t1, t2 in zip(s1.tokens, s2.tokens)]
    assert len(words) > 4000
    assert [w for w in words if w[0] != w[1]] == []
    assert used["one_root_search"] > 0 and used["repaired"] > 0, used


def test_parse_one_root_tree_matches_stanza():
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root

    from quotes.fastparse import one_root_tree

    rng = np.random.default_rng(5)
    multi_root = 0
    for n in (2, 3, 6, 15, 40):
        for _ in range(40):
            logits = rng.normal(scale=3.0, size=(n, n))
            logits[:, 0] += rng.normal(scale=2.0)  # sometimes many words prefer the root
            scores = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
            tree = one_root_tree(scores)
            assert list(tree) == list(chuliu_edmonds_one_root(scores))
            assert np.count_nonzero(tree[1:] == 0) == 1
            multi_root += int(np.count_nonzero(np.argmax(scores[1:], axis=1) == 0) > 1)
    assert multi_root > 10  # the fallback to stanza's search was exercised


def test_parse_process_cycle_matches_stanza():
    from stanza.models.common import chuliu_edmonds as ce

    from quotes.fastparse import functional_cycles, process_cycle

    rng = np.random.default_rng(3)
    checked = 0
    for n in (3, 5, 9, 20, 50):
        for _ in range(30):
            scores = rng.normal(size=(n, n))
            ce.prepare_scores(scores)
            tree = np.argmax(scores, axis=1)
            for cycle in functional_cycles(tree):
                theirs = ce.process_cycle(tree, cycle, scores)
                ours = process_cycle(tree, cycle, scores)
                for a, b in zip(theirs, ours):
                    assert a.dtype == b.dtype and np.array_equal(a, b)
                checked += 1
    assert checked > 50


def test_parse_vocab_lookups_match_stanza(extractor):
    from quotes import fastparse

    words = ["Trump", "said", "résumé", "", "ﬁnal", "x" * 40]
    tags = ["Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin", "_", "Number=Plur", "Foo=Bar", "NNP", "VBD"]
    for processor in ("pos", "depparse"):
        vocab = extractor.parser.pipeline.processors[processor].trainer.vocab
        for name in ("char", "word", "upos", "xpos", "feats", "lemma"):
            if name not in vocab:
                continue
            table = vocab[name]
            probes = [list(w) for w in words] if name == "char" else [words, tags, tags]  # tags twice: remembered
            if name == "feats":
                probes = [tags[:4], tags[:4]]  # features only: stanza refuses "NNP" there
            for units in probes:
                assert fastparse.vocab_map(table, units) == fastparse._ORIGINAL["map"](table, units), (processor, name)
    feats = extractor.parser.pipeline.processors["pos"].trainer.vocab["feats"]
    for tag in tags[:4]:
        ids = feats.unit2id(tag)
        assert fastparse.composite_id2unit(feats, ids) == fastparse._ORIGINAL["id2unit"](feats, ids)
        assert fastparse.composite_id2unit(feats, ids) == fastparse._ORIGINAL["id2unit"](feats, ids)  # remembered


def test_parse_models_load_without_training_optimizers():
    from stanza.models.common import utils

    from quotes import fastparse

    build = utils.get_split_optimizer
    with fastparse.loading():
        assert utils.get_split_optimizer("adam", None, 0.1) == {}
    assert utils.get_split_optimizer is build


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


def test_parse_fast_paths_stay_off_for_a_stanza_that_differs(monkeypatch):
    """A stanza without the functions fastparse replaces keeps all of its own code (none is half-replaced)."""
    from stanza.models.common import chuliu_edmonds, utils
    from stanza.models.depparse.model import GraphParser

    from quotes import fastparse

    fastparse.uninstall()
    try:
        monkeypatch.delattr(chuliu_edmonds, "chuliu_edmonds_one_root")
        monkeypatch.delattr(utils, "get_split_optimizer")
        fastparse.install()
        assert GraphParser.predict is fastparse._ORIGINAL["predict"]
        assert chuliu_edmonds.tarjan is fastparse._ORIGINAL["tarjan"]
        with fastparse.loading():
            pass
    finally:
        monkeypatch.undo()
        fastparse.install()
    assert GraphParser.predict is fastparse.graph_predict
