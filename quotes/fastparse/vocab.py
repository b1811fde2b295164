"""Word and tag tables: stanza's ``map`` and ``id2unit`` for one vocabulary, in one pass, remembered.

A :class:`VocabPaths` belongs to one vocabulary object of one loaded
pipeline; its caches live here, not on stanza's object, and it reads the
vocabulary's own lookups (``unit2id``, ``_unit2id``, ``lower``) as stanza's
code does.
"""

from __future__ import annotations

from typing import Any


def stanza_lookups() -> dict[str, Any]:
    """The class-level lookups of stanza's vocabularies that :class:`VocabPaths` recognises (AttributeError,
    ImportError when this stanza keeps them elsewhere)."""
    from stanza.models.common.vocab import UNK, BaseVocab, CompositeVocab
    from stanza.models.pos.vocab import WordVocab

    return {"base_unit2id": BaseVocab.unit2id, "base_normalize": BaseVocab.normalize_unit, "unk": UNK,
            "word_unit2id": WordVocab.unit2id, "composite_unit2id": CompositeVocab.unit2id,
            "base_map": BaseVocab.map, "composite_id2unit": CompositeVocab.id2unit}


class VocabPaths:
    """stanza's ``map`` (units to ids) and, for a composite table, ``id2unit`` (ids to a tag's string) for one vocabulary.

    Plain tables (words, characters, tags) are looked up in one pass; a
    composite table (a tag made of parts, as the features are) remembers the
    ids of each string it has split and the string of each id tuple it has
    joined; a table with a lookup of its own keeps it.
    """

    def __init__(self, vocab: Any, lookups: dict[str, Any]) -> None:
        self.vocab = vocab
        cls = type(vocab)
        self.original_map = cls.map.__get__(vocab)
        self.original_id2unit = cls.id2unit.__get__(vocab)
        self.composite = cls.unit2id is lookups["composite_unit2id"]
        self.plain = (cls.normalize_unit is lookups["base_normalize"]
                      and (cls.unit2id is lookups["base_unit2id"]
                           or (cls.unit2id is lookups["word_unit2id"] and not getattr(vocab, "ignore", True))))
        self.unk = lookups["unk"]
        self.ids: dict[Any, list[Any]] = {}  # composite: unit -> its ids
        self.units: dict[tuple[Any, ...], str] = {}  # composite: ids -> the tag's string

    @property
    def speeds_map(self) -> bool:
        """Does :meth:`map` do anything faster than the vocabulary's own ``map``?"""
        return self.composite or self.plain

    def map(self, units: Any) -> list[Any]:
        """stanza's ``BaseVocab.map``: units to ids, unknown units to UNK's id."""
        vocab = self.vocab
        if self.composite:
            cache = self.ids
            out = []
            for unit in units:
                ids = cache.get(unit)
                if ids is None:
                    ids = cache[unit] = vocab.unit2id(unit)
                out.append(list(ids))  # a fresh list each time: callers may change it
            return out
        if not self.plain:
            return self.original_map(units)
        table = vocab._unit2id
        unknown = table[self.unk]
        if vocab.lower:
            return [unknown if u is None else table.get(u.lower(), unknown) for u in units]
        return [table.get(u, unknown) for u in units]

    def id2unit(self, ids: Any) -> Any:
        """stanza's ``CompositeVocab.id2unit`` (ids of a tag's parts to the tag's string), remembered."""
        try:
            key = tuple(ids)
            found = self.units.get(key)
        except TypeError:  # a single id, or ids that cannot be a key: stanza's own code decides
            return self.original_id2unit(ids)
        if found is None:
            found = self.original_id2unit(ids)
            if not isinstance(found, str):
                return found  # a list (no separator): callers may change it, so it is not shared
            self.units[key] = found
        return found
