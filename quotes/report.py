"""The corpus at a glance: who is quoted, how often and how.

:func:`summarize` turns records (from any number of documents) into pandas
DataFrames for a notebook; :func:`render_report` draws them as one
self-contained HTML page (inline CSS and SVG, no scripts, no network
assets); :func:`read_records` reads a CSV, JSONL or Parquet file of records.
This module consumes records only: it never runs or imports a pipeline
stage. pandas is imported when a function needs it, pyarrow only for Parquet.

Speakers are merged across documents by :func:`speaker_keys` (the rule is in
its docstring and in the README).
"""

from __future__ import annotations

import functools
import gzip
import html
import json
import re
import unicodedata
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from quotes.errors import InputError
from quotes.types import CUE_CLASSES, KINDS, Quote

REQUIRED_COLUMNS: tuple[str, ...] = ("doc_id", "speaker", "speaker_canonical", "cue", "kind")
OPTIONAL_COLUMNS: tuple[str, ...] = ("speaker_role", "cue_class")
TOP_SPEAKERS = 30
TOP_DOCUMENTS = 20
TOP_CUES = 15
NO_SPEAKER = "(no speaker)"

# ---------------------------------------------------------------------------
# speaker keys: merging speakers across documents (pure, no pandas)
# ---------------------------------------------------------------------------
_INDEFINITE = frozenset({
    "a", "an", "one", "another", "some", "several", "many", "most", "few", "any", "each", "every", "other",
    "others", "no", "both", "all", "two", "three", "four", "five", "dozens", "hundreds", "thousands",
})
_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "your"})
_PARTICLES = frozenset({"de", "van", "von", "bin", "al", "da", "del", "der", "la", "le", "di", "du", "dos", "ibn"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_APPOSITION = re.compile(r",|\(|\s[-–—]\s")


def _data_words(name: str, *, all_words: bool) -> frozenset[str]:
    text = (files("quotes") / "data" / name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].split() for line in text.splitlines())
    return frozenset(w.lower() for words in lines for w in (words if all_words else words[:1]))


@functools.cache
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(titles and roles, non-person nouns, pronouns) from ``quotes/data``."""
    roles = _data_words("titles.txt", all_words=True) | _data_words("person_nouns.txt", all_words=True)
    nonperson = _data_words("nonperson_nouns.txt", all_words=True)
    return roles, nonperson, _data_words("pronouns.txt", all_words=False)


@dataclass(frozen=True, slots=True)
class SpeakerName:
    """How a canonical speaker reads: a person's name, a named non-person, or a local description.

    ``kind`` is ``person`` (``first`` may be None for a bare surname),
    ``label`` (a non-person with a proper name: "the White House") or
    ``local`` (a pronoun or a description that names nobody: "a statement",
    "the spokesman"). ``name`` is the person's name without titles, or the
    whole text.
    """

    kind: str
    name: str
    first: str | None = None
    last: str | None = None
    suffix: str | None = None


def _fold(word: str) -> str:
    """A word as a key: lower case, no accents, no dots, one kind of apostrophe."""
    word = unicodedata.normalize("NFKD", word.replace("’", "'")).casefold()
    return "".join(c for c in word if not unicodedata.combining(c)).replace(".", "")


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and _fold(word) not in _DETERMINERS or word in _PARTICLES


def _common_noun(word: str, nouns: frozenset[str]) -> bool:
    key = _fold(word)
    return key in nouns or (key.endswith("s") and key[:-1] in nouns)


def _person(words: list[str]) -> SpeakerName | None:
    """A person's name at the end of ``words`` after any titles, or None."""
    roles, nonperson, _ = _lists()
    start = len(words)
    while start > 0 and _is_name_word(words[start - 1]) and not words[start - 1].endswith(("'s", "’s")):
        start -= 1
    titled = [n for n in range(start, len(words)) if _fold(words[n]) in roles]
    if titled:
        start = titled[-1] + 1
    name = words[start:]
    suffix = _fold(name[-1]) if len(name) > 1 and _fold(name[-1]) in _SUFFIXES else None
    core = name[:-1] if suffix else name
    if not 1 <= len(core) <= 4 or core[0] in _PARTICLES or _common_noun(core[-1], nonperson | roles):
        return None
    if start > 0 and _fold(words[start - 1]) not in roles:
        return None
    first = _fold(core[0]) if len(core) > 1 else None
    return SpeakerName("person", " ".join(name), first, _fold(core[-1]), suffix)


@functools.lru_cache(maxsize=65536)
def parse_speaker(text: str) -> SpeakerName:
    """Read a canonical speaker as a person's name, a named non-person or a local description.

    Old-style values with titles ("Finance Minister Karl Berg", "Vermont Sen.
    Bernie Sanders", "Republican candidate Donald Trump, a businessman") and
    bare names ("Karl Berg", "Trump") both give a person; an appositive after
    a comma or in brackets is ignored.

    Args:
        text: a ``speaker_canonical`` value.

    Returns:
        The :class:`SpeakerName`.
    """
    words = " ".join(text.split()).split(" ")
    _, nonperson, pronouns = _lists()
    head = _fold(words[0])
    if head in _INDEFINITE or (len(words) == 1 and head in pronouns):
        return SpeakerName("local", " ".join(words))
    core = _APPOSITION.split(" ".join(words), maxsplit=1)[0].split()
    person = _person(core) if core else None
    if person is not None and not (len(words) == 1 and _common_noun(words[0], nonperson | _lists()[0])):
        return person
    skip_first = head in _DETERMINERS or _common_noun(words[0], nonperson | _lists()[0])
    named = any(w[:1].isupper() for w in words[1 if skip_first else 0:])
    return SpeakerName("label" if named else "local", " ".join(words))


def speaker_keys(speakers: Iterable[tuple[str, str]], mentions: Iterable[str] = ()) -> dict[tuple[str, str], str]:
    """Give each (document, canonical speaker) a key shared by the same speaker in other documents.

    The rule: a person is keyed by first name and surname, titles and roles
    stripped ("President Donald Trump", "Donald J. Trump" and "Donald
    Trump" share ``person:donald trump``; a suffix such as "Jr." is part of
    the key). A bare surname ("Trump", "Mr. Trump") joins the one full name
    with that surname when exactly one first name goes with it in the
    corpus; when two people share it ("Bill Clinton", "Hillary Clinton") it
    stays its own key (``person:clinton``). A named non-person ("the White
    House") is keyed by its wording; pronouns and descriptions that name
    nobody ("a statement", "the ministry", "he") stay within their document.

    Args:
        speakers: (doc_id, speaker_canonical) pairs; repeats are fine.
        mentions: other speaker texts of the corpus (the ``speaker`` mentions),
            used only as evidence that a surname is shared.

    Returns:
        A key for every distinct pair given.
    """
    pairs = set(speakers)
    parsed = {text: parse_speaker(text) for text in {c for _, c in pairs}}
    firsts: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for name in [*parsed.values(), *(parse_speaker(m) for m in set(mentions) if m and m.strip())]:
        if name.kind == "person" and name.first and name.last:
            firsts[name.last].add((name.first, name.suffix))
    return {(doc, text): _key(doc, parsed[text], firsts) for doc, text in pairs}


def _key(doc_id: str, name: SpeakerName, firsts: Mapping[str, set[tuple[str, str | None]]]) -> str:
    if name.kind == "local":
        return f"local:{doc_id}:{name.name.casefold()}"
    if name.kind == "label":
        words = name.name.split(" ")
        return "label:" + " ".join(words[1:] if words[0].casefold() == "the" and len(words) > 1 else words).casefold()
    first, suffix = name.first, name.suffix
    if first is None and suffix is None and len(firsts.get(name.last or "", ())) == 1:
        first, suffix = next(iter(firsts[name.last or ""]))
    return "person:" + " ".join(w for w in (first, name.last, suffix) if w)


def display_name(forms: Mapping[str, int]) -> str:
    """The name to show for one merged speaker: its most frequent full form.

    Args:
        forms: each canonical form merged under the key, with its number of records.

    Returns:
        The form with a first name (a person's full name) that has most
        records, else the form with most records; ties go to the longer form,
        then to alphabetical order.
    """
    def rank(form: str) -> tuple[int, int, int, str]:
        name = parse_speaker(form)
        return (-int(name.kind == "person" and name.first is not None), -forms[form], -len(form), form)

    return min(forms, key=rank)


# ---------------------------------------------------------------------------
# reading records
# ---------------------------------------------------------------------------
def read_records(path: str | Path) -> Any:
    """Read a file of quote records as a pandas DataFrame of the columns the report uses.

    Args:
        path: a ``.csv`` or ``.jsonl`` file as ``quotes extract`` writes it
            (optionally ``.gz``), or a ``.parquet`` file or a folder of them.

    Returns:
        A DataFrame with the columns of :data:`REQUIRED_COLUMNS` and those of
        :data:`OPTIONAL_COLUMNS` the file has; empty values are None.

    Raises:
        InputError: the file is missing, is not a records file, lacks a
            column, or is Parquet and pyarrow is not installed.
    """
    path = Path(path)
    name = path.name.lower()
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir() or name.endswith(".parquet"):
        frame = _read_parquet(path)
    elif name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        frame = _read_jsonl(path)
    elif name.endswith((".csv", ".csv.gz")):
        frame = _read_csv(path)
    else:
        raise InputError(f"{path}: give records as .csv, .jsonl or .parquet (a file or a folder of .parquet files)")
    return _checked(frame, str(path))


def _wanted(columns: Iterable[str]) -> list[str]:
    return [c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in set(columns)]


def _read_csv(path: Path) -> Any:
    import pandas as pd

    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                           usecols=lambda c: c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS))
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: empty file, not a CSV of quote records (no header)") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        reason = " ".join(str(exc).split())[:160]
        raise InputError(f"{path}: not a CSV file of quote records ({reason})") from None


def _read_jsonl(path: Path) -> Any:
    import pandas as pd

    rows: list[dict[str, Any]] = []
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    rows.append(_json_record(line, f"{path}:{n}"))
    except (UnicodeDecodeError, OSError) as exc:
        raise InputError(f"{path}: not a JSONL file of quote records ({exc})") from None
    columns = _wanted(rows[0]) if rows else [*REQUIRED_COLUMNS]
    return pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=columns, dtype=object)


def _json_record(line: str, where: str) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except ValueError as exc:
        raise InputError(f"{where}: not a JSON record ({exc})") from None
    if not isinstance(row, dict):
        raise InputError(f"{where}: not a quote record (a JSON {type(row).__name__}, not an object)")
    missing = [c for c in REQUIRED_COLUMNS if c not in row]
    if missing:
        raise InputError(f"{where}: not a quote record: missing field {', '.join(missing)}")
    return row


def _read_parquet(path: Path) -> Any:
    try:
        import pyarrow.dataset as ds
    except ImportError:
        raise InputError(f"{path}: reading Parquet needs pyarrow: pip install pyarrow") from None
    try:
        dataset = ds.dataset(str(path), format="parquet")
        table = dataset.to_table(columns=_wanted(dataset.schema.names))
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        reason = " ".join(str(exc).split())[:160]
        raise InputError(f"{path}: not Parquet quote records ({reason})") from None
    if not dataset.schema.names:
        raise InputError(f"{path}: no Parquet files there")
    return table.to_pandas()


def _strings(values: Iterable[Any], index: Any) -> Any:
    """An object column of str and None (empty strings and NaN become None)."""
    import pandas as pd

    column = [None if v is None or v == "" or (isinstance(v, float) and v != v) else str(v) for v in values]
    return pd.Series(column, index=index, dtype=object)


def _checked(frame: Any, where: str) -> Any:
    """Check the columns and kinds; make every value a str or None."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"{where}: not quote records: no {' or '.join(missing)} column "
                         "(give the CSV, JSONL or Parquet that quotes extract writes)")
    frame = frame[_wanted(frame.columns)].copy()
    for column in frame.columns:
        frame[column] = _strings(frame[column], frame.index)
    odd = sorted(set(frame["kind"]) - set(KINDS), key=str)
    if odd:
        raise InputError(f"{where}: not quote records: kind {odd[0]!r} is none of {', '.join(KINDS)}")
    if frame["doc_id"].isna().any():
        raise InputError(f"{where}: not quote records: a record has no doc_id")
    return frame


# ---------------------------------------------------------------------------
# summarize
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Summary:
    """The corpus at a glance, as pandas DataFrames.

    Attributes:
        totals: one row: documents (with at least one record), records,
            speakers (merged keys), no_speaker (records), no_speaker_share.
        kinds: records and share per kind (index: direct, mixed, indirect).
        cue_classes: records and share per cue class ("(no cue)" for
            records without one), or None when the records have no
            ``cue_class`` column.
        speakers: one row per merged speaker (index: the key, see
            :func:`speaker_keys`), most records first: speaker (display
            name), role (most frequent ``speaker_role``, when present),
            type (person, label, local), records, direct, mixed, indirect,
            documents, forms (canonical forms merged).
        documents: one row per document (index: doc_id), most records
            first: records, direct, mixed, indirect, speakers, no_speaker.
        cues: kind, cue (lower case), records: every cue word per kind,
            kinds in contract order, most records first.
    """

    totals: Any
    kinds: Any
    cue_classes: Any
    speakers: Any
    documents: Any
    cues: Any


def summarize(records: Any) -> Summary:
    """Summarize quote records from any number of documents.

    Args:
        records: Quote objects, record dicts, or a pandas DataFrame with the
            record columns (at least ``doc_id, speaker, speaker_canonical,
            cue, kind``; ``speaker_role`` and ``cue_class`` are used when present).

    Returns:
        A :class:`Summary` of DataFrames.

    Raises:
        InputError: a needed column is missing or a kind is unknown.
        ImportError: pandas is not installed (``pip install 'quotes[report]'``).
    """
    frame = _checked(_as_frame(records), "records")
    frame["who"] = _strings((c if c is not None else s for c, s in zip(frame["speaker_canonical"], frame["speaker"])),
                            frame.index)
    keys = speaker_keys(((d, w) for d, w in zip(frame["doc_id"], frame["who"]) if w is not None),
                        mentions=(s for s in frame["speaker"] if s is not None))
    frame["key"] = _strings((None if w is None else keys[(d, w)] for d, w in zip(frame["doc_id"], frame["who"])),
                            frame.index)
    speakers = _speakers_table(frame)
    return Summary(
        totals=_totals(frame, len(speakers)),
        kinds=_shares(frame["kind"], KINDS),
        cue_classes=_shares(frame["cue_class"].fillna("(no cue)"), (*CUE_CLASSES, "(no cue)"))
        if "cue_class" in frame.columns else None,
        speakers=speakers,
        documents=_documents_table(frame),
        cues=_cues_table(frame),
    )


def _as_frame(records: Any) -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("the report needs pandas: pip install 'quotes[report]'") from exc
    if isinstance(records, pd.DataFrame):
        return records.copy()
    rows = [r.to_dict() if isinstance(r, Quote) else dict(r) for r in records]
    columns = list(dict.fromkeys(c for row in rows[:1] for c in row)) or list(REQUIRED_COLUMNS)
    return pd.DataFrame(rows, columns=columns)


def _by_kind(frame: Any, by: str) -> Any:
    table = frame.groupby([by, "kind"]).size().unstack(fill_value=0).reindex(columns=list(KINDS), fill_value=0)
    table.columns.name = None
    return table.astype(int)


def _totals(frame: Any, speakers: int) -> Any:
    import pandas as pd

    records = len(frame)
    none = int(frame["key"].isna().sum())
    return pd.DataFrame([{
        "documents": int(frame["doc_id"].nunique()), "records": records, "speakers": speakers,
        "no_speaker": none, "no_speaker_share": none / records if records else 0.0,
    }])


def _shares(values: Any, order: tuple[str, ...]) -> Any:
    import pandas as pd

    counts = values.value_counts()
    index = [*order, *sorted(set(counts.index) - set(order))]
    table = pd.DataFrame({"records": counts.reindex(index, fill_value=0).astype(int)})
    table["share"] = table["records"] / len(values) if len(values) else 0.0
    return table


def _speakers_table(frame: Any) -> Any:
    import pandas as pd

    named = frame[frame["key"].notna()]
    table = _by_kind(named, "key")
    table.insert(0, "records", table.sum(axis=1))
    table["documents"] = named.groupby("key")["doc_id"].nunique()
    forms = _counts_per_key(named, "who")
    table["forms"] = [len(forms[k]) for k in table.index]
    table.insert(0, "type", [k.split(":", 1)[0] for k in table.index])
    if "speaker_role" in named.columns:
        roles = _counts_per_key(named, "speaker_role")
        table.insert(0, "role", [max(roles[k], key=roles[k].__getitem__) if roles.get(k) else None
                                 for k in table.index])
    table.insert(0, "speaker", [display_name(forms[k]) for k in table.index])
    table.index.name = "key"
    table = table.reset_index().sort_values(["records", "speaker", "key"], ascending=[False, True, True])
    return table.set_index("key") if len(table) else pd.DataFrame(columns=table.columns).set_index("key")


def _counts_per_key(frame: Any, column: str) -> dict[str, dict[str, int]]:
    """For each speaker key, how many records have each value of a column (nulls left out)."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for (key, value), n in frame.groupby(["key", column]).size().items():
        counts[key][value] = int(n)
    return counts


def _documents_table(frame: Any) -> Any:
    table = _by_kind(frame, "doc_id")
    table.insert(0, "records", table.sum(axis=1))
    table["speakers"] = frame.groupby("doc_id")["key"].nunique()
    table["no_speaker"] = frame["key"].isna().groupby(frame["doc_id"]).sum().astype(int)
    table.index.name = "doc_id"
    return table.reset_index().sort_values(["records", "doc_id"], ascending=[False, True]).set_index("doc_id")


def _cues_table(frame: Any) -> Any:
    import pandas as pd

    cued = frame[frame["cue"].notna()]
    words = pd.Series([" ".join(c.lower().split()) for c in cued["cue"]], index=cued.index, dtype=object)
    table = pd.DataFrame({"kind": cued["kind"], "cue": words}).value_counts().rename("records").reset_index()
    table["order"] = table["kind"].map({k: n for n, k in enumerate(KINDS)})
    table = table.sort_values(["order", "records", "cue"], ascending=[True, False, True])
    return table.drop(columns="order").reset_index(drop=True)


# ---------------------------------------------------------------------------
# the HTML page
# ---------------------------------------------------------------------------
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem} h2{font-size:1.15rem;border-top:1px solid #ccc;padding-top:1rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem} td,th{border:1px solid #ddd;padding:.15rem .6rem;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums} .note{color:#555;font-size:.9rem}
.cues{display:flex;gap:1.5rem;flex-wrap:wrap;align-items:flex-start} .cues h3{font-size:1rem;margin:.3rem 0}
svg text{font:12px system-ui,sans-serif;fill:#222} svg .axis{stroke:#999}
.k-direct{fill:#3b6fb6;background:#3b6fb6} .k-mixed{fill:#e39b2d;background:#e39b2d}
.k-indirect{fill:#6fae6f;background:#6fae6f} .hist{fill:#7a7aa8}
.key{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:middle;margin:0 .3em 0 .8em}
"""


def _e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def _pct(share: float) -> str:
    return f"{100 * share:.1f}%"


def _table(head: Iterable[str], rows: Iterable[Iterable[Any]], *, numeric_from: int = 1) -> str:
    cells = "".join(f"<th class='n'>{_e(h)}</th>" if n >= numeric_from else f"<th>{_e(h)}</th>"
                    for n, h in enumerate(head))
    body = "".join("<tr>" + "".join(
        f"<td class='n'>{v}</td>" if n >= numeric_from else f"<td>{v}</td>" for n, v in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><tr>{cells}</tr>{body}</table>"


def _totals_html(summary: Summary) -> str:
    t = summary.totals.iloc[0]
    rows: list[list[Any]] = [[_e("documents"), int(t["documents"])], [_e("records"), int(t["records"])],
            [_e("speakers (merged across documents)"), int(t["speakers"])],
            [_e("records with no speaker"), f"{int(t['no_speaker'])} ({_pct(t['no_speaker_share'])})"]]
    parts = [_table(["", "number"], rows)]
    for title, table in (("kind", summary.kinds), ("cue class", summary.cue_classes)):
        if table is not None:
            parts.append(_table([title, "records", "share"],
                                [[_e(k), int(r["records"]), _pct(r["share"])] for k, r in table.iterrows()]))
    return "<section id='totals'><h2>Totals</h2><div class='cues'>" + "".join(parts) + "</div></section>"


def _legend() -> str:
    return "<p class='note'>" + "".join(f"<span class='key k-{k}'></span>{k}" for k in KINDS) + "</p>"


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _speaker_bar(n: int, key: str, row: Any, scale: float) -> str:
    """One speaker's row of the chart: a <g class='bar'> with one rect per kind."""
    y, x, segments = n * 24, 270.0, []
    for kind in KINDS:
        count = int(row[kind])
        if count:
            width = count * scale
            segments.append(f"<rect class='seg k-{kind}' data-kind='{kind}' data-n='{count}' x='{x:.1f}' y='4' "
                            f"width='{max(width, 1):.1f}' height='16'/>")
            x += width
    split = ", ".join(f"{k} {int(row[k])}" for k in KINDS if int(row[k]))
    docs = int(row["documents"])
    tip = f"{row['speaker']}: {int(row['records'])} records ({split}) in {docs} document{'s' * (docs != 1)}"
    return (f"<g class='bar' data-key='{_e(key)}' data-records='{int(row['records'])}' transform='translate(0,{y})'>"
            f"<title>{_e(tip)}</title><text x='262' y='16' text-anchor='end'>{_e(_short(str(row['speaker'])))}</text>"
            + "".join(segments) + f"<text x='{x + 6:.1f}' y='16'>{int(row['records'])} · {docs} doc"
            f"{'s' * (docs != 1)}</text></g>")


def _speakers_html(summary: Summary, top: int) -> str:
    table = summary.speakers.head(top)
    if not len(table):
        return "<section id='speakers'><h2>Speakers</h2><p>No record has a speaker.</p></section>"
    scale = 520 / max(int(table["records"].max()), 1)
    bars = "".join(_speaker_bar(n, key, row, scale) for n, (key, row) in enumerate(table.iterrows()))
    height = 24 * len(table) + 4
    svg = (f"<svg class='chart' role='img' aria-label='records per speaker' width='900' height='{height}' "
           f"viewBox='0 0 900 {height}'>{bars}</svg>")
    note = (f"The {len(table)} most-quoted of {len(summary.speakers)} speakers: records by kind, then the number "
            "of documents the speaker is quoted in. Speakers are merged across documents by name "
            "(titles and roles stripped; a bare surname joins the one full name that has it).")
    return f"<section id='speakers'><h2>Speakers</h2><p class='note'>{_e(note)}</p>{_legend()}{svg}</section>"


def _bins(counts: list[int]) -> list[tuple[int, int, int]]:
    """(from, to, documents) bins of records per document: one per value up to 40, else about 30 bins."""
    top = max(counts)
    width = 1 if top <= 40 else -(-top // 30)
    tally = Counter((c - 1) // width for c in counts)
    return [(b * width + 1, (b + 1) * width, tally.get(b, 0)) for b in range(-(-top // width))]


def _histogram_svg(counts: list[int]) -> str:
    bins = _bins(counts)
    tallest, step = max(n for _, _, n in bins), 840 / len(bins)
    bars, labels = [], []
    for n, (low, high, docs) in enumerate(bins):
        height, x = 150 * docs / tallest, 40 + n * step
        span = f"{low}" if low == high else f"{low}–{high}"
        tip = f"{docs} document{'s' * (docs != 1)} with {span} record{'s' * (high != 1)}"
        bars.append(f"<rect class='hist' data-from='{low}' data-to='{high}' data-n='{docs}' x='{x + 1:.1f}' "
                    f"y='{160 - height:.1f}' width='{max(step - 2, 1):.1f}' height='{height:.1f}'>"
                    f"<title>{_e(tip)}</title></rect>")
        if n % max(1, len(bins) // 10) == 0:
            labels.append(f"<text x='{x + step / 2:.1f}' y='176' text-anchor='middle'>{_e(span)}</text>")
    axis = (f"<line class='axis' x1='40' y1='160' x2='880' y2='160'/><text x='34' y='16' text-anchor='end'>"
            f"{tallest}</text><text x='34' y='160' text-anchor='end'>0</text>")
    return (f"<svg class='histogram' role='img' aria-label='documents by number of records' width='900' "
            f"height='184' viewBox='0 0 900 184'>{axis}{''.join(bars)}{''.join(labels)}</svg>")


def _documents_html(summary: Summary, links: Mapping[str, str], top: int) -> str:
    docs = summary.documents
    if not len(docs):
        return "<section id='documents'><h2>Documents</h2><p>No records.</p></section>"
    rows = []
    for doc_id, row in docs.head(top).iterrows():
        name = _e(doc_id)
        cell = f"<a href='{_e(links[doc_id])}'>{name}</a>" if doc_id in links else name
        rows.append([cell, int(row["records"]), *(int(row[k]) for k in KINDS), int(row["speakers"])])
    note = (f"Documents by number of records (the {len(docs)} documents that have at least one), "
            f"then the {min(top, len(docs))} with the most.")
    return (f"<section id='documents'><h2>Documents</h2><p class='note'>{_e(note)}</p>"
            f"{_histogram_svg([int(n) for n in docs['records']])}"
            f"{_table(['document', 'records', *KINDS, 'speakers'], rows)}</section>")


def _cues_html(summary: Summary, top: int) -> str:
    blocks = []
    for kind in KINDS:
        table = summary.cues[summary.cues["kind"] == kind].head(top)
        rows = [[_e(r["cue"]), int(r["records"])] for _, r in table.iterrows()]
        blocks.append(f"<div><h3><span class='key k-{kind}'></span>{kind}</h3>"
                      + (_table(["cue", "records"], rows) if rows else "<p>none</p>") + "</div>")
    return (f"<section id='cues'><h2>Cue words</h2><p class='note'>The {top} cue words used most, per kind.</p>"
            f"<div class='cues'>{''.join(blocks)}</div></section>")


def render_report(summary: Summary, *, title: str = "quotes report", links: Mapping[str, str] | None = None,
                  top_speakers: int = TOP_SPEAKERS, top_documents: int = TOP_DOCUMENTS) -> str:
    """One self-contained HTML page of a corpus summary.

    Args:
        summary: from :func:`summarize`.
        title: the page title.
        links: doc_id -> address of that document's own page (see
            :func:`document_links`); documents without one are not linked.
        top_speakers: the number of speakers in the chart.
        top_documents: the number of documents in the table.

    Returns:
        The page: inline CSS and SVG, no scripts and a Content-Security-Policy
        that forbids them and every remote load; all record text is escaped.
    """
    t = summary.totals.iloc[0]
    heading = f"{title}: {int(t['documents'])} documents, {int(t['records'])} records"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body><h1>{_e(heading)}</h1>"
        + _totals_html(summary) + _speakers_html(summary, top_speakers)
        + _documents_html(summary, links or {}, top_documents) + _cues_html(summary, TOP_CUES)
        + "</body></html>"
    )


def document_links(doc_ids: Iterable[str], folder: str | Path, pattern: str = "{doc_id}.html") -> dict[str, str]:
    """Addresses of the per-document pages that exist beside a report.

    Args:
        doc_ids: the documents to look for.
        folder: the report's folder; ``pattern`` is relative to it.
        pattern: the page of one document, with ``{doc_id}`` in it (default
            ``{doc_id}.html``; ``sub/article`` looks for ``sub/article.html``).

    Returns:
        doc_id -> relative, URL-quoted address, for the pages that exist.

    Raises:
        InputError: the pattern has no ``{doc_id}`` or other braces.
    """
    if "{doc_id}" not in pattern:
        raise InputError(f"page pattern {pattern!r} must hold {{doc_id}}, as in '{{doc_id}}.html'")
    links = {}
    for doc_id in doc_ids:
        try:
            relative = pattern.format(doc_id=doc_id)
        except (KeyError, IndexError, ValueError):
            raise InputError(f"page pattern {pattern!r}: only {{doc_id}} may stand in braces") from None
        if (Path(folder) / relative).is_file():
            links[doc_id] = urllib.parse.quote(Path(relative).as_posix())
    return links
