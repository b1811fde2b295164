"""Every option of the Extractor in one frozen, validated object.

:class:`Options` is the one place where an option's default, its check and
its command-line help live:

- ``Extractor(**keywords)`` builds an ``Options`` from its keywords (or takes
  ``Extractor(options=Options(...))``); everything inside reads the object.
- ``quotes.cli`` turns each field's :class:`Flag` (its ``metadata["flag"]``)
  into an argparse argument and a parsed command line back into ``Options``.
- Worker processes and Dask workers get the object pickled; :attr:`Options.key`
  (a SHA-256 of its canonical JSON) is the Dask workers' cache key.
- The ``--resume`` progress file stores the fields whose flag says ``record``
  (they change the records), as :meth:`Options.record_flags` writes them.

Values are checked and normalized once, in ``__post_init__``: ``kinds`` and
``cues`` also take a comma-separated string or any iterable of names (and
``cues="all"``) and become frozensets; ``model_dir`` becomes a ``str``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import MISSING, Field, asdict, dataclass, field, fields
from typing import Any

from quotes.cues import CUE_CLASSES, DEFAULT_CUES, check_cues
from quotes.errors import InputError
from quotes.speakers.entities import GENDER_MODES
from quotes.types import KINDS

DEVICES: tuple[str, ...] = ("auto", "cpu", "cuda")
TOKENIZERS: tuple[str, ...] = ("rules", "stanza", "spacy")
WINDOW_CHARS = 100_000


@dataclass(frozen=True)
class Flag:
    """How one option appears on the command line.

    Attributes:
        name: the flag, as ``--window-chars``.
        help: its help text; ``{default}`` is replaced by the option's default.
        kind: ``value`` (a string), ``positive`` (a whole number of 1 or more),
            ``workers`` (``positive`` or ``auto``) or ``off`` (a switch that
            sets the option to False: ``--parse-all``, ``--no-surface``).
        choices: the values the flag allows, if only some.
        metavar: the value's name in the help.
        cli_default: the command line's default where it differs from the
            library's (``--workers auto``, where ``Extractor`` runs in one process).
        record: the option changes the records, so a ``--resume`` run must use
            the value the interrupted run used.
    """

    name: str
    help: str
    kind: str = "value"
    choices: tuple[str, ...] | None = None
    metavar: str | None = None
    cli_default: Any = None
    record: bool = False


def _option(default: Any, flag: Flag) -> Any:
    return field(default=default, metadata={"flag": flag})


def check_kinds(kinds: Iterable[str] | str | None) -> frozenset[str]:
    """Validate a set of record kinds (``None`` means all of them).

    Args:
        kinds: kind names, or one comma-separated string, or None.

    Returns:
        The kinds as a frozenset.

    Raises:
        InputError: for a name that is not a kind.
    """
    if kinds is None:
        return frozenset(KINDS)
    if isinstance(kinds, str):
        kinds = [k for k in kinds.split(",") if k.strip()]
    chosen = frozenset(k.strip() for k in kinds)
    unknown = chosen - set(KINDS)
    if unknown or not chosen:
        raise InputError(f"unknown kind(s) {sorted(unknown) or '(none)'}; choose from {', '.join(KINDS)}")
    return chosen


@dataclass(frozen=True)
class Options:
    """What an :class:`~quotes.extract.Extractor` does, checked once.

    Attributes:
        model_dir: folder of stanza models (default: ``$STANZA_RESOURCES_DIR``,
            else stanza's own default; downloaded there on first use when online).
        device: ``auto`` (GPU when torch sees one), ``cpu`` or ``cuda``.
        tokenizer: ``rules`` (:mod:`quotes.tokenize`, default), ``stanza`` (stanza's
            neural tokenizer) or ``spacy`` (spaCy's; needs spaCy).
        select: parse only the paragraphs and sentences the rules use (default)
            instead of everything; the output is the same.
        surface: decide plain attributions (“…,” said NAME.) and transcript
            turns on the surface, with no parse (default); False parses them too.
        kinds: record kinds to keep (default all: direct, mixed, indirect).
        cues: cue classes that make records (default ``speech,writing``; ``"all"``
            adds thought, evidence and stance, the PARC/PolNeAR scheme).
        batch_chars: how many characters of documents go to stanza together.
        window_chars: a document longer than this goes through in windows of
            whole paragraphs of about this many characters (see
            :mod:`quotes.windows`), so memory stays bounded whatever its
            length; the records are those of one pass over the whole text.
        workers: processes for ``extract_many``; each loads the models once.
        threads: torch threads per process (default: the machine's cores divided
            by the number of workers, so that workers do not fight over cores).
        gender: where ``speaker_gender`` comes from: ``names`` (default: what
            the text says of the person, then the first-name table), ``text``
            (what the text says only) or ``off`` (always null).
        fastparse: run stanza's tagger and parser with :mod:`quotes.fastparse`'s
            faster paths (default; the same records); False runs stanza's own code.

    Raises:
        InputError: for a bad device, tokenizer, kind, cue class, gender source,
            worker count, thread count or window size.
    """

    model_dir: str | None = _option(None, Flag(
        "--model-dir", "folder of stanza models (default: $STANZA_RESOURCES_DIR, else stanza's default)"))
    device: str = _option("auto", Flag(
        "--device", "where stanza runs (default: {default})", choices=DEVICES))
    tokenizer: str = _option("rules", Flag(
        "--tokenizer", "rules: quotes' own tokenizer and sentence splitter (default, fast); stanza: stanza's "
        "neural tokenizer; spacy: spaCy's (needs quotes[spacy])", choices=TOKENIZERS, record=True))
    select: bool = _option(True, Flag(
        "--parse-all", "parse every sentence instead of only those a rule can use (same output, slower)", kind="off"))
    surface: bool = _option(True, Flag(
        "--no-surface", "parse plain attributions (“…,” said NAME.) instead of reading them off the surface",
        kind="off", record=True))
    kinds: frozenset[str] = _option(frozenset(KINDS), Flag(
        "--kinds", "record kinds to keep (default: {default})", record=True))
    cues: frozenset[str] = _option(DEFAULT_CUES, Flag(
        "--cues", "cue classes that make records: speech, writing, thought, evidence, stance, "
        "or all (the PARC/PolNeAR scheme); default: {default}", metavar="CLASSES", record=True))
    batch_chars: int = _option(50_000, Flag(
        "--batch-chars", "characters of documents analysed together (a worker's unit of work)", kind="positive"))
    window_chars: int = _option(WINDOW_CHARS, Flag(
        "--window-chars", "a longer document is analysed in windows of whole paragraphs of about this size "
        "(bounds memory; same records)", kind="positive", record=True))
    workers: int = _option(1, Flag(
        "--workers", "processes, each with its own models; auto (default): one per core, at most one per "
        "8 documents", kind="workers", cli_default="auto"))
    threads: int | None = _option(None, Flag(
        "--threads", "torch threads per process (default: cores divided by workers)", kind="positive"))
    gender: str = _option("names", Flag(
        "--gender", "where speaker_gender comes from: names (default: what the text says of the person, "
        "then a first-name table), text (what the text says only), off (always empty)", choices=GENDER_MODES,
        record=True))
    fastparse: bool = _option(True, Flag(
        "--no-fastparse", "run stanza's own tagger and parser code instead of quotes.fastparse's faster paths "
        "(same records, slower)", kind="off"))

    def __post_init__(self) -> None:
        if self.model_dir is not None:
            self._set("model_dir", os.fspath(self.model_dir))
        if self.device not in DEVICES:
            raise InputError(f"unknown device {self.device!r}; use auto, cpu or cuda")
        if self.tokenizer not in TOKENIZERS:
            raise InputError(f"unknown tokenizer {self.tokenizer!r}; use rules, stanza or spacy")
        for name in ("workers", "window_chars"):
            if getattr(self, name) < 1:
                raise InputError(f"{name} must be 1 or more, got {getattr(self, name)}")
        if self.threads is not None and self.threads < 1:
            raise InputError(f"threads must be 1 or more, got {self.threads}")
        if self.gender not in GENDER_MODES:
            raise InputError(f"unknown gender source {self.gender!r}; choose from {', '.join(GENDER_MODES)}")
        self._set("kinds", check_kinds(self.kinds))
        self._set("cues", check_cues(self.cues))
        self._set("batch_chars", max(1, self.batch_chars))

    def _set(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)  # normalizing a frozen dataclass, once, while it is built

    def to_dict(self) -> dict[str, Any]:
        """The fields as JSON values (sets as sorted lists)."""
        return {k: sorted(v) if isinstance(v, frozenset) else v for k, v in asdict(self).items()}

    @property
    def key(self) -> str:
        """A stable hash of the options (SHA-256 of their canonical JSON): equal options, equal keys, in any process."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def record_flags(self) -> dict[str, Any]:
        """The record-changing options by flag, as the ``--resume`` progress file stores them.

        An ``off`` switch is stored as whether it was given (``"--no-surface": false``).
        """
        values = self.to_dict()
        return {flag.name: (not values[f.name]) if flag.kind == "off" else values[f.name]
                for f, flag in flagged() if flag.record}


def flagged() -> Iterator[tuple[Field[Any], Flag]]:
    """Each option field with its command-line flag, in declaration order."""
    for f in fields(Options):
        if "flag" in f.metadata:
            yield f, f.metadata["flag"]


def shown(value: Any) -> str:
    """An option's default as the help shows it: sets in their canonical order, comma-separated."""
    if isinstance(value, frozenset):
        order = {name: n for n, name in enumerate((*KINDS, *CUE_CLASSES))}
        return ",".join(sorted(value, key=lambda v: order.get(v, len(order))))
    return str(value)


def default_of(f: Field[Any]) -> Any:
    """A field's library default."""
    return f.default if f.default is not MISSING else None
