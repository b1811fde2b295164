"""Frozen records passed between the stages.

Every offset is a Python ``str`` index into the original document text, so
``text[start:end]`` is always the thing described. Stanza's 1-based heads are
converted once, in :mod:`quotes.parse`, into 0-based indices within a sentence.
"""

from __future__ import annotations

import functools
import json
import types
import typing
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

QUOTE_FIELDS: tuple[str, ...] = (
    "doc_id",
    "quote_id",
    "text",
    "start",
    "end",
    "pieces",
    "speaker",
    "speaker_start",
    "speaker_end",
    "speaker_canonical",
    "speaker_role",
    "speaker_type",
    "speaker_gender",
    "cue",
    "cue_start",
    "cue_end",
    "cue_class",
    "kind",
    "rule",
    "confidence",
)

KINDS: tuple[str, ...] = ("direct", "mixed", "indirect")
SPEAKER_TYPES: tuple[str, ...] = ("person", "organization", "group", "document")
GENDERS: tuple[str, ...] = ("female", "male")
CUE_CLASSES: tuple[str, ...] = ("speech", "writing", "thought", "evidence", "stance")


@dataclass(frozen=True, slots=True)
class Piece:
    """One stretch of text inside quote marks, the marks included.

    ``close_len`` is 0 for a paragraph of a multi-paragraph quote that has no
    closing mark (the next paragraph reopens the quote); such a piece ends at
    the last non-space character of its paragraph.
    """

    start: int
    end: int
    open_len: int
    close_len: int

    @property
    def inner_start(self) -> int:
        """Offset of the first character after the opening mark."""
        return self.start + self.open_len

    @property
    def inner_end(self) -> int:
        """Offset just before the closing mark (or the piece end)."""
        return self.end - self.close_len


@dataclass(frozen=True, slots=True)
class Span:
    """A top-level quoted span found by the regex pass: one or more pieces."""

    start: int
    end: int
    pieces: tuple[Piece, ...]
    family: str  # "double", "single", "guillemet", "corner"


@dataclass(frozen=True, slots=True)
class Token:
    """One syntactic word of a parsed sentence.

    ``head`` is the 0-based index of the head word in the same sentence, or
    -1 for the root (and for words of sentences that were not dependency
    parsed, whose ``deprel`` is the empty string).
    """

    index: int
    text: str
    start: int
    end: int
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str

    def feat(self, name: str) -> str | None:
        """Return the value of one morphological feature, or None."""
        for pair in self.feats.split("|"):
            key, _, value = pair.partition("=")
            if key == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A tokenized, tagged sentence; ``parsed`` says whether heads are real."""

    start: int
    end: int
    tokens: tuple[Token, ...]
    paragraph: int
    parsed: bool


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A line-delimited block of the document (its text has no line breaks)."""

    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Turn:
    """One turn of a transcript or Q&A: a speaker label, a colon, then what was said (to the paragraph's end)."""

    paragraph: int
    label_start: int
    label_end: int
    start: int
    end: int
    headline: bool = False  # a headline "NAME: what they said", the colon being the cue


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document (or a window of one) read on the surface, before the parser sees it.

    ``paragraphs`` are the paragraphs to analyse, with their document indices
    (all of them, or a window's); ``frames`` maps the index of a span in
    ``spans`` to the surface frame that closes its sentence; ``turns`` are
    the transcript turns inside those paragraphs (see :mod:`quotes.surface`).
    """

    text: str
    spans: tuple[Span, ...]
    paragraphs: tuple[Paragraph, ...]
    frames: Mapping[int, SurfaceFrame] = field(default_factory=dict)
    turns: tuple[Turn, ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the rules see of one document.

    ``frames`` maps the index of a quoted span to the surface frame that
    closes its sentence, and ``turns`` are the speaker turns of a transcript
    (see :mod:`quotes.surface`); neither needs a parse.
    """

    text: str
    paragraphs: tuple[Paragraph, ...]
    spans: tuple[Span, ...]
    sentences: tuple[Sentence, ...]
    frames: Mapping[int, SurfaceFrame] = field(default_factory=dict)
    turns: tuple[Turn, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker mention: a noun phrase (or pronoun) in the text."""

    start: int
    end: int
    text: str
    head: str  # lower-cased lemma of the head word
    kind: str  # "name", "pronoun", "description"
    person: bool | None  # True person, False non-person, None unknown
    plural: bool


@dataclass(frozen=True, slots=True)
class SurfaceFrame:
    """A cue and its speaker right after a quote, up to the end of the quote's sentence."""

    speaker: Mention
    cue_start: int
    cue_end: int
    lemma: str  # the cue's lemma when it is a listed cue verb, else the word itself
    listed: bool  # a cue verb of the word lists (not only one by position)
    end: int  # end of the sentence the frame closes, or the start of the quote it opens
    joins: bool = False  # the frame interrupts a quotation: “…,” she said, “…”


@dataclass(frozen=True, slots=True)
class Attribution:
    """A candidate record produced by the attribution rules, before resolution."""

    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]
    speaker: Mention | None
    cue_start: int | None
    cue_end: int | None
    cue_class: str | None
    kind: str
    rule: str
    confidence: float
    paragraph: int


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the resolver says of one record's speaker.

    ``canonical`` is the speaker's name without title when the document
    names the speaker, else its fullest description; ``role`` the role words
    the document gives a named speaker; ``resolved`` is False for a pronoun
    left as it is because nothing it can refer to came before.
    """

    canonical: str | None
    role: str | None
    resolved: bool
    type: str | None = None
    gender: str | None = None
    gender_evidence: str | None = None  # "text", "name" or None


@dataclass(frozen=True, slots=True)
class Quote:
    """One attribution event: who said what, where. Field names are a contract."""

    doc_id: str
    quote_id: int
    text: str
    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_canonical: str | None
    speaker_role: str | None
    speaker_type: str | None
    speaker_gender: str | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    cue_class: str | None
    kind: str
    rule: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a plain dict with the contract's field order."""
        record = asdict(self)
        record["pieces"] = [list(p) for p in self.pieces]
        return {name: record[name] for name in QUOTE_FIELDS}

    def to_row(self) -> dict[str, Any]:
        """Return the record as a flat table row: structured fields (``pieces``) as JSON text."""
        record = self.to_dict()
        for name in _json_fields():
            record[name] = json.dumps(record[name])
        return record


def record_schema() -> dict[str, tuple[str, bool]]:
    """The value type of each record field and whether it may be null, read from :class:`Quote`.

    Table formats (Parquet, Dask and pandas frames) take their columns from
    here, so the field list and its types are written down once.

    Returns:
        ``{field: (type, nullable)}`` in :data:`QUOTE_FIELDS` order, where type
        is ``"str"``, ``"int"``, ``"float"``, or ``"json"`` for a structured
        value (``pieces``) that tables hold as JSON text.
    """
    hints = typing.get_type_hints(Quote)
    schema: dict[str, tuple[str, bool]] = {}
    for name in QUOTE_FIELDS:
        hint = hints[name]
        args = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        base = [a for a in args if a is not type(None)]
        plain = {str: "str", int: "int", float: "float"}.get(base[0]) if len(base) == 1 else None
        schema[name] = (plain or "json", len(base) < len(args))
    return schema


@functools.cache
def _json_fields() -> tuple[str, ...]:
    return tuple(name for name, (kind, _) in record_schema().items() if kind == "json")
