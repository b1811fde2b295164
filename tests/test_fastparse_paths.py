"""The second round of quotes.fastparse: the tagger's classifiers read off per-UPOS tables, the LSTMs on padded
groups of similar length, each spelling's characters read once, and the runtime that feeds the models our word
lists. Each piece is checked against stanza's own module on the loaded models (or on torch's LSTM), and the whole
against stanza's pipeline in tests/test_fastparse.py."""

from __future__ import annotations

import pytest
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from quotes import fastparse
from quotes.fastparse import recurrent, tagger
from quotes.fastparse.runtime import runtime_for

TOLERANCE = 1e-5  # another kernel sums in another order: scores agree to float rounding, never more


def _models(extractor):
    processors = extractor.parser.pipeline.processors
    return processors["pos"].trainer.model, processors["depparse"].trainer.model


def test_lstm_groups_give_the_packed_lstm_outputs():
    """A bidirectional LSTM run on padded groups of similar length (each sentence reversed within its own length
    for the backward direction) gives what torch's packed LSTM gives, sentence by sentence."""
    torch.manual_seed(3)
    lstm = torch.nn.LSTM(12, 7, bidirectional=True, batch_first=True).eval()
    lengths = [31, 30, 17, 9, 9, 4, 2, 1]
    padded = torch.randn(len(lengths), max(lengths), 12)
    state = (torch.randn(2, len(lengths), 7), torch.randn(2, len(lengths), 7))
    with torch.no_grad():
        packed, _ = lstm(pack_padded_sequence(padded, lengths, batch_first=True), state)
        expected = pad_packed_sequence(packed, batch_first=True)[0]
        ours = recurrent.bidirectional(recurrent._directions(lstm), padded, lengths, state)
    for i, n in enumerate(lengths):
        assert torch.allclose(ours[i, :n], expected[i, :n], atol=TOLERANCE)


def test_lstm_groups_bound_the_padding():
    lengths = torch.tensor([3, 40, 1, 30, 29, 2, 12, 41])
    groups = recurrent.groups(lengths)
    assert sorted(int(i) for g in groups for i in g) == list(range(len(lengths)))
    for g in groups:
        sizes = lengths[g]
        assert int(sizes.min()) >= recurrent.GROUP_RATIO * int(sizes.max())
    assert recurrent.reversal([3, 1], 4).tolist() == [[2, 1, 0, 3], [0, 1, 2, 3]]


def test_tagger_tables_give_the_biaffine_scores(extractor):
    """Each conditioned column's scores from the per-UPOS tables equal stanza's biaffine classifier applied to
    the hidden layer and the UPOS embedding."""
    pos, _ = _models(extractor)
    fast = vars(pos)["forward"]
    assert isinstance(fast, tagger.TaggerForward)
    torch.manual_seed(5)
    upos = torch.randint(0, pos.upos_emb.num_embeddings, (300,))
    for name in pos.eval_order:
        clf = pos.tag_clf[name]
        scorers = list(clf) if hasattr(clf, "__len__") else [clf]
        hidden = torch.relu(torch.randn(300, scorers[0].W_bilin.in1_features - 1))
        with torch.no_grad():
            theirs = torch.cat([s(hidden, pos.upos_emb(upos)) for s in scorers], 1)
            table, bias, bounds = fast.tables[name]
            ours = tagger._conditioned(table, bias, hidden, upos)
        assert bounds[-1][1] == theirs.size(1)
        assert torch.allclose(ours, theirs, atol=TOLERANCE * 10, rtol=TOLERANCE)


def test_characters_once_per_spelling_match_stanza(extractor):
    """The character model run once per distinct spelling, on padded groups, gives stanza's word vectors."""
    _, dep = _models(extractor)
    module = dep.charmodel
    fast = vars(module)["forward"]
    assert isinstance(fast, recurrent.Characters)
    vocab = extractor.parser.pipeline.processors["depparse"].trainer.vocab["char"]
    words = [["The", "minister", "said", "the", "the"], ["Officials", "say", "it", "."]]
    rows = [vocab.map(list(w)) for s in words for w in s]
    order = sorted(range(len(rows)), key=lambda i: -len(rows[i]))  # stanza sorts words by length
    width = max(len(r) for r in rows)
    chars = torch.tensor([rows[i] + [0] * (width - len(rows[i])) for i in order])
    args = (chars, chars.eq(0), order, [len(s) for s in words], [len(rows[i]) for i in order])
    module.eval()
    with torch.no_grad():
        theirs = type(module).forward(module, *args)
        ours = fast(*args)
    assert torch.allclose(pad_packed_sequence(ours, batch_first=True)[0] if not module.pad else ours,
                          pad_packed_sequence(theirs, batch_first=True)[0] if not module.pad else theirs,
                          atol=TOLERANCE)


def test_bound_modules_run_stanza_code_while_training(extractor):
    """A model put in training mode (dropout on) gets stanza's own forward from every bound module."""
    pos, dep = _models(extractor)
    for module in (dep.parserlstm, pos.taggerlstm, dep.charmodel, pos.charmodel, pos):
        bound = vars(module)["forward"]
        calls = []
        original = bound.original
        bound.original = lambda *a, **k: calls.append(1) or "stanza's"
        try:
            module.train()
            assert bound(*([None] * 10 if module is pos else [None] * 5 if hasattr(module, "char_emb")
                         else [None, None])) == "stanza's"
        finally:
            bound.original = original
            module.eval()
        assert calls == [1]


def test_runtime_used_only_where_it_was_checked(extractor):
    """The runtime serves the shared models (a dictionary lemmatiser); a neural lemmatiser, or a pipeline without
    the fast paths, goes through stanza's pipeline."""
    parser = extractor.parser
    assert parser.runtime is not None
    lemma = parser.pipeline.processors["lemma"]
    saved = lemma.config.get("dict_only")
    try:
        lemma.config["dict_only"] = False
        assert runtime_for(parser.pipeline, parser.fast) is None
    finally:
        lemma.config["dict_only"] = saved
    assert runtime_for(parser.pipeline, None) is None
    assert runtime_for(parser.pipeline, parser.fast) is not None


@pytest.mark.parametrize("words", [["Hello"], ["?!?", "she", "asked", "!!!"], ["_"], ["a"] * 300])
def test_runtime_matches_stanza_on_odd_sentences(extractor, words):
    """One word, runs of punctuation stanza simplifies, an underscore, a 300-word sentence: the runtime's fields
    are stanza's."""
    import stanza

    parser = extractor.parser
    got = parser.runtime([words])[0]
    with fastparse.detached(parser.pipeline):
        doc = parser.pipeline.process(stanza.Document([[{"id": i + 1, "text": w} for i, w in enumerate(words)]]),
                                      processors="pos,lemma,depparse")
    expected = [(w.upos, w.xpos, w.feats, w.lemma, w.head, w.deprel) for w in doc.sentences[0].words]
    assert [tuple(p) for p in got] == expected


def test_onednn_kernel_cache_is_bounded():
    """Sentence groups come in many shapes; oneDNN's default cache of 1,024 kernels made a worker's memory grow
    over a run. quotes bounds it unless the user chose a size."""
    import os
    import subprocess
    import sys

    code = "import os, quotes.fastparse.recurrent; print(os.environ['ONEDNN_PRIMITIVE_CACHE_CAPACITY'])"
    env = {k: v for k, v in os.environ.items() if k != "ONEDNN_PRIMITIVE_CACHE_CAPACITY"}
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip() == "16"
    env["ONEDNN_PRIMITIVE_CACHE_CAPACITY"] = "200"
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip() == "200"
