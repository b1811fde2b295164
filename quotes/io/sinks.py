"""Where records go: every output format behind one :class:`Sink` protocol.

A sink takes records a document at a time (:meth:`Sink.write`, the
command line's plain run) or a partition at a time (:meth:`Sink.write_part`,
partitioned runs in :mod:`quotes.io.partitions`). CSV and JSONL
(:class:`TableSink`) can be resumed after a crash: checkpoints and
``OUT.progress`` (see :mod:`quotes.runs`); Parquet (:class:`ParquetSink`)
resumes by the part files already written; HTML (:class:`HtmlSink`,
:class:`HtmlPagesSink`) is written whole and never resumed.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import IO, Any, Protocol

from quotes.errors import InputError, OutputError
from quotes.io import export
from quotes.types import Quote

Done = list[tuple[str, list[Quote]]]
"""One partition's records: (doc_id, records) for each document that ran, in input order."""


class Sink(Protocol):
    """Takes a run's records, in input order, and writes them out."""

    @property
    def parts_done(self) -> AbstractSet[int]:
        """Partitions an interrupted run already wrote (a partitioned run skips them); empty for most sinks."""

    def write(self, doc_id: str, text: str, quotes: Sequence[Quote]) -> None:
        """Write one document's records (``text`` is the document, for formats that show it)."""

    def checkpoint(self, pos: int, doc_id: str, *, force: bool = False) -> None:
        """The first ``pos`` input documents are done, the last one ``doc_id`` (what ``--resume`` starts after)."""

    def write_part(self, index: int, done: Done, pos: int, doc_id: str) -> None:
        """Write partition ``index``'s records in one piece; its last document is input ``pos``, ``doc_id``."""

    def finish(self) -> None:
        """The run is complete: nothing is left to resume."""

    def close(self) -> None:
        """Close the output (also after an error; an unfinished run keeps what ``--resume`` needs)."""


def _end_progress(sink: TableSink | ParquetSink, *, finished: bool) -> None:
    """Close a sink's progress file once: removed when the run finished, kept for ``--resume`` when not."""
    if sink.progress is not None:
        sink.progress.close(finished=finished)
        sink.progress = None


class _DocumentSink:
    """What a sink that writes a document at a time does by default: no checkpoints, partitions as documents."""

    parts_done: frozenset[int] = frozenset()

    def write(self, doc_id: str, text: str, quotes: Sequence[Quote]) -> None:
        raise NotImplementedError

    def checkpoint(self, pos: int, doc_id: str, *, force: bool = False) -> None:
        """Nothing to record: this output cannot be resumed."""

    def write_part(self, index: int, done: Done, pos: int, doc_id: str) -> None:
        """Write each document of the partition, then checkpoint the whole partition."""
        for done_id, quotes in done:
            self.write(done_id, "", quotes)
        self.checkpoint(pos, doc_id, force=True)

    def finish(self) -> None:
        """Nothing to finish."""


def table_header(fmt: str, excel: bool) -> bytes:
    """What a CSV or JSONL output starts with: the CSV header line (after a byte-order mark for --excel)."""
    return (("\ufeff" if excel else "") + export.csv_header()).encode("utf-8") if fmt == "csv" else b""


def stdout_failed(exc: OSError) -> OutputError:
    """The error for standard output that cannot be written (a full disk); later flushes go nowhere."""
    real = sys.__stdout__
    if real is not None and sys.stdout is real:  # not a test's capture: stop the exit-time flush failing again
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), real.fileno())
    return OutputError(f"cannot write to standard output: {exc.strerror or exc}")


class TableSink(_DocumentSink):
    """CSV or JSONL output that can be resumed after a crash (see :mod:`quotes.runs`).

    Each document's records are written in one piece and flushed; checkpoints
    (the output fsynced, then a line in ``OUT.progress``) say how many input
    documents are done. On ``--resume`` the output is cut back to the last
    checkpoint, so a kill mid-write never leaves a broken record. A run that
    finishes removes ``OUT.progress``.
    """

    def __init__(self, path: Path | None, *, fmt: str, excel: bool, resume: Any = None,
                 options: dict[str, Any] | None = None) -> None:
        from quotes import runs

        self.fmt, self.excel, self.path = fmt, excel, path
        self.progress: Any = None
        if path is None:
            self.out: IO[bytes] = sys.stdout.buffer
            self._write_bytes(table_header(fmt, excel))
            return
        resumed = resume is not None and resume.resumed
        try:
            if resumed:
                self.out = path.open("r+b")
                self.out.truncate(resume.offset)  # never longer: load_resume checked the size
                self.out.seek(resume.offset)
            else:
                self.out = path.open("wb")
                self._write_bytes(table_header(fmt, excel))
                os.fsync(self.out.fileno())
            self.progress = runs.ProgressFile(path, fmt, options or {}, append=resumed)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None

    def _write_bytes(self, data: bytes) -> None:
        try:
            self.out.write(data)
            self.out.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            if self.path is None:
                raise stdout_failed(exc) from None
            raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def write(self, doc_id: str, text: str, quotes: Sequence[Quote]) -> None:
        """Write one document's records in one piece."""
        rows = export.csv_rows(quotes, excel=self.excel) if self.fmt == "csv" else export.jsonl_rows(quotes)
        self._write_bytes(rows.encode("utf-8"))

    def checkpoint(self, pos: int, doc_id: str, *, force: bool = False) -> None:
        """Record that the first ``pos`` input documents are done (the last one is ``doc_id``)."""
        if self.progress is not None and pos:
            try:
                self.progress.checkpoint(self.out, pos, doc_id, force=force)
            except OSError as exc:
                raise OutputError(f"cannot write {self.progress.path}: {exc.strerror or exc}") from None

    def finish(self) -> None:
        """The run is complete: the output is synced and the progress file removed."""
        if self.progress is not None:
            os.fsync(self.out.fileno())
        _end_progress(self, finished=True)

    def close(self) -> None:
        """Close the files (an unfinished run keeps its progress file for --resume)."""
        _end_progress(self, finished=False)
        if self.out is not sys.stdout.buffer:
            self.out.close()


class HtmlSink(_DocumentSink):
    """Collects every document, then writes one page."""

    def __init__(self, path: Path | None, *, resume: bool) -> None:
        if resume:
            raise OutputError("--resume works with csv and jsonl output, not html")
        self.path = path
        self.done: set[str] = set()
        self.docs: list[tuple[str, str, Sequence[Quote]]] = []

    def write(self, doc_id: str, text: str, quotes: Sequence[Quote]) -> None:
        """Keep one document for the page."""
        self.docs.append((doc_id, text, quotes))

    def close(self) -> None:
        """Write the page."""
        page = export.render_html(self.docs)
        if self.path is None:
            sys.stdout.write(page)
        else:
            self.path.write_text(page, encoding="utf-8")


class HtmlPagesSink(_DocumentSink):
    """``--format html --per-document``: one page per document as it comes, then ``index.html``.

    Pages are named by :func:`quotes.io.export.page_name` (never the raw id); a
    repeated id gets ``-2``, ``-3`` ... before ``.html``.
    """

    def __init__(self, folder: Path) -> None:
        folder.mkdir(exist_ok=True)
        self.folder = folder
        self.entries: list[tuple[str, str, int]] = []
        self.names: set[str] = set()

    def write(self, doc_id: str, text: str, quotes: Sequence[Quote]) -> None:
        """Write one document's page."""
        name = export.page_name(doc_id)
        stem, n = name[:-len(".html")], 1
        while name in self.names:
            n += 1
            name = f"{stem}-{n}.html"
        self.names.add(name)
        (self.folder / name).write_text(export.render_document_page(doc_id, text, quotes), encoding="utf-8")
        self.entries.append((name, doc_id, len(quotes)))

    def close(self) -> None:
        """Write the index of the pages written."""
        (self.folder / "index.html").write_text(export.render_index(self.entries), encoding="utf-8")


class ParquetSink:
    """Records as a folder of Parquet part files, one per partition (see :mod:`quotes.io.parquet`).

    Args:
        folder: the output folder (``-o``).
        resume: continue a run into a folder that already holds part files.

    Raises:
        InputError: without a folder, when it is a file, or when it already
            holds part files and ``resume`` is off.
        MissingExtraError: when pyarrow is not installed.
    """

    def __init__(self, folder: Path | None, *, resume: bool) -> None:
        from quotes.io import parquet

        if folder is None:
            raise InputError("--format parquet writes a folder of part files: name it with -o FOLDER")
        if folder.exists() and not folder.is_dir():
            raise InputError(f"{folder} is a file; --format parquet writes a folder of part files")
        parquet.arrow_schema()  # fail now, before models load, when pyarrow is missing
        self.folder = folder
        self.progress: Any = None  # the run's quotes.runs.ProgressFile, set once the models are loaded
        self.parts_done: set[int] = parquet.written_parts(folder) if folder.is_dir() else set()
        if self.parts_done and not resume:
            raise InputError(f"{folder} already holds part files; add --resume to finish that run, or remove them")

    def write(self, doc_id: str, text: str, quotes: Sequence[Quote]) -> None:
        """Parquet is written a partition at a time (:meth:`write_part`), never a document at a time."""
        raise TypeError("ParquetSink writes whole partitions: use write_part (quotes.io.partitions.run)")

    def checkpoint(self, pos: int, doc_id: str, *, force: bool = False) -> None:
        """Nothing to record: a part file that exists is complete, and ``--resume`` skips its partition."""

    def write_part(self, index: int, done: Done, pos: int, doc_id: str) -> None:
        """Write one partition's records as its part file."""
        from quotes.io import parquet

        parquet.write_part(self.folder, index, parquet.records_table(q for _, quotes in done for q in quotes))

    def finish(self) -> None:
        """Every partition is written: the progress file goes (nothing is left to resume)."""
        _end_progress(self, finished=True)

    def close(self) -> None:
        """Close the progress file; an unfinished run keeps it for --resume."""
        _end_progress(self, finished=False)
