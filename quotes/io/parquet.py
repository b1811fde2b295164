"""Parquet in and out, with pyarrow.

Records are written as a folder of part files, ``part-00000.parquet``,
``part-00001.parquet``, ..., one per partition of the input, so reading the
folder in name order gives input order. Each part is written to a hidden
temporary name and renamed into place, so a part file that exists is
complete: a resumed run skips the partitions whose part is there.

The columns are the record's fields (:func:`quotes.types.record_schema`):
text as UTF-8 strings, offsets as 64-bit integers (null where the record has
none), ``confidence`` as a double, and ``pieces`` as JSON text, as in CSV.
Documents are read from a Parquet file (or a folder of them) with an id
column and a text column.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from quotes.errors import InputError, MissingExtraError
from quotes.types import Quote, record_schema

PART_PREFIX = "part-"
SUFFIX = ".parquet"


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise MissingExtraError('Parquet needs pyarrow: pip install "quotes[parquet]" (or "quotes[dask]")') from exc
    return pyarrow


def arrow_schema() -> Any:
    """The Parquet schema of a record table.

    Returns:
        A ``pyarrow.Schema`` with one field per record field, in contract order.
    """
    pa = _pyarrow()
    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "json": pa.string()}
    return pa.schema([pa.field(name, types[kind], nullable=nullable) for name, (kind, nullable) in record_schema().items()])


def records_table(quotes: Iterable[Quote]) -> Any:
    """Records as a pyarrow Table with :func:`arrow_schema` (``pieces`` as JSON text)."""
    pa = _pyarrow()
    return pa.Table.from_pylist([q.to_row() for q in quotes], schema=arrow_schema())


def part_path(folder: Path, index: int) -> Path:
    """The file that holds partition ``index``'s records."""
    return folder / f"{PART_PREFIX}{index:05d}{SUFFIX}"


def written_parts(folder: Path) -> set[int]:
    """The partition numbers whose part file is already in the folder."""
    done = set()
    for path in folder.glob(f"{PART_PREFIX}*{SUFFIX}"):
        number = path.name[len(PART_PREFIX):-len(SUFFIX)]
        if number.isdigit():
            done.add(int(number))
    return done


def write_part(folder: Path, index: int, table: Any) -> Path:
    """Write one partition's records, all or nothing.

    Args:
        folder: the output folder (made when missing).
        index: the partition number, which names the file.
        table: a pyarrow Table with :func:`arrow_schema`.

    Returns:
        The path of the part file.
    """
    pq = _pyarrow().parquet
    folder.mkdir(parents=True, exist_ok=True)
    final = part_path(folder, index)
    temp = folder / f".{final.name}.tmp"  # hidden: Parquet readers skip it
    pq.write_table(table, temp)
    with temp.open("rb") as fh:  # on disk before its name says it is whole
        os.fsync(fh.fileno())
    os.replace(temp, final)
    return final


# ---------------------------------------------------------------------------
# documents in
# ---------------------------------------------------------------------------
def _files(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.rglob(f"*{SUFFIX}") if not any(part.startswith((".", "_")) for part in p.parts[len(path.parts):]))


def document_columns(path: Path, id_column: str | None, text_column: str) -> tuple[str, str]:
    """The id and text columns of a Parquet input, checked against its schema.

    Args:
        path: a Parquet file, or a folder of them.
        id_column: the id column (default ``id``, else ``doc_id``).
        text_column: the text column.

    Returns:
        (id column, text column).

    Raises:
        InputError: when a file cannot be read as Parquet or lacks a column
            (every file of a folder is checked, from its footer, before any
            document is read).
    """
    pq = _pyarrow().parquet
    files = _files(path)
    if not files:
        raise InputError(f"{path} holds no {SUFFIX} files")
    id_col = id_column
    for file in files:
        try:
            names = pq.read_schema(file).names
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise InputError(f"cannot read {file} as Parquet: {' '.join(str(exc).split())}") from None
        id_col = id_col or next((c for c in ("id", "doc_id") if c in names), None)
        where = path if file == path else file
        for wanted, flag in ((text_column, "--text-column"), (id_col, "--id-column")):
            if wanted is None or wanted not in names:
                raise InputError(f"{where} has no column {wanted or 'id'!r} (columns: {', '.join(names)}); "
                                 f"name it with {flag}")
    return id_col, text_column  # type: ignore[return-value]


def read_texts(path: Path, id_column: str | None, text_column: str) -> Iterator[tuple[str, Any]]:
    """(doc_id, text) for each row of a Parquet input, in file and row order.

    The text is as stored: a str, bytes for a binary column, or None; an id
    that is null comes out as ``FILE:ROW``.
    """
    pq = _pyarrow().parquet
    id_col, text_col = document_columns(path, id_column, text_column)
    for file in _files(path):
        row = 0
        for batch in pq.ParquetFile(file).iter_batches(columns=[id_col, text_col], batch_size=512):
            for doc_id, text in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist()):
                row += 1
                yield (f"{file}:{row}" if doc_id is None else str(doc_id)), text


def count_rows(path: Path) -> int:
    """How many documents a Parquet input holds (from the files' metadata)."""
    pq = _pyarrow().parquet
    total = 0
    for file in _files(path):
        try:
            total += pq.ParquetFile(file).metadata.num_rows
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read {file} as Parquet: {' '.join(str(exc).split())}") from None
    return total

