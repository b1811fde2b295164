"""Read documents from the inputs researchers have: text files, folders, JSONL, CSV/TSV.

Every reader yields :class:`Doc` items in input order. A document that is not
text (bad UTF-8, binary bytes) comes out with ``error`` set, so the caller can
report it by id and go on; a missing file or column raises :class:`InputError`.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from quotes.errors import InputError

TEXT_SUFFIXES = (".txt", ".txt.gz")
FORMATS = ("txt", "jsonl", "csv", "tsv", "parquet")


@dataclass(frozen=True, slots=True)
class Doc:
    """One input document, or the reason it cannot be read."""

    doc_id: str
    text: str
    error: str | None = None


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return name[:-3].rsplit(".", 1)[-1] if name.endswith(".gz") else name.rsplit(".", 1)[-1]


def _stem(path: Path) -> str:
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    return name.rsplit(".", 1)[0] if "." in name else name


def _open_bytes(path: Path) -> IO[bytes]:
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return gzip.open(raw) if path.name.lower().endswith(".gz") else raw  # type: ignore[return-value]


def _open_text(path: Path) -> IO[str]:
    return io.TextIOWrapper(_open_bytes(path), encoding="utf-8-sig", errors="surrogateescape", newline="")


def check_text(doc_id: str, text: str) -> Doc:
    """Wrap a decoded text, flagging one that is not valid UTF-8 or is binary."""
    if "\x00" in text:
        return Doc(doc_id, "", "binary data (NUL bytes), not text")
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        return Doc(doc_id, "", "not valid UTF-8 text (decode it or fix its encoding first)")
    return Doc(doc_id, text)


def to_doc(doc_id: str, value: object) -> Doc:
    """A document from a table cell: text, bytes (decoded as UTF-8), or the reason it is not text."""
    if isinstance(value, bytes):
        value = value.decode("utf-8-sig", errors="surrogateescape")
    if isinstance(value, str):
        return check_text(doc_id, value)
    if _is_null(value):
        return Doc(doc_id, "", "the text is missing (null)")
    return Doc(doc_id, "", f"the text is {type(value).__name__}, not a string")


def _is_null(value: object) -> bool:
    """None, a NaN, or pandas' NA (whose truth value raises TypeError)."""
    try:
        return value is None or bool(value != value)
    except TypeError:
        return True
    except ValueError:  # an array
        return False


def read_parquet(path: Path, id_column: str | None, text_column: str) -> Iterator[Doc]:
    """Rows of a Parquet file, or a folder of them, with an id and a text column (needs pyarrow)."""
    from quotes.parquet import read_texts

    for doc_id, text in read_texts(path, id_column, text_column):
        yield to_doc(doc_id, text)


def read_txt(path: Path, doc_id: str | None = None) -> Doc:
    """One plain-text file as one document (doc_id = file name without extension)."""
    doc_id = doc_id or _stem(path)
    try:
        with _open_bytes(path) as fh:
            data = fh.read()
    except (OSError, EOFError) as exc:
        return Doc(doc_id, "", f"cannot read {path}: {exc}")
    return check_text(doc_id, data.decode("utf-8-sig", errors="surrogateescape"))


def read_folder(folder: Path) -> Iterator[Doc]:
    """Every .txt (and .txt.gz) file below a folder, sorted; nested ids keep their subfolder."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name.lower().endswith(TEXT_SUFFIXES))
    for path in files:
        rel = path.relative_to(folder)
        doc_id = str(rel.parent / _stem(path)) if rel.parent != Path(".") else _stem(path)
        yield read_txt(path, doc_id)


def read_jsonl(fh: IO[str], source: str) -> Iterator[Doc]:
    """JSON Lines with ``id`` (or ``doc_id``) and ``text``; other fields are ignored."""
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            yield Doc(f"{source}:{n}", "", f"line {n} is not JSON: {exc}")
            continue
        if not isinstance(row, dict):
            yield Doc(f"{source}:{n}", "", f"line {n} is not a JSON object")
            continue
        doc_id = row.get("id", row.get("doc_id"))
        for missing, absent in (("'text'", "text" not in row), ("'id' (or 'doc_id')", doc_id is None)):
            if absent:
                fields = ", ".join(sorted(row)) or "none"
                raise InputError(f"{source} line {n} has no {missing} field (fields: {fields})")
        text = row["text"]
        if not isinstance(text, str):
            yield Doc(str(doc_id), "", f"'text' is {type(text).__name__}, not a string")
            continue
        yield check_text(str(doc_id), text)


def read_table(fh: IO[str], source: str, *, delimiter: str, id_column: str | None, text_column: str) -> Iterator[Doc]:
    """CSV or TSV with a header row; the id and text columns are named by the caller."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(fh, delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        return
    header = [h.strip() for h in header]
    id_col = id_column or next((c for c in ("id", "doc_id") if c in header), None)
    for wanted, flag in ((text_column, "--text-column"), (id_col, "--id-column")):
        if wanted is None or wanted not in header:
            name = wanted or "id"
            raise InputError(f"{source} has no column {name!r} (columns: {', '.join(header)}); name it with {flag}")
    ti, ii = header.index(text_column), header.index(id_col)  # type: ignore[arg-type]
    for n, row in enumerate(reader, 2):
        if not row:
            continue
        if len(row) <= max(ti, ii):
            yield Doc(f"{source}:{n}", "", f"row {n} has {len(row)} fields, fewer than the header's {len(header)}")
            continue
        yield check_text(row[ii], row[ti])


def read_input(
    name: str, *, input_format: str | None = None, id_column: str | None = None, text_column: str = "text",
    stdin: IO[str] | None = None,
) -> Iterator[Doc]:
    """Documents of one INPUT argument: a file, a folder or ``-`` for standard input.

    Args:
        name: the path, or ``-``.
        input_format: txt, jsonl, csv or tsv; by default taken from the file
            name (standard input defaults to txt).
        id_column: CSV/TSV column with the document id (default ``id`` or ``doc_id``).
        text_column: CSV/TSV column with the text.
        stdin: the stream to read for ``-`` (default ``sys.stdin``).

    Returns:
        An iterator of :class:`Doc`.

    Raises:
        InputError: for a missing path, an unknown format or a missing column.
    """
    if input_format is not None and input_format not in FORMATS:
        raise InputError(f"unknown input format {input_format!r}; use one of {', '.join(FORMATS)}")
    if name == "-":
        if input_format == "parquet":
            raise InputError("Parquet cannot be read from standard input; name the file")
        stream = stdin or io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="surrogateescape", newline="")
        return _read_stream(stream, "stdin", input_format or "txt", id_column, text_column)
    path = Path(name)
    if path.is_dir() and input_format != "parquet":
        return read_folder(path)
    if not path.exists():
        raise InputError(f"input {name} does not exist")
    fmt = input_format or _suffix(path)
    if fmt not in FORMATS:
        raise InputError(f"cannot tell the format of {name}; use .txt, .jsonl, .csv, .tsv (optionally .gz) or .parquet, or --input-format")
    if fmt == "txt":
        return iter([read_txt(path)])
    if fmt == "parquet":
        return read_parquet(path, id_column, text_column)
    return _read_stream(_open_text(path), str(path), fmt, id_column, text_column)


def _read_stream(fh: IO[str], source: str, fmt: str, id_column: str | None, text_column: str) -> Iterator[Doc]:
    if fmt == "txt":
        return iter([check_text("stdin" if source == "stdin" else source, fh.read())])
    if fmt == "jsonl":
        return read_jsonl(fh, source)
    return read_table(fh, source, delimiter="\t" if fmt == "tsv" else ",", id_column=id_column, text_column=text_column)


def read_inputs(names: Sequence[str], **options: str | None) -> Iterator[Doc]:
    """Documents of every INPUT argument in order (see :func:`read_input`)."""
    for name in names:
        yield from read_input(name, **options)  # type: ignore[arg-type]


def count_documents(names: Sequence[str], **options: str | None) -> int | None:
    """How many documents the inputs hold, for a progress bar; None when unknown (stdin)."""
    if "-" in names:
        return None
    total = 0
    for name in names:
        path = Path(name)
        if (options.get("input_format") or _suffix(path)) == "parquet":
            from quotes.parquet import count_rows

            total += count_rows(path)
        elif path.is_dir():
            total += sum(1 for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(TEXT_SUFFIXES))
        elif (options.get("input_format") or _suffix(path)) == "txt":
            total += 1
        else:
            with _open_text(path) as fh:
                if (options.get("input_format") or _suffix(path)) == "jsonl":
                    total += sum(1 for line in fh if line.strip())
                else:
                    total += max(0, sum(1 for _ in csv.reader(fh)) - 1)
    return total
