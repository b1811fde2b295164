"""Reading quote records for the report: CSV, JSONL or Parquet, checked and normalised.

pandas is imported when a function runs; pyarrow only for Parquet.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from quotes.errors import InputError
from quotes.types import KINDS

REQUIRED_COLUMNS: tuple[str, ...] = ("doc_id", "speaker", "speaker_canonical", "cue", "kind")
OPTIONAL_COLUMNS: tuple[str, ...] = ("speaker_role", "cue_class", "speaker_type", "speaker_gender", "start")
"""Used when present: roles and cue classes, and what the people table (:func:`quotes.people`) needs."""


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
    return checked_frame(frame, str(path))


def _wanted(columns: Iterable[str]) -> list[str]:
    return [c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in set(columns)]


def _read_csv(path: Path) -> Any:
    import pandas as pd

    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                           usecols=lambda c: c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS))
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: empty file, not a CSV of quote records (no header)") from None
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:  # a .gz cut short or damaged
        raise InputError(f"{path}: damaged or cut short ({exc}); repair or re-download it") from None
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
    except (EOFError, zlib.error) as exc:  # a .gz cut short or damaged
        raise InputError(f"{path}: damaged or cut short ({exc}); repair or re-download it") from None
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
        for fragment in dataset.get_fragments():  # every file, not only the first, has the columns
            missing = [c for c in REQUIRED_COLUMNS if c not in fragment.physical_schema.names]
            if missing:
                raise InputError(f"{fragment.path}: not quote records: no {' or '.join(missing)} column "
                                 "(give the Parquet that quotes extract writes)")
        table = dataset.to_table(columns=_wanted(dataset.schema.names))
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        if isinstance(exc, InputError):
            raise
        reason = " ".join(str(exc).split())[:160]
        raise InputError(f"{path}: not Parquet quote records ({reason})") from None
    if not dataset.schema.names:
        raise InputError(f"{path}: no Parquet files there")
    return table.to_pandas()


def string_column(values: Iterable[Any], index: Any) -> Any:
    """An object column of str and None (empty strings and NaN become None)."""
    import pandas as pd

    column = [None if v is None or v == "" or (isinstance(v, float) and v != v) else str(v) for v in values]
    return pd.Series(column, index=index, dtype=object)


def checked_frame(frame: Any, where: str) -> Any:
    """Check the columns and kinds; make every value a str or None."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"{where}: not quote records: no {' or '.join(missing)} column "
                         "(give the CSV, JSONL or Parquet that quotes extract writes)")
    frame = frame[_wanted(frame.columns)].copy()
    for column in frame.columns:
        frame[column] = string_column(frame[column], frame.index)
    odd = sorted(set(frame["kind"]) - set(KINDS), key=str)
    if odd:
        raise InputError(f"{where}: not quote records: kind {odd[0]!r} is none of {', '.join(KINDS)}")
    if frame["doc_id"].isna().any():
        raise InputError(f"{where}: not quote records: a record has no doc_id")
    return frame
