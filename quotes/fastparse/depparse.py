"""The parser's ``predict`` with labels scored for the decoded arcs only (see :mod:`quotes.fastparse`).

:class:`GraphPredict` is bound to one loaded ``GraphParser`` instance
(``model.predict``); it reads ``predict``'s inputs by the names of stanza's
own signature, never by position, and falls back to the model's own
``predict`` when a call does not bind to them.
"""

from __future__ import annotations

import inspect
from typing import Any

from quotes.fastparse.decode import one_root_tree

# What predict must accept (by name) for GraphPredict to compute what it computes.
NEEDED = ("word", "head", "sentlens")


def fits(model: Any) -> str | None:
    """Why this parser does not compute its scores the way :class:`GraphPredict` repeats; None when it does."""
    from stanza.models.common.biaffine import DeepBiaffineScorer, PairwiseBiaffineScorer

    deprel = getattr(model, "deprel", None)
    if not (hasattr(model, "embed") and hasattr(model, "drop") and hasattr(model, "args")):
        return f"{type(model).__name__} has no embed, drop or args"
    if model.args.get("use_arc_embedding"):
        return "the parser uses arc embeddings"
    if not (isinstance(getattr(model, "unlabeled", None), DeepBiaffineScorer) and isinstance(deprel, DeepBiaffineScorer)
            and isinstance(deprel.scorer, PairwiseBiaffineScorer)):
        return "the parser's scorers are not stanza's biaffine scorers"
    predict = inspect.signature(type(model).predict).parameters
    embed = inspect.signature(model.embed).parameters
    missing = [n for n in (*NEEDED, "resolve_head_constraints", *embed) if n not in predict]
    if missing:
        return f"{type(model).__name__}.predict takes no {', '.join(missing)}"
    return None


class GraphPredict:
    """stanza's ``GraphParser.predict`` for one model, with labels scored for the decoded arcs only."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.original = type(model).predict.__get__(model)  # the class's own method, bound to this model
        self.signature = inspect.signature(self.original)
        self.embed_names = tuple(inspect.signature(model.embed).parameters)

    def __call__(self, *args: Any, **kwargs: Any) -> list[Any]:
        try:
            named = self.signature.bind(*args, **kwargs).arguments
        except TypeError:
            return self.original(*args, **kwargs)  # not a call this version makes: stanza decides
        return predict(self.model, named, self.embed_names, repair=bool(named.get("resolve_head_constraints")))


def _arc_scores(model: Any, named: dict[str, Any], embed_names: tuple[str, ...]) -> tuple[Any, Any]:
    """The encoder's outputs and the unlabeled arc scores, as stanza's ``forward_scores`` computes them."""
    import torch
    import torch.nn.functional as F

    word, head = named["word"], named["head"]
    lstm = model.embed(**{name: named[name] for name in embed_names})
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


def _labels_at(model: Any, lstm: Any, trees: list[Any]) -> list[list[int]]:
    """The best label id of each arc (word j, trees[i][j]) of each sentence i, words 1.. only.

    Only the words of each sentence are scored, never the padding of the
    batch or the root position: one bilinear product per word.
    """
    import torch
    import torch.nn.functional as F

    scorer = model.deprel
    width = lstm.size(1)
    sentence = torch.cat([torch.full((len(t) - 1,), i, dtype=torch.long) for i, t in enumerate(trees)])
    position = torch.cat([torch.arange(1, len(t), dtype=torch.long) for t in trees])
    head = torch.cat([torch.as_tensor(t[1:], dtype=torch.long) for t in trees])
    flat = model.drop(lstm).reshape(-1, lstm.size(2))
    device = lstm.device
    words = flat[(sentence * width + position).to(device)]
    heads = flat[(sentence * width + head).to(device)]
    dep = scorer.dropout(scorer.hidden_func(scorer.W1(words)))
    hd = scorer.dropout(scorer.hidden_func(scorer.W2(heads)))
    dep = torch.cat([dep, dep.new_ones(dep.size(0), 1)], -1)
    hd = torch.cat([hd, hd.new_ones(hd.size(0), 1)], -1)
    bilinear = scorer.scorer.W_bilin
    best = F.bilinear(dep, hd, bilinear.weight.permute(2, 0, 1), bilinear.bias).argmax(1).tolist()
    out, start = [], 0
    for t in trees:
        out.append(best[start:start + len(t) - 1])
        start += len(t) - 1
    return out


def predict(model: Any, named: dict[str, Any], embed_names: tuple[str, ...], *, repair: bool = False) -> list[Any]:
    """Heads and labels of a batch: the trees first, then the labels of the chosen arcs (see the package)."""
    import torch
    import torch.nn.functional as F
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE

    sentlens = named["sentlens"]
    vocab = model.vocab["deprel"]
    lstm, unlabeled = _arc_scores(model, named, embed_names)
    log_probs = F.log_softmax(unlabeled, 2).detach().cpu().numpy()
    trees = [one_root_tree(log_probs[i][:n, :n]) for i, n in enumerate(sentlens)]
    labels = _labels_at(model, lstm, trees)
    out = []
    for i, (n, tree) in enumerate(zip(sentlens, trees)):
        raw = labels[i]
        if repair:
            tree, raw = repaired(model, lstm[i:i + 1], log_probs[i][:n, :n], tree, raw, vocab)
        deprels = vocab.unmap([r + VOCAB_PREFIX_SIZE for r in raw])
        out.append([[int(tree[j + 1]), deprels[j]] for j in range(n - 1)])
    return out


def repaired(model: Any, lstm: Any, scores: Any, tree: Any, raw: list[int], vocab: Any) -> tuple[Any, list[int]]:
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
