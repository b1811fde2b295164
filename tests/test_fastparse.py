"""quotes.fastparse: the faster paths inside one stanza pipeline give stanza's own answers, stay on that pipeline,
can be switched off, and step aside (with one warning) for a stanza they were not tested on."""

from __future__ import annotations

import threading
import warnings
from types import SimpleNamespace

import numpy as np
import pytest

from quotes import fastparse
from quotes.fastparse import decode, depparse
from quotes.pipeline import prepare

SENTENCES = [["The", "minister", "said", "the", "road", "would", "reopen", "on", "Monday", "."],
             ["“", "We", "will", "not", "back", "down", ",", "”", "she", "told", "reporters", "."],
             ["Officials", "say", "that", "the", "plan", ",", "which", "failed", ",", "cost", "millions", "."]]


def _words(doc):
    return [(w.text, w.upos, w.xpos, w.feats, w.lemma, w.head, w.deprel) for s in doc.sentences for w in s.words]


@pytest.fixture(scope="module")
def plain_pipeline(extractor, models_dir):
    """A user's own stanza pipeline, built in the same process after quotes' Parser, on the same models."""
    import stanza

    assert extractor.parser.fast is not None  # quotes' pipeline is loaded, with the fast paths
    return stanza.Pipeline("en", dir=str(models_dir), processors="tokenize,pos,lemma,depparse",
                           tokenize_pretokenized=True, download_method=None, logging_level="WARN", device="cpu")


def test_fastparse_gives_stanza_tags_trees_and_labels(extractor, polnear_dev, monkeypatch):
    """Every field of every word (tags, lemmas, features, heads, labels) equals stanza's own code's,
    on whole PolNeAR articles, including sentences that need the one-root search and, with stanza's
    head-constraint repair switched on (off in the shared models' settings), sentences it repairs."""
    parser = extractor.parser
    assert parser.fast is not None, fastparse.unsupported()
    assert parser.runtime is not None  # ours: the models on our word lists (quotes.fastparse.runtime)
    docs = [prepare(d.text, parser.lex) for d in polnear_dev[:12]]
    used = {"one_root_search": 0, "repaired": 0}
    search, repair = decode.one_root_search, depparse.repaired

    def counted_search(scores):
        used["one_root_search"] += 1
        return search(scores)

    def counted_repair(*args):
        tree, raw = repair(*args)
        used["repaired"] += list(tree) != list(args[3]) or raw != args[4]
        return tree, raw

    config = parser.pipeline.processors["depparse"].config
    monkeypatch.setitem(config, "resolve_head_constraints", True)
    with fastparse.detached(parser.pipeline):
        assert not fastparse.attached(parser.pipeline)
        theirs = parser.analyse(docs, select=False)
    assert fastparse.attached(parser.pipeline)
    monkeypatch.setattr(decode, "one_root_search", counted_search)
    monkeypatch.setattr(depparse, "repaired", counted_repair)
    ours = parser.analyse(docs, select=False)
    words = [(t1, t2) for a, b in zip(theirs, ours) for s1, s2 in zip(a.sentences, b.sentences) if s1.parsed
             for t1, t2 in zip(s1.tokens, s2.tokens)]
    assert len(words) > 4000
    assert [w for w in words if w[0] != w[1]] == []
    assert used["one_root_search"] > 0 and used["repaired"] > 0, used


def test_fastparse_decoder_matches_stanza():
    from stanza.models.common import chuliu_edmonds as ce

    rng = np.random.default_rng(11)
    multi_root = 0
    for n in (2, 3, 6, 8, 15, 20, 40):
        for _ in range(30):
            logits = rng.normal(scale=3.0, size=(n, n))
            logits[:, 0] += rng.normal(scale=2.0)  # sometimes many words prefer the root
            scores = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
            assert list(decode.chuliu_edmonds(scores.copy())) == list(ce.chuliu_edmonds(scores.copy()))
            theirs = list(ce.chuliu_edmonds_one_root(scores))
            assert list(decode.one_root_search(scores)) == theirs
            tree = decode.one_root_tree(scores)
            assert list(tree) == theirs and np.count_nonzero(tree[1:] == 0) == 1
            multi_root += int(np.count_nonzero(np.argmax(scores[1:], axis=1) == 0) > 1)
    assert multi_root > 10  # the fallback to the one-root search was exercised


def test_fastparse_process_cycle_matches_stanza():
    from stanza.models.common import chuliu_edmonds as ce

    rng = np.random.default_rng(3)
    checked = 0
    for n in (3, 5, 9, 20, 50):
        for _ in range(30):
            scores = rng.normal(size=(n, n))
            ce.prepare_scores(scores)
            tree = np.argmax(scores, axis=1)
            for cycle in decode.functional_cycles(tree):
                theirs = ce.process_cycle(tree, cycle, scores)
                ours = decode.process_cycle(tree, cycle, scores)
                for a, b in zip(theirs, ours):
                    assert a.dtype == b.dtype and np.array_equal(a, b)
                checked += 1
    assert checked > 50


def test_fastparse_vocab_lookups_match_stanza(extractor):
    words = ["Trump", "said", "résumé", "", "ﬁnal", "x" * 40]
    tags = ["Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin", "_", "Number=Plur", "Foo=Bar", "NNP", "VBD"]
    bound = 0
    for processor in ("pos", "depparse"):
        vocab = extractor.parser.pipeline.processors[processor].trainer.vocab
        for name in ("char", "word", "upos", "xpos", "feats", "lemma"):
            if name not in vocab:
                continue
            table = vocab[name]
            bound += "map" in vars(table)
            probes = [list(w) for w in words] if name == "char" else [words, tags, tags]  # tags twice: remembered
            if name == "feats":
                probes = [tags[:4], tags[:4]]  # features only: stanza refuses "NNP" there
            for units in probes:
                assert table.map(units) == type(table).map(table, units), (processor, name)
    assert bound >= 8  # the pipeline's own tables run quotes' lookups
    feats = extractor.parser.pipeline.processors["pos"].trainer.vocab["feats"]
    assert "id2unit" in vars(feats)
    for tag in tags[:4]:
        ids = feats.unit2id(tag)
        assert feats.id2unit(ids) == type(feats).id2unit(feats, ids)
        assert feats.id2unit(ids) == type(feats).id2unit(feats, ids)  # remembered
    assert not any(name.startswith("_quotes") for name in vars(feats))  # caches live in quotes' objects


def test_fastparse_leaves_other_pipelines_alone(extractor, plain_pipeline):
    """A user's stanza pipeline in the same process runs stanza's own methods, and gives stanza's answers."""
    from stanza.models.common import chuliu_edmonds, utils
    from stanza.models.common.vocab import BaseVocab, CompositeVocab
    from stanza.models.depparse.model import GraphParser

    ours = extractor.parser.pipeline.processors["depparse"].trainer.model
    theirs = plain_pipeline.processors["depparse"].trainer.model
    assert isinstance(vars(ours)["predict"], depparse.GraphPredict)
    assert "predict" not in vars(theirs) and theirs.predict.__func__ is GraphParser.predict
    for cls, name in ((GraphParser, "predict"), (BaseVocab, "map"), (CompositeVocab, "id2unit")):
        assert getattr(cls, name).__module__.startswith("stanza."), (cls, name)
    for name in ("tarjan", "process_cycle", "chuliu_edmonds", "chuliu_edmonds_one_root"):
        assert getattr(chuliu_edmonds, name).__module__ == chuliu_edmonds.__name__, name
    assert utils.get_split_optimizer.__module__ == utils.__name__
    for processor in ("pos", "depparse"):
        vocab = plain_pipeline.processors[processor].trainer.vocab
        for key in vocab.keys():
            assert not {"map", "id2unit"} & set(vars(vocab[key])), (processor, key)
    # its output: stanza's own, as quotes' pipeline gives it with the fast paths off
    plain = _words(plain_pipeline(SENTENCES))
    with fastparse.detached(extractor.parser.pipeline):
        stanza_own = _words(extractor.parser.pipeline(SENTENCES))
    assert plain == stanza_own
    assert _words(extractor.parser.pipeline(SENTENCES)) == stanza_own  # and the fast paths agree


def test_fastparse_switched_off(models_dir, seed_text, seed_quotes):
    from quotes import Extractor

    slow = Extractor(model_dir=models_dir, device="cpu", fastparse=False)
    model = slow.parser.pipeline.processors["depparse"].trainer.model
    assert slow.parser.fast is None and not fastparse.attached(slow.parser.pipeline)
    assert "predict" not in vars(model)
    assert slow.extract(seed_text, doc_id="article") == seed_quotes


def test_fastparse_models_load_without_training_optimizers():
    from stanza.models.common import utils

    build = utils.get_split_optimizer
    other: list[object] = []

    def load_elsewhere():
        try:
            other.append(utils.get_split_optimizer("adam", None, 0.1))
        except Exception as exc:  # noqa: BLE001 - stanza's own function ran (and refused no model)
            other.append(exc)

    with fastparse.loading():
        assert utils.get_split_optimizer("adam", None, 0.1) == {}
        thread = threading.Thread(target=load_elsewhere)  # a pipeline loading in another thread meanwhile
        thread.start()
        thread.join()
    assert other and other[0] != {}
    assert utils.get_split_optimizer is build
    with fastparse.loading(False):
        assert utils.get_split_optimizer is build


def _fake_pipeline(model):
    return SimpleNamespace(processors={"depparse": SimpleNamespace(trainer=SimpleNamespace(model=model))})


def test_fastparse_steps_aside_for_another_stanza(extractor, plain_pipeline, monkeypatch):
    """A stanza outside the tested range, or one without what fastparse uses, keeps all of its own code
    (none is half-replaced), and a warning naming its version says so once."""
    import stanza
    from stanza.models.common import chuliu_edmonds, utils

    model = plain_pipeline.processors["depparse"].trainer.model
    monkeypatch.setattr(fastparse, "_WARNED", [])
    monkeypatch.setattr(stanza, "__version__", "1.16.0")
    assert "1.16.0" in (fastparse.unsupported() or "")
    with pytest.warns(RuntimeWarning, match=r"stanza 1\.16\.0 is outside the tested range"):
        assert fastparse.attach(plain_pipeline) is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fastparse.attach(plain_pipeline) is None  # said once
    with fastparse.loading():
        assert utils.get_split_optimizer.__module__ == utils.__name__
    monkeypatch.undo()

    monkeypatch.setattr(fastparse, "_WARNED", [])
    monkeypatch.delattr(chuliu_edmonds, "expand_contracted_tree")
    with pytest.warns(RuntimeWarning, match=r"stanza 1\.15\.\d+ lacks what fastparse uses"):
        assert fastparse.attach(plain_pipeline) is None
    monkeypatch.undo()

    monkeypatch.setattr(fastparse, "_WARNED", [])
    monkeypatch.setitem(model.args, "use_arc_embedding", True)
    with pytest.warns(RuntimeWarning, match="arc embeddings"):
        assert fastparse.attach(plain_pipeline) is None
    monkeypatch.undo()
    assert not fastparse.attached(plain_pipeline) and "predict" not in vars(model)

    # a predict whose inputs are not stanza 1.15's names: stanza's own code, never a crash
    class Renamed(type(model)):  # type: ignore[misc]
        def predict(self, words, masks, *rest, resolve_head_constraints=False):  # noqa: ARG002
            raise AssertionError("not called")

    monkeypatch.setattr(model, "__class__", Renamed)
    assert "takes no word" in depparse.fits(model)
    monkeypatch.undo()
    assert depparse.fits(model) is None


def test_fastparse_reads_predict_inputs_by_name(extractor):
    """The bound predict binds its inputs to stanza's own parameter names; calls by keyword give the same."""
    fast = vars(extractor.parser.pipeline.processors["depparse"].trainer.model)["predict"]
    assert {"word", "head", "sentlens", "resolve_head_constraints"} <= set(fast.signature.parameters)
    assert set(fast.embed_names) <= set(fast.signature.parameters)
