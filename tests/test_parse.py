"""The parse stage: model lookup, same-length normalisation, the fast cycle search."""

from __future__ import annotations

import numpy as np
import pytest

from quotes.parse import (
    _functional_cycles,
    merge_abbreviation_splits,
    model_dir,
    normalize,
)
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
