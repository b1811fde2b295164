"""Read documents from the inputs researchers have: text files, folders, JSONL, CSV/TSV.

Every reader yields :class:`InputDoc` items in input order. A document that is not
text (bad UTF-8, binary bytes) comes out with ``error`` set, so the caller can
report it by id and go on; a missing file or column raises :class:`InputError`.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from quotes.errors import InputError

TEXT_SUFFIXES = (".txt", ".txt.gz")
FORMATS = ("txt", "jsonl", "csv", "tsv", "parquet")
MAX_DOC_CHARS = 100_000_000  # --max-doc-chars: a longer document is a document error, never read whole
_DRAIN = 1 << 20  # characters read at a time while skipping the rest of an overlong line
# what a damaged .gz raises part way through: cut short (EOFError), bad header or data
_BROKEN_GZIP = (EOFError, gzip.BadGzipFile, zlib.error)


@dataclass(frozen=True, slots=True)
class InputDoc:
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


def too_long(limit: int) -> str:
    """The document error for a document over the size limit."""
    return f"longer than {limit:,} characters (--max-doc-chars); not read"


def _read_at_most(fh: IO[str], limit: int) -> str | None:
    """The rest of a text stream, or None when it holds more than limit characters (reading stops there)."""
    text = fh.read(limit + 1)
    return None if len(text) > limit else text


def _lines(fh: IO[str], limit: int) -> Iterator[str | None]:
    """The lines of a text stream, ending included; None for a line over limit characters.

    Never more than limit characters of one line are held: the rest of an
    overlong line is read a megabyte at a time and dropped.
    """
    while True:
        line = fh.readline(limit + 2)  # room for the limit and a CRLF
        if not line:
            return
        if len(line.rstrip("\r\n")) <= limit:
            yield line
            continue
        while line and line[-1] not in "\r\n":
            line = fh.readline(_DRAIN)
        yield None


class _TooLong(Exception):
    """A CSV record over the size limit (raised through csv.reader by :class:`_Feed`)."""


class _Feed:
    """Lines for csv.reader, at most limit characters per record (the caller calls next_record between rows)."""

    def __init__(self, fh: IO[str], limit: int) -> None:
        self.lines = _lines(fh, limit)
        self.limit = limit
        self.taken = 0

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        if line is not None:
            self.taken += len(line)
        if line is None or self.taken > self.limit + 2:
            self.taken = 0
            raise _TooLong
        return line

    def next_record(self) -> None:
        self.taken = 0


def _broken(source: object, exc: BaseException) -> InputError:
    """The one-line error for a damaged .gz file."""
    return InputError(f"{source} is damaged or cut short ({exc}); repair or re-download it")


def check_text(doc_id: str, text: str) -> InputDoc:
    """Wrap a decoded text, flagging one that is not valid UTF-8 or is binary."""
    if "\x00" in text:
        return InputDoc(doc_id, "", "binary data (NUL bytes), not text")
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        return InputDoc(doc_id, "", "not valid UTF-8 text (decode it or fix its encoding first)")
    return InputDoc(doc_id, text)


def to_doc(doc_id: str, value: object) -> InputDoc:
    """A document from a table cell: text, bytes (decoded as UTF-8), or the reason it is not text."""
    if isinstance(value, bytes):
        value = value.decode("utf-8-sig", errors="surrogateescape")
    if isinstance(value, str):
        return check_text(doc_id, value)
    if _is_null(value):
        return InputDoc(doc_id, "", "the text is missing (null)")
    return InputDoc(doc_id, "", f"the text is {type(value).__name__}, not a string")


def _is_null(value: object) -> bool:
    """None, a NaN, or pandas' NA (whose truth value raises TypeError)."""
    try:
        return value is None or bool(value != value)
    except TypeError:
        return True
    except ValueError:  # an array
        return False


def read_parquet(path: Path, id_column: str | None, text_column: str,
                 max_doc_chars: int = MAX_DOC_CHARS) -> Iterator[InputDoc]:
    """Rows of a Parquet file, or a folder of them, with an id and a text column (needs pyarrow).

    Parquet is read a row group at a time, so the size limit applies to each
    text once it is read.
    """
    from quotes.io.parquet import read_texts

    for doc_id, text in read_texts(path, id_column, text_column):
        if isinstance(text, (str, bytes)) and len(text) > max_doc_chars:
            yield InputDoc(str(doc_id), "", too_long(max_doc_chars))
            continue
        yield to_doc(doc_id, text)


def read_txt(path: Path, doc_id: str | None = None, max_doc_chars: int = MAX_DOC_CHARS) -> InputDoc:
    """One plain-text file as one document (doc_id = file name without extension).

    At most max_doc_chars characters are read; a longer file is a document error.
    """
    doc_id = doc_id or _stem(path)
    try:
        with io.TextIOWrapper(_open_bytes(path), encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
            text = _read_at_most(fh, max_doc_chars)
    except (OSError, *_BROKEN_GZIP) as exc:
        return InputDoc(doc_id, "", f"cannot read {path}: {exc}")
    if text is None:
        return InputDoc(doc_id, "", too_long(max_doc_chars))
    return check_text(doc_id, text)


def read_folder(folder: Path, max_doc_chars: int = MAX_DOC_CHARS) -> Iterator[InputDoc]:
    """Every .txt (and .txt.gz) file below a folder, sorted; nested ids keep their subfolder.

    A symbolic link that leads outside the folder is not followed: it comes
    out as a document error (reported, and the run goes on).
    """
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name.lower().endswith(TEXT_SUFFIXES))
    root = folder.resolve()
    for path in files:
        rel = path.relative_to(folder)
        doc_id = str(rel.parent / _stem(path)) if rel.parent != Path(".") else _stem(path)
        if root not in path.resolve().parents:
            yield InputDoc(doc_id, "", f"{path} is a symbolic link to a file outside {folder}; not followed")
            continue
        yield read_txt(path, doc_id, max_doc_chars)


def _unbroken(lines: Iterator[str | None], source: str) -> Iterator[str | None]:
    """The lines of a stream; a damaged .gz file under them is one :class:`InputError`."""
    try:
        yield from lines
    except _BROKEN_GZIP as exc:
        raise _broken(source, exc) from None


def read_jsonl(fh: IO[str], source: str, max_doc_chars: int = MAX_DOC_CHARS) -> Iterator[InputDoc]:
    """JSON Lines with ``id`` (or ``doc_id``) and ``text``; other fields are ignored.

    A line over max_doc_chars characters is a document error (never read whole).
    """
    for n, line in enumerate(_unbroken(_lines(fh, max_doc_chars), source), 1):
        if line is None:
            yield InputDoc(f"{source}:{n}", "", f"line {n} is {too_long(max_doc_chars)}")
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            yield InputDoc(f"{source}:{n}", "", f"line {n} is not JSON: {exc}")
            continue
        if not isinstance(row, dict):
            yield InputDoc(f"{source}:{n}", "", f"line {n} is not a JSON object")
            continue
        doc_id = row.get("id", row.get("doc_id"))
        for missing, absent in (("'text'", "text" not in row), ("'id' (or 'doc_id')", doc_id is None)):
            if absent:
                fields = ", ".join(sorted(row)) or "none"
                raise InputError(f"{source} line {n} has no {missing} field (fields: {fields})")
        text = row["text"]
        if not isinstance(text, str):
            yield InputDoc(str(doc_id), "", f"'text' is {type(text).__name__}, not a string")
            continue
        yield check_text(str(doc_id), text)


def read_table(fh: IO[str], source: str, *, delimiter: str, id_column: str | None, text_column: str,
               max_doc_chars: int = MAX_DOC_CHARS) -> Iterator[InputDoc]:
    """CSV or TSV with a header row; the id and text columns are named by the caller.

    A record (row) over max_doc_chars characters is a document error, never
    read whole: the rest of its line is skipped.
    """
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    feed = _Feed(fh, max_doc_chars)
    reader = csv.reader(feed, delimiter=delimiter)
    try:
        header = next(reader, None)
    except _TooLong:
        raise InputError(f"{source}: the header row is {too_long(max_doc_chars)}") from None
    except _BROKEN_GZIP as exc:
        raise _broken(source, exc) from None
    if header is None:
        return
    header = [h.strip() for h in header]
    id_col = id_column or next((c for c in ("id", "doc_id") if c in header), None)
    for wanted, flag in ((text_column, "--text-column"), (id_col, "--id-column")):
        if wanted is None or wanted not in header:
            name = wanted or "id"
            raise InputError(f"{source} has no column {name!r} (columns: {', '.join(header)}); name it with {flag}")
    ti, ii = header.index(text_column), header.index(id_col)  # type: ignore[arg-type]
    n = 1
    while True:
        n += 1
        feed.next_record()
        try:
            row = next(reader)
        except StopIteration:
            return
        except _TooLong:
            yield InputDoc(f"{source}:{n}", "", f"row {n} is {too_long(max_doc_chars)}")
            continue
        except _BROKEN_GZIP as exc:
            raise _broken(source, exc) from None
        if not row:
            continue
        if len(row) <= max(ti, ii):
            yield InputDoc(f"{source}:{n}", "", f"row {n} has {len(row)} fields, fewer than the header's {len(header)}")
            continue
        yield check_text(row[ii], row[ti])


def read_input(
    name: str, *, input_format: str | None = None, id_column: str | None = None, text_column: str = "text",
    stdin: IO[str] | None = None, max_doc_chars: int = MAX_DOC_CHARS,
) -> Iterator[InputDoc]:
    """Documents of one INPUT argument: a file, a folder or ``-`` for standard input.

    Args:
        name: the path, or ``-``.
        input_format: txt, jsonl, csv or tsv; by default taken from the file
            name (standard input defaults to txt).
        id_column: CSV/TSV column with the document id (default ``id`` or ``doc_id``).
        text_column: CSV/TSV column with the text.
        stdin: the stream to read for ``-`` (default ``sys.stdin``).
        max_doc_chars: the longest document read; a longer one (a file, a
            JSONL line, a CSV record) is a document error, and no more than
            this many characters of it are ever held.

    Returns:
        An iterator of :class:`InputDoc`.

    Raises:
        InputError: for a missing path, an unknown format or a missing column.
    """
    if input_format is not None and input_format not in FORMATS:
        raise InputError(f"unknown input format {input_format!r}; use one of {', '.join(FORMATS)}")
    if name == "-":
        if input_format == "parquet":
            raise InputError("Parquet cannot be read from standard input; name the file")
        stream = stdin or io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="surrogateescape", newline="")
        return _read_stream(stream, "stdin", input_format or "txt", id_column, text_column, max_doc_chars)
    path = Path(name)
    if path.is_dir() and input_format != "parquet":
        return read_folder(path, max_doc_chars)
    if not path.exists():
        raise InputError(f"input {name} does not exist")
    fmt = input_format or _suffix(path)
    if fmt not in FORMATS:
        raise InputError(f"cannot tell the format of {name}; use .txt, .jsonl, .csv, .tsv (optionally .gz) or .parquet, or --input-format")
    if fmt == "txt":
        return iter([read_txt(path, max_doc_chars=max_doc_chars)])
    if fmt == "parquet":
        return read_parquet(path, id_column, text_column, max_doc_chars)
    return _read_stream(_open_text(path), str(path), fmt, id_column, text_column, max_doc_chars)


def _read_stream(fh: IO[str], source: str, fmt: str, id_column: str | None, text_column: str,
                 max_doc_chars: int = MAX_DOC_CHARS) -> Iterator[InputDoc]:
    if fmt == "txt":
        doc_id = "stdin" if source == "stdin" else source
        try:
            text = _read_at_most(fh, max_doc_chars)
        except _BROKEN_GZIP as exc:
            raise _broken(source, exc) from None
        return iter([InputDoc(doc_id, "", too_long(max_doc_chars)) if text is None else check_text(doc_id, text)])
    if fmt == "jsonl":
        return read_jsonl(fh, source, max_doc_chars)
    return read_table(fh, source, delimiter="\t" if fmt == "tsv" else ",", id_column=id_column, text_column=text_column,
                      max_doc_chars=max_doc_chars)


def read_inputs(names: Sequence[str], **options: Any) -> Iterator[InputDoc]:
    """Documents of every INPUT argument in order (see :func:`read_input`)."""
    for name in names:
        yield from read_input(name, **options)


def count_documents(names: Sequence[str], **options: Any) -> int | None:
    """How many documents the inputs hold, for a progress bar; None when unknown (stdin).

    Lines are read as :func:`read_input` reads them (an overlong one never
    whole); a damaged .gz file is an :class:`InputError`.
    """
    limit = options.get("max_doc_chars") or MAX_DOC_CHARS
    if "-" in names:
        return None
    total = 0
    for name in names:
        path = Path(name)
        if (options.get("input_format") or _suffix(path)) == "parquet":
            from quotes.io.parquet import count_rows

            total += count_rows(path)
        elif path.is_dir():
            total += sum(1 for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(TEXT_SUFFIXES))
        elif (options.get("input_format") or _suffix(path)) == "txt":
            total += 1
        else:
            fmt = options.get("input_format") or _suffix(path)
            with _open_text(path) as fh:
                if fmt == "jsonl":
                    total += sum(1 for line in _unbroken(_lines(fh, limit), str(path)) if line is None or line.strip())
                else:
                    total += max(0, _count_records(fh, "\t" if fmt == "tsv" else ",", limit, str(path)) - 1)
    return total


def _count_records(fh: IO[str], delimiter: str, limit: int, source: str) -> int:
    """CSV records in a stream, header included, read as :func:`read_table` reads them."""
    feed = _Feed(fh, limit)
    reader = csv.reader(feed, delimiter=delimiter)
    count = 0
    while True:
        feed.next_record()
        try:
            next(reader)
        except StopIteration:
            return count
        except _TooLong:
            pass
        except _BROKEN_GZIP as exc:
            raise _broken(source, exc) from None
        count += 1
