"""The people table: who is quoted in each document, with type, gender and counts.

:func:`people` turns quote records into one row per document and canonical
speaker; :func:`write_people` writes that table as CSV, JSONL or Parquet
(``quotes people`` on the command line). pandas is imported when a function
runs, pyarrow only for Parquet.

Records carry the speaker's type and gender but not why the gender is known,
so ``gender_evidence`` is derived here: ``name`` when the first-name table
(:func:`given_gender`) gives the same gender for the name's first word,
``text`` when the gender is set but the table gives none or the other one
(so the text itself said it: an honorific, "the spokeswoman", "she"), and
null when the gender is null.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from quotes.errors import InputError
from quotes.types import KINDS, Quote

PEOPLE_COLUMNS: tuple[str, ...] = (
    "doc_id", "name", "type", "gender", "gender_evidence", "role",
    "quotes", "direct", "mixed", "indirect", "first_start",
)
"""The columns of :func:`people`'s table, in order."""

NEEDED_FIELDS: tuple[str, ...] = ("doc_id", "start", "speaker_canonical", "speaker_type", "speaker_gender", "kind")
"""The record fields :func:`people` needs; ``speaker_role`` is used when present."""

NEWER_FIELDS: tuple[str, ...] = ("speaker_type", "speaker_gender")
"""Fields that records files of older ``quotes extract`` runs lack."""

_TEXT_COLUMNS = ("doc_id", "name", "type", "gender", "gender_evidence", "role")
_COUNT_COLUMNS = ("quotes", "direct", "mixed", "indirect", "first_start")
OUTPUT_FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")


def given_gender(first_name: str) -> str | None:
    """The gender the first-name table gives a first name: "female", "male" or None."""
    from quotes.speakers import given_gender as table

    return table(first_name)


def people(records: Any) -> Any:
    """One row per document and canonical speaker: who is quoted, as what, how often.

    Args:
        records: Quote objects, record dicts (JSONL rows), or a pandas
            DataFrame of records (read from CSV or Parquet: NaN and empty
            strings count as null). Needs the fields of :data:`NEEDED_FIELDS`;
            ``speaker_role`` is used when present. Records without a
            ``speaker_canonical`` are left out.

    Returns:
        A ``pandas.DataFrame`` with the columns of :data:`PEOPLE_COLUMNS`:
        ``doc_id``; ``name`` (the ``speaker_canonical``); ``type``, ``gender``
        and ``role`` (the most common non-null value over the speaker's
        records, ties to the earliest); ``gender_evidence`` (``name``, ``text``
        or null, see the module docstring); ``quotes`` (records) and
        ``direct``, ``mixed``, ``indirect`` (records per kind);
        ``first_start`` (offset of the speaker's first record). Text columns
        hold str or None. Rows are sorted by ``doc_id``, then ``first_start``.

    Raises:
        InputError: a needed field is missing (the message names it and says
            which ``quotes extract`` writes it), or a ``start`` is no number.
        ImportError: pandas is not installed (``pip install 'quotes[report]'``).
    """
    pd = _pandas()
    frame = _as_frame(records, pd)
    check_people_fields(frame.columns, "records")
    if not len(frame):
        return empty_people()
    table = pd.DataFrame({
        "doc_id": _text(frame["doc_id"], pd),
        "name": _text(frame["speaker_canonical"], pd),
        "type": _text(frame["speaker_type"], pd),
        "gender": _text(frame["speaker_gender"], pd),
        "role": _text(frame["speaker_role"], pd) if "speaker_role" in frame.columns else None,
        "kind": _text(frame["kind"], pd),
        "start": _starts(frame["start"], pd),
    }, index=pd.RangeIndex(len(frame)))
    table = table[table["name"].notna() & table["doc_id"].notna()]
    if not len(table):
        return empty_people()
    table = table.sort_values(["doc_id", "start"], kind="stable")
    keys = ["doc_id", "name"]
    groups = table.groupby(keys, sort=False)
    out = groups["start"].min().rename("first_start").to_frame()
    counts = table.groupby([*keys, "kind"], sort=False).size().unstack(fill_value=0)
    for kind in KINDS:
        out[kind] = counts[kind] if kind in counts.columns else 0
    out["quotes"] = groups.size()
    for column in ("type", "gender", "role"):
        out[column] = _commonest(table, keys, column)
    out = out.reset_index()
    out["gender_evidence"] = _evidence(out["name"], out["gender"])
    out = out.sort_values(["doc_id", "first_start", "name"], kind="stable").reset_index(drop=True)
    return _typed(out[list(PEOPLE_COLUMNS)], pd)


def check_people_fields(columns: Iterable[str], where: str) -> None:
    """Raise :class:`InputError` naming the first field :func:`people` needs that ``columns`` lack."""
    have = set(columns)
    missing = [c for c in NEEDED_FIELDS if c not in have]
    if not missing:
        return
    from quotes import __version__

    if missing[0] in NEWER_FIELDS:
        raise InputError(f"{where}: no {missing[0]} column (records from an older quotes extract): "
                         f"quotes extract of quotes {__version__} writes it; rerun it on the documents")
    raise InputError(f"{where}: not quote records for the people table: no {missing[0]} column "
                     f"(give the CSV, JSONL or Parquet that quotes extract of quotes {__version__} writes)")


def empty_people() -> Any:
    """The people table with no rows (its columns and dtypes)."""
    pd = _pandas()
    return _typed(pd.DataFrame({c: [] for c in PEOPLE_COLUMNS}), pd)


def write_people(table: Any, out: str | Path | None, *, fmt: str | None = None, stream: IO[bytes] | None = None) -> str:
    """Write a people table as CSV, JSONL or Parquet.

    Args:
        table: from :func:`people`.
        out: the file to write; None (or ``-``) for ``stream``.
        fmt: ``csv``, ``jsonl`` or ``parquet``; default: from ``out``'s
            extension (``.csv``, ``.jsonl``, ``.parquet``), else csv.
        stream: where to write without ``out`` (default: standard output).

    Returns:
        The format written.

    Raises:
        InputError: an unknown format or extension, Parquet to a stream or
            without pyarrow, or the file cannot be written.
    """
    path = None if out is None or str(out) == "-" else Path(out)
    fmt = output_format(out, fmt)
    if fmt == "parquet":
        assert path is not None  # output_format refuses Parquet to a stream
        _write_parquet(table, path)
        return fmt
    data = _csv(table) if fmt == "csv" else _jsonl(table)
    if path is None:
        target = stream if stream is not None else sys.stdout.buffer
        target.write(data.encode("utf-8"))
        target.flush()
        return fmt
    try:
        path.write_bytes(data.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return fmt


def output_format(out: str | Path | None, fmt: str | None = None) -> str:
    """The format :func:`write_people` would write ``out`` in, or :class:`InputError` saying why it cannot."""
    path = None if out is None or str(out) == "-" else Path(out)
    fmt = fmt or (_format_of(path) if path is not None else "csv")
    if fmt not in OUTPUT_FORMATS:
        raise InputError(f"people table format {fmt!r}: give one of {', '.join(OUTPUT_FORMATS)}")
    if fmt == "parquet" and path is None:
        raise InputError("a Parquet people table needs -o FILE.parquet, not standard output")
    return fmt


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("the people table needs pandas: pip install 'quotes[report]'") from exc
    return pd


def _as_frame(records: Any, pd: Any) -> Any:
    if isinstance(records, pd.DataFrame):
        return records
    rows = [r.to_dict() if isinstance(r, Quote) else dict(r) for r in records]
    columns = list(dict.fromkeys(c for row in rows for c in row)) if rows else list(NEEDED_FIELDS)
    return pd.DataFrame(rows, columns=columns, dtype=object)


def _is_null(value: Any) -> bool:
    if value is None or (isinstance(value, float) and value != value):
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(values: Any, pd: Any) -> Any:
    """An object column of str and None: NaN, NA, None and empty strings become None."""
    return pd.Series([None if _is_null(v) else str(v) for v in values], dtype=object)


def _starts(values: Any, pd: Any) -> Any:
    numbers = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce")
    bad = numbers.isna() & ~pd.Series([_is_null(v) for v in values])
    if bad.any():
        raise InputError(f"records: start {list(values)[int(bad.to_numpy().argmax())]!r} is not a number")
    return numbers.fillna(-1).astype("int64")


def _commonest(table: Any, keys: list[str], column: str) -> Any:
    """Per speaker, the most common non-null value of a column (ties: the earliest); NaN where none."""
    known = table[table[column].notna()]
    if not len(known):
        return None
    counts = known.groupby([*keys, column], sort=False).size().rename("n").reset_index()
    best = counts.sort_values("n", ascending=False, kind="stable").drop_duplicates(keys)
    return best.set_index(keys)[column]


def _evidence(names: Any, genders: Any) -> list[str | None]:
    table: dict[str, str | None] = {}
    out: list[str | None] = []
    for name, gender in zip(names, genders):
        if _is_null(gender):
            out.append(None)
            continue
        first = str(name).split()[0] if str(name).split() else ""
        if first not in table:
            table[first] = given_gender(first) if first else None
        out.append("name" if table[first] == gender else "text")
    return out


def _typed(table: Any, pd: Any) -> Any:
    table = table.copy()
    for column in _TEXT_COLUMNS:
        table[column] = pd.Series([None if _is_null(v) else str(v) for v in table[column]], index=table.index,
                                  dtype=object)
    for column in _COUNT_COLUMNS:
        table[column] = table[column].astype("int64")
    return table


def _format_of(path: Path) -> str:
    name = path.name.lower()
    for fmt in OUTPUT_FORMATS:
        if name.endswith("." + fmt):
            return fmt
    raise InputError(f"{path}: write the people table as .csv, .jsonl or .parquet")


def _csv(table: Any) -> str:
    return str(table.to_csv(index=False, lineterminator="\r\n"))


def _jsonl(table: Any) -> str:
    rows = table.to_dict(orient="records")
    return "".join(json.dumps({k: (int(v) if k in _COUNT_COLUMNS else v) for k, v in row.items()},
                              ensure_ascii=False) + "\n" for row in rows)


def _write_parquet(table: Any, path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("writing Parquet needs pyarrow: pip install pyarrow") from None
    schema = pa.schema([(c, pa.int64() if c in _COUNT_COLUMNS else pa.string()) for c in PEOPLE_COLUMNS])
    try:
        pq.write_table(pa.Table.from_pandas(table, schema=schema, preserve_index=False), path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
