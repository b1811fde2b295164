"""The tagger's ``forward`` with its tag classifiers read off a table per UPOS tag (see :mod:`quotes.fastparse`).

Stanza's tagger predicts UPOS first, then XPOS and each of the 21 feature
columns with a biaffine classifier whose second input is the embedding of
the predicted UPOS: for word *i* and class *o*,
``score[o] = [h_i; 1]ᵀ W_o [e(u_i); 1] + b_o``. That costs
``(hidden + 1) x (embedding + 1)`` multiplications per class and word, about
a million per word over all columns, and it was a third of the tagger's
time. The second input takes one of only 21 values, so
``M_u[o] = W_o [e(u); 1]`` is computed once per UPOS tag when the model is
bound, and each word's scores are one product ``M_{u_i} [h_i; 1]``: 50
times fewer multiplications. The sums are the same ones in another order,
so scores can differ in the last bits of a float; the tags are compared
with stanza's on whole PolNeAR articles in ``tests/test_fastparse.py`` and
on the 171 benchmark documents (zero differences; see benchmarks/README.md).

Everything else repeats stanza's ``forward`` at inference (dropout layers
are called as stanza calls them; they do nothing in eval mode). A model
that is not laid out this way (a charlm or transformer input, hidden-layer
links between columns, a column with other parents) keeps stanza's code:
:func:`fits` says why.
"""

from __future__ import annotations

from typing import Any

TAG_EMB_LINK = "tag_emb"


def fits(model: Any) -> str | None:
    """Why this tagger does not compute its scores the way :class:`TaggerForward` repeats; None when it does."""
    from stanza.models.common.biaffine import BiaffineScorer

    args = getattr(model, "args", None)
    if args is None or not hasattr(model, "taggerlstm") or not hasattr(model, "upos_clf"):
        return f"{type(model).__name__} is not stanza's tagger"
    if args.get("charlm") or getattr(model, "bert_model", None) is not None:
        return "the tagger reads a character language model or a transformer"
    if getattr(model, "share_hid", True) or getattr(model, "link_mode", None) != TAG_EMB_LINK:
        return "the tagger's columns share a hidden layer or are linked by hidden layers"
    names = list(getattr(model, "tag_names", ()))
    if not names or names[0] != "upos" or list(getattr(model, "eval_order", ())) != names[1:]:
        return "the tagger's columns are not UPOS and columns conditioned on it"
    for name in names[1:]:
        if tuple(model.column_parents.get(name, ())) != ("upos",):
            return f"the tagger's column {name} is not conditioned on UPOS alone"
        clf = model.tag_clf[name]
        for scorer in (clf if hasattr(clf, "__len__") else [clf]):
            if type(scorer) is not BiaffineScorer:
                return f"the tagger's column {name} is not a biaffine classifier"
    return None


class TaggerForward:
    """stanza's tagger ``forward`` at inference for one model, its conditioned classifiers read off per-UPOS
    tables."""

    def __init__(self, model: Any) -> None:
        import torch

        self.model = model
        self.original = type(model).forward.__get__(model)
        with torch.no_grad():
            emb = model.upos_emb.weight
            parent = torch.cat([emb, emb.new_ones(emb.size(0), 1)], 1)  # [e(u); 1] for every UPOS id u
            # per column: the tables of all its classifiers side by side (UPOS x classes x hidden+1), the biases,
            # and where each classifier's classes start and end
            self.tables: dict[str, tuple[Any, Any, list[tuple[int, int]]]] = {}
            for name in model.eval_order:
                clf = model.tag_clf[name]
                scorers = list(clf) if hasattr(clf, "__len__") else [clf]
                weights = torch.cat([s.W_bilin.weight for s in scorers], 0)  # classes x hidden+1 x parent+1
                bias = torch.cat([s.W_bilin.bias for s in scorers], 0)
                table = torch.einsum("oij,uj->uoi", weights, parent).contiguous()
                bounds, start = [], 0
                for s in scorers:
                    bounds.append((start, start + s.W_bilin.weight.size(0)))
                    start = bounds[-1][1]
                self.tables[name] = (table, bias, bounds)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.model.training:
            return self.original(*args, **kwargs)
        return forward(self, *args, **kwargs)


def _conditioned(table: Any, bias: Any, hidden: Any, upos: Any) -> Any:
    """Scores of all classes of a column for each word: ``table[upos_i] @ [hidden_i; 1] + bias``."""
    import torch

    rows = torch.cat([hidden, hidden.new_ones(hidden.size(0), 1)], 1)
    out = hidden.new_empty(hidden.size(0), table.size(1))
    for u in torch.unique(upos).tolist():
        where = (upos == u).nonzero(as_tuple=True)[0]
        out[where] = rows[where] @ table[u].t()
    return out + bias


def forward(fast: TaggerForward, word: Any, word_mask: Any, wordchars: Any, wordchars_mask: Any, tags: Any,
            pretrained: Any, word_orig_idx: Any, sentlens: Any, wordlens: Any, text: Any) -> Any:
    """stanza's ``forward`` with no gold tags: (0.0, one padded tensor of predicted ids per column)."""
    import torch
    import torch.nn.functional as F
    from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

    model = fast.model
    args = model.args

    def pack(x: Any) -> Any:
        return pack_padded_sequence(x, sentlens, batch_first=True)

    inputs = []
    if args["word_emb_dim"] > 0:
        inputs.append(pack(model.word_emb(word)))
    if args["pretrain"]:
        inputs.append(pack(model.trans_pretrained(model.pretrained_emb(pretrained))))
    if args["char"] and args["char_emb_dim"] > 0:
        chars = model.charmodel(wordchars, wordchars_mask, word_orig_idx, sentlens, wordlens)
        inputs.append(PackedSequence(model.trans_char(model.drop(chars.data)), chars.batch_sizes))
    sizes = inputs[0].batch_sizes

    def pad(x: Any) -> Any:
        return pad_packed_sequence(PackedSequence(x, sizes), batch_first=True)[0]

    lstm_inputs = model.drop(model.worddrop(torch.cat([x.data for x in inputs], 1), model.drop_replacement))
    layers, hidden_dim = 2 * args["num_layers"], args["hidden_dim"]
    state = (model.taggerlstm_h_init.expand(layers, word.size(0), hidden_dim).contiguous(),
             model.taggerlstm_c_init.expand(layers, word.size(0), hidden_dim).contiguous())
    lstm_outputs = model.taggerlstm(PackedSequence(lstm_inputs, sizes), sentlens, hx=state)[0].data

    upos_scores = model.upos_clf(model.drop(F.relu(model.upos_hid(model.drop(lstm_outputs)))))
    upos = upos_scores.max(1)[1]
    predictions = {"upos": pad(upos_scores).max(2)[1]}
    for name in model.eval_order:
        hid = F.relu(model.tag_hid[name](model.drop(lstm_outputs)))
        table, bias, bounds = fast.tables[name]
        scores = _conditioned(table, bias, model.drop(hid), upos)
        clf = model.tag_clf[name]
        if hasattr(clf, "__len__"):
            predictions[name] = torch.cat([pad(scores[:, a:b]).max(2, keepdim=True)[1] for a, b in bounds], 2)
        else:
            predictions[name] = pad(scores).max(2)[1]
    return 0.0, [predictions[name] for name in model.tag_names]
