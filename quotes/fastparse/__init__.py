"""Faster inference paths inside stanza's tagger and parser: the same trees and labels, less work.

Profiling stanza's part of a run (90 % of it) showed costs that inference
does not need. Each replacement below computes what stanza computes and is
checked against stanza's own code in ``tests/test_parse.py``:

* **Optimizers at load time.** The tagger builds an Adam optimizer when it
  loads; constructing one imports ``torch._dynamo`` (2.1 of the 3.5 s that
  loading took). :func:`loading` makes them empty while the pipeline loads.
* **Cycle search.** The tree decoder (Chu-Liu-Edmonds) looks for cycles with
  a general Tarjan search that calls numpy once per word; a head array has
  one head per word, so walking the heads finds the same cycles
  (:func:`functional_cycles`).
* **One root.** To keep one word on the root, the decoder contracted the
  sentence into one node, about one contraction per word;
  :func:`one_root_tree` first decodes the scores as they are and keeps that
  tree when it has one root word, as it has in most sentences.
* **Contraction.** Each contracted cycle built its smaller score matrix with
  ``np.pad``, a third of the decoder's time; :func:`process_cycle` fills a
  zeroed matrix with the same values.
* **Labels for every pair of words.** The parser scored all 51 labels for
  every (word, head) pair of a batch, N x L x L x 51 scores, though only the
  pair the decoder picks is read. :func:`graph_predict` decodes the heads
  first and scores the labels of the chosen arcs only (a third of the
  label scorer's work); the full table is built, one sentence at a time,
  only for the sentences whose labels break a head constraint (two subjects
  or two objects on one head), which stanza's repair step needs.
* **Word and tag tables.** Mapping words and characters to ids went through
  two method calls per character, and each word's features were rebuilt
  into a string feature by feature; :func:`vocab_map` looks them up in one
  pass and :func:`composite_id2unit` remembers the strings it built.

:func:`install` puts these in place once per process; models or decoders
that do not look as expected keep stanza's own code.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

_ORIGINAL: dict[str, Any] = {}
_STANZA: dict[str, Any] = {}  # stanza's own vocabulary lookups, read by vocab_map (set by install())


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """While stanza's pipeline loads, its trainers build no optimizers (inference never reads them)."""
    from stanza.models.common import utils

    build = getattr(utils, "get_split_optimizer", None)
    if build is None:  # another stanza version: nothing to skip
        yield
        return
    utils.get_split_optimizer = lambda *args, **kwargs: {}
    try:
        yield
    finally:
        utils.get_split_optimizer = build


def functional_cycles(tree: Any) -> list[Any]:
    """The cycles of a head array (every node has one head): stanza's ``tarjan`` answer in linear time.

    In a graph where each node has exactly one outgoing edge the strongly
    connected components of more than one node are exactly the cycles, which
    a walk along the heads finds directly. The maximum spanning tree the
    decoder returns does not depend on which cycle it contracts first.
    """
    import numpy as np

    heads = tree.tolist()
    n = len(heads)
    state = [0] * n  # 0 unseen, 1 on the current walk, 2 done
    cycles = []
    for start in range(n):
        path = []
        node = start
        while state[node] == 0:
            state[node] = 1
            path.append(node)
            node = heads[node]
        if state[node] == 1:
            loop = path[path.index(node):]
            if len(loop) > 1:
                mask = np.zeros(n, dtype=bool)
                mask[loop] = True
                cycles.append(mask)
        for visited in path:
            state[visited] = 2
    return cycles


def process_cycle(tree: Any, cycle: Any, scores: Any) -> tuple[Any, Any, Any, Any, Any]:
    """Contract one cycle of the decoder's tree: stanza's ``process_cycle`` values, without ``np.pad``.

    Returns the scores of the graph with the cycle as one node (last row and
    column), the cycle's and the other nodes' positions, and for the new
    node its best head among the others and its best dependent in the cycle
    for each other node.
    """
    import numpy as np

    cycle_locs = np.flatnonzero(cycle)
    cycle_scores = scores[cycle, tree[cycle]]
    cycle_score = cycle_scores.sum()
    noncycle = np.logical_not(cycle)
    noncycle_locs = np.flatnonzero(noncycle)
    head_scores = scores[cycle][:, noncycle] - cycle_scores[:, None] + cycle_score
    dep_scores = scores[noncycle][:, cycle]
    heads = np.argmax(head_scores, axis=0)
    deps = np.argmax(dep_scores, axis=1)
    n = len(noncycle_locs)
    sub = np.zeros((n + 1, n + 1), dtype=scores.dtype)
    sub[:n, :n] = scores[np.ix_(noncycle_locs, noncycle_locs)]
    rows = np.arange(n)
    sub[-1, :-1] = head_scores[heads, rows]
    sub[:-1, -1] = dep_scores[rows, deps]
    return sub, cycle_locs, noncycle_locs, heads, deps


def one_root_tree(scores: Any) -> Any:
    """The best tree with one word on the root: stanza's ``chuliu_edmonds_one_root``, usually without its detour.

    Stanza makes every arc from the root so costly that the decoder must
    contract the sentence, two words at a time, into one node before it may
    use one: about one contraction per word. Adding the same cost to every
    root arc shifts the score of every one-root tree alike, so the tree it
    finds is the best one-root tree. When the best tree of all, found with
    the scores as they are (few cycles, few contractions), already has one
    word on the root, it is that tree; only otherwise is stanza's search run.
    """
    import numpy as np
    from stanza.models.common import chuliu_edmonds

    tree = chuliu_edmonds.chuliu_edmonds(scores.astype(np.float64))
    if np.count_nonzero(tree[1:] == 0) == 1:
        return tree
    return chuliu_edmonds.chuliu_edmonds_one_root(scores)


def _graph_parser_fits(model: Any) -> bool:
    """Does this parser compute its scores the way :func:`graph_predict` repeats?"""
    from stanza.models.common.biaffine import DeepBiaffineScorer, PairwiseBiaffineScorer

    deprel = getattr(model, "deprel", None)
    return (
        hasattr(model, "embed") and hasattr(model, "drop")
        and not model.args.get("use_arc_embedding")
        and isinstance(getattr(model, "unlabeled", None), DeepBiaffineScorer)
        and isinstance(deprel, DeepBiaffineScorer)
        and isinstance(deprel.scorer, PairwiseBiaffineScorer)
    )


def _arc_scores(model: Any, inputs: tuple[Any, ...]) -> tuple[Any, Any]:
    """The encoder's outputs and the unlabeled arc scores, as stanza's ``forward_scores`` computes them."""
    import torch
    import torch.nn.functional as F

    word, head = inputs[0], inputs[9]
    lstm = model.embed(*inputs)
    unlabeled = model.unlabeled(model.drop(lstm), model.drop(lstm)).squeeze(3)
    if model.args.get("linearization") or model.args.get("distance"):
        positions = torch.arange(word.size(1), device=head.device)
        offset = (positions.view(1, 1, -1).expand(word.size(0), -1, -1)
                  - positions.view(1, -1, 1).expand(word.size(0), -1, -1))
    if model.args.get("linearization"):
        lin = model.linearization(model.drop(lstm), model.drop(lstm)).squeeze(3)
        unlabeled += F.logsigmoid(lin * torch.sign(offset).float()).detach()
    if model.args.get("distance"):
        dist = model.distance(model.drop(lstm), model.drop(lstm)).squeeze(3)
        unlabeled += (-torch.log((offset.abs().float() - (1 + F.softplus(dist))) ** 2 / 2 + 1)).detach()
    diag = torch.eye(head.size(-1) + 1, dtype=torch.bool, device=head.device).unsqueeze(0)
    unlabeled.masked_fill_(diag, -float("inf"))
    return lstm, unlabeled


def _labels_at(model: Any, lstm: Any, heads: Any) -> Any:
    """Label scores of the arcs (word i, heads[n, i]) only: N x L x labels."""
    import torch
    import torch.nn.functional as F

    scorer = model.deprel
    dep = scorer.dropout(scorer.hidden_func(scorer.W1(model.drop(lstm))))
    hd = scorer.dropout(scorer.hidden_func(scorer.W2(model.drop(lstm))))
    dep = torch.cat([dep, dep.new_ones(*dep.shape[:-1], 1)], -1)
    hd = torch.cat([hd, hd.new_ones(*hd.shape[:-1], 1)], -1)
    at_head = torch.gather(hd, 1, heads.unsqueeze(2).expand(-1, -1, hd.size(2)))
    bilinear = scorer.scorer.W_bilin
    weight = bilinear.weight.permute(2, 0, 1)
    flat = F.bilinear(dep.reshape(-1, dep.size(2)), at_head.reshape(-1, hd.size(2)), weight, bilinear.bias)
    return flat.view(dep.size(0), dep.size(1), -1)


def graph_predict(self: Any, *inputs: Any, resolve_head_constraints: bool = False) -> list[Any]:
    """stanza's ``GraphParser.predict`` with labels scored for the decoded arcs only (see the module)."""
    import torch
    import torch.nn.functional as F
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE

    if not _graph_parser_fits(self) or len(inputs) != 15:
        return _ORIGINAL["predict"](self, *inputs, resolve_head_constraints=resolve_head_constraints)
    sentlens = inputs[12]
    vocab = self.vocab["deprel"]
    lstm, unlabeled = _arc_scores(self, inputs)
    log_probs = F.log_softmax(unlabeled, 2).detach().cpu().numpy()
    trees = [one_root_tree(log_probs[i][:n, :n]) for i, n in enumerate(sentlens)]
    heads = torch.zeros(unlabeled.shape[:2], dtype=torch.long, device=unlabeled.device)
    for i, tree in enumerate(trees):
        heads[i, :len(tree)] = torch.as_tensor(tree, dtype=torch.long)
    labels = _labels_at(self, lstm, heads).argmax(2).cpu().numpy()
    out = []
    for i, (n, tree) in enumerate(zip(sentlens, trees)):
        raw = [int(r) for r in labels[i][1:n]]
        if resolve_head_constraints:
            tree, raw = _repaired(self, lstm[i:i + 1], log_probs[i][:n, :n], tree, raw, vocab)
        deprels = vocab.unmap([r + VOCAB_PREFIX_SIZE for r in raw])
        out.append([[int(tree[j + 1]), deprels[j]] for j in range(n - 1)])
    return out


def _repaired(model: Any, lstm: Any, scores: Any, tree: Any, raw: list[int], vocab: Any) -> tuple[Any, list[int]]:
    """stanza's head-constraint repair, with the full label table built for this one sentence when it is needed."""
    import torch.nn.functional as F
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
    from stanza.models.depparse.head_constraints import (
        find_head_constraint_violations,
        resolve_head_constraint_violations,
    )

    if not find_head_constraint_violations(tree, vocab.unmap([r + VOCAB_PREFIX_SIZE for r in raw])):
        return tree, raw
    n = scores.shape[0]
    table = model.deprel(model.drop(lstm), model.drop(lstm))
    label_log_probs = F.log_softmax(table, 3).detach().cpu().numpy()[0][:n, :n, :]
    return resolve_head_constraint_violations(scores, label_log_probs, tree, vocab)


def vocab_map(self: Any, units: Any) -> list[Any]:
    """stanza's ``BaseVocab.map`` (units to ids, unknown units to UNK's id), without a method call per unit.

    Plain tables (words, characters, tags) are looked up in one pass; a
    composite table (a tag made of parts, as the features are) remembers the
    ids of each string it has split; a table with a lookup of its own keeps it.
    """
    cls = type(self)
    lookup = cls.unit2id
    if lookup is _STANZA["composite_unit2id"]:
        cache = self.__dict__.setdefault("_quotes_ids", {})
        out = []
        for unit in units:
            ids = cache.get(unit)
            if ids is None:
                ids = cache[unit] = lookup(self, unit)
            out.append(list(ids))  # a fresh list each time: callers may change it
        return out
    plain = lookup is _STANZA["base_unit2id"] or (lookup is _STANZA["word_unit2id"] and not self.ignore)
    if not plain or cls.normalize_unit is not _STANZA["base_normalize"]:
        return [self.unit2id(u) for u in units]
    table = self._unit2id
    unknown = table[_STANZA["unk"]]
    if self.lower:
        return [unknown if u is None else table.get(u.lower(), unknown) for u in units]
    return [table.get(u, unknown) for u in units]


def composite_id2unit(self: Any, ids: Any) -> Any:
    """stanza's ``CompositeVocab.id2unit`` (ids of a tag's parts to the tag's string), remembered per vocabulary."""
    cache = self.__dict__.setdefault("_quotes_units", {})
    try:
        key = tuple(ids)
        found = cache.get(key)
    except TypeError:  # a single id, or ids that cannot be a key: stanza's own code decides
        return _ORIGINAL["id2unit"](self, ids)
    if found is None:
        found = _ORIGINAL["id2unit"](self, ids)
        if not isinstance(found, str):
            return found  # a list (no separator): callers may change it, so it is not shared
        cache[key] = found
    return found


def install() -> None:
    """Put the faster paths in place (once per process; idempotent).

    A stanza whose classes or functions are not where this version keeps
    them gets none of the paths: its own code runs, as without this module.
    """
    try:
        from stanza.models.common import chuliu_edmonds
        from stanza.models.common.vocab import UNK, BaseVocab, CompositeVocab
        from stanza.models.depparse.model import GraphParser
        from stanza.models.pos.vocab import WordVocab

        found = {"predict": GraphParser.predict, "tarjan": chuliu_edmonds.tarjan,
                 "process_cycle": chuliu_edmonds.process_cycle, "map": BaseVocab.map,
                 "id2unit": CompositeVocab.id2unit}
        lookups = {"base_unit2id": BaseVocab.unit2id, "base_normalize": BaseVocab.normalize_unit, "unk": UNK,
                   "word_unit2id": WordVocab.unit2id, "composite_unit2id": CompositeVocab.unit2id}
        for name in ("chuliu_edmonds", "chuliu_edmonds_one_root", "prepare_scores"):
            getattr(chuliu_edmonds, name)
    except (ImportError, AttributeError):
        return
    if "predict" not in _ORIGINAL:
        _ORIGINAL.update(found)
    _STANZA.update(lookups)
    chuliu_edmonds.tarjan = functional_cycles
    chuliu_edmonds.process_cycle = process_cycle
    GraphParser.predict = graph_predict
    BaseVocab.map = vocab_map
    CompositeVocab.id2unit = composite_id2unit


def uninstall() -> None:
    """Give stanza its own code back (for comparisons in tests and benchmarks)."""
    from stanza.models.common import chuliu_edmonds
    from stanza.models.common.vocab import BaseVocab, CompositeVocab
    from stanza.models.depparse.model import GraphParser

    if "predict" in _ORIGINAL:
        chuliu_edmonds.tarjan = _ORIGINAL["tarjan"]
        chuliu_edmonds.process_cycle = _ORIGINAL["process_cycle"]
        GraphParser.predict = _ORIGINAL["predict"]
        BaseVocab.map = _ORIGINAL["map"]
        CompositeVocab.id2unit = _ORIGINAL["id2unit"]
