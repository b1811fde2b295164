"""Tag, lemmatise and parse word lists with a loaded pipeline's own models, without stanza's documents and loaders.

Once the tagger and parser got faster, a fifth of stanza's part of a run
was the plumbing around them: building a ``stanza.Document`` of Word
objects from our words, reading its fields back into lists (twice), the
data loaders re-sorting and padding them one list at a time, and setting
the predictions back onto the Words. :class:`Runtime` feeds the same
models the same ids from plain lists of words, in batches of sentences of
similar length, and returns plain tuples. What each model receives is what
stanza's own input code builds (word and character ids from the same
vocabularies, its punctuation simplification, ROOT at the head of each
parser sentence, the lemma dictionary's rules); ``tests/test_fastparse.py``
compares every field of every word with stanza's pipeline.

The runtime serves only what it was checked on: stanza's graph parser and
tagger as :mod:`quotes.fastparse` binds them, and a dictionary lemmatiser
(``dict_only``). For any other pipeline (stanza's official English
lemmatiser has a neural part) :func:`runtime_for` answers None and the
caller goes through ``stanza.Pipeline.process``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

MAX_BATCH_WORDS = 5000  # what stanza's tagger allows in one batch (batch_maximum_tokens)
# a batch's (and an LSTM group's, quotes.fastparse.recurrent) shortest sentence is at least this share of its longest
GROUP_RATIO = 0.7


class Parsed(NamedTuple):
    """One word's analysis, as the fields of a stanza Word read back (None where stanza stores none)."""

    upos: str | None
    xpos: str | None
    feats: str | None
    lemma: str | None
    head: int  # 1-based, 0 for the root, as stanza writes it
    deprel: str | None


def _null(value: str) -> str | None:
    return None if value is None or value == "_" else value


def runtime_for(pipeline: Any, attachment: Any) -> Runtime | None:
    """A :class:`Runtime` for this pipeline when its fast paths are attached and its lemmatiser is a dictionary."""
    if attachment is None or not attachment.parsers or not attachment.taggers:
        return None
    processors = getattr(pipeline, "processors", {}) or {}
    lemma = processors.get("lemma")
    config = getattr(lemma, "config", {}) or {}
    if lemma is None or getattr(lemma, "use_identity", False) or not config.get("dict_only"):
        return None
    parser = processors.get("depparse")
    if parser is None or getattr(parser, "_variant", None) is not None or parser.trainer.args.get("reversed"):
        return None
    return Runtime(pipeline, attachment)


class Runtime:
    """The tagger, lemmatiser and parser of one pipeline, run on lists of words."""

    def __init__(self, pipeline: Any, attachment: Any) -> None:
        from stanza.models.common.utils import simplify_punct

        self.simplify = simplify_punct
        processors = pipeline.processors
        self.pos, self.lemma, self.dep = processors["pos"], processors["lemma"], processors["depparse"]
        self.tagger_fast = attachment.taggers[0]
        self.parser_fast = attachment.parsers[0]
        self.device = next(self.dep.trainer.model.parameters()).device

    def __call__(self, sentences: Sequence[Sequence[str]]) -> list[list[Parsed]]:
        """Each sentence's words analysed, in input order."""
        import torch

        self.pos.trainer.model.eval()  # as stanza's trainers do before each prediction: no dropout
        self.dep.trainer.model.eval()
        order = sorted(range(len(sentences)), key=lambda i: -len(sentences[i]))
        out: list[list[Parsed]] = [[] for _ in sentences]
        batch: list[int] = []
        size = 0
        with torch.no_grad():
            for i in order:
                n = len(sentences[i])
                # a new batch when this one is full, or when padding to its longest sentence would waste a
                # third (the parser scores every pair of positions: its cost grows with the square)
                if batch and (size + n > MAX_BATCH_WORDS or n < GROUP_RATIO * len(sentences[batch[0]])):
                    self._batch([sentences[k] for k in batch], batch, out)
                    batch, size = [], 0
                batch.append(i)
                size += n
            if batch:
                self._batch([sentences[k] for k in batch], batch, out)
        return out

    def _batch(self, texts: list[Sequence[str]], where: list[int], out: list[list[Parsed]]) -> None:
        words = [[w[0] for w in sent] for sent in self.simplify([[[w] for w in sent] for sent in texts])]
        upos, xpos, feats = self._tag(words)
        lemmas = self._lemmas(texts, upos)
        trees = self._parse(words, upos, xpos, feats, lemmas)
        for k, i in enumerate(where):
            out[i] = [Parsed(_null(u), _null(x), _null(f), self._stored_lemma(t, lemma), head, _null(rel))
                      for t, u, x, f, lemma, (head, rel) in zip(texts[k], upos[k], xpos[k], feats[k], lemmas[k],
                                                                 trees[k])]

    @staticmethod
    def _stored_lemma(text: str, lemma: str) -> str | None:
        return lemma if lemma != "_" or text == "_" else None

    def _tag(self, words: list[list[str]]) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
        import torch

        vocab = self.pos.trainer.vocab
        pretrain = self.pos.pretrain if self.pos.trainer.args.get("pretrain") else None
        word, chars, pretrained, order, wordlens = _ids(words, vocab, pretrain, root=False)
        word, chars, pretrained = word.to(self.device), chars.to(self.device), pretrained.to(self.device)
        lengths = [len(s) for s in words]
        _, preds = self.tagger_fast(word, torch.eq(word, 0), chars, torch.eq(chars, 0), None, pretrained,
                                    order, lengths, wordlens, words)
        columns = []
        for name, pred in zip(self.pos.trainer.model.tag_names, preds):
            rows = pred.tolist()
            columns.append([vocab[name].unmap(rows[i][:n]) for i, n in enumerate(lengths)])
        return columns[0], columns[1], columns[2]

    def _lemmas(self, texts: list[Sequence[str]], upos: list[list[str]]) -> list[list[str]]:
        trainer = self.lemma.trainer
        out = []
        for sent, tags in zip(texts, upos):
            found = trainer.predict_dict([[w, _null(t)] for w, t in zip(sent, tags)])
            out.append([x if x else "_" for x in found])
        return out

    def _parse(self, words: list[list[str]], upos: list[list[str]], xpos: list[list[str]], feats: list[list[str]],
               lemmas: list[list[str]]) -> list[list[tuple[int, str | None]]]:
        import torch
        from stanza.models.common.vocab import CompositeVocab, PAD_ID, ROOT_ID

        from quotes.fastparse.depparse import predict

        vocab = self.dep.trainer.vocab
        pretrain = self.dep.pretrain if self.dep.trainer.args.get("pretrain") else None
        word, chars, pretrained, order, wordlens = _ids(words, vocab, pretrain, root=True)
        lengths = [len(s) + 1 for s in words]
        width = max(lengths)

        def padded(rows: list[list[Any]], fill: Any) -> Any:
            return _padded(rows, fill, width)

        xpos_root: Any = [ROOT_ID] * len(vocab["xpos"]) if isinstance(vocab["xpos"], CompositeVocab) else ROOT_ID
        xpos_pad: Any = [PAD_ID] * len(vocab["xpos"]) if isinstance(vocab["xpos"], CompositeVocab) else PAD_ID
        feats_width = len(vocab["feats"])
        upos_ids = padded([[ROOT_ID] + vocab["upos"].map([_null(u) or "_" for u in s]) for s in upos], PAD_ID)
        xpos_ids = padded([[xpos_root] + vocab["xpos"].map([_null(x) or "_" for x in s]) for s in xpos], xpos_pad)
        feats_ids = padded([[[ROOT_ID] * feats_width] + vocab["feats"].map([_null(f) or "_" for f in s])
                            for s in feats], [PAD_ID] * feats_width)
        lemma_ids = padded([[ROOT_ID] + vocab["lemma"].map(s) for s in lemmas], PAD_ID)
        head = torch.zeros(len(words), width - 1, dtype=torch.long)
        deprel = torch.tensor([vocab["deprel"].map(["_"] * (width - 1))] * len(words), dtype=torch.long)
        for i, n in enumerate(lengths):
            deprel[i, n - 1:] = PAD_ID
        named = {
            "word": word, "word_mask": torch.eq(word, PAD_ID), "wordchars": chars,
            "wordchars_mask": torch.eq(chars, PAD_ID), "upos": upos_ids, "xpos": xpos_ids, "ufeats": feats_ids,
            "pretrained": pretrained, "lemma": lemma_ids, "head": head, "deprel": deprel,
            "word_orig_idx": order, "sentlens": lengths, "wordlens": wordlens, "text": words,
        }
        named = {k: (v.to(self.device) if isinstance(v, torch.Tensor) else v) for k, v in named.items()}
        fast = self.parser_fast
        repair = bool(self.dep.config.get("resolve_head_constraints", True))  # read per call, as stanza does
        return predict(fast.model, named, fast.embed_names, repair=repair)


def _ids(words: list[list[str]], vocab: Any, pretrain: Any, *,
         root: bool) -> tuple[Any, Any, Any, list[int], list[int]]:
    """A batch's padded word ids, character ids, pretrained ids, and the character rows' order and lengths.

    The character rows are sorted longest first, as stanza's loaders sort them (its character model packs
    them); ``order[k]`` is the word (counted over the batch's sentences in order) of row ``k``.
    """
    from stanza.models.common.vocab import PAD_ID, ROOT_ID

    lead = [ROOT_ID] if root else []
    width = max(len(s) for s in words) + len(lead)
    word = [lead + vocab["word"].map(s) for s in words]
    char_rows = [[ROOT_ID]] if root else []
    rows: list[list[int]] = []
    for s in words:
        rows.extend(char_rows)
        rows.extend(vocab["char"].map(list(w)) for w in s)
    order = sorted(range(len(rows)), key=lambda i: (len(rows[i]), i), reverse=True)  # stanza's sort_all order
    longest = len(rows[order[0]])
    chars = _padded([rows[i] for i in order], PAD_ID, longest)
    if pretrain is not None:
        pre = [lead + pretrain.vocab.map([w.lower() for w in s]) for s in words]
    else:
        pre = [lead + [PAD_ID] * len(s) for s in words]
    return _padded(word, PAD_ID, width), chars, _padded(pre, PAD_ID, width), order, [len(rows[i]) for i in order]


def _padded(rows: list[list[Any]], fill: Any, width: int) -> Any:
    """The rows as one long tensor, each filled out to ``width`` with ``fill`` (an id, or a row of ids)."""
    import torch

    return torch.tensor([r + [fill] * (width - len(r)) for r in rows], dtype=torch.long)
