"""Faster inference paths inside one loaded stanza pipeline: the same trees and labels, less work.

Profiling stanza's part of a run (90 % of it) showed costs that inference
does not need. Each replacement below computes what stanza computes and is
checked against stanza's own code in ``tests/test_parse.py``:

* **Optimizers at load time.** The tagger builds an Adam optimizer when it
  loads; constructing one imports ``torch._dynamo`` (2.1 of the 3.5 s that
  loading took). :func:`loading` makes them empty while quotes' own
  pipeline loads (in the loading thread only; stanza's function is back
  when loading ends).
* **Cycle search, one root, contraction** (:mod:`quotes.fastparse.decode`).
  The tree decoder (Chu-Liu-Edmonds) looked for cycles with a general
  Tarjan search that calls numpy once per word (a head array has one head
  per word, so walking the heads finds the same cycles); it contracted the
  sentence into one node, about one contraction per word, to keep one word
  on the root (``one_root_tree`` first decodes the scores as they are and
  keeps that tree when it has one root word, as it has in most sentences);
  and each contraction built its smaller matrix with ``np.pad``, a third of
  the decoder's time. quotes runs its own copy of the decoder loop.
* **Labels for every pair of words** (:mod:`quotes.fastparse.depparse`).
  The parser scored all 51 labels for every (word, head) pair of a batch,
  N x L x L x 51 scores, though only the pair the decoder picks is read.
  ``GraphPredict`` decodes the heads first and scores the labels of the
  chosen arcs only; the full table is built, one sentence at a time, only
  for the sentences whose labels break a head constraint (two subjects or
  two objects on one head), which stanza's repair step needs.
* **Word and tag tables** (:mod:`quotes.fastparse.vocab`). Mapping words and
  characters to ids went through two method calls per character, and each
  word's features were rebuilt into a string feature by feature;
  ``VocabPaths`` looks them up in one pass and remembers the strings.
* **Tag classifiers** (:mod:`quotes.fastparse.tagger`). XPOS and the 21
  feature columns are biaffine in the hidden layer and the predicted UPOS's
  embedding; the UPOS takes 21 values, so each column is a table per UPOS
  and one small product per word (50 times fewer multiplications).
* **LSTMs** (:mod:`quotes.fastparse.recurrent`). A packed LSTM runs one
  time step at a time in torch's own loop on a CPU; padded groups of
  sentences of similar length go to oneDNN's fused kernel, the backward
  direction on each sentence reversed within its length. The character
  model reads each distinct spelling of a batch once.
* **Documents and loaders** (:mod:`quotes.fastparse.runtime`). The models
  get the ids stanza's input code would build, from our word lists, in
  batches of similar sentence length, and give plain tuples back: no
  ``stanza.Document``, no data loaders, no Word objects.

The tag classifiers and LSTMs sum the same products in another order, so
their scores agree with stanza's to float rounding (about 1e-6); tags,
heads and labels were equal on every word compared (tests, and the 49,915
words parsed from the 171 benchmark documents).

Containment: :func:`attach` binds these paths to the model and vocabulary
*instances* of one pipeline (``model.predict``, ``model.forward``, the
encoders' and character models' ``forward``, ``vocab.map``,
``vocab.id2unit`` on those objects); stanza's classes and modules are never
changed, so another ``stanza.Pipeline`` in the same process runs stanza's
own code. The caches live in quotes' objects. ``predict``'s inputs are read
by the names of stanza's own signature.

Versions: the paths are tested on the stanza versions in :data:`TESTED`
(the range ``pyproject.toml`` pins). With another stanza, or one whose
models or functions do not look as expected, :func:`attach` changes
nothing: stanza's own code runs, and a warning naming the version says so
once per process. ``Extractor(fastparse=False)`` (CLI ``--no-fastparse``)
switches the paths off.
"""

from __future__ import annotations

import contextlib
import threading
import warnings
import weakref
from collections.abc import Iterator
from typing import Any

from quotes.fastparse.decode import functional_cycles, one_root_tree, process_cycle
from quotes.fastparse.runtime import Parsed, Runtime, runtime_for

__all__ = ["TESTED", "Attachment", "Parsed", "Runtime", "attach", "attached", "detach", "detached",
           "functional_cycles", "loading", "one_root_tree", "process_cycle", "runtime_for", "unsupported"]

TESTED = ((1, 15), (1, 16))  # stanza >= 1.15, < 1.16: where the equivalence tests in tests/test_parse.py pass
TESTED_TEXT = "stanza>=1.15,<1.16"

_ATTACHED: weakref.WeakKeyDictionary[Any, Attachment] = weakref.WeakKeyDictionary()
_WARNED: list[str] = []
_LOAD_LOCK = threading.Lock()


def stanza_version() -> str:
    try:
        import stanza

        return str(stanza.__version__)
    except Exception:  # noqa: BLE001 - no stanza, or one without a version: say so, do not crash
        return "unknown"


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:2]:
        digits = "".join(c for c in piece if c.isdigit()) if piece[:1].isdigit() else ""
        if not digits:
            return ()
        parts.append(int(digits))
    return tuple(parts)


def unsupported() -> str | None:
    """Why the installed stanza gets none of the paths (outside :data:`TESTED`, or missing what they use); None
    when it gets them."""
    version = stanza_version()
    found = _version_tuple(version)
    if not found or not TESTED[0] <= found < TESTED[1]:
        return f"stanza {version} is outside the tested range {TESTED_TEXT}"
    try:
        from stanza.models.common import chuliu_edmonds
        from stanza.models.common.biaffine import DeepBiaffineScorer, PairwiseBiaffineScorer  # noqa: F401
        from stanza.models.common.vocab import VOCAB_PREFIX_SIZE  # noqa: F401
        from stanza.models.depparse.head_constraints import (  # noqa: F401
            find_head_constraint_violations,
            resolve_head_constraint_violations,
        )

        from quotes.fastparse.vocab import stanza_lookups

        stanza_lookups()
        for name in ("prepare_scores", "expand_contracted_tree"):
            getattr(chuliu_edmonds, name)
    except (ImportError, AttributeError) as exc:
        return f"stanza {version} lacks what fastparse uses ({exc})"
    return None


def _warn_once(reason: str) -> None:
    if _WARNED:
        return
    _WARNED.append(reason)
    warnings.warn(f"quotes.fastparse is off: {reason}; stanza's own tagger and parser code runs "
                  f"(same records, slower)", RuntimeWarning, stacklevel=3)


@contextlib.contextmanager
def loading(enabled: bool = True) -> Iterator[None]:
    """While quotes' pipeline loads (in this thread), stanza's trainers build no optimizers (inference never reads
    them). The only module-level change fastparse makes, and it is undone when loading ends; a pipeline loading in
    another thread meanwhile gets stanza's own optimizers."""
    if not enabled or unsupported() is not None:
        yield
        return
    from stanza.models.common import utils

    with _LOAD_LOCK:
        build = getattr(utils, "get_split_optimizer", None)
        if build is None:  # another stanza version: nothing to skip
            yield
            return
        loader = threading.get_ident()

        def no_optimizer(*args: Any, **kwargs: Any) -> Any:
            if threading.get_ident() != loader:
                return build(*args, **kwargs)
            return {}

        utils.get_split_optimizer = no_optimizer
        try:
            yield
        finally:
            utils.get_split_optimizer = build


class Attachment:
    """The fast paths bound to one pipeline's objects: what was set where, and the side objects holding caches."""

    def __init__(self) -> None:
        self.bound: list[tuple[Any, str]] = []
        self.parsers: list[Any] = []  # depparse.GraphPredict per parser model
        self.taggers: list[Any] = []  # tagger.TaggerForward per tagger model
        self.vocabs: list[Any] = []  # vocab.VocabPaths per vocabulary

    def bind(self, obj: Any, name: str, value: Any) -> None:
        setattr(obj, name, value)  # an instance attribute: the class keeps stanza's method
        self.bound.append((obj, name))

    def undo(self) -> None:
        for obj, name in reversed(self.bound):
            if name in vars(obj):
                delattr(obj, name)
        self.bound.clear()


def _vocabularies(processor: Any) -> list[Any]:
    """The word and tag tables a tagger or parser processor maps its input with (its own and its pretrain's)."""
    found: list[Any] = []
    trainer = getattr(processor, "trainer", None)
    vocab = getattr(trainer, "vocab", None)
    if vocab is not None and hasattr(vocab, "keys"):
        found.extend(vocab[key] for key in vocab.keys())
    pretrain = getattr(processor, "_pretrain", None)
    if pretrain is not None and getattr(pretrain, "vocab", None) is not None:
        found.append(pretrain.vocab)
    return found


def attach(pipeline: Any) -> Attachment | None:
    """Bind the fast paths to this pipeline's tagger and parser objects (idempotent).

    Returns the :class:`Attachment`, or None when the installed stanza or
    these models do not fit (then nothing is changed, and a warning naming
    the stanza version says so once per process).
    """
    if pipeline in _ATTACHED:
        return _ATTACHED[pipeline]
    reason = unsupported()
    processors = dict(getattr(pipeline, "processors", {}) or {})
    parsers: list[Any] = []
    taggers: list[Any] = []
    if reason is None:
        from quotes.fastparse import depparse, recurrent, tagger

        # each model, where its fast paths are checked, its encoder, and the method that calls the encoder
        for name, found, fits, encoder, caller in (("depparse", parsers, depparse.fits, "parserlstm", "embed"),
                                                   ("pos", taggers, tagger.fits, "taggerlstm", "forward")):
            model = getattr(getattr(processors.get(name), "trainer", None), "model", None)
            if model is None:
                continue
            why = (fits(model) or recurrent.fits_highway(getattr(model, encoder, None), [getattr(type(model), caller)])
                   or recurrent.fits_characters(getattr(model, "charmodel", None)))
            if why:
                reason = f"stanza {stanza_version()}: {why}"
                break
            found.append(model)
    if reason is not None:
        _warn_once(reason)
        return None
    from quotes.fastparse.depparse import GraphPredict
    from quotes.fastparse.recurrent import Characters, Highway
    from quotes.fastparse.tagger import TaggerForward
    from quotes.fastparse.vocab import VocabPaths, stanza_lookups

    lookups = stanza_lookups()
    attachment = Attachment()
    for model in parsers:
        fast = GraphPredict(model)
        attachment.parsers.append(fast)
        attachment.bind(model, "predict", fast)
    for model in taggers:
        forward = TaggerForward(model)
        attachment.taggers.append(forward)
        attachment.bind(model, "forward", forward)
    for model, encoder in [(m, m.parserlstm) for m in parsers] + [(m, m.taggerlstm) for m in taggers]:
        attachment.bind(encoder, "forward", Highway(encoder))
        attachment.bind(model.charmodel, "forward", Characters(model.charmodel))
    seen: set[int] = set()
    for name in ("pos", "depparse"):
        for vocab in _vocabularies(processors.get(name)):
            if id(vocab) in seen:
                continue
            seen.add(id(vocab))
            paths = VocabPaths(vocab, lookups)
            attachment.vocabs.append(paths)
            if paths.speeds_map:
                attachment.bind(vocab, "map", paths.map)
            if paths.composite and type(vocab).id2unit is lookups["composite_id2unit"]:
                attachment.bind(vocab, "id2unit", paths.id2unit)
    _ATTACHED[pipeline] = attachment
    return attachment


def attached(pipeline: Any) -> bool:
    """Does this pipeline run with the fast paths?"""
    return pipeline in _ATTACHED


def detach(pipeline: Any) -> None:
    """Give this pipeline's objects stanza's own code back (for comparisons in tests and benchmarks)."""
    attachment = _ATTACHED.pop(pipeline, None)
    if attachment is not None:
        attachment.undo()


@contextlib.contextmanager
def detached(pipeline: Any) -> Iterator[None]:
    """Run this pipeline with stanza's own code inside the block, with the fast paths again after it (if it had
    them)."""
    had = attached(pipeline)
    detach(pipeline)
    try:
        yield
    finally:
        if had:
            attach(pipeline)
