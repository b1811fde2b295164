"""The tagger's and parser's LSTMs on padded batches, where torch runs its fused oneDNN kernel (see
:mod:`quotes.fastparse`).

Stanza feeds its LSTMs packed sequences. On a CPU torch runs a packed
LSTM one time step at a time in its own loop; a padded batch goes to
oneDNN's fused LSTM, which is faster as long as little of the batch is
padding. So sentences run in groups of similar length (the shortest at
least 70 % of the longest), and what each path is worth is measured by
``benchmarks/studies/fastparse_paths.py``. Padding is harmless to
a forward LSTM: the output at a word depends only on the words before it,
and positions after a sentence's end are cut away. A backward LSTM reads
the padding first, so each sentence is reversed within its own length, run
forward with the backward weights, and reversed back. The outputs equal
stanza's to about 1e-6 (another kernel sums in another order);
``tests/test_fastparse.py`` compares tags, heads and labels with stanza's
own code.

Three modules are replaced, per instance, for inference only:

* :class:`Highway`: stanza's ``HighwayLSTM`` (the tagger's and parser's
  sentence encoders), the same highway sums on the packed data, each layer's
  bidirectional LSTM run as above. It returns no final states: stanza's
  tagger and parser never read them (:func:`fits_highway` checks the callers'
  source; otherwise stanza's module runs).
* :class:`Characters`: stanza's ``CharacterModel`` with attention (a word's
  vector is the attention-weighted sum of its characters' LSTM outputs),
  run once per distinct spelling in a batch: "the" and "," are read once,
  not once per occurrence.
"""

from __future__ import annotations

import inspect
import os
from typing import Any

from quotes.fastparse.runtime import GROUP_RATIO  # a group's shortest sequence: at least this share of its longest

# oneDNN keeps a compiled kernel per input shape, 1,024 by default; sentence groups come in many shapes, so
# over a long run the cache grew a worker from 0.52 to 0.78 GB (250 documents) and kept growing. 16 kernels
# kept the speed (benchmarks/README.md, "Second round"). Read when oneDNN first builds a kernel; a value
# set by the user wins.
os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "16")


def _directions(lstm: Any) -> list[Any]:
    """One single-direction ``nn.LSTM`` per direction, sharing the weights of this one-layer LSTM."""
    import torch

    out = []
    for suffix in ("", "_reverse")[: 2 if lstm.bidirectional else 1]:
        single = torch.nn.LSTM(lstm.input_size, lstm.hidden_size, num_layers=1, bias=lstm.bias, batch_first=True)
        single.eval()
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            if hasattr(lstm, f"{name}_l0{suffix}"):
                setattr(single, f"{name}_l0", getattr(lstm, f"{name}_l0{suffix}"))
        single.flatten_parameters()
        out.append(single)
    return out


def reversal(lengths: Any, width: int) -> Any:
    """For each sequence, the index that reverses its first ``length`` positions and keeps the rest (B x width)."""
    import torch

    lengths = torch.as_tensor(lengths, dtype=torch.long).view(-1, 1)
    positions = torch.arange(width, dtype=torch.long).view(1, -1)
    return torch.where(positions < lengths, lengths - 1 - positions, positions)


def bidirectional(directions: list[Any], padded: Any, lengths: Any, state: tuple[Any, Any] | None) -> Any:
    """Outputs of a one-layer LSTM (one or two directions) over a padded batch (B x T x D) -> B x T x (dirs * H).

    ``state``: initial (h, c), each (directions x B x H), as stanza passes them. The sequences are run in
    groups of similar length (:func:`groups`), so that padding costs little. Positions past a sequence's
    end hold anything: the caller drops them.
    """
    import torch

    lengths = torch.as_tensor(lengths, dtype=torch.long).cpu()
    hidden = directions[0].hidden_size * len(directions)
    out = padded.new_zeros(padded.size(0), padded.size(1), hidden)
    for rows in groups(lengths):
        width = int(lengths[rows].max())
        index = rows.to(padded.device)
        part_state = None if state is None else (state[0][:, index], state[1][:, index])
        out[index, :width] = _run(directions, padded[index, :width], lengths[rows], part_state)
    return out




def groups(lengths: Any) -> list[Any]:
    """Indices of the sequences in groups of similar length (longest first): padding to a group's longest
    sequence wastes at most 30 % of its LSTM steps, where one batch of sentences from 1 to 100 words long
    would waste three quarters."""
    import torch

    order = torch.argsort(lengths, descending=True, stable=True)
    ordered = lengths[order].tolist()
    out, start = [], 0
    while start < len(ordered):
        end = start + 1
        while end < len(ordered) and ordered[end] >= GROUP_RATIO * ordered[start]:
            end += 1
        out.append(order[start:end])
        start = end
    return out


def _run(directions: list[Any], padded: Any, lengths: Any, state: tuple[Any, Any] | None) -> Any:
    """:func:`bidirectional` for one group."""
    import torch

    outs = []
    for d, lstm in enumerate(directions):
        init = None if state is None else (state[0][d:d + 1].contiguous(), state[1][d:d + 1].contiguous())
        if d == 0:
            outs.append(lstm(padded, init)[0])
        else:
            gather = reversal(lengths, padded.size(1)).to(padded.device).unsqueeze(2)
            flipped = torch.gather(padded, 1, gather.expand(-1, -1, padded.size(2)))
            back = lstm(flipped, init)[0]
            outs.append(torch.gather(back, 1, gather.expand(-1, -1, back.size(2))))
    return outs[0] if len(outs) == 1 else torch.cat(outs, 2)


class Highway:
    """stanza's ``HighwayLSTM.forward`` at inference for one module, on padded batches."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self.original = type(module).forward.__get__(module)
        self.layers = [_directions(packed.lstm) for packed in module.lstm]

    def __call__(self, input: Any, seqlens: Any, hx: Any = None) -> Any:
        import torch
        from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

        module = self.module
        if module.training or not isinstance(input, PackedSequence) or input.sorted_indices is not None:
            return self.original(input, seqlens, hx)
        identity = (lambda x: x) if module.highway_func is None else module.highway_func
        dirs = module.num_directions
        lengths = torch.as_tensor(seqlens, dtype=torch.long).cpu()
        for n, directions in enumerate(self.layers):
            if n > 0:
                input = PackedSequence(module.drop(input.data), input.batch_sizes)
            state = None if hx is None else (hx[0][n * dirs:(n + 1) * dirs], hx[1][n * dirs:(n + 1) * dirs])
            padded = pad_packed_sequence(input, batch_first=True)[0]
            out = bidirectional(directions, padded, lengths, state)
            h = pack_padded_sequence(out, lengths, batch_first=True).data
            data = input.data
            input = PackedSequence(h + torch.sigmoid(module.gate[n](data)) * identity(module.highway[n](data)),
                                   input.batch_sizes)
        if module.pad:
            input = pad_packed_sequence(input, batch_first=module.batch_first)[0]
        return input, None


class Characters:
    """stanza's ``CharacterModel.forward`` (with attention) at inference for one module: each distinct spelling of
    the batch once, its LSTM on padded batches."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self.original = type(module).forward.__get__(module)
        self.directions = _directions(module.charlstm.lstm)

    def __call__(self, chars: Any, chars_mask: Any, word_orig_idx: Any, sentlens: Any, wordlens: Any) -> Any:
        import torch
        from stanza.models.common.utils import tensor_unsort
        from torch.nn.utils.rnn import pack_sequence, pad_packed_sequence

        module = self.module
        if module.training:
            return self.original(chars, chars_mask, word_orig_idx, sentlens, wordlens)
        spellings, which = torch.unique(chars, dim=0, return_inverse=True)
        lengths = (spellings != 0).sum(1)  # the padding id is 0, as in stanza's char_emb (padding_idx=0)
        embs = module.dropout(module.char_emb(spellings))
        size = module.num_dir * module.args["char_num_layers"]
        state = (module.charlstm_h_init.expand(size, spellings.size(0), module.args["char_hidden_dim"]).contiguous(),
                 module.charlstm_c_init.expand(size, spellings.size(0), module.args["char_hidden_dim"]).contiguous())
        out = bidirectional(self.directions, embs, lengths.cpu(), state)
        live = (torch.arange(out.size(1), device=out.device).view(1, -1) < lengths.view(-1, 1)).unsqueeze(2)
        out = out * live  # zeros past each word's end, as stanza's padding gives
        weights = torch.sigmoid(module.char_attn(module.dropout(out)))
        res = (out * weights).sum(1)[which]
        res = tensor_unsort(res, word_orig_idx)
        res = pack_sequence(res.split(sentlens))
        if module.pad:
            res = pad_packed_sequence(res, batch_first=True)[0]
        return res


def fits_highway(module: Any, callers: list[Any]) -> str | None:
    """Why :class:`Highway` cannot stand in for this module; None when it can."""
    from stanza.models.common.hlstm import HighwayLSTM
    from stanza.models.common.packed_lstm import PackedLSTM

    if type(module) is not HighwayLSTM:
        return f"the encoder is a {type(module).__name__}, not stanza's HighwayLSTM"
    for packed in module.lstm:
        lstm: Any = getattr(packed, "lstm", None)
        if type(packed) is not PackedLSTM or type(lstm).__name__ != "LSTM" or lstm.num_layers != 1:
            return "the encoder's layers are not one-layer torch LSTMs (recurrent dropout?)"
    for caller in callers:
        source = inspect.getsource(caller)
        if "lstm_outputs, _ = self." not in source:
            return f"{caller.__qualname__} may read the encoder's final states"
    return None


def fits_characters(module: Any) -> str | None:
    """Why :class:`Characters` cannot stand in for this module; None when it can."""
    from stanza.models.common.char_model import CharacterModel
    from stanza.models.common.packed_lstm import PackedLSTM

    if type(module) is not CharacterModel:
        return f"the character model is a {type(module).__name__}"
    if not module.attn:
        return "the character model reads final states, not attention"
    lstm: Any = getattr(module.charlstm, "lstm", None)
    if type(module.charlstm) is not PackedLSTM or type(lstm).__name__ != "LSTM" or lstm.num_layers != 1:
        return "the character LSTM is not a one-layer torch LSTM"
    if module.char_emb.padding_idx != 0:
        return "the character padding id is not 0"
    return None
